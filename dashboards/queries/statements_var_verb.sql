-- The verbs used by statements in the range (voided ones left out).
SELECT DISTINCT verb_id
FROM statements FINAL
WHERE $__timeFilter(timestamp)
    AND voided = 0
ORDER BY verb_id
