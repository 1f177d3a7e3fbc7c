-- Helper views of the directory (not part of the analytics contract; the
-- contract views below read them). They resolve, at query time, which
-- person an actor is and which version of that person applies on a day.
--
-- directory_timeline: each person version with the days it covers,
-- covers_from to covers_until inclusive (UTC dates). A version covers from
-- its valid_from until the day before the next version's; the first version
-- also covers the time before its valid_from (learning recorded before the
-- person was registered belongs to them), the last one until 2105-12-31,
-- the last day a DateTime holds.
CREATE VIEW IF NOT EXISTS directory_timeline AS
SELECT
    tenant, person_id, valid_from, org_unit, org_path, hourly_cost, has_hourly_cost, timezone, schedule,
    if(indexOf(froms, valid_from) = 1, toDate('1970-01-01'), valid_from) AS covers_from,
    if(indexOf(froms, valid_from) = length(froms), toDate('2105-12-31'), froms[indexOf(froms, valid_from) + 1] - 1) AS covers_until
FROM
(
    SELECT tenant, person_id, valid_from, org_unit, org_path, hourly_cost, has_hourly_cost, timezone, schedule
    FROM people FINAL
) AS p
ALL INNER JOIN
(
    SELECT tenant, person_id, arraySort(groupArray(valid_from)) AS froms
    FROM people FINAL
    GROUP BY tenant, person_id
) AS f USING (tenant, person_id);

-- directory_actors: the person an xAPI actor (its IFI, as
-- xapi.Actor.IFI writes it) identifies: the person of the latest person
-- event that lists the actor. persons counts the people that list it (more
-- than one is a data-quality issue).
CREATE VIEW IF NOT EXISTS directory_actors AS
SELECT tenant, actor_ifi, argMax(pid, seq) AS person_id, uniqExact(pid) AS persons
FROM
(
    SELECT tenant, person_id AS pid, actors, seq
    FROM people FINAL
)
ARRAY JOIN actors AS actor_ifi
GROUP BY tenant, actor_ifi;

-- directory_actor_timeline: per actor, the versions of its person. A
-- statement on day d resolves with ALL LEFT JOIN … USING (tenant,
-- actor_ifi) WHERE person_id = '' OR d BETWEEN covers_from AND covers_until:
-- one row for a known actor, the empty person for an unknown one.
CREATE VIEW IF NOT EXISTS directory_actor_timeline AS
SELECT tenant, actor_ifi, person_id, org_unit, org_path, hourly_cost, has_hourly_cost, timezone, schedule, covers_from, covers_until
FROM
(
    SELECT tenant, actor_ifi, person_id
    FROM directory_actors
) AS a
ALL INNER JOIN
(
    SELECT tenant, person_id, org_unit, org_path, hourly_cost, has_hourly_cost, timezone, schedule, covers_from, covers_until
    FROM directory_timeline
) AS t USING (tenant, person_id);
