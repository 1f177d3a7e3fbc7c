-- The ten most used verbs: statements and distinct actors per verb, ties
-- broken by verb IRI so the order is stable.
SELECT
    verb_id AS verb,
    count() AS statements,
    uniqExact(actor_ifi) AS learners
FROM statements FINAL
WHERE $__timeFilter(timestamp)
    AND voided = 0
    AND $__conditionalAll(verb_id IN (${verb:singlequote}), $verb)
GROUP BY verb
ORDER BY statements DESC, verb
LIMIT 10
