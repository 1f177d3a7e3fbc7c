-- Completion rate of the enrolments made in the range, and of those made in
-- the period of the same length just before it (two rows, previous first,
-- each at its period's start): completed / (enrolled - cancelled), 0 when
-- every enrolment is cancelled (docs/metrics.md: completion). A recent
-- period has had less time to complete.
SELECT time, rate AS `Completion rate`
FROM
(
    SELECT
        [toDateTime(toUInt32($__fromTime) - (toUInt32($__toTime) - toUInt32($__fromTime) + 1), 'UTC'), toDateTime(toUInt32($__fromTime), 'UTC')] AS times,
        [if(e1 > c1, done1 / (e1 - c1), 0), if(e0 > c0, done0 / (e0 - c0), 0)] AS rates
    FROM
    (
        SELECT
            countIf(p = 1) AS e1, countIf(p = 1 AND status = 'cancelled') AS c1, countIf(p = 1 AND isNotNull(completed_at)) AS done1,
            countIf(p = 0) AS e0, countIf(p = 0 AND status = 'cancelled') AS c0, countIf(p = 0 AND isNotNull(completed_at)) AS done0
        FROM
        (
            SELECT if(enrolled_at >= $__fromTime, 0, 1) AS p, status, completed_at
            FROM enrolments
            WHERE toUInt32(enrolled_at) >= toUInt32($__fromTime) - (toUInt32($__toTime) - toUInt32($__fromTime) + 1)
                AND enrolled_at <= $__toTime
                AND $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
        )
    )
)
ARRAY JOIN times AS time, rates AS rate
ORDER BY time
