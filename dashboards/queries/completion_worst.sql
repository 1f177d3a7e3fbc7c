-- The ten activities with the lowest completion rate among the enrolments
-- made in the range, counting only activities with at least as many
-- enrolments that were not cancelled as the Minimum enrolments selector
-- says (so that one early drop-out does not top the list); ties by more
-- enrolments, then by name.
SELECT
    if(max(activity_name) != '', max(activity_name), activity_id) AS `Activity`,
    count() - countIf(status = 'cancelled') AS `Enrolments (not cancelled)`,
    countIf(isNotNull(completed_at)) AS `Completed`,
    `Completed` / `Enrolments (not cancelled)` AS `Completion rate`
FROM enrolments
-- include: enrolments_in_scope.sql
GROUP BY activity_id
HAVING `Enrolments (not cancelled)` >= toUInt32OrZero(${min_enrolments:singlequote})
ORDER BY `Completion rate`, `Enrolments (not cancelled)` DESC, `Activity`, activity_id
LIMIT 10
