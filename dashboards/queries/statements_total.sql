-- Statements with a timestamp in the range, voided ones left out, each
-- counted once (FINAL).
SELECT count() AS statements
FROM statements FINAL
WHERE $__timeFilter(timestamp)
    AND voided = 0
    AND $__conditionalAll(verb_id IN (${verb:singlequote}), $verb)
