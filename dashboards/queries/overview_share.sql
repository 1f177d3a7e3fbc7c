-- Formal and workplace learning as shares of all learning hours, in the
-- range and in the period of the same length just before it (two rows,
-- previous first, each at its period's start): minutes of sessions whose
-- activity's learning form is formal (workplace) / all learning minutes,
-- 0 without learning (time_off_work; docs/metrics.md#time-off-work).
SELECT time, f AS `Formal`, w AS `Workplace`
FROM
(
    SELECT
        [toDateTime(toUInt32($__fromTime) - (toUInt32($__toTime) - toUInt32($__fromTime) + 1), 'UTC'), toDateTime(toUInt32($__fromTime), 'UTC')] AS times,
        [if(t1 = 0, 0, f1 / t1), if(t0 = 0, 0, f0 / t0)] AS fs,
        [if(t1 = 0, 0, w1 / t1), if(t0 = 0, 0, w0 / t0)] AS ws
    FROM
    (
        SELECT
            sumIf(minutes_total, p = 1) AS t1, sumIf(minutes_total, p = 0) AS t0,
            sumIf(minutes_total, p = 1 AND learning_form = 'formal') AS f1, sumIf(minutes_total, p = 0 AND learning_form = 'formal') AS f0,
            sumIf(minutes_total, p = 1 AND learning_form = 'workplace') AS w1, sumIf(minutes_total, p = 0 AND learning_form = 'workplace') AS w0
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
ARRAY JOIN times AS time, fs AS f, ws AS w
ORDER BY time
