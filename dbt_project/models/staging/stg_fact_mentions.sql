select
    fact_id,
    report_id,
    section_id,
    cast(mention_no as integer) as mention_no,
    kind as fact_kind,
    section_type,
    metric_name,
    cast(value as double) as value,
    cast(value_max as double) as value_max,
    unit,
    cast(value_base as double) as value_base,
    base_unit,
    cast(change_value as double) as change_value,
    change_unit,
    change_basis,
    approx,
    comparator,
    comparator_text,
    coalesce(cast(is_estimated as boolean), false) as is_estimated,
    cast(period_start_year as integer) as period_start_year,
    cast(period_end_year as integer) as period_end_year,
    sentence,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end
from {{ source('raw', 'fact_mentions') }}
-- rows of current report versions only: the rule is stg_reports' (one place)
where report_id in (select report_id from {{ ref('stg_reports') }})
