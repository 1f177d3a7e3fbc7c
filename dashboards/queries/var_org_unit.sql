-- Org units of the directory and of team budgets, with every ancestor
-- (org_units), as paths: 'Acme/Ops' stands for itself and everything
-- below it when the panels filter.
SELECT DISTINCT org_unit
FROM org_units
ORDER BY org_unit
