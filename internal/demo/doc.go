// Package demo generates a synthetic organisation that behaves like a real
// one, for demonstrations and for exercising the metrics end to end: org
// units, people with work schedules, time zones, hourly costs and moves, a
// catalogue of activities, team, central and individual budgets with some
// expenses, and a period of xAPI statements (enrolments, cmi5 sessions,
// workplace, social and self-directed learning, cancellations, voiding, and
// a few statements that belong in the data-quality view).
//
// Generate is deterministic: the same Config gives byte-identical reference
// data and statements, statement ids included. The behaviour it imitates is
// written down in behaviour.go and docs/demo.md, and the tests check it on
// the generated data. Post sends a Dataset through the collector's HTTP
// APIs; WriteFiles writes it as import files.
//
// It imports schema/... and the standard library (plus errgroup for
// bounded concurrency); nothing imports it but cmd/leerlijn.
package demo
