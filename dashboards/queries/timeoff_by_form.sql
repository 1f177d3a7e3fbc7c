-- Learning hours inside and outside working time in the range per learning
-- form of the session's activity ('no learning form' when it has none).
SELECT
    if(learning_form = '', 'no learning form', learning_form) AS `Learning form`,
    sum(minutes_work_time) / 60 AS `In working time`,
    sum(minutes_outside_work_time) / 60 AS `Outside working time`
FROM time_off_work
WHERE day >= toDate(toTimeZone($__fromTime, 'UTC'))
    AND day <= toDate(toTimeZone($__toTime, 'UTC'))
    AND $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
    AND $__conditionalAll(learning_form IN (${learning_form:singlequote}), $learning_form)
GROUP BY `Learning form`
ORDER BY `Learning form`
