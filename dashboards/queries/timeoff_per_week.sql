-- Learning hours per ISO week (Monday to Sunday of the learners' local
-- days), inside and outside working time. The first and last weeks count
-- only their days inside the range.
SELECT
    toDateTime(toMonday(day), 'UTC') AS time,
    sum(minutes_work_time) / 60 AS `In working time`,
    sum(minutes_outside_work_time) / 60 AS `Outside working time`
FROM time_off_work
WHERE day >= toDate(toTimeZone($__fromTime, 'UTC'))
    AND day <= toDate(toTimeZone($__toTime, 'UTC'))
    AND $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
    AND $__conditionalAll(learning_form IN (${learning_form:singlequote}), $learning_form)
GROUP BY time
ORDER BY time
