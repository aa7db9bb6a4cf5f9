{#- 目标完成情况 (attainment): the one place that decides whether an actual meets a target.
    lower/upper are the target's bounds (upper = lower unless a range 3至5 was given), compare_on is
    'growth' (rates, in percentage points) or 'level' (in the target's unit). For approx (左右) and plain
    targets a tolerance applies: var('approx_tolerance_points') percentage points on growth rates,
    var('approx_tolerance_share') of the target on levels; beating the target in the good direction
    (higher_is_better) is always met. in_step (同步) and met (完成任务) cannot be checked from one number. -#}
{% macro approx_tolerance(compare_on, lower) -%}
    case when {{ compare_on }} = 'growth' then {{ var('approx_tolerance_points') }}
         else {{ var('approx_tolerance_share') }} * abs({{ lower }}) end
{%- endmacro %}

{% macro attainment_status(comparator, actual, lower, upper, compare_on, higher_is_better) -%}
    case
        when {{ actual }} is null then 'unknown'
        when {{ comparator }} in ('in_step', 'met') then 'unknown'
        when {{ lower }} is null and {{ comparator }} <> 'flat' then 'unknown'
        when {{ comparator }} = 'at_least' then case when {{ actual }} >= {{ lower }} then 'met' else 'missed' end
        when {{ comparator }} = 'at_most' then case when {{ actual }} <= {{ upper }} then 'met' else 'missed' end
        when {{ comparator }} = 'flat' then
            case when abs({{ actual }} - coalesce({{ lower }}, 0)) <= {{ approx_tolerance(compare_on, 1) }}
                 then 'met' else 'missed' end
        when {{ higher_is_better }} is true then
            case when {{ actual }} >= {{ lower }} - {{ approx_tolerance(compare_on, lower) }} then 'met' else 'missed' end
        when {{ higher_is_better }} is false then
            case when {{ actual }} <= {{ upper }} + {{ approx_tolerance(compare_on, lower) }} then 'met' else 'missed' end
        else
            case when {{ actual }} between {{ lower }} - {{ approx_tolerance(compare_on, lower) }}
                                       and {{ upper }} + {{ approx_tolerance(compare_on, lower) }}
                 then 'met' else 'missed' end
    end
{%- endmacro %}
