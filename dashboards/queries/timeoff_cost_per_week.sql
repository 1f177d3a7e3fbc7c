-- Cost of time off work per ISO week (see timeoff_cost.sql and
-- timeoff_per_week.sql).
SELECT
    toDateTime(toMonday(day), 'UTC') AS time,
    sum(cost_work_time) AS `Cost of time off work`
FROM time_off_work
-- include: time_off_in_scope.sql
GROUP BY time
ORDER BY time
