-- 事实明细: every fact mention with its report context and metric code.
select
    f.fact_id,
    f.report_id,
    r.source_file,
    r.region_name,
    r.admin_level,
    r.report_year,
    f.fact_kind,
    f.section_id,
    f.section_type,
    f.metric_name,
    c.metric_code,
    f.period_start_year,
    f.period_end_year,
    f.value,
    f.value_max,
    f.unit,
    f.value_base,
    f.base_unit,
    f.change_value,
    f.change_unit,
    f.change_basis,
    f.approx,
    f.is_estimated,
    f.comparator,
    f.comparator_text,
    f.sentence,
    f.char_start,
    f.char_end
from {{ ref('stg_fact_mentions') }} as f
join {{ ref('stg_reports') }} as r using (report_id)
left join {{ ref('int_fact_metric_codes') }} as c using (fact_id)
