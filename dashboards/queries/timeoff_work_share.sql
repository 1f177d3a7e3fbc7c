-- Share of the learning time in the range that falls inside working time:
-- minutes in working time / all learning minutes, 0 without learning.
SELECT if(sum(minutes_total) = 0, 0, sum(minutes_work_time) / sum(minutes_total)) AS `In working time`
FROM time_off_work
-- include: time_off_in_scope.sql
