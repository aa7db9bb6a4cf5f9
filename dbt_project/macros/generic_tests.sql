{#- Generic tests written here because `dbt deps` cannot reach the package hub. (Ranges and rules over one row
    are CHECK constraints of the marts' contracts, see models/marts/_marts.yml.) -#}

{% test unique_combination(model, combination_of_columns) %}
select {{ combination_of_columns | join(', ') }}, count(*) as n
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}
