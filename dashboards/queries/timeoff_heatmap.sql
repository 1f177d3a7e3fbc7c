-- When people learn, in their own local time: learning hours per hour of
-- the day (rows, 0-23) and weekday (columns), for the learners of one time
-- zone (the panel repeats per zone; ClickHouse converts only to a constant
-- zone). A session counts when it started in the range (learning_sessions:
-- the sessions time_off_work counts, with the zone their minutes were split
-- in); it is cut into 15-minute slots on the UTC clock, which fit every
-- zone's hour boundaries (also +05:30 and +05:45), and each slot's time
-- falls into the local hour and weekday of its start.
SELECT
    hour AS `Hour`,
    sum(mon) AS `Mon`,
    sum(tue) AS `Tue`,
    sum(wed) AS `Wed`,
    sum(thu) AS `Thu`,
    sum(fri) AS `Fri`,
    sum(sat) AS `Sat`,
    sum(sun) AS `Sun`
FROM
(
    SELECT toUInt8(arrayJoin(range(24))) AS hour, toFloat64(0) AS mon, toFloat64(0) AS tue, toFloat64(0) AS wed, toFloat64(0) AS thu, toFloat64(0) AS fri, toFloat64(0) AS sat, toFloat64(0) AS sun
    UNION ALL
    SELECT
        toUInt8(toHour(local)) AS hour,
        if(toDayOfWeek(local) = 1, seconds, 0) / 3600 AS mon,
        if(toDayOfWeek(local) = 2, seconds, 0) / 3600 AS tue,
        if(toDayOfWeek(local) = 3, seconds, 0) / 3600 AS wed,
        if(toDayOfWeek(local) = 4, seconds, 0) / 3600 AS thu,
        if(toDayOfWeek(local) = 5, seconds, 0) / 3600 AS fri,
        if(toDayOfWeek(local) = 6, seconds, 0) / 3600 AS sat,
        if(toDayOfWeek(local) = 7, seconds, 0) / 3600 AS sun
    FROM
    (
        SELECT
            toTimeZone(toDateTime(slot * 900, 'UTC'), ${zone:singlequote}) AS local,
            least(e, slot * 900 + 900) - greatest(s, slot * 900) AS seconds
        FROM
        (
            SELECT toUInt32(started_at) AS s, toUInt32(ended_at) AS e
            FROM learning_sessions
            WHERE $__timeFilter(started_at)
                AND ended_at > started_at
                AND timezone = ${zone:singlequote}
                AND $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
                AND $__conditionalAll(learning_form IN (${learning_form:singlequote}), $learning_form)
        )
        ARRAY JOIN arrayMap(i -> intDiv(s, 900) + i, range(toUInt32(intDiv(e - 1, 900) - intDiv(s, 900) + 1))) AS slot
    )
)
GROUP BY hour
ORDER BY hour
