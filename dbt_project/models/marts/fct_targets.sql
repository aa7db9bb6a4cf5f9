-- 目标: what is planned (this year's targets, five-year goals, task goals).
select
    fact_id,
    report_id,
    source_file,
    region_name,
    admin_level,
    report_year,
    section_type,
    metric_name,
    metric_code,
    period_start_year,
    period_end_year,
    value,
    value_max,
    unit,
    value_base,
    base_unit,
    change_value,
    change_unit,
    change_basis,
    -- a plain number is exact; a target without a number keeps its own (null: a direction only, 合理回升)
    case when value is null and change_value is null then comparator else coalesce(comparator, 'exact') end
        as comparator,
    comparator_text,
    sentence,
    char_start,
    char_end
from {{ ref('int_facts_enriched') }}
where fact_kind = 'target'
