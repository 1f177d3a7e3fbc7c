-- data_quality (contract): what the metrics could not place, per tenant
-- and issue, with how many and one example (the smallest id, so that the
-- example is stable). Nothing is dropped silently: every statement, cost,
-- expense and session the other views leave out for a reason is counted
-- here (docs/metrics.md lists the issues).
CREATE VIEW IF NOT EXISTS data_quality AS
SELECT tenant, issue, count() AS count, min(example) AS example_statement_id
FROM
(
    -- statements whose actor is not in the directory
    SELECT tenant, 'unknown_learner' AS issue, toString(statement_id) AS example
    FROM learning_valid
    WHERE (tenant, actor_ifi) NOT IN (SELECT tenant, actor_ifi FROM directory_actors)

    UNION ALL

    -- statements with an extension that does not follow the profile
    SELECT tenant, problem AS issue, toString(statement_id) AS example
    FROM learning_valid
    ARRAY JOIN problems AS problem

    UNION ALL

    -- costs of registrations (not voided) that no budget books
    SELECT tenant, problem AS issue, toString(statement_id) AS example
    FROM ledger_commitments
    WHERE problem != '' AND has_void = 0

    UNION ALL

    -- expenses on an unknown budget or in another currency than the budget's
    SELECT tenant, if(b_currency = '', 'expense_unknown_budget', 'expense_currency_mismatch') AS issue, expense_id AS example
    FROM
    (
        SELECT tenant, budget_id, expense_id, currency
        FROM budget_expenses FINAL
    ) AS e
    ANY LEFT JOIN
    (
        SELECT tenant, budget_id, currency AS b_currency
        FROM budget_current
    ) AS b USING (tenant, budget_id)
    WHERE b_currency != currency

    UNION ALL

    -- sessions in working time of learners without an hourly cost
    SELECT tenant, 'missing_hourly_cost' AS issue, toString(statement_id) AS example
    FROM timeoff_resolved
    WHERE person_id != '' AND has_hourly_cost = 0 AND work_ms > 0
    GROUP BY tenant, statement_id

    UNION ALL

    -- actors that several people claim: the latest person event wins
    SELECT tenant, 'actor_in_several_people' AS issue, actor_ifi AS example
    FROM directory_actors
    WHERE persons > 1
)
GROUP BY tenant, issue;
