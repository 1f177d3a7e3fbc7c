-- Learning hours in the range, inside working time (time off work) and
-- outside it: time_off_work's minutes on the learners' local days from the
-- range's first to its last UTC date, / 60 (docs/metrics.md#time-off-work).
SELECT
    sum(minutes_work_time) / 60 AS `In working time`,
    sum(minutes_outside_work_time) / 60 AS `Outside working time`
FROM time_off_work
-- include: time_off_in_scope.sql
