-- Completion rate of the enrolments made in the range: completed /
-- (enrolled - cancelled), 0 when every enrolment is cancelled
-- (docs/metrics.md: completion, completion_rate, over the range instead of a
-- month).
SELECT if(count() > countIf(status = 'cancelled'),
    countIf(isNotNull(completed_at)) / (count() - countIf(status = 'cancelled')), 0) AS `Completion rate`
FROM enrolments
WHERE $__timeFilter(enrolled_at)
    AND $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
    AND $__conditionalAll(learning_form IN (${learning_form:singlequote}), $learning_form)
    AND $__conditionalAll(activity_id IN (${activity:singlequote}), $activity)
    AND $__conditionalAll((tenant, registration) IN (SELECT tenant, registration FROM budget_ledger WHERE kind = 'commitment' AND registration != '' AND budget_id IN (${budget:singlequote})), $budget)
