-- Cost of time off work in the range and in the period of the same length
-- just before it (two rows, previous first, each at its period's start):
-- working-time hours x hourly cost, rounded per learner and day
-- (time_off_work.cost_work_time; docs/metrics.md#time-off-work).
SELECT time, v AS `Cost of time off work`
FROM
(
    SELECT
        [toDateTime(toUInt32($__fromTime) - (toUInt32($__toTime) - toUInt32($__fromTime) + 1), 'UTC'), toDateTime(toUInt32($__fromTime), 'UTC')] AS times,
        [v1, v0] AS vs
    FROM
    (
        SELECT
            sumIf(cost_work_time, p = 1) AS v1, sumIf(cost_work_time, p = 0) AS v0
        FROM
        (
            SELECT if(day >= toDate(toTimeZone($__fromTime, 'UTC')), 0, 1) AS p, minutes_total, minutes_work_time, cost_work_time, learning_form
            FROM time_off_work
            WHERE day >= toDate(toTimeZone($__fromTime, 'UTC')) - (dateDiff('day', toDate(toTimeZone($__fromTime, 'UTC')), toDate(toTimeZone($__toTime, 'UTC'))) + 1)
                AND day <= toDate(toTimeZone($__toTime, 'UTC'))
                AND $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
        )
    )
)
ARRAY JOIN times AS time, vs AS v
ORDER BY time
