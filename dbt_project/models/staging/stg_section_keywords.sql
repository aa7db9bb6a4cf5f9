-- 章节关键词: the top terms of each report's text of one section type, computed at extract time by jieba.analyse
-- (extract/keywords.py), renamed and cast; rows of current report versions only (the rule is stg_reports')
select
    report_id,
    section_type,
    method as term_source,
    cast(term_rank as integer) as term_rank,
    term,
    cast(weight as double) as weight,
    cast(occurrences as integer) as occurrences
from {{ source('raw', 'section_keywords') }}
where report_id in (select report_id from {{ ref('stg_reports') }})
