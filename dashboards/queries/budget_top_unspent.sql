-- The ten budgets in scope with the most left unspent at the end of the
-- range (ties by name).
SELECT
    budget_name AS `Budget`,
    unspent AS `Unspent`
FROM
(
    -- include: budgets_at_range_end.sql
)
ORDER BY unspent DESC, budget_name, budget_id
LIMIT 10
