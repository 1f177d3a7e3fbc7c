// Package refdata holds Leerlijn's reference data: the budgets, expenses,
// people (the directory that maps xAPI agents to persons, org units, work
// schedules and hourly cost) and per-tenant settings that the metrics need
// beside the statements. Each is an event on the log (schema/event kinds
// budget, expense, person, settings) whose body is the JSON of the type
// here, validated and normalised by its Parse function. It also reads the
// CSV import files (csv.go, docs/import.md) and the compact work-schedule
// syntax of those files (ParseScheduleSpec).
//
// It imports only the standard library, segmentio/encoding and schema/xapi
// (for Agents and for the Problem type the collector turns into a 400).
package refdata
