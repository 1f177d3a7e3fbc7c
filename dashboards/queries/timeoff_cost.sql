-- Cost of time off work in the range: working-time hours x each learner's
-- hourly cost, rounded to the cent per learner and day, in the tenant's
-- currency (time_off_work.cost_work_time; docs/metrics.md#time-off-work).
SELECT sum(cost_work_time) AS `Cost of time off work`
FROM time_off_work
WHERE day >= toDate(toTimeZone($__fromTime, 'UTC'))
    AND day <= toDate(toTimeZone($__toTime, 'UTC'))
    AND $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
    AND $__conditionalAll(learning_form IN (${learning_form:singlequote}), $learning_form)
