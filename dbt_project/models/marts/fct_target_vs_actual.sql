-- 目标完成情况: every target against the actual for the same region, metric and period reported in a
-- later report (a 2021 target against the 2021 figure in the 2022 report). Growth targets compare growth
-- rates, level targets compare levels converted to the target's unit. Status rule: macros/attainment.sql.
with targets as (
    select
        t.*,
        coalesce(t.metric_code, t.metric_name) as metric_key,
        m.higher_is_better,
        case when t.change_value is not null or t.comparator = 'flat' then 'growth' else 'level' end as compare_on
    from {{ ref('fct_targets') }} as t
    left join {{ ref('dim_metric') }} as m using (metric_code)
),

actuals as (
    select *, coalesce(metric_code, metric_name) as metric_key
    from {{ ref('fct_indicators') }}
),

matched as (
    select
        t.fact_id as target_fact_id,
        a.fact_id as actual_fact_id,
        a.report_id as actual_report_id,
        a.report_year as actual_report_year,
        a.is_estimated as actual_is_estimated,
        case
            when t.compare_on = 'growth' then a.change_value
            -- the actual level in the target's unit (亿元, 万人 …): base units first, then the target's scale
            else a.value_base / nullif(t.value_base / nullif(t.value, 0), 0)
        end as actual_value
    from targets as t
    join actuals as a
        on a.region_name = t.region_name
        and a.metric_key = t.metric_key
        and a.period_start_year = t.period_start_year
        and a.period_end_year = t.period_end_year
        and a.report_year > t.report_year
        and (
            (t.compare_on = 'growth' and a.change_value is not null
                and a.change_unit = coalesce(t.change_unit, '%'))
            or (t.compare_on = 'level' and t.value_base is not null and a.value_base is not null
                and a.base_unit = t.base_unit)
        )
    -- the first later report; a final figure before an estimate; the first mention in that report
    qualify row_number() over (
        partition by t.fact_id order by a.report_year, a.is_estimated, a.char_start, a.fact_id
    ) = 1
),

compared as (
    select
        t.fact_id as target_fact_id,
        m.actual_fact_id,
        t.report_id as target_report_id,
        m.actual_report_id,
        t.region_name,
        {{ region_id('t.region_name') }} as region_id,
        t.admin_level,
        t.metric_code,
        t.metric_name,
        t.period_start_year as target_year_start,
        t.period_end_year as target_year,
        t.report_year as target_report_year,
        m.actual_report_year,
        t.section_type,
        t.compare_on,
        t.comparator,
        case when t.compare_on = 'growth' then coalesce(t.change_value, 0) else t.value end as target_value,
        -- a range's upper end: of the level, or of the growth when the target states only a growth (增长4.5%—5%)
        case when t.compare_on = 'level' or t.value is null then t.value_max end as target_value_max,
        case when t.compare_on = 'growth' then coalesce(t.change_unit, '%') else t.unit end as compare_unit,
        m.actual_value,
        m.actual_is_estimated,
        t.higher_is_better
    from targets as t
    left join matched as m on m.target_fact_id = t.fact_id
)

select
    target_fact_id,
    actual_fact_id,
    target_report_id,
    actual_report_id,
    region_name,
    region_id,
    admin_level,
    metric_code,
    metric_name,
    target_year_start,
    target_year,
    target_report_year,
    actual_report_year,
    section_type,
    compare_on,
    comparator,
    target_value,
    target_value_max,
    compare_unit,
    round(actual_value, 6) as actual_value,
    round(actual_value - target_value, 6) as gap,
    {{ attainment_status('comparator', 'actual_value', 'target_value', 'coalesce(target_value_max, target_value)',
                         'compare_on', 'higher_is_better') }} as status,
    actual_is_estimated
from compared
