-- Median days from enrolment to completion of the enrolments made in the
-- range that completed: (completed_at - enrolled_at) in days, the mean of
-- the middle two for an even count, NULL without completions
-- (docs/metrics.md: completion, median_days_to_complete).
SELECT if(length(days) = 0, NULL,
        toNullable(if(length(days) % 2 = 1, days[intDiv(length(days), 2) + 1],
            (days[intDiv(length(days), 2)] + days[intDiv(length(days), 2) + 1]) / 2))) AS `Median days to complete`
FROM
(
    SELECT arraySort(groupArrayIf(dateDiff('second', enrolled_at, assumeNotNull(completed_at)) / 86400, isNotNull(completed_at))) AS days
    FROM enrolments
    -- include: enrolments_in_scope.sql
)
