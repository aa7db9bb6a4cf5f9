-- 指标维度: canonical metrics from the metrics seed, with their aliases.
with aliases as (
    select metric_code, string_agg(alias, '、' order by length(alias) desc, alias) as aliases,
           count(*) as alias_count
    from {{ ref('metric_aliases') }}
    group by metric_code
)

select
    m.metric_code,
    m.name_zh as metric_name_zh,
    m.name_en as metric_name_en,
    m.category,
    m.unit_family,
    cast(m.higher_is_better as boolean) as higher_is_better,
    coalesce(a.aliases, m.name_zh) as aliases,
    coalesce(a.alias_count, 0) as alias_count
from {{ ref('metrics') }} as m
left join aliases as a using (metric_code)
