-- Statement facts: one row per stored statement, the projection of the
-- statement events on the log. ReplacingMergeTree keyed by (tenant,
-- timestamp, statement_id) with the JetStream sequence as version: a
-- redelivered or replayed event writes the same key again and FINAL (or
-- argMax by seq) counts it once. Voiding re-inserts the target row with
-- voided = 1 and the voiding event's (higher) sequence.
CREATE TABLE IF NOT EXISTS statements
(
    tenant LowCardinality(String),
    statement_id UUID,
    verb_id LowCardinality(String),
    actor_ifi String,
    object_type LowCardinality(String),
    object_id String,
    registration Nullable(UUID),
    timestamp DateTime('UTC'),
    timestamp_ms Int64,
    stored DateTime('UTC'),
    stored_ms Int64,
    voided UInt8,
    voiding_target Nullable(UUID),
    client String,
    raw String,
    seq UInt64
)
ENGINE = ReplacingMergeTree(seq)
PARTITION BY toYYYYMM(timestamp)
ORDER BY (tenant, timestamp, statement_id);

-- Voids whose target has not been projected yet (the voiding statement
-- arrived first). The statements projection reads it when the target
-- arrives, so the order of arrival does not change the outcome.
CREATE TABLE IF NOT EXISTS statement_voids
(
    tenant LowCardinality(String),
    target_id UUID,
    voiding_id UUID,
    seq UInt64
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY (tenant, target_id);
