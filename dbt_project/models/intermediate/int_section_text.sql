-- 章节类型文本: the cleaned text of each report cut by section type. Sections nest (a 五年回顾 inside
-- a 上年回顾), so every character belongs to the deepest section that covers it: no text is counted twice.
-- Incremental: a build cuts only the reports (report_id, extractor_version) the table does not hold; dbt's
-- delete+insert replaces a report's rows, a post-hook drops the rows of reports no longer current.
-- (a table of an earlier layout, without extractor_version, is cut again whole)
{%- set held = is_incremental()
    and 'extractor_version' in (adapter.get_columns_in_relation(this) | map(attribute='name') | list) %}
with reports as (
    select r.report_id, r.extractor_version, r.cleaned_text
    from {{ ref('stg_reports') }} as r
    {% if held %}
    where not exists (
        select 1 from {{ this }} as t
        where t.report_id = r.report_id and t.extractor_version is not distinct from r.extractor_version
    )
    {% endif %}
),

sections as (
    select s.report_id, s.section_type, s.heading_level, s.section_ordinal, s.char_start, s.char_end
    from {{ ref('stg_sections') }} as s
    join reports as r using (report_id)
    where s.char_end > s.char_start
),

bounds as (
    select report_id, char_start as pos from sections
    union
    select report_id, char_end as pos from sections
),

pieces as (
    select
        report_id,
        pos as piece_start,
        lead(pos) over (partition by report_id order by pos) as piece_end
    from bounds
),

owned as (
    select
        p.report_id,
        p.piece_start,
        p.piece_end,
        s.section_type
    from pieces as p
    join sections as s
        on s.report_id = p.report_id and s.char_start <= p.piece_start and s.char_end >= p.piece_end
    where p.piece_end is not null
    qualify row_number() over (
        partition by p.report_id, p.piece_start order by s.heading_level desc, s.section_ordinal desc
    ) = 1
),

cut as (
    -- the piece's text, cut here so that the window below carries pieces, not whole reports (a window keeps
    -- every column of its input: with the report's text in it, a full build held each report once per piece)
    select
        o.*,
        r.extractor_version,
        substr(r.cleaned_text, o.piece_start + 1, o.piece_end - o.piece_start) as piece_text
    from owned as o
    join reports as r using (report_id)
),

ordered as (
    select
        c.*,
        -- a new line between pieces that are not contiguous, so no term spans two passages
        case
            when lag(c.piece_end) over (partition by c.report_id, c.section_type order by c.piece_start)
                = c.piece_start then ''
            else chr(10)
        end as glue
    from cut as c
)

select
    report_id,
    section_type,
    ltrim(string_agg(glue || piece_text, '' order by piece_start), chr(10)) as section_text,
    cast(sum(piece_end - piece_start) as integer) as char_count,
    any_value(extractor_version) as extractor_version
from ordered
group by report_id, section_type
