-- Score distribution of the enrolments made in the range that have a
-- score: the latest scaled score about the course (score_scaled) in ten
-- buckets of ten percentage points, rounded to a whole percent first
-- (89.6 % counts as 90 %); 100 % joins the top bucket, negative scores the
-- bottom one. Every bucket is listed, empty ones with 0.
SELECT
    concat(toString(b * 10), '-', toString(if(b = 9, 100, b * 10 + 9)), ' %') AS `Score`,
    sum(n) AS `Enrolments`
FROM
(
    SELECT toUInt8(arrayJoin(range(10))) AS b, toUInt64(0) AS n
    UNION ALL
    SELECT
        toUInt8(least(greatest(intDiv(toInt32(round(assumeNotNull(score_scaled) * 100)), 10), 0), 9)) AS b,
        toUInt64(1) AS n
    FROM enrolments
    -- include: enrolments_in_scope.sql
        AND isNotNull(score_scaled)
)
GROUP BY b
ORDER BY b
