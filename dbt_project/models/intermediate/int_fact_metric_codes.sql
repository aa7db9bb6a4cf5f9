-- 指标代码匹配 (metric codes by meaning): a metric name gets the code of the longest alias it ends with
-- (城镇居民人均可支配收入 wins over 居民人均可支配收入), when what stands before the alias only widens or dates it —
-- scope words of seeds/metric_scope_words.csv (全省, 城乡, 年均, 实现 …). A name with any other word before the alias
-- names a part of the metric (人均地区生产总值, 区本级固定资产投资, 对东盟进出口, 新三样出口) and gets no code: a code
-- names the whole metric of the region. Analysts extend seeds/metric_aliases.csv and metric_scope_words.csv.
with facts as (
    select fact_id, replace(metric_name, ' ', '') as metric_name
    from {{ ref('stg_fact_mentions') }}
),

aliases as (
    select replace(alias, ' ', '') as alias, metric_code
    from {{ ref('metric_aliases') }}
),

scope as (
    -- one regular expression: a prefix made of scope words only (longest words first)
    select '^(' || string_agg(word, '|' order by length(word) desc, word) || ')*$' as pattern
    from {{ ref('metric_scope_words') }}
),

candidates as (
    select
        facts.fact_id,
        aliases.metric_code,
        left(facts.metric_name, length(facts.metric_name) - length(aliases.alias)) as prefix,
        row_number() over (
            partition by facts.fact_id
            order by length(aliases.alias) desc, aliases.metric_code
        ) as rank_by_specificity
    from facts
    join aliases on ends_with(facts.metric_name, aliases.alias)
)

select fact_id, metric_code
from candidates, scope
where rank_by_specificity = 1
  and regexp_full_match(prefix, scope.pattern)
