-- The directory: who a learner is, where they work and when. Written by
-- the directory projection from person and settings events; the metric
-- views resolve statements against it at query time, so reference data may
-- arrive before or after the statements it explains (docs/adr/0008).
--
-- One row per person version: a person event with a new valid_from is a
-- new version (a move to another org unit counts from that date); the same
-- valid_from again replaces that version. The stream sequence is the
-- version, so redelivery and replay keep exactly one row per key.
CREATE TABLE IF NOT EXISTS people
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

-- A tenant's settings: the last settings event wins. schedule is the
-- canonical form of the default work schedule (refdata.WorkWeek.Canonical).
CREATE TABLE IF NOT EXISTS tenant_settings
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
