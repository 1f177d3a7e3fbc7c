-- Burn-up: for every day of the range (UTC dates), the budget use of the
-- budgets in scope booked by the end of that day (committed + spent: the
-- running total of their ledger's commitments, releases and spend since
-- the start, entries before the range counted on its first day), against
-- the plan: each budget's allocation spread evenly over its period,
-- allocated x days elapsed / period days (0 before the period, all of it
-- after). Running totals with arrayCumSum; no window functions.
SELECT
    toDateTime(day, 'UTC') AS time,
    toFloat64(used_cents) / 100 AS `Used (committed + spent)`,
    plan AS `Plan (straight line)`
FROM
(
    SELECT
        arrayMap(x -> x.1, points) AS days,
        arrayCumSum(arrayMap(x -> x.2, points)) AS used,
        arrayMap(x -> x.3, points) AS plans
    FROM
    (
        SELECT arraySort(groupArray((day, used_cents, plan))) AS points
        FROM
        (
            SELECT day, sum(used_cents) AS used_cents, sum(plan) AS plan
            FROM
            (
                -- the plan, one row per budget and day of the range
                SELECT
                    day,
                    toInt64(0) AS used_cents,
                    toFloat64(allocated) * least(greatest(dateDiff('day', period_start, day) + 1, 0), period_days) / period_days AS plan
                FROM
                (
                    SELECT allocated, period_start, dateDiff('day', period_start, period_end) + 1 AS period_days
                    FROM
                    (
                        -- include: budgets_in_scope.sql
                    )
                )
                ARRAY JOIN arrayMap(i -> toDate(toTimeZone($__fromTime, 'UTC')) + i,
                    range(toUInt32(dateDiff('day', toDate(toTimeZone($__fromTime, 'UTC')), toDate(toTimeZone($__toTime, 'UTC'))) + 1))) AS day

                UNION ALL

                -- the use: ledger entries up to the end of the range, in cents
                SELECT
                    greatest(toDate(entry_time), toDate(toTimeZone($__fromTime, 'UTC'))) AS day,
                    toInt64(amount * 100) AS used_cents,
                    toFloat64(0) AS plan
                FROM budget_ledger
                WHERE entry_time <= $__toTime
                    AND kind IN ('commitment', 'release', 'spend')
                    AND (tenant, budget_id) IN
                    (
                        SELECT tenant, budget_id
                        FROM
                        (
                            -- include: budgets_in_scope.sql
                        )
                    )
            )
            GROUP BY day
        )
    )
)
ARRAY JOIN days AS day, used AS used_cents, plans AS plan
ORDER BY time
