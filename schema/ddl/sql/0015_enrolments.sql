-- Enrolments and completion (docs/metrics.md, "Completion").
--
-- learning_valid: the learning facts that are not voided.
CREATE VIEW IF NOT EXISTS learning_valid AS
SELECT
    tenant, statement_id, class, actor_ifi, enrolment_key, registration, object_id, course_id, course_name,
    learning_form, about_course, timestamp, timestamp_ms, cost_amount, cost_currency, budget_id, score_scaled, problems
FROM learning_statements FINAL
WHERE (tenant, statement_id) NOT IN (SELECT tenant, target_id FROM learning_voids);

-- enrolment_facts: one row per enrolment (a registration, or a learner and
-- a course without one) with the times and outcomes its statements give.
-- Ties in time are broken by statement id, so the answer does not depend
-- on the order rows are read in. The activity, learner, name and form come
-- from the registered statement, else from the earliest statement.
CREATE VIEW IF NOT EXISTS enrolment_facts AS
SELECT
    tenant,
    enrolment_key,
    any(reg) AS registration,
    argMin(actor, (prio, ms, id)) AS actor_ifi,
    argMin(course, (prio, ms, id)) AS activity_id,
    argMinIf(cname, (prio, ms, id), cname != '') AS activity_name,
    argMinIf(form, (prio, ms, id), form != '') AS learning_form,
    min(ts) AS first_at,
    countIf(cls = 'registered') AS registrations,
    minIf(ts, cls = 'registered') AS registered_at,
    countIf(cls IN ('started', 'completed', 'passed', 'failed', 'terminated', 'abandoned', 'satisfied')) AS starts,
    minIf(ts, cls IN ('started', 'completed', 'passed', 'failed', 'terminated', 'abandoned', 'satisfied')) AS first_start_at,
    countIf(about = 1 AND cls IN ('completed', 'passed', 'satisfied', 'waived')) AS completions,
    minIf(ts, about = 1 AND cls IN ('completed', 'passed', 'satisfied', 'waived')) AS first_completion_at,
    countIf(about = 1 AND cls IN ('completed', 'passed', 'failed', 'satisfied', 'waived')) AS finishes,
    argMinIf((ms, id, ts), (ms, id), about = 1 AND cls IN ('completed', 'passed', 'failed', 'satisfied', 'waived')) AS finish,
    countIf(about = 1 AND cls IN ('passed', 'failed')) AS results,
    argMaxIf(cls = 'passed', (ms, id), about = 1 AND cls IN ('passed', 'failed')) AS last_passed,
    countIf(about = 1 AND isNotNull(score)) AS scores,
    argMaxIf(score, (ms, id), about = 1 AND isNotNull(score)) AS last_score,
    countIf(cls = 'unregistered') AS cancels,
    argMinIf((ms, id, ts), (ms, id), cls = 'unregistered') AS cancel,
    max(ts) AS last_activity_at,
    argMax(cls, (ms, id)) AS last_class,
    CAST(sumIf(amount, cls = 'registered' AND currency != '') AS Decimal(18, 2)) AS cost
FROM
(
    SELECT
        tenant, enrolment_key, registration AS reg, actor_ifi AS actor, course_id AS course, course_name AS cname,
        learning_form AS form, class AS cls, about_course AS about, timestamp AS ts, timestamp_ms AS ms,
        statement_id AS id, score_scaled AS score, cost_amount AS amount, cost_currency AS currency,
        if(class = 'registered', 0, 1) AS prio
    FROM learning_valid
)
GROUP BY tenant, enrolment_key;

-- enrolments (contract): one row per enrolment, its learner resolved in the
-- directory on the day of enrolment.
CREATE VIEW IF NOT EXISTS enrolments AS
SELECT
    tenant, registration, person_id, actor_ifi, org_unit, activity_id, activity_name, learning_form,
    enrolled_at, started_at, completed_at, last_activity_at,
    multiIf(
        cancelled = 1, 'cancelled',
        ifNull(success, 2) = 1, 'passed',
        ifNull(success, 2) = 0, 'failed',
        isNotNull(completed_at), 'completed',
        isNotNull(started_at) AND (last_class = 'abandoned'
            OR last_activity_at < now() - 86400 * if(abandoned_after_days = 0, 30, abandoned_after_days)), 'abandoned',
        isNotNull(started_at), 'started',
        'enrolled') AS status,
    success, score_scaled, cost
FROM
(
    SELECT
        tenant, registration, person_id, actor_ifi, org_unit, activity_id, activity_name, learning_form,
        enrolled_at, started_at, completed_at, last_activity_at, last_class, cancelled, success, score_scaled, cost,
        abandoned_after_days
    FROM
    (
        SELECT
            tenant, registration, person_id, actor_ifi, org_unit, activity_id, activity_name, learning_form,
            enrolled_at, started_at, completed_at, last_activity_at, last_class, cancelled, success, score_scaled, cost
        FROM
        (
            SELECT
                tenant, enrolment_key, registration, actor_ifi, activity_id, activity_name, learning_form,
                if(registrations > 0, registered_at, first_at) AS enrolled_at,
                toDate(enrolled_at) AS enrolled_on,
                if(starts > 0, toNullable(first_start_at), NULL) AS started_at,
                if(completions > 0, toNullable(first_completion_at), NULL) AS completed_at,
                last_activity_at, last_class,
                toUInt8(cancels > 0 AND (finishes = 0 OR cancel.1 < finish.1)) AS cancelled,
                if(results > 0, toNullable(toUInt8(last_passed)), NULL) AS success,
                if(scores > 0, last_score, NULL) AS score_scaled,
                cost
            FROM enrolment_facts
        ) AS f
        ALL LEFT JOIN
        (
            SELECT tenant, actor_ifi, person_id, org_unit, covers_from, covers_until
            FROM directory_actor_timeline
        ) AS d USING (tenant, actor_ifi)
        WHERE person_id = '' OR enrolled_on BETWEEN covers_from AND covers_until
    ) AS e
    ANY LEFT JOIN
    (
        SELECT tenant, abandoned_after_days
        FROM tenant_settings FINAL
    ) AS s USING (tenant)
);

-- completion (contract): enrolments per org unit, activity and month of
-- enrolment, with how many started, completed, passed, failed, were
-- abandoned or cancelled, the completion rate and the median days from
-- enrolment to completion.
CREATE VIEW IF NOT EXISTS completion AS
SELECT
    tenant, org_unit, activity_id, month,
    enrolled, started, completed, passed, failed, abandoned, cancelled,
    if(enrolled > cancelled, completed / (enrolled - cancelled), 0) AS completion_rate,
    if(length(days) = 0, NULL,
        toNullable(if(length(days) % 2 = 1, days[intDiv(length(days), 2) + 1],
            (days[intDiv(length(days), 2)] + days[intDiv(length(days), 2) + 1]) / 2))) AS median_days_to_complete
FROM
(
    SELECT
        tenant, org_unit, activity_id, toStartOfMonth(enrolled_at) AS month,
        count() AS enrolled,
        countIf(isNotNull(started_at)) AS started,
        countIf(isNotNull(completed_at)) AS completed,
        countIf(ifNull(success, 2) = 1) AS passed,
        countIf(ifNull(success, 2) = 0) AS failed,
        countIf(status = 'abandoned') AS abandoned,
        countIf(status = 'cancelled') AS cancelled,
        arraySort(groupArrayIf(dateDiff('second', enrolled_at, assumeNotNull(completed_at)) / 86400, isNotNull(completed_at))) AS days
    FROM enrolments
    GROUP BY tenant, org_unit, activity_id, month
);
