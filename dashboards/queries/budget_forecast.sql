-- Unspent at the end of each budget's period if the run rate up to the end
-- of the range goes on, summed over the budgets in scope: allocated -
-- (committed + spent) x period days / elapsed days, truncated to the cent,
-- while the period runs on the range's last day; before the period starts
-- and after it ends, the unspent amount (docs/metrics.md: budget_utilisation,
-- forecast_unspent, read on the range's last day instead of today).
SELECT sum(forecast_unspent) AS `Forecast unspent`
FROM
(
    -- include: budgets_at_range_end.sql
)
