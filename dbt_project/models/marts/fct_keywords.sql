-- 关键词: per report and section type, jieba's TF-IDF and TextRank top terms (stg_section_keywords: computed with
-- their occurrences at extract time) and the policy terms of the policy_terms seed, each with its number of
-- occurrences in that section text.
with texts as (
    select t.*, r.region_name, r.admin_level, r.report_year
    from {{ ref('int_section_text') }} as t
    join {{ ref('stg_reports') }} as r using (report_id)
),

extracted as (
    select
        report_id,
        section_type,
        term_source,
        term_rank,
        term,
        weight,
        occurrences,
        cast(null as varchar) as policy_category
    from {{ ref('stg_section_keywords') }}
),

policy as (
    select
        t.report_id,
        t.section_type,
        'policy_term' as term_source,
        cast(null as integer) as term_rank,
        p.term,
        cast(null as double) as weight,
        -- non-overlapping matches, as the keyword rule counts them
        len(string_split(t.section_text, p.term)) - 1 as occurrences,
        p.category as policy_category
    from texts as t
    cross join {{ ref('policy_terms') }} as p
    where contains(t.section_text, p.term)
),

terms as (
    select * from extracted
    union all
    select * from policy
)

select
    {{ hash_id(['k.report_id', 'k.section_type', 'k.term_source', 'k.term']) }} as keyword_id,
    k.report_id,
    t.region_name,
    t.admin_level,
    t.report_year,
    k.section_type,
    k.term_source,
    cast(k.term_rank as integer) as term_rank,
    k.term,
    k.weight,
    cast(k.occurrences as integer) as occurrences,
    k.policy_category,
    t.char_count as section_char_count
from terms as k
join texts as t using (report_id, section_type)
