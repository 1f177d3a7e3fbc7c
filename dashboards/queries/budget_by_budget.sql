-- Each budget in scope at the end of the range: allocated, committed,
-- spent, unspent, utilisation and the forecast unspent at the end of its
-- period (see budget_state.sql and budget_forecast.sql).
SELECT
    budget_name AS `Budget`,
    budget_id AS `Id`,
    budget_type AS `Type`,
    if(org_unit = '', '(unknown person)', org_unit) AS `Org unit`,
    period_start AS `Period start`,
    period_end AS `Period end`,
    allocated AS `Allocated`,
    committed AS `Committed`,
    spent AS `Spent`,
    unspent AS `Unspent`,
    utilisation AS `Utilisation`,
    forecast_unspent AS `Forecast unspent`
FROM
(
    -- include: budgets_at_range_end.sql
)
ORDER BY budget_name, budget_id
