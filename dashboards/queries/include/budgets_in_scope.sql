-- The budgets in scope of the dashboard's selectors: their period overlaps
-- the range, they are in the chosen currency and (when chosen) among the
-- chosen budgets, and they, or for an individual budget its person, belong
-- to a chosen org unit or one below it. Included by budgets_at_range_end.sql
-- and by the budget panels that need the scope without the ledger.

-- budgets in scope: in the chosen currency, their period overlapping the range
SELECT tenant, budget_id, budget_name, budget_type, org_unit, period_start, period_end, allocated
FROM
(
    SELECT tenant, budget_id, budget_name, period_start, period_end, allocated
    FROM budget_utilisation
    WHERE period_start <= toDate(toTimeZone($__toTime, 'UTC'))
        AND period_end >= toDate(toTimeZone($__fromTime, 'UTC'))
        AND currency = ${currency:singlequote}
        AND $__conditionalAll(budget_id IN (${budget:singlequote}), $budget)
) AS b
ALL INNER JOIN
(
    SELECT tenant, budget_id, budget_type, org_unit
    FROM budget_owners
    WHERE $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
) AS o USING (tenant, budget_id)
