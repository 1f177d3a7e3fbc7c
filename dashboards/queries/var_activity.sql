-- Activities (courses) with enrolments in the range, of the chosen org
-- units and learning forms: the activity id as value, its name as text.
SELECT activity_id, if(max(activity_name) != '', max(activity_name), activity_id) AS name
FROM enrolments
WHERE $__timeFilter(enrolled_at)
    AND $__conditionalAll((org_unit IN (${org_unit:singlequote}) OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)
    AND $__conditionalAll(learning_form IN (${learning_form:singlequote}), $learning_form)
GROUP BY activity_id
ORDER BY name, activity_id
