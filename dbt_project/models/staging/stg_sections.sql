select
    section_id,
    report_id,
    parent_id as parent_section_id,
    cast(level as integer) as heading_level,
    cast(ordinal as integer) as section_ordinal,
    heading,
    section_type,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end
from {{ source('raw', 'sections') }}
-- rows of current report versions only: the rule is stg_reports' (one place)
where report_id in (select report_id from {{ ref('stg_reports') }})
