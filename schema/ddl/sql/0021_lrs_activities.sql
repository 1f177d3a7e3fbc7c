-- Activity definitions as statements carried them, for the Activities
-- resource (xAPI Communication 2.5): one row per distinct definition of an
-- Activity in a tenant, versioned by the stream sequence of the latest
-- statement that carried it. The collector merges the rows of an Activity
-- in stored order into its canonical definition.
CREATE TABLE IF NOT EXISTS lrs_activities
(
    tenant LowCardinality(String),
    activity_id String,
    definition_hash String,
    definition String,
    stored_ms Int64,
    seq UInt64
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY (tenant, activity_id, definition_hash);
