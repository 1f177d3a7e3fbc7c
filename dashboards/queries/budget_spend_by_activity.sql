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
