-- 目标面板 (target panel): one row per region and plan period — a year (the year's main targets) or a five-year
-- plan (its goals) — with a column group per headline metric of var('headline_metrics'): the target (low, high,
-- unit, measure, comparator and its words, sentence), the outcome reported later and the attainment status
-- (macros/attainment.sql, through fct_target_vs_actual). Where a report states two different targets for one
-- cell, the cell says so (conflict, candidates, the other sentences) instead of silently picking one; the value
-- shown is the first statement in the text.
{%- set metrics = var('headline_metrics') %}
with targets as (
    select
        t.*,
        case
            when t.section_type = 'plan_year' and t.period_start_year = t.period_end_year
                and t.period_end_year = t.report_year then 'year'
            when t.section_type = 'plan_5y' and t.period_end_year - t.period_start_year = 4 then 'five_year'
        end as horizon,
        case when t.change_value is not null then 'growth' when t.value is not null then 'level' else 'none' end
            as measure
    from {{ ref('fct_targets') }} as t
    where t.metric_code in ({% for m in metrics %}'{{ m }}'{{ "," if not loop.last }}{% endfor %})
),

cells as (
    select
        *,
        case measure when 'growth' then change_value when 'level' then value end as low,
        case when measure in ('level', 'growth') then value_max end as high,
        case measure when 'growth' then coalesce(change_unit, '%') when 'level' then unit end as cell_unit,
        row_number() over (
            partition by region_name, horizon, period_start_year, period_end_year, metric_code
            order by report_year desc, char_start, fact_id
        ) as position,
        count(distinct concat_ws('|', measure, case measure when 'growth' then change_value else value end,
                                 value_max, comparator)) over (
            partition by region_name, horizon, period_start_year, period_end_year, metric_code
        ) as candidates
    from targets
    where horizon is not null
),

others as (
    -- the sentences of the cell's other statements, when they say something else than the first
    select c.region_name, c.horizon, c.period_start_year, c.period_end_year, c.metric_code,
           string_agg(distinct o.sentence, ' ‖ ') as other_sentences
    from cells as c
    join cells as o
        on o.region_name = c.region_name and o.horizon = c.horizon and o.period_start_year = c.period_start_year
        and o.period_end_year = c.period_end_year and o.metric_code = c.metric_code and o.position > 1
        and o.sentence <> c.sentence
    where c.position = 1 and c.candidates > 1
    group by all
),

firsts as (
    select c.*, o.other_sentences, v.actual_value, v.status, v.actual_report_year
    from cells as c
    left join others as o using (region_name, horizon, period_start_year, period_end_year, metric_code)
    left join {{ ref('fct_target_vs_actual') }} as v on v.target_fact_id = c.fact_id
    where c.position = 1
),

panel as (
    select
        region_name,
        horizon,
        period_start_year,
        period_end_year,
        max(report_year) as report_year,
        {%- for m in metrics %}
        max(fact_id) filter (where metric_code = '{{ m }}') as {{ m }}_fact_id,
        max(low) filter (where metric_code = '{{ m }}') as {{ m }}_low,
        max(high) filter (where metric_code = '{{ m }}') as {{ m }}_high,
        max(cell_unit) filter (where metric_code = '{{ m }}') as {{ m }}_unit,
        max(measure) filter (where metric_code = '{{ m }}') as {{ m }}_measure,
        max(comparator) filter (where metric_code = '{{ m }}') as {{ m }}_comparator,
        max(comparator_text) filter (where metric_code = '{{ m }}') as {{ m }}_comparator_text,
        max(sentence) filter (where metric_code = '{{ m }}') as {{ m }}_sentence,
        coalesce(bool_or(candidates > 1) filter (where metric_code = '{{ m }}'), false) as {{ m }}_conflict,
        max(candidates) filter (where metric_code = '{{ m }}') as {{ m }}_candidates,
        max(other_sentences) filter (where metric_code = '{{ m }}') as {{ m }}_other_sentences,
        max(actual_value) filter (where metric_code = '{{ m }}') as {{ m }}_outcome,
        max(status) filter (where metric_code = '{{ m }}') as {{ m }}_status{{ "," if not loop.last }}
        {%- endfor %}
    from firsts
    group by region_name, horizon, period_start_year, period_end_year
)

select
    {{ hash_id(['p.region_name', 'p.horizon', 'p.period_start_year', 'p.period_end_year']) }} as panel_id,
    p.region_name,
    {{ region_id('p.region_name') }} as region_id,
    r.admin_level,
    r.adcode,
    r.province_name,
    p.horizon,
    p.period_start_year,
    p.period_end_year,
    cast(p.report_year as integer) as report_year,
    cast({% for m in metrics %}({{ m }}_fact_id is not null)::int{{ " + " if not loop.last }}{% endfor %} as integer)
        as filled_cells,
    cast({% for m in metrics %}{{ m }}_conflict::int{{ " + " if not loop.last }}{% endfor %} as integer)
        as conflict_cells,
    {%- for m in metrics %}
    p.{{ m }}_fact_id, p.{{ m }}_low, p.{{ m }}_high, p.{{ m }}_unit, p.{{ m }}_measure, p.{{ m }}_comparator,
    p.{{ m }}_comparator_text, p.{{ m }}_sentence, p.{{ m }}_conflict, cast(p.{{ m }}_candidates as integer)
        as {{ m }}_candidates,
    p.{{ m }}_other_sentences, p.{{ m }}_outcome, p.{{ m }}_status{{ "," if not loop.last }}
    {%- endfor %}
from panel as p
left join {{ ref('dim_region') }} as r using (region_name)
