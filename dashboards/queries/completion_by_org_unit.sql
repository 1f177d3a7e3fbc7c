-- The enrolments made in the range per org unit of the learner on the day
-- of enrolment (each unit on its own, not with the units below it; learners
-- the directory does not know as '(unknown learner)'): how many were
-- enrolled, started, completed, passed, failed, abandoned and cancelled,
-- the completion rate completed / (enrolled - cancelled) and the median
-- days from enrolment to completion, the mean of the middle two for an even
-- count (docs/metrics.md: completion).
SELECT
    label AS `Org unit`,
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
        org_unit AS key,
        if(org_unit = '', '(unknown learner)', org_unit) AS label,
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
ORDER BY `Org unit`
