-- The enrolments made in the range per activity (course): how many were
-- enrolled, started, completed, passed, failed, abandoned and cancelled,
-- the completion rate completed / (enrolled - cancelled) and the median
-- days from enrolment to completion, the mean of the middle two for an even
-- count (docs/metrics.md: completion).
SELECT
    label AS `Activity`,
    enrolled AS `Enrolled`,
    started AS `Started`,
    completed AS `Completed`,
    passed AS `Passed`,
    failed AS `Failed`,
    abandoned AS `Abandoned`,
    cancelled AS `Cancelled`,
    if(enrolled > cancelled, completed / (enrolled - cancelled), 0) AS `Completion rate`,
    if(length(days) = 0, NULL,
        toNullable(if(length(days) % 2 = 1, days[intDiv(length(days), 2) + 1],
            (days[intDiv(length(days), 2)] + days[intDiv(length(days), 2) + 1]) / 2))) AS `Median days to complete`
FROM
(
    SELECT
        activity_id AS key,
        if(max(activity_name) != '', max(activity_name), activity_id) AS label,
        count() AS enrolled,
        countIf(isNotNull(started_at)) AS started,
        countIf(isNotNull(completed_at)) AS completed,
        countIf(ifNull(success, 2) = 1) AS passed,
        countIf(ifNull(success, 2) = 0) AS failed,
        countIf(status = 'abandoned') AS abandoned,
        countIf(status = 'cancelled') AS cancelled,
        arraySort(groupArrayIf(dateDiff('second', enrolled_at, assumeNotNull(completed_at)) / 86400, isNotNull(completed_at))) AS days
    FROM enrolments
    -- include: enrolments_in_scope.sql
    GROUP BY key
)
ORDER BY `Enrolled` DESC, `Activity`, key
