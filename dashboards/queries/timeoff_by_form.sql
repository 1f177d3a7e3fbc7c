-- Learning hours inside and outside working time in the range per learning
-- form of the session's activity ('no learning form' when it has none).
SELECT
    if(learning_form = '', 'no learning form', learning_form) AS `Learning form`,
    sum(minutes_work_time) / 60 AS `In working time`,
    sum(minutes_outside_work_time) / 60 AS `Outside working time`
FROM time_off_work
-- include: time_off_in_scope.sql
GROUP BY `Learning form`
ORDER BY `Learning form`
