-- Team budgets against individual learning budgets at the end of the
-- range: committed, spent and unspent over the budgets in scope of each
-- type.
SELECT
    budget_type AS `Type`,
    sum(committed) AS `Committed`,
    sum(spent) AS `Spent`,
    sum(unspent) AS `Unspent`
FROM
(
    -- include: budgets_at_range_end.sql
)
GROUP BY `Type`
ORDER BY `Type`
