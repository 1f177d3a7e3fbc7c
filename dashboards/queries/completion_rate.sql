-- Completion rate of the enrolments made in the range: completed /
-- (enrolled - cancelled), 0 when every enrolment is cancelled
-- (docs/metrics.md: completion, completion_rate, over the range instead of a
-- month).
SELECT if(count() > countIf(status = 'cancelled'),
    countIf(isNotNull(completed_at)) / (count() - countIf(status = 'cancelled')), 0) AS `Completion rate`
FROM enrolments
-- include: enrolments_in_scope.sql
