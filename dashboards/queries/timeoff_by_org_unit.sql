-- Learning hours inside and outside working time and the cost of time off
-- work in the range per org unit of the learner when the session started
-- (each unit on its own; learners the directory does not know as
-- '(unknown learner)').
SELECT
    if(org_unit = '', '(unknown learner)', org_unit) AS `Org unit`,
    sum(minutes_work_time) / 60 AS `In working time`,
    sum(minutes_outside_work_time) / 60 AS `Outside working time`,
    sum(cost_work_time) AS `Cost of time off work`
FROM time_off_work
WHERE day >= toDate(toTimeZone($__fromTime, 'UTC'))
    AND day <= toDate(toTimeZone($__toTime, 'UTC'))
    AND $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
    AND $__conditionalAll(learning_form IN (${learning_form:singlequote}), $learning_form)
GROUP BY `Org unit`
ORDER BY `Org unit`
