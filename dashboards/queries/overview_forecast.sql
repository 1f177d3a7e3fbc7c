-- Forecast unspent at the end of the budgets' periods, summed over the
-- budgets in the chosen currency and org units (as budget_forecast.sql),
-- as it stood at the end of the range and at the end of the period of the
-- same length just before it (two rows, previous first, each at its
-- period's start). For each period: the budgets whose period overlaps it,
-- their ledger up to its end, and the run rate up to its last day
-- (docs/metrics.md: budget_utilisation, forecast_unspent).
SELECT time, f AS `Forecast unspent`
FROM
(
    SELECT
        [toDateTime(toUInt32($__fromTime) - (toUInt32($__toTime) - toUInt32($__fromTime) + 1), 'UTC'), toDateTime(toUInt32($__fromTime), 'UTC')] AS times,
        [sumIf(f1, in1), sumIf(f0, in0)] AS fs
    FROM
    (
        SELECT
            in1, in0,
            if(e1 <= 0 OR e1 >= period_days, allocated - used1, allocated - used1 * toInt64(period_days) / toInt64(e1)) AS f1,
            if(e0 <= 0 OR e0 >= period_days, allocated - used0, allocated - used0 * toInt64(period_days) / toInt64(e0)) AS f0
        FROM
        (
            SELECT
                allocated,
                dateDiff('day', period_start, period_end) + 1 AS period_days,
                CAST(l_used1 AS Decimal(18, 2)) AS used1,
                CAST(l_used0 AS Decimal(18, 2)) AS used0,
                least(greatest(dateDiff('day', period_start, toDate(toTimeZone($__fromTime, 'UTC')) - 1) + 1, 0), period_days) AS e1,
                least(greatest(dateDiff('day', period_start, toDate(toTimeZone($__toTime, 'UTC'))) + 1, 0), period_days) AS e0,
                period_start <= toDate(toTimeZone($__fromTime, 'UTC')) - 1 AND period_end >= toDate(toTimeZone($__fromTime, 'UTC')) - (dateDiff('day', toDate(toTimeZone($__fromTime, 'UTC')), toDate(toTimeZone($__toTime, 'UTC'))) + 1) AS in1,
                period_start <= toDate(toTimeZone($__toTime, 'UTC')) AND period_end >= toDate(toTimeZone($__fromTime, 'UTC')) AS in0
            FROM
            (
                -- budgets in the currency and org units, their period overlapping either period
                SELECT tenant, budget_id, period_start, period_end, allocated
                FROM
                (
                    SELECT tenant, budget_id, period_start, period_end, allocated
                    FROM budget_utilisation
                    WHERE period_start <= toDate(toTimeZone($__toTime, 'UTC'))
                        AND period_end >= toDate(toTimeZone($__fromTime, 'UTC')) - (dateDiff('day', toDate(toTimeZone($__fromTime, 'UTC')), toDate(toTimeZone($__toTime, 'UTC'))) + 1)
                        AND currency = ${currency:singlequote}
                ) AS b
                ALL INNER JOIN
                (
                    SELECT tenant, budget_id
                    FROM budget_owners
                    WHERE $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
                ) AS o USING (tenant, budget_id)
            ) AS s
            ANY LEFT JOIN
            (
                -- the use (committed + spent) up to the end of each period
                SELECT
                    tenant, budget_id,
                    sumIf(amount, toUInt32(entry_time) <= toUInt32($__toTime) - (toUInt32($__toTime) - toUInt32($__fromTime) + 1)) AS l_used1,
                    sum(amount) AS l_used0
                FROM budget_ledger
                WHERE entry_time <= $__toTime
                    AND kind IN ('commitment', 'release', 'spend')
                GROUP BY tenant, budget_id
            ) AS l USING (tenant, budget_id)
        )
    )
)
ARRAY JOIN times AS time, fs AS f
ORDER BY time
