-- Drop-off among the enrolments made in the range: abandoned (started,
-- then a cmi5 abandoned or silence longer than the tenant's
-- abandoned_after_days) and cancelled (unregistered before a result), by
-- status (docs/metrics.md: enrolments).
SELECT
    countIf(status = 'abandoned') AS `Abandoned`,
    countIf(status = 'cancelled') AS `Cancelled`
FROM enrolments
-- include: enrolments_in_scope.sql
