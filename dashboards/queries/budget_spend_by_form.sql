-- Spend booked in the range by learning form (formal, workplace, social,
-- self-directed) on the budgets in scope: the ledger's spend entries
-- (docs/metrics.md#budget-ledger) with their time in the range, by the
-- learning form of the enrolled course; expenses, which have no course, on
-- their own. A spend is booked when an enrolment completes, passes or
-- fails, or when an expense is posted.
SELECT
    if(learning_form != '', learning_form, if(statement_id = '', 'expenses', 'no learning form')) AS `Learning form`,
    sum(amount) AS `Spent`
FROM budget_ledger
WHERE $__timeFilter(entry_time)
    AND kind = 'spend'
    AND $__conditionalAll(learning_form IN (${learning_form:singlequote}), $learning_form)
    AND $__conditionalAll(activity_id IN (${activity:singlequote}), $activity)
    AND (tenant, budget_id) IN
    (
        SELECT tenant, budget_id
        FROM
        (
            -- include: budgets_in_scope.sql
        )
    )
GROUP BY `Learning form`
ORDER BY `Spent` DESC, `Learning form`
