-- Costs that no budget books: costed registrations in the range (not
-- voided) that fit no budget, name a budget the tenant does not have, or
-- are in another currency than their budget's (unbooked_costs; counted in
-- data_quality as unbudgeted_cost, unknown_budget, currency_mismatch), in
-- the chosen currency, by the learner's org unit on the day of
-- registration. Learners the directory does not know count only under All.
SELECT
    sum(amount) AS `Not booked`,
    count() AS `Registrations`
FROM unbooked_costs
WHERE $__timeFilter(registered_at)
    AND currency = ${currency:singlequote}
    AND $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
    AND $__conditionalAll(learning_form IN (${learning_form:singlequote}), $learning_form)
    AND $__conditionalAll(activity_id IN (${activity:singlequote}), $activity)
