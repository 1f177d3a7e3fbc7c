-- Share of the learning time in the range that falls inside working time:
-- minutes in working time / all learning minutes, 0 without learning.
SELECT if(sum(minutes_total) = 0, 0, sum(minutes_work_time) / sum(minutes_total)) AS `In working time`
FROM time_off_work
WHERE day >= toDate(toTimeZone($__fromTime, 'UTC'))
    AND day <= toDate(toTimeZone($__toTime, 'UTC'))
    AND $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
    AND $__conditionalAll(learning_form IN (${learning_form:singlequote}), $learning_form)
