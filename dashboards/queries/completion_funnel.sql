-- The funnel of the enrolments made in the range (enrolled_at in the
-- range; docs/metrics.md: enrolments): all of them, those started, those
-- completed (completed_at set: completed, passed, satisfied or waived
-- about the course) and those whose latest result is a pass. Enrolments
-- count by their learner's org unit on the day of enrolment; with a budget
-- chosen, only enrolments whose registration that budget committed to.
SELECT stage AS `Stage`, n AS `Enrolments`
FROM
(
    SELECT
        count() AS enrolled,
        countIf(isNotNull(started_at)) AS started,
        countIf(isNotNull(completed_at)) AS completed,
        countIf(ifNull(success, 2) = 1) AS passed
    FROM enrolments
    -- include: enrolments_in_scope.sql
)
ARRAY JOIN ['Enrolled', 'Started', 'Completed', 'Passed'] AS stage, [enrolled, started, completed, passed] AS n
