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
-- include: time_off_in_scope.sql
GROUP BY `Org unit`
ORDER BY `Org unit`
