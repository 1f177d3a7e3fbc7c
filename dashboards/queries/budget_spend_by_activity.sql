-- The ten activities with the most spend booked in the range on the
-- budgets in scope (as in budget_spend_by_form.sql), with the activity's
-- name from its enrolments; expenses on their own.
SELECT
    if(activity_id = '', 'expenses', if(name != '', name, activity_id)) AS `Activity`,
    spent AS `Spent`
FROM
(
    SELECT tenant, activity_id, sum(amount) AS spent
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
    GROUP BY tenant, activity_id
) AS s
ANY LEFT JOIN
(
    SELECT tenant, activity_id, max(activity_name) AS name
    FROM enrolments
    GROUP BY tenant, activity_id
) AS n USING (tenant, activity_id)
ORDER BY spent DESC, `Activity`
LIMIT 10
