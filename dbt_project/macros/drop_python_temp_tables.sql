{#- dbt-duckdb 1.11 builds the new rows of an incremental Python model into a table named
    <model>__dbt_tmp<timestamp> in the main schema and leaves it there (it treats it as a temporary
    table, which it is not). Run as the model's post-hook: drops every such table of the model, this
    build's and any an earlier build left, so the warehouse holds no leftovers. -#}
{% macro drop_python_temp_tables(relation) -%}
    {%- if execute -%}
        {%- set prefix = relation.identifier ~ '__dbt_tmp' -%}
        {%- set found = run_query(
            "select table_schema, table_name from information_schema.tables where starts_with(table_name, '"
            ~ prefix ~ "')") -%}
        {%- for row in found.rows -%}
            drop table if exists {{ adapter.quote(row[0]) }}.{{ adapter.quote(row[1]) }};
        {% endfor -%}
    {%- endif -%}
    select 1
{%- endmacro %}
