-- The enrolments of the dashboard's selectors: enrolled in the range, by a
-- learner in a chosen org unit or one below it, in a chosen learning form
-- and activity, and (when budgets are chosen) committed to one of them.
-- Included by every completion panel.

WHERE $__timeFilter(enrolled_at)
    AND $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
    AND $__conditionalAll(learning_form IN (${learning_form:singlequote}), $learning_form)
    AND $__conditionalAll(activity_id IN (${activity:singlequote}), $activity)
    AND $__conditionalAll((tenant, registration) IN (SELECT tenant, registration FROM budget_ledger WHERE kind = 'commitment' AND registration != '' AND budget_id IN (${budget:singlequote})), $budget)
