-- Committed, spent and unspent per org unit at the end of the range: the
-- budgets in scope added up by the org unit they belong to (a team
-- budget's own, an individual budget's person's), each unit on its own
-- (a unit's row does not include the units below it).
SELECT
    if(org_unit = '', '(unknown person)', org_unit) AS `Org unit`,
    sum(committed) AS `Committed`,
    sum(spent) AS `Spent`,
    sum(unspent) AS `Unspent`
FROM
(
    -- include: budgets_at_range_end.sql
)
GROUP BY `Org unit`
ORDER BY `Org unit`
