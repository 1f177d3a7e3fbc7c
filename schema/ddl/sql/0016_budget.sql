-- The training-budget ledger (docs/metrics.md, "Budget ledger").
--
-- budget_current: each budget as its latest version says, with the amount
-- allocated now.
CREATE VIEW IF NOT EXISTS budget_current AS
SELECT
    tenant, budget_id,
    argMax(v_name, seq) AS name,
    argMax(v_org_unit, seq) AS org_unit,
    argMax(v_person_id, seq) AS person_id,
    argMax(v_period_start, seq) AS period_start,
    argMax(v_period_end, seq) AS period_end,
    argMax(v_amount, seq) AS allocated,
    argMax(v_currency, seq) AS currency
FROM
(
    SELECT
        tenant, budget_id, seq, name AS v_name, org_unit AS v_org_unit, person_id AS v_person_id,
        period_start AS v_period_start, period_end AS v_period_end, amount AS v_amount, currency AS v_currency
    FROM budget_versions
)
GROUP BY tenant, budget_id;

-- ledger_commitments: one row per registered statement with a cost
-- (voided ones too: their void is a release), with the budget that pays
-- it, why none does (problem), and the events that end the commitment:
-- the enrolment's first completion, pass or fail (finish), its first
-- unregistration (cancel) and the registration's void.
--
-- The budget is the one the statement names (rank 1000, whatever its
-- period), else the learner's individual budget covering the day of
-- registration (500), else the budget of the learner's org unit or its
-- nearest ancestor covering that day (100 minus the distance). Ties go to
-- the budget whose period started last, then to the greatest budget id.
CREATE VIEW IF NOT EXISTS ledger_commitments AS
SELECT
    tenant, statement_id, enrolment_key, registration, actor_ifi, person_id, activity_id, learning_form,
    registered_at, amount, currency, budget_named, budget_id, budget_currency,
    multiIf(budget_id = '' AND budget_named != '', 'unknown_budget',
            budget_id = '', 'unbudgeted_cost',
            budget_currency != currency, 'currency_mismatch', '') AS problem,
    finishes > 0 AS has_finish, finish.3 AS finish_at, toString(finish.2) AS finish_id,
    has_void = 1 AND (cancels = 0 OR void.1 <= cancel.1) AS void_ends,
    has_void = 1 OR cancels > 0 AS ended,
    if(void_ends, void.3, cancel.3) AS end_at,
    if(void_ends, toString(void.2), toString(cancel.2)) AS end_id,
    has_finish AND (NOT ended OR finish.1 < if(void_ends, void.1, cancel.1)) AS spent,
    spent AND has_void = 1 AS reversed,
    has_void, void.3 AS void_at, toString(void.2) AS voiding_id
FROM
(
    -- the budget: the best candidate that exists and covers the day
    SELECT
        tenant, statement_id, enrolment_key, registration, actor_ifi, person_id, activity_id, learning_form,
        registered_at, amount, currency, budget_named, has_void, void, finishes, finish, cancels, cancel,
        if(max(ok) = 1, argMax(b_id, (ok, prio, b_start, b_id)), '') AS budget_id,
        if(max(ok) = 1, argMax(b_currency, (ok, prio, b_start, b_id)), '') AS budget_currency
    FROM
    (
        SELECT
            tenant, statement_id, enrolment_key, registration, actor_ifi, person_id, activity_id, learning_form,
            registered_at, amount, currency, budget_named, has_void, void, finishes, finish, cancels, cancel,
            prio, b_id, b_start, b_currency,
            toUInt8(b_id != '' AND (prio = 1000 OR toDate(registered_at) BETWEEN b_start AND b_end)) AS ok
        FROM
        (
            -- one row per candidate budget key
            SELECT
                tenant, statement_id, enrolment_key, registration, actor_ifi, person_id, activity_id, learning_form,
                registered_at, amount, currency, budget_named, has_void, void, finishes, finish, cancels, cancel,
                cand.1 AS ckey, cand.2 AS prio
            FROM
            (
                -- the learner on the day of registration, and the candidate keys
                SELECT
                    tenant, statement_id, enrolment_key, registration, actor_ifi, person_id, activity_id, learning_form,
                    registered_at, amount, currency, budget_named, has_void, void, finishes, finish, cancels, cancel,
                    arrayFilter(x -> x.1 != '', arrayConcat(
                        [(if(budget_named != '', concat('b:', budget_named), ''), toUInt32(1000)),
                         (if(budget_named = '' AND person_id != '', concat('p:', person_id), ''), toUInt32(500))],
                        arrayMap((u, i) -> (if(budget_named = '', concat('o:', u), ''), toUInt32(100 - i)), org_path, arrayEnumerate(org_path))
                    )) AS candidates
                FROM
                (
                    -- the enrolment's finish and cancel
                    SELECT
                        tenant, statement_id, enrolment_key, registration, actor_ifi, activity_id, learning_form,
                        registered_at, amount, currency, budget_named, has_void, void, finishes, finish, cancels, cancel
                    FROM
                    (
                        -- registered statements with a cost, and their void
                        SELECT
                            tenant, statement_id, enrolment_key, registration, actor_ifi, activity_id, learning_form,
                            registered_at, amount, currency, budget_named, has_void, void
                        FROM
                        (
                            SELECT
                                tenant, statement_id, enrolment_key, registration, actor_ifi, course_id AS activity_id, learning_form,
                                timestamp AS registered_at, cost_amount AS amount, cost_currency AS currency, budget_id AS budget_named
                            FROM learning_statements FINAL
                            WHERE class = 'registered' AND cost_currency != ''
                        ) AS r
                        ANY LEFT JOIN
                        (
                            SELECT tenant, target_id AS statement_id, toUInt8(1) AS has_void, min((void_ms, voiding_id, void_time)) AS void
                            FROM learning_voids
                            GROUP BY tenant, statement_id
                        ) AS v USING (tenant, statement_id)
                    ) AS rv
                    ANY LEFT JOIN
                    (
                        SELECT tenant, enrolment_key, finishes, finish, cancels, cancel
                        FROM enrolment_facts
                    ) AS o USING (tenant, enrolment_key)
                ) AS ro
                ALL LEFT JOIN
                (
                    SELECT tenant, actor_ifi, person_id, org_path, covers_from, covers_until
                    FROM directory_actor_timeline
                ) AS d USING (tenant, actor_ifi)
                WHERE person_id = '' OR toDate(registered_at) BETWEEN covers_from AND covers_until
            )
            LEFT ARRAY JOIN candidates AS cand
        ) AS c
        ALL LEFT JOIN
        (
            SELECT
                tenant, budget_id AS b_id, period_start AS b_start, period_end AS b_end, currency AS b_currency,
                arrayJoin([concat('b:', budget_id), if(person_id != '', concat('p:', person_id), concat('o:', org_unit))]) AS ckey
            FROM budget_current
        ) AS b USING (tenant, ckey)
    )
    GROUP BY
        tenant, statement_id, enrolment_key, registration, actor_ifi, person_id, activity_id, learning_form,
        registered_at, amount, currency, budget_named, has_void, void, finishes, finish, cancels, cancel
);

-- budget_ledger (contract): every entry on every budget. Allocations and
-- adjustments come from the budget's versions; commitments, releases and
-- spend from registrations with a cost; spend from expenses. Entries are
-- never erased: a registration voided after it was spent books a negative
-- spend at the void. Entries whose currency is not the budget's, or that
-- fit no budget, are not booked: they appear in data_quality.
CREATE VIEW IF NOT EXISTS budget_ledger AS
SELECT tenant, budget_id, entry_time, kind, amount, currency, statement_id, registration, person_id, activity_id, learning_form
FROM
(
    SELECT
        tenant, budget_id, stored AS entry_time, if(earlier = 0, 'allocation', 'adjustment') AS kind,
        v_amount - previous AS amount, v_currency AS currency,
        '' AS statement_id, '' AS registration, '' AS person_id, '' AS activity_id, '' AS learning_form
    FROM
    (
        SELECT
            tenant, budget_id, seq, stored, v_amount, v_currency,
            countIf(p_seq < seq) AS earlier,
            argMaxIf(p_amount, p_seq, p_seq < seq) AS previous
        FROM
        (
            SELECT tenant, budget_id, seq, stored, amount AS v_amount, currency AS v_currency
            FROM budget_versions FINAL
        ) AS v
        ALL INNER JOIN
        (
            SELECT tenant, budget_id, seq AS p_seq, amount AS p_amount
            FROM budget_versions FINAL
        ) AS p USING (tenant, budget_id)
        GROUP BY tenant, budget_id, seq, stored, v_amount, v_currency
    )
    WHERE earlier = 0 OR v_amount != previous

    UNION ALL

    SELECT
        tenant, budget_id, time AS entry_time, 'spend' AS kind, e_amount AS amount, e_currency AS currency,
        '' AS statement_id, '' AS registration, '' AS person_id, '' AS activity_id, '' AS learning_form
    FROM
    (
        SELECT tenant, budget_id, time, amount AS e_amount, currency AS e_currency
        FROM budget_expenses FINAL
    ) AS e
    ALL INNER JOIN
    (
        SELECT tenant, budget_id, currency AS b_currency
        FROM budget_current
    ) AS b USING (tenant, budget_id)
    WHERE e_currency = b_currency

    UNION ALL

    SELECT
        tenant, budget_id,
        multiIf(step = 1, registered_at, step IN (2, 3), finish_at, step = 4, void_at, end_at) AS entry_time,
        multiIf(step = 1, 'commitment', step = 3, 'spend', step = 4, 'spend', 'release') AS kind,
        if(step IN (1, 3), c_amount, toDecimal64(0, 2) - c_amount) AS amount,
        currency,
        multiIf(step = 1, toString(statement_id), step IN (2, 3), finish_id, step = 4, voiding_id, end_id) AS statement_id,
        registration, person_id, activity_id, CAST(learning_form AS String) AS learning_form
    FROM
    (
        SELECT
            tenant, budget_id, registered_at, finish_at, void_at, end_at, amount AS c_amount, currency,
            statement_id, finish_id, voiding_id, end_id, registration, person_id, activity_id, learning_form,
            spent, reversed, ended
        FROM ledger_commitments
        WHERE problem = ''
    )
    ARRAY JOIN [1, 2, 3, 4, 5] AS step
    WHERE step = 1 OR (step IN (2, 3) AND spent) OR (step = 4 AND reversed) OR (step = 5 AND ended AND NOT spent)
);

-- budget_utilisation (contract): per budget, what is allocated, committed,
-- spent and unspent, the utilisation, and the unspent amount forecast for
-- the end of the period from the run rate so far.
CREATE VIEW IF NOT EXISTS budget_utilisation AS
SELECT
    tenant, budget_id, budget_name, org_unit, person_id, period_start, period_end, currency,
    allocated, committed, spent, unspent,
    if(allocated = 0, 0, (toFloat64(committed) + toFloat64(spent)) / toFloat64(allocated)) AS utilisation,
    if(elapsed_days <= 0 OR elapsed_days >= period_days, unspent,
        allocated - (committed + spent) * toInt64(period_days) / toInt64(elapsed_days)) AS forecast_unspent
FROM
(
    SELECT
        tenant, budget_id, budget_name, org_unit, person_id, period_start, period_end, currency, allocated,
        CAST(l_committed AS Decimal(18, 2)) AS committed,
        CAST(l_spent AS Decimal(18, 2)) AS spent,
        allocated - committed - spent AS unspent,
        dateDiff('day', period_start, period_end) + 1 AS period_days,
        least(greatest(dateDiff('day', period_start, toDate(toTimeZone(now(), 'UTC'))) + 1, 0), period_days) AS elapsed_days
    FROM
    (
        SELECT tenant, budget_id, name AS budget_name, org_unit, person_id, period_start, period_end, currency, allocated
        FROM budget_current
    ) AS b
    ANY LEFT JOIN
    (
        SELECT
            tenant, budget_id,
            sumIf(amount, kind IN ('commitment', 'release')) AS l_committed,
            sumIf(amount, kind = 'spend') AS l_spent
        FROM budget_ledger
        GROUP BY tenant, budget_id
    ) AS l USING (tenant, budget_id)
);
