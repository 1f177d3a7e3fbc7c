-- Median days from enrolment to completion of the enrolments made in the
-- range that completed: (completed_at - enrolled_at) in days, the mean of
-- the middle two for an even count, NULL without completions
-- (docs/metrics.md: completion, median_days_to_complete).
SELECT if(length(days) = 0, NULL,
        toNullable(if(length(days) % 2 = 1, days[intDiv(length(days), 2) + 1],
            (days[intDiv(length(days), 2)] + days[intDiv(length(days), 2) + 1]) / 2))) AS `Median days to complete`
FROM
(
    SELECT arraySort(groupArrayIf(dateDiff('second', enrolled_at, assumeNotNull(completed_at)) / 86400, isNotNull(completed_at))) AS days
    FROM enrolments
    WHERE $__timeFilter(enrolled_at)
        AND $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
        AND $__conditionalAll(learning_form IN (${learning_form:singlequote}), $learning_form)
        AND $__conditionalAll(activity_id IN (${activity:singlequote}), $activity)
        AND $__conditionalAll((tenant, registration) IN (SELECT tenant, registration FROM budget_ledger WHERE kind = 'commitment' AND registration != '' AND budget_id IN (${budget:singlequote})), $budget)
)
