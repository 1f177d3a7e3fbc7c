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
        )
    )
GROUP BY `Learning form`
ORDER BY `Spent` DESC, `Learning form`
