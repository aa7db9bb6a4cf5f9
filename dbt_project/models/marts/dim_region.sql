-- 地区维度: one row per reporting region, with its parts and parent region.
with regions as (
    select
        region_name,
        any_value(region_path) as region_path,
        any_value(admin_level) as admin_level,
        count(*) as report_count,
        min(report_year) as first_report_year,
        max(report_year) as last_report_year
    from {{ ref('stg_reports') }}
    where region_name is not null
    group by region_name
),

parts as (
    select
        *,
        string_split(region_path, ' › ') as path_parts
    from regions
)

select
    md5(region_name) as region_id,
    region_name,
    region_path,
    admin_level,
    len(path_parts) as path_depth,
    path_parts[1] as top_level_region,
    case when len(path_parts) > 1 then array_to_string(path_parts[1:len(path_parts) - 1], '') end
        as parent_region_name,
    path_parts[len(path_parts)] as local_name,
    report_count,
    first_report_year,
    last_report_year
from parts
