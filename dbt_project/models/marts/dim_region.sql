-- 地区维度: one row per reporting region, cut into its parts by cpca (int_region_parts).
with regions as (
    select
        region_name,
        -- the level the report states about itself wins over the one read from the name
        mode(admin_level) as admin_level,
        count(*) as report_count,
        min(report_year) as first_report_year,
        max(report_year) as last_report_year
    from {{ ref('stg_reports') }}
    where region_name is not null
    group by region_name
)

select
    {{ region_id('r.region_name') }} as region_id,
    r.region_name,
    p.region_path,
    coalesce(r.admin_level, p.parsed_level) as admin_level,
    cast(p.path_depth as integer) as path_depth,
    p.province_name,
    p.city_name,
    p.county_name,
    p.town_name,
    p.adcode,
    p.local_name,
    p.parent_region_name,
    case when p.parent_region_name is not null then {{ region_id('p.parent_region_name') }} end as parent_region_id,
    cast(r.report_count as integer) as report_count,
    r.first_report_year,
    r.last_report_year
from regions as r
join {{ ref('int_region_parts') }} as p using (region_name)
