-- Learning hours per ISO week (Monday to Sunday of the learners' local
-- days), inside and outside working time. The first and last weeks count
-- only their days inside the range.
SELECT
    toDateTime(toMonday(day), 'UTC') AS time,
    sum(minutes_work_time) / 60 AS `In working time`,
    sum(minutes_outside_work_time) / 60 AS `Outside working time`
FROM time_off_work
-- include: time_off_in_scope.sql
GROUP BY time
ORDER BY time
