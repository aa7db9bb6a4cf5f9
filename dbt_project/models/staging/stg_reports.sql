-- 报告 (reports): current versions only.
select
    report_id,
    content_hash,
    file_name as source_file,
    encoding as source_encoding,
    coalesce(source_format, 'txt') as source_format,
    cast(size_bytes as bigint) as source_size_bytes,
    ingested_at,
    cleaned_text,
    cast(paragraph_count as integer) as paragraph_count,
    extractor_version,
    warnings,
    region_name,
    region_path,
    admin_level,
    congress,
    session as congress_session,
    cast(meeting_date as date) as meeting_date,
    speaker,
    speaker_title,
    title as report_title,
    cast(report_year as integer) as report_year,
    cast(review_year as integer) as review_year,
    cast(plan_year as integer) as plan_year,
    cast(review_5y_start as integer) as review_5y_start,
    cast(review_5y_end as integer) as review_5y_end,
    cast(plan_5y_start as integer) as plan_5y_start,
    cast(plan_5y_end as integer) as plan_5y_end
from {{ source('raw', 'reports') }}
-- only the current version of each report: a file that changed supersedes its old content (history stays in raw)
where coalesce(is_current, true)
