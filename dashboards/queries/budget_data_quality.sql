-- What the metrics could not place, per issue, with an example id
-- (docs/metrics.md: data_quality): counted over everything the tenant ever
-- sent, not limited by the time range or the selectors (the view has no
-- time or org unit).
SELECT
    issue AS `Issue`,
    count AS `Count`,
    example_statement_id AS `Example`
FROM data_quality
ORDER BY issue
