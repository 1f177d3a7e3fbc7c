-- Statements per xAPI object type (Activity, Agent, Group, StatementRef,
-- SubStatement).
SELECT
    object_type,
    count() AS statements
FROM statements FINAL
WHERE $__timeFilter(timestamp)
    AND voided = 0
    AND $__conditionalAll(verb_id IN (${verb:singlequote}), $verb)
GROUP BY object_type
ORDER BY statements DESC, object_type
