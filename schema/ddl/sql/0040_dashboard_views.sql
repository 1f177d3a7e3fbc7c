-- Views the Grafana dashboards read beside the analytics contract
-- (docs/dashboards.md, "Dashboard views"). They follow the contract's
-- rules: tenant first, reference data resolved at query time, exact under
-- redelivery and replay, and they add no definition of their own to a
-- number of docs/metrics.md: they only expose what the contract views
-- compute but do not show (who owns a budget, a session's time zone, the
-- costs the ledger does not book).

-- org_units: every org unit that a person version or a team budget names,
-- and every ancestor of one, with its parent ('' for a root) and depth
-- (1 for a root). Org units are paths: 'Acme/Ops/Logistics' lies under
-- 'Acme/Ops', which lies under 'Acme'.
CREATE VIEW IF NOT EXISTS org_units AS
SELECT tenant, org_unit, parent, depth
FROM
(
    SELECT DISTINCT
        tenant,
        arrayStringConcat(arraySlice(parts, 1, n), '/') AS org_unit,
        arrayStringConcat(arraySlice(parts, 1, n - 1), '/') AS parent,
        toUInt32(n) AS depth
    FROM
    (
        SELECT tenant, splitByChar('/', unit) AS parts
        FROM
        (
            SELECT tenant, org_unit AS unit
            FROM people FINAL
            UNION ALL
            SELECT tenant, org_unit AS unit
            FROM budget_current
        )
        WHERE unit != ''
    )
    ARRAY JOIN arrayEnumerate(parts) AS n
);

-- budget_owners: per budget, whether it is a team budget (of an org unit)
-- or an individual one (of a person), and the org unit it counts under:
-- the team's, or the person's org unit on the last day of the budget's
-- period (the person version covering that day); '' for a person the
-- directory does not know.
CREATE VIEW IF NOT EXISTS budget_owners AS
SELECT tenant, budget_id, budget_type, org_unit
FROM
(
    SELECT
        tenant, budget_id,
        if(person_id = '', 'team', 'individual') AS budget_type,
        if(person_id = '', b_org_unit, p_org_unit) AS org_unit
    FROM
    (
        SELECT tenant, budget_id, org_unit AS b_org_unit, person_id, period_end
        FROM budget_current
    ) AS b
    ALL LEFT JOIN
    (
        SELECT tenant, person_id, org_unit AS p_org_unit, covers_from, covers_until, toUInt8(1) AS known
        FROM directory_timeline
    ) AS p USING (tenant, person_id)
    WHERE known = 0 OR period_end BETWEEN covers_from AND covers_until
);

-- learning_sessions: one row per session that time_off_work counts
-- (timeoff_counted), with the learner resolved as time_off_work resolves
-- them (the person version covering the UTC day the session started, in
-- the timeoff projection's copy of the directory) and the time zone the
-- session's minutes were split in: the person's, else the tenant's, else
-- Europe/Amsterdam (refdata.DefaultSettings). ClickHouse converts to a time
-- zone only when the zone is a constant, so a query that needs local
-- times filters on one timezone and converts with that constant.
CREATE VIEW IF NOT EXISTS learning_sessions AS
SELECT tenant, statement_id, person_id, actor_ifi, org_unit, learning_form, timezone, started_at, ended_at, minutes
FROM
(
    SELECT
        tenant,
        toString(statement_id) AS statement_id,
        person_id, actor_ifi, org_unit,
        CAST(learning_form AS String) AS learning_form,
        if(p_timezone != '', p_timezone, tenant_timezone) AS timezone,
        toDateTime(intDiv(start_ms, 1000), 'UTC') AS started_at,
        toDateTime(intDiv(end_ms, 1000), 'UTC') AS ended_at,
        (end_ms - start_ms) / 60000 AS minutes
    FROM
    (
        SELECT
            tenant, statement_id, actor_ifi, learning_form, start_ms, end_ms,
            if(s_timezone != '', s_timezone, 'Europe/Amsterdam') AS tenant_timezone
        FROM
        (
            SELECT tenant, statement_id, actor_ifi, learning_form, start_ms, end_ms
            FROM timeoff_sessions FINAL
            WHERE (tenant, statement_id) IN (SELECT tenant, statement_id FROM timeoff_counted)
        ) AS s
        ANY LEFT JOIN
        (
            SELECT tenant, timezone AS s_timezone
            FROM timeoff_settings FINAL
        ) AS t USING (tenant)
    ) AS st
    ALL LEFT JOIN
    (
        SELECT tenant, actor_ifi, person_id, org_unit, timezone AS p_timezone, covers_from, covers_until, toUInt8(1) AS known
        FROM timeoff_actor_timeline
    ) AS p USING (tenant, actor_ifi)
    WHERE known = 0 OR toDate(toDateTime(intDiv(start_ms, 1000), 'UTC')) BETWEEN covers_from AND covers_until
);

-- unbooked_costs: one row per costed registration (not voided) that the
-- ledger does not book, with why (issue: unbudgeted_cost, unknown_budget
-- or currency_mismatch, as data_quality counts them), its cost, and the
-- learner's org unit on the day of registration ('' when unknown).
CREATE VIEW IF NOT EXISTS unbooked_costs AS
SELECT
    tenant, statement_id, issue, registered_at, amount, currency, budget_named, person_id, org_unit, activity_id, learning_form
FROM
(
    SELECT
        tenant,
        toString(statement_id) AS statement_id,
        problem AS issue,
        registered_at, amount, currency, budget_named, person_id,
        if(known = 1, p_org_unit, '') AS org_unit,
        activity_id,
        CAST(learning_form AS String) AS learning_form
    FROM
    (
        SELECT tenant, statement_id, problem, registered_at, amount, currency, budget_named, person_id, activity_id, learning_form
        FROM ledger_commitments
        WHERE problem != '' AND has_void = 0
    ) AS c
    ALL LEFT JOIN
    (
        SELECT tenant, person_id, org_unit AS p_org_unit, covers_from, covers_until, toUInt8(1) AS known
        FROM directory_timeline
    ) AS p USING (tenant, person_id)
    WHERE known = 0 OR toDate(registered_at) BETWEEN covers_from AND covers_until
);
