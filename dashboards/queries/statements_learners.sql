-- Distinct actors (by inverse functional identifier) among the statements
-- that statements_total counts.
SELECT uniqExact(actor_ifi) AS learners
FROM statements FINAL
WHERE $__timeFilter(timestamp)
    AND voided = 0
    AND $__conditionalAll(verb_id IN (${verb:singlequote}), $verb)
