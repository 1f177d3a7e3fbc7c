-- Cost of time off work in the range: working-time hours x each learner's
-- hourly cost, rounded to the cent per learner and day, in the tenant's
-- currency (time_off_work.cost_work_time; docs/metrics.md#time-off-work).
SELECT sum(cost_work_time) AS `Cost of time off work`
FROM time_off_work
-- include: time_off_in_scope.sql
