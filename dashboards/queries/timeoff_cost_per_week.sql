-- Cost of time off work per ISO week (see timeoff_cost.sql and
-- timeoff_per_week.sql).
SELECT
    toDateTime(toMonday(day), 'UTC') AS time,
    sum(cost_work_time) AS `Cost of time off work`
FROM time_off_work
WHERE day >= toDate(toTimeZone($__fromTime, 'UTC'))
    AND day <= toDate(toTimeZone($__toTime, 'UTC'))
    AND $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
    AND $__conditionalAll(learning_form IN (${learning_form:singlequote}), $learning_form)
GROUP BY time
ORDER BY time
