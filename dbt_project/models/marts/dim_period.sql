-- 期间维度: one row per calendar year that a report or a fact refers to, with its five-year plan (五年规划).
-- The plans are the seed five_year_plans, written by extract/periods.py (the one place of their arithmetic):
-- from the third plan (1966–1970) on; 十四五 = 2021–2025. Earlier years carry no plan.
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
    select * from {{ ref('five_year_plans') }}
)

select
    calendar.year,
    plans.plan_number,
    plans.plan_name,
    plans.plan_start_year,
    plans.plan_end_year,
    cast(calendar.year - plans.plan_start_year + 1 as integer) as plan_year_no
from calendar
left join plans on calendar.year between plans.plan_start_year and plans.plan_end_year
