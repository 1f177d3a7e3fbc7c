-- Budgets whose period overlaps the range, of the chosen org units or
-- below them (a team budget by its org unit, an individual budget by its
-- person's): the budget id as value, its name as text.
SELECT budget_id, budget_name
FROM
(
    SELECT tenant, budget_id, budget_name
    FROM budget_utilisation
    WHERE period_start <= toDate(toTimeZone($__toTime, 'UTC'))
        AND period_end >= toDate(toTimeZone($__fromTime, 'UTC'))
) AS b
ALL INNER JOIN
(
    SELECT tenant, budget_id
    FROM budget_owners
    WHERE $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
) AS o USING (tenant, budget_id)
ORDER BY budget_name, budget_id
