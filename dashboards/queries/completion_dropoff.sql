-- Drop-off among the enrolments made in the range: abandoned (started,
-- then a cmi5 abandoned or silence longer than the tenant's
-- abandoned_after_days) and cancelled (unregistered before a result), by
-- status (docs/metrics.md: enrolments).
SELECT
    countIf(status = 'abandoned') AS `Abandoned`,
    countIf(status = 'cancelled') AS `Cancelled`
FROM enrolments
WHERE $__timeFilter(enrolled_at)
    AND $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
    AND $__conditionalAll(learning_form IN (${learning_form:singlequote}), $learning_form)
    AND $__conditionalAll(activity_id IN (${activity:singlequote}), $activity)
    AND $__conditionalAll((tenant, registration) IN (SELECT tenant, registration FROM budget_ledger WHERE kind = 'commitment' AND registration != '' AND budget_id IN (${budget:singlequote})), $budget)
