package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/leerlijn/leerlijn/internal/demo"
	"github.com/leerlijn/leerlijn/internal/progress"
	"github.com/leerlijn/leerlijn/internal/secret"
)

const demoAbout = `Generates a realistic synthetic organisation and loads it through the
collector's real APIs: the tenant's settings, people (with work schedules,
time zones, hourly costs and mid-year moves), team, central and individual
budgets and some expenses through /api/v1, then a period of xAPI statements
(enrolments with costs, cmi5 sessions, cancellations, workplace, social and
self-directed learning, voiding, and a few statements meant for the
data-quality view) in time order through /xapi/statements. docs/demo.md
describes the organisation and the behaviour it imitates.

The same -seed and sizes give byte-identical data and statement ids, so a
second run changes nothing. With -out DIR the data is written as files
(people.csv and budgets.csv in the import format, statements.ndjson, ...)
and nothing is posted. Progress goes to standard error, the summary to
standard output.

Every flag can also be set as LEERLIJN_DEMO_<FLAG>, e.g. LEERLIJN_DEMO_PASSWORD.`

// demoEnvPrefix prefixes the demo mode's environment variables: its short
// flags (-url, -user, -seed) would otherwise read LEERLIJN_URL and so on.
const demoEnvPrefix = "LEERLIJN_DEMO_"

func runDemo(ctx context.Context, e *env, args []string) error {
	de := *e
	de.getenv = func(k string) string { return e.getenv(demoEnvPrefix + strings.TrimPrefix(k, "LEERLIJN_")) }
	fs := newFlagSet(&de, "demo", demoAbout)
	fs.Usage = func() {
		var b bytes.Buffer
		printUsage(&b, fs, "demo", demoAbout)
		io.WriteString(e.stderr, strings.ReplaceAll(b.String(), "[LEERLIJN_", "["+demoEnvPrefix))
	}
	var gcfg demo.Config
	var pcfg demo.PostConfig
	var lo logOptions
	var password, passwordFile, out, progressMode string
	gcfg.RegisterFlags(fs)
	pcfg.RegisterFlags(fs)
	lo.register(fs)
	fs.StringVar(&password, "password", "", "client secret (prefer -password-file or the environment)")
	fs.StringVar(&passwordFile, "password-file", "", "file holding the client secret")
	fs.StringVar(&out, "out", "", "write the data as files into this directory instead of posting it")
	fs.StringVar(&progressMode, "progress", "auto", "progress on standard error: auto (redrawn on a terminal, a line now and then otherwise), plain, or off")
	if err := parse(fs, &de, args); err != nil {
		return err
	}
	log, err := lo.logger(e.stderr)
	if err != nil {
		return err
	}
	log = log.With("component", "demo")
	if err := gcfg.Validate(); err != nil {
		return err
	}
	var terminal bool
	switch progressMode {
	case "auto":
		terminal = isTerminal(e.stderr)
	case "plain", "off":
	default:
		return fmt.Errorf("-progress %q: use auto, plain or off", progressMode)
	}
	var poster *demo.Poster
	if out == "" {
		pw, err := readSecret(password, passwordFile)
		if err != nil {
			return fmt.Errorf("-password-file: %w", err)
		}
		pcfg.Password = secret.Value(pw)
		var w io.Writer = e.stderr
		if progressMode == "off" {
			w = nil
		}
		if poster, err = demo.NewPoster(pcfg, log, w, terminal); err != nil {
			return err
		}
	}

	t0 := time.Now()
	ds, err := demo.Generate(gcfg)
	if err != nil {
		return err
	}
	genTime := time.Since(t0)
	s := ds.Stats
	fmt.Fprintf(e.stdout, "generated in %s (seed %d, %s to %s): %d people (%d versions, %d moves, %d new hires) in %d org units, %d activities,\n"+
		"  %d team and central budgets, %d individual budgets, %d expenses, %d statements (%d voided);\n"+
		"  budget use %.1f%% of EUR %.0f, formal share of use %.1f%%; planted data-quality issues: %d statements of unknown learners, "+
		"%d costs in another currency, %d costs without a budget\n",
		progress.FormatDuration(genTime), gcfg.Seed, s.From, s.To, s.People, s.PersonVersions, s.Movers, s.NewHires, s.OrgUnits, s.Activities,
		s.TeamBudgets, s.IndividualBudgets, s.Expenses, s.Statements, s.Voided,
		100*s.Utilisation, s.Allocated, 100*s.FormalShare, s.UnknownLearnerStatements, s.OtherCurrencyCosts, s.NoBudgetCosts)

	if out != "" {
		if err := ds.WriteFiles(out); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote %s: %s, %s, %s, %s, %s, %s\n", out, demo.FileSettings, demo.FilePeople, demo.FileBudgets,
			demo.FileExpenses, demo.FileStatements, demo.FileSummary)
		return nil
	}
	log.Info("posting demo data", "url", pcfg.URL, "statements", ds.Len())
	sum, err := poster.Post(ctx, ds)
	fmt.Fprintln(e.stdout, "posted to", pcfg.URL)
	sum.Write(e.stdout)
	return err
}
