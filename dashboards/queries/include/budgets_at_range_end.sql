-- Each budget in scope as it stood at the end of the dashboard's range, with
-- its ledger totals, utilisation and forecast unspent
-- (docs/metrics.md#budget-ledger). Included by the budget panels.

-- each budget in scope as it stood at the end of the range
SELECT
    budget_id, budget_name, budget_type, org_unit, period_start, period_end, allocated,
    CAST(l_committed AS Decimal(18, 2)) AS committed,
    CAST(l_spent AS Decimal(18, 2)) AS spent,
    allocated - committed - spent AS unspent,
    if(allocated = 0, 0, (toFloat64(committed) + toFloat64(spent)) / toFloat64(allocated)) AS utilisation,
    dateDiff('day', period_start, period_end) + 1 AS period_days,
    least(greatest(dateDiff('day', period_start, toDate(toTimeZone($__toTime, 'UTC'))) + 1, 0), period_days) AS elapsed_days,
    if(elapsed_days <= 0 OR elapsed_days >= period_days, unspent,
        allocated - (committed + spent) * toInt64(period_days) / toInt64(elapsed_days)) AS forecast_unspent
FROM
(
    -- include: budgets_in_scope.sql
) AS s
ANY LEFT JOIN
(
    -- the ledger up to the end of the range
    SELECT
        tenant, budget_id,
        sumIf(amount, kind IN ('commitment', 'release')) AS l_committed,
        sumIf(amount, kind = 'spend') AS l_spent
    FROM budget_ledger
    WHERE entry_time <= $__toTime
    GROUP BY tenant, budget_id
) AS l USING (tenant, budget_id)
