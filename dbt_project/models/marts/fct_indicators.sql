-- 实际指标: what happened (reviews of the past year and of the five-year period). An actual stated against a
-- bound without a number (增速高于全国平均水平, 超额完成全年任务) keeps its comparator; a number's is empty.
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
    approx,
    comparator,
    comparator_text,
    is_estimated,
    sentence,
    char_start,
    char_end
from {{ ref('int_facts_enriched') }}
where fact_kind = 'actual'
