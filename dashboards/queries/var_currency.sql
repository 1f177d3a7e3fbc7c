-- Currencies of the budgets whose period overlaps the range. Money panels
-- show one currency at a time: amounts in different currencies are never
-- added up.
SELECT DISTINCT currency
FROM budget_utilisation
WHERE period_start <= toDate(toTimeZone($__toTime, 'UTC'))
    AND period_end >= toDate(toTimeZone($__fromTime, 'UTC'))
ORDER BY currency
