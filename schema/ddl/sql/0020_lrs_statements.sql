-- The LRS read model: statements as the statement resource filters and
-- pages them (xAPI Communication 2.1.3), written by the statements
-- projection beside the `statements` fact table. Ordered by stored time so
-- that since, until and the `more` cursor are primary-key ranges; keyed by
-- (tenant, stored_ms, statement_id), which an event never changes, so a
-- redelivered or replayed event writes the same key and FINAL keeps one
-- row. Voiding does not rewrite rows here: queries leave out statements
-- that `statement_voids` names, unless they are voiding statements
-- themselves (a voiding statement cannot be voided).
--
-- statement_id, ref_target and registration are lowercase UUID text ('' for
-- none) so that the keyset cursor compares the same way in Go and SQL.
CREATE TABLE IF NOT EXISTS lrs_statements
(
    tenant LowCardinality(String),
    stored DateTime('UTC'),
    stored_ms Int64,
    statement_id String,
    verb_id LowCardinality(String),
    object_type LowCardinality(String),
    object_id String,
    ref_target String,
    voiding UInt8,
    registration String,
    agents Array(String),
    related_agents Array(String),
    related_activities Array(String),
    client String,
    raw String,
    seq UInt64
)
ENGINE = ReplacingMergeTree(seq)
PARTITION BY toYYYYMM(stored)
ORDER BY (tenant, stored_ms, statement_id);
