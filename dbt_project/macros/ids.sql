{#- 编号 (ids): the one rule for the marts' derived ids — an md5 of the parts that identify a row, joined by |. -#}
{% macro hash_id(parts) -%}
    md5(concat_ws('|', {{ parts | join(', ') }}))
{%- endmacro %}

{#- 地区编号 (region id): the md5 of a region's full name; dim_region's key and every mart's region_id. -#}
{% macro region_id(region_name) -%}
    md5({{ region_name }})
{%- endmacro %}
