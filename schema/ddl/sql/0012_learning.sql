-- Learning facts: one row per statement about an Activity, with what the
-- enrolment, completion, ledger and data-quality views read, lifted out of
-- the statement in Go (verb class, enrolment key, course, cost). A row
-- never changes after it is written: voiding is recorded beside it in
-- learning_voids and applied by the views, whatever the arrival order.
--
-- enrolment_key is the lowercase registration, or "<actor IFI> <course id>"
-- for statements without one. course_id is the activity the statement
-- counts toward (docs/metrics.md); about_course says the statement's object
-- is that activity itself. problems lists data-quality issue codes.
CREATE TABLE IF NOT EXISTS learning_statements
(
    tenant LowCardinality(String),
    statement_id UUID,
    class LowCardinality(String),
    actor_ifi String,
    enrolment_key String,
    registration String,
    object_id String,
    course_id String,
    course_name String,
    learning_form LowCardinality(String),
    about_course UInt8,
    timestamp DateTime('UTC'),
    timestamp_ms Int64,
    cost_amount Decimal(18, 2),
    cost_currency String,
    budget_id String,
    score_scaled Nullable(Float64),
    problems Array(String),
    seq UInt64
)
ENGINE = ReplacingMergeTree(seq)
PARTITION BY toYYYYMM(timestamp)
ORDER BY (tenant, enrolment_key, statement_id);

-- Voids seen by the learning projection: target voided by voiding_id at
-- void_time (the voiding statement's timestamp).
CREATE TABLE IF NOT EXISTS learning_voids
(
    tenant LowCardinality(String),
    target_id UUID,
    voiding_id UUID,
    void_time DateTime('UTC'),
    void_ms Int64,
    seq UInt64
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY (tenant, target_id, voiding_id);
