-- 期间维度: one row per calendar year that a report or a fact refers to, with its five-year plan (五年规划).
-- The plans run in five-year steps from the third plan (1966–1970) on; 十四五 = 2021–2025. Earlier years
-- (two plans from 1953 and the 1963–1965 adjustment) carry no plan.
with years as (
    select period_start_year as y from {{ ref('int_facts_enriched') }}
    union select period_end_year from {{ ref('int_facts_enriched') }}
    union select report_year from {{ ref('stg_reports') }}
),

span as (
    select min(y) as first_year, max(y) as last_year from years where y is not null
),

calendar as (
    select cast(unnest(generate_series(first_year, last_year)) as integer) as year from span
),

plans as (
    select year, case when year >= 1966 then cast((year - 1966) // 5 + 3 as integer) end as plan_number
    from calendar
)

select
    year,
    plan_number,
    ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六',
     '十七', '十八', '十九', '二十', '二十一', '二十二', '二十三', '二十四'][plan_number] || '五' as plan_name,
    cast(1966 + (plan_number - 3) * 5 as integer) as plan_start_year,
    cast(1966 + (plan_number - 3) * 5 + 4 as integer) as plan_end_year,
    cast(year - (1966 + (plan_number - 3) * 5) + 1 as integer) as plan_year_no
from plans
