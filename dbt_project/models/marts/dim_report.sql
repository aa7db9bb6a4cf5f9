-- 报告维度: one row per report version.
with counts as (
    select
        report_id,
        count(*) filter (where fact_kind = 'actual') as indicator_count,
        count(*) filter (where fact_kind = 'target') as target_count
    from {{ ref('stg_fact_mentions') }}
    group by report_id
),

sections as (
    select report_id, count(*) as section_count
    from {{ ref('stg_sections') }}
    group by report_id
)

select
    r.report_id,
    r.content_hash,
    r.source_file,
    r.source_encoding,
    r.source_size_bytes,
    r.ingested_at,
    r.region_name,
    {{ region_id('r.region_name') }} as region_id,
    r.admin_level,
    r.report_title,
    r.congress,
    r.congress_session,
    r.meeting_date,
    r.speaker,
    r.speaker_title,
    r.report_year,
    r.review_year,
    r.plan_year,
    r.review_5y_start,
    r.review_5y_end,
    r.plan_5y_start,
    r.plan_5y_end,
    r.paragraph_count,
    coalesce(s.section_count, 0) as section_count,
    coalesce(c.indicator_count, 0) as indicator_count,
    coalesce(c.target_count, 0) as target_count,
    r.extractor_version,
    r.warnings
from {{ ref('stg_reports') }} as r
left join sections as s using (report_id)
left join counts as c using (report_id)
