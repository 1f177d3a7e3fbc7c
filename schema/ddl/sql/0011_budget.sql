-- Budgets as they were set, one row per budget event: the ledger reads the
-- first version of a budget as its allocation and each later version with
-- another amount as an adjustment, so a new amount never rewrites history.
-- Keyed by the event (tenant, budget_id, seq); redelivery writes the same
-- key again.
CREATE TABLE IF NOT EXISTS budget_versions
(
    tenant LowCardinality(String),
    budget_id String,
    seq UInt64,
    stored DateTime('UTC'),
    name String,
    org_unit String,
    person_id String,
    period_start Date,
    period_end Date,
    amount Decimal(18, 2),
    currency String
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY (tenant, budget_id, seq);

-- Spend not tied to a statement (invoices, travel). An expense id is
-- unique in the tenant; a later event for the same id corrects it.
CREATE TABLE IF NOT EXISTS budget_expenses
(
    tenant LowCardinality(String),
    expense_id String,
    budget_id String,
    amount Decimal(18, 2),
    currency String,
    time DateTime('UTC'),
    description String,
    seq UInt64
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY (tenant, expense_id);
