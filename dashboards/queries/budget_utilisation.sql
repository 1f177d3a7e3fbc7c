-- Utilisation of the budgets in scope at the end of the range:
-- (committed + spent) / allocated over all of them, 0 when nothing is
-- allocated (docs/metrics.md: budget_utilisation).
SELECT if(sum(allocated) = 0, 0, (toFloat64(sum(committed)) + toFloat64(sum(spent))) / toFloat64(sum(allocated))) AS `Utilisation`
FROM
(
    -- include: budgets_at_range_end.sql
)
