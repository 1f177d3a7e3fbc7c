-- Time off work. The timeoff projection reads statements, people and
-- settings on one consumer and computes working minutes in Go
-- (refdata.WorkWeek.Split); ClickHouse only sums them.
--
-- Sessions: one row per statement whose result.duration counts as a
-- session (docs/metrics.md). session_key is the cmi5 session id ('' for
-- other statements), rank orders a cmi5 session's statements (terminated 0,
-- abandoned 1), completion marks completed/passed/failed durations, which
-- count only when their registration has no other session. work_time is
-- the work-time extension: -1 absent, 0 false, 1 true.
CREATE TABLE IF NOT EXISTS timeoff_sessions
(
    tenant LowCardinality(String),
    actor_ifi String,
    statement_id UUID,
    registration String,
    session_key String,
    rank UInt8,
    completion UInt8,
    learning_form LowCardinality(String),
    start_ms Int64,
    end_ms Int64,
    work_time Int8,
    seq UInt64
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY (tenant, actor_ifi, statement_id);

-- Minutes of a session per local day under one schedule key
-- ("<zone>|<canonical schedule>"). A row is a pure function of the
-- statement and the key, so writing it again (redelivery, replay, a
-- recomputation after a person or settings event) writes the same values:
-- the views pick, at query time, the key of the schedule that applies.
CREATE TABLE IF NOT EXISTS timeoff_minutes
(
    tenant LowCardinality(String),
    statement_id UUID,
    schedule_key String,
    day Date,
    actor_ifi String,
    learning_form LowCardinality(String),
    start DateTime('UTC'),
    total_ms UInt64,
    work_ms UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (tenant, statement_id, schedule_key, day);

-- The timeoff projection's own copy of the directory and settings, written
-- in the same consumer as the sessions, so that whichever of a session, a
-- person and the settings arrives last computes the minutes with the
-- others present. Same columns as people and tenant_settings.
CREATE TABLE IF NOT EXISTS timeoff_people
(
    tenant LowCardinality(String),
    person_id String,
    valid_from Date,
    org_unit String,
    org_path Array(String),
    actors Array(String),
    hourly_cost Decimal(18, 2),
    has_hourly_cost UInt8,
    timezone String,
    schedule String,
    stored DateTime('UTC'),
    seq UInt64
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY (tenant, person_id, valid_from);

CREATE TABLE IF NOT EXISTS timeoff_settings
(
    tenant LowCardinality(String),
    currency String,
    timezone String,
    schedule String,
    abandoned_after_days UInt16,
    seq UInt64
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY tenant;

CREATE TABLE IF NOT EXISTS timeoff_voids
(
    tenant LowCardinality(String),
    target_id UUID,
    voiding_id UUID,
    seq UInt64
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY (tenant, target_id, voiding_id);
