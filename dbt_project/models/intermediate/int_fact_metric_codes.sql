-- 指标代码匹配: the longest alias that the metric name ends with gives the metric code
-- (城镇居民人均可支配收入 wins over 居民人均可支配收入). Analysts extend seeds/metric_aliases.csv.
with facts as (
    select fact_id, replace(metric_name, ' ', '') as metric_name
    from {{ ref('stg_fact_mentions') }}
),

aliases as (
    select replace(alias, ' ', '') as alias, metric_code
    from {{ ref('metric_aliases') }}
),

candidates as (
    select
        facts.fact_id,
        aliases.metric_code,
        row_number() over (
            partition by facts.fact_id
            order by length(aliases.alias) desc, aliases.metric_code
        ) as rank_by_specificity
    from facts
    join aliases on ends_with(facts.metric_name, aliases.alias)
)

select fact_id, metric_code
from candidates
where rank_by_specificity = 1
