-- Allocated, committed, spent and unspent over the budgets in scope, as
-- they stood at the end of the range (docs/metrics.md#budget-ledger):
-- allocated is each budget's latest amount; committed, spent and unspent
-- add up the ledger entries booked up to the end of the range. A budget is
-- in scope when its period overlaps the range, it is in the chosen
-- currency, and it (or, for an individual budget, its person) belongs to a
-- chosen org unit or one below it.
SELECT
    sum(allocated) AS `Allocated`,
    sum(committed) AS `Committed`,
    sum(spent) AS `Spent`,
    sum(unspent) AS `Unspent`
FROM
(
    -- include: budgets_at_range_end.sql
)
