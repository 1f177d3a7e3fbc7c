-- Statements per time bucket and verb. Buckets are the panel interval,
-- aligned to UTC epoch seconds. FINAL counts a redelivered statement once;
-- voided statements are left out.
SELECT
    toDateTime(intDiv(toUInt32(timestamp), $__interval_s) * $__interval_s, 'UTC') AS t,
    verb_id AS verb,
    count() AS statements
FROM statements FINAL
WHERE $__timeFilter(timestamp)
    AND voided = 0
    AND $__conditionalAll(verb_id IN (${verb:singlequote}), $verb)
GROUP BY t, verb
ORDER BY t, verb
