-- 地区维度: one row per reporting region, with the parts cpca cut its name into at extract time (extract.region).
with regions as (
    select
        region_name,
        -- the level the report states about itself wins over the one read from the name
        mode(admin_level) as admin_level,
        -- the parts are a function of the name: every report of a region carries the same
        any_value(parsed_level) as parsed_level,
        any_value(province_name) as province_name,
        any_value(city_name) as city_name,
        any_value(county_name) as county_name,
        any_value(town_name) as town_name,
        any_value(adcode) as adcode,
        count(*) as report_count,
        min(report_year) as first_report_year,
        max(report_year) as last_report_year
    from {{ ref('stg_reports') }}
    where region_name is not null
    group by region_name
),

parted as (
    select
        *,
        -- a name without recognised parts (the national level, 未知) is its own single part
        coalesce(
            nullif(list_filter([province_name, city_name, county_name, town_name], lambda p: p is not null), []),
            [region_name]
        ) as parts
    from regions
)

select
    {{ region_id('region_name') }} as region_id,
    region_name,
    array_to_string(parts, ' › ') as region_path,
    coalesce(admin_level, parsed_level) as admin_level,
    cast(len(parts) as integer) as path_depth,
    province_name,
    city_name,
    county_name,
    town_name,
    adcode,
    parts[-1] as local_name,
    nullif(array_to_string(parts[:-2], ''), '') as parent_region_name,
    case when len(parts) > 1 then {{ region_id("array_to_string(parts[:-2], '')") }} end as parent_region_id,
    cast(report_count as integer) as report_count,
    first_report_year,
    last_report_year
from parted
