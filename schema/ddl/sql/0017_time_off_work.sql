-- Time off work (docs/metrics.md, "Time off work").
--
-- The directory as the timeoff projection saw it: the same helper views as
-- in 0014, over timeoff_people, so that time_off_work resolves learners
-- with the data its minutes were computed from.
CREATE VIEW IF NOT EXISTS timeoff_timeline AS
SELECT
    tenant, person_id, valid_from, org_unit, org_path, hourly_cost, has_hourly_cost, timezone, schedule,
    if(indexOf(froms, valid_from) = 1, toDate('1970-01-01'), valid_from) AS covers_from,
    if(indexOf(froms, valid_from) = length(froms), toDate('2105-12-31'), froms[indexOf(froms, valid_from) + 1] - 1) AS covers_until
FROM
(
    SELECT tenant, person_id, valid_from, org_unit, org_path, hourly_cost, has_hourly_cost, timezone, schedule
    FROM timeoff_people FINAL
) AS p
ALL INNER JOIN
(
    SELECT tenant, person_id, arraySort(groupArray(valid_from)) AS froms
    FROM timeoff_people FINAL
    GROUP BY tenant, person_id
) AS f USING (tenant, person_id);

CREATE VIEW IF NOT EXISTS timeoff_actors AS
SELECT tenant, actor_ifi, argMax(pid, seq) AS person_id, uniqExact(pid) AS persons
FROM
(
    SELECT tenant, person_id AS pid, actors, seq
    FROM timeoff_people FINAL
)
ARRAY JOIN actors AS actor_ifi
GROUP BY tenant, actor_ifi;

CREATE VIEW IF NOT EXISTS timeoff_actor_timeline AS
SELECT tenant, actor_ifi, person_id, org_unit, org_path, hourly_cost, has_hourly_cost, timezone, schedule, covers_from, covers_until
FROM
(
    SELECT tenant, actor_ifi, person_id
    FROM timeoff_actors
) AS a
ALL INNER JOIN
(
    SELECT tenant, person_id, org_unit, org_path, hourly_cost, has_hourly_cost, timezone, schedule, covers_from, covers_until
    FROM timeoff_timeline
) AS t USING (tenant, person_id);

-- timeoff_counted: the statements whose duration counts as learning time,
-- not voided: of a cmi5 session only its first terminated statement (or,
-- without one, its first abandoned statement); other statements with a
-- duration each count once, except a completed, passed or failed statement
-- whose registration has another session (that session already covers the
-- attempt).
CREATE VIEW IF NOT EXISTS timeoff_counted AS
SELECT tenant, statement_id
FROM
(
    SELECT tenant, statement_id, registration, session_key, rank, completion, start_ms
    FROM timeoff_sessions FINAL
    WHERE (tenant, statement_id) NOT IN (SELECT tenant, target_id FROM timeoff_voids)
)
WHERE (session_key != '' AND (tenant, statement_id) IN
        (
            SELECT tenant, argMin(statement_id, (rank, end_ms, statement_id))
            FROM timeoff_sessions FINAL
            WHERE session_key != '' AND (tenant, statement_id) NOT IN (SELECT tenant, target_id FROM timeoff_voids)
            GROUP BY tenant, session_key
        ))
    OR (session_key = '' AND NOT (completion = 1 AND registration != '' AND (tenant, registration) IN
        (
            SELECT tenant, registration
            FROM timeoff_sessions FINAL
            WHERE completion = 0 AND registration != '' AND (tenant, statement_id) NOT IN (SELECT tenant, target_id FROM timeoff_voids)
        )));

-- timeoff_resolved: per counted session and local day, the minutes under
-- the schedule in force for the learner when the session started: the
-- person version covering that day (its time zone and schedule, else the
-- tenant's), or the tenant's for a learner unknown to the directory. The
-- default below is refdata.DefaultSettings, for a tenant that never sent
-- settings.
CREATE VIEW IF NOT EXISTS timeoff_resolved AS
SELECT
    tenant, statement_id, day, actor_ifi, person_id, org_unit, learning_form, hourly_cost, has_hourly_cost, total_ms, work_ms
FROM
(
    SELECT
        tenant, statement_id, day, actor_ifi, person_id, org_unit, learning_form, hourly_cost, has_hourly_cost, total_ms, work_ms
    FROM
    (
        SELECT
            tenant, statement_id, schedule_key, day, actor_ifi, learning_form, start, total_ms, work_ms,
            if(s_timezone != '', s_timezone, 'Europe/Amsterdam') AS tenant_timezone,
            if(s_schedule != '', s_schedule, 'mon=09:00-17:00;tue=09:00-17:00;wed=09:00-17:00;thu=09:00-17:00;fri=09:00-17:00') AS tenant_schedule
        FROM
        (
            SELECT tenant, statement_id, schedule_key, day, actor_ifi, learning_form, start, total_ms, work_ms
            FROM timeoff_minutes FINAL
            WHERE (tenant, statement_id) IN (SELECT tenant, statement_id FROM timeoff_counted)
        ) AS m
        ANY LEFT JOIN
        (
            SELECT tenant, timezone AS s_timezone, schedule AS s_schedule
            FROM timeoff_settings FINAL
        ) AS s USING (tenant)
    ) AS ms
    ALL LEFT JOIN
    (
        SELECT tenant, actor_ifi, person_id, org_unit, hourly_cost, has_hourly_cost, timezone, schedule, covers_from, covers_until
        FROM timeoff_actor_timeline
    ) AS p USING (tenant, actor_ifi)
    WHERE (person_id = '' OR toDate(start) BETWEEN covers_from AND covers_until)
        AND schedule_key = concat(if(timezone != '', timezone, tenant_timezone), '|', if(schedule != '', schedule, tenant_schedule))
) AS r;

-- time_off_work (contract): learning time per org unit, learning form and
-- local day: how many learners, the minutes in total, inside and outside
-- working time, and what the working-time minutes cost at each learner's
-- hourly cost (rounded to the cent per learner and day, half up).
CREATE VIEW IF NOT EXISTS time_off_work AS
SELECT
    tenant, org_unit, learning_form, day,
    uniqExact(learner) AS learners,
    sum(l_total_ms) / 60000 AS minutes_total,
    sum(l_work_ms) / 60000 AS minutes_work_time,
    (sum(l_total_ms) - sum(l_work_ms)) / 60000 AS minutes_outside_work_time,
    CAST(toDecimal64(sum(cost_cents), 2) / 100 AS Decimal(18, 2)) AS cost_work_time
FROM
(
    SELECT
        tenant, org_unit, learning_form, day, learner,
        sum(total_ms) AS l_total_ms,
        sum(work_ms) AS l_work_ms,
        if(has_hourly_cost = 1, intDiv(toInt64(hourly_cost * 100) * toInt64(l_work_ms) + 1800000, 3600000), 0) AS cost_cents
    FROM
    (
        SELECT
            tenant, org_unit, CAST(learning_form AS String) AS learning_form, day,
            if(person_id != '', person_id, actor_ifi) AS learner, hourly_cost, has_hourly_cost, total_ms, work_ms
        FROM timeoff_resolved
    )
    GROUP BY tenant, org_unit, learning_form, day, learner, hourly_cost, has_hourly_cost
)
GROUP BY tenant, org_unit, learning_form, day;
