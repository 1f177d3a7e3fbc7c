package demo_test

import (
	"sort"
	"sync"
	"testing"

	"github.com/leerlijn/leerlijn/internal/demo"
)

var (
	analysisOnce sync.Once
	fullAnalysis *analysis
)

// mustAnalysis analyses the full dataset once per run.
func mustAnalysis(tb testing.TB) *analysis {
	tb.Helper()
	analysisOnce.Do(func() { fullAnalysis = analyse(tb, mustFull(tb)) })
	if fullAnalysis == nil {
		tb.Fatal("the analysis of the full dataset failed")
	}
	return fullAnalysis
}

func within(t *testing.T, what string, got, lo, hi float64) {
	t.Helper()
	t.Logf("%s: %.3f (want %.3f to %.3f)", what, got, lo, hi)
	if got < lo || got > hi {
		t.Errorf("%s = %.3f, want between %.3f and %.3f", what, got, lo, hi)
	}
}

// TestBehaviour checks, on a default-size year computed from the posted
// data alone, the behaviour docs/demo.md promises.
func TestBehaviour(t *testing.T) {
	a := mustAnalysis(t)
	t.Run("BudgetHalfUsedAtYearEnd", func(t *testing.T) {
		within(t, "utilisation", a.used/a.allocated, 0.45, 0.55)
		// Budgets differ: some are hardly touched, some nearly used up.
		var lowest, highest float64 = 1, 0
		for _, u := range a.budgetUse {
			if u[1] > 0 {
				lowest, highest = min(lowest, u[0]/u[1]), max(highest, u[0]/u[1])
			}
		}
		t.Logf("budget utilisation from %.2f to %.2f", lowest, highest)
		if lowest > 0.3 || highest < 0.8 {
			t.Errorf("budget utilisation spans %.2f to %.2f, want some below 0.30 and some above 0.80", lowest, highest)
		}
	})
	t.Run("FormalCoursesTakeMostSpend", func(t *testing.T) {
		within(t, "formal share of budget use", a.usedByForm[demo.FormFormal]/a.used, 0.85, 0.90)
		for _, f := range []string{demo.FormSocial, demo.FormSelfDirected, "expense"} {
			if a.usedByForm[f] <= 0 {
				t.Errorf("no budget use for %s", f)
			}
		}
	})
	t.Run("CompletionDiffersByActivity", func(t *testing.T) {
		rates := a.rates(10)
		if len(rates) < 30 {
			t.Fatalf("only %d formal activities with 10 enrolments", len(rates))
		}
		t.Logf("completion rates of %d activities from %.2f to %.2f, median %.2f", len(rates), rates[0], rates[len(rates)-1], rates[len(rates)/2])
		if rates[0] > 0.40 || rates[len(rates)-1] < 0.88 {
			t.Errorf("completion rates span %.2f to %.2f, want some at most 0.40 and some at least 0.88", rates[0], rates[len(rates)-1])
		}
	})
	t.Run("LearningAtTheEdgesOfTheDay", func(t *testing.T) {
		within(t, "minutes outside Mon-Fri 09:00-17:00 (local)", a.outside917/a.minutes, 0.17, 0.30)
		within(t, "minutes at weekends", a.weekend/a.minutes, 0.03, 0.10)
		within(t, "minutes outside the learner's schedule", a.outsideSchedule/a.minutes, 0.15, 0.30)
		forms := make([]string, 0, len(a.minutesByForm))
		for f := range a.minutesByForm {
			forms = append(forms, f)
		}
		sort.Strings(forms)
		for _, f := range forms {
			t.Logf("hours %s: %.0f", f, a.minutesByForm[f]/60)
		}
		if a.minutesByForm[demo.FormWorkplace] < a.minutesByForm[demo.FormSelfDirected] {
			t.Error("less workplace learning than self-directed")
		}
	})
	t.Run("DropOutAndCorrections", func(t *testing.T) {
		if a.cancelled == 0 || a.abandoned == 0 {
			t.Errorf("cancelled %d, abandoned %d: want both", a.cancelled, a.abandoned)
		}
		within(t, "voided share of statements", float64(a.voided)/float64(a.statements), 0.001, 0.01)
	})
	t.Run("PlantedDataQuality", func(t *testing.T) {
		if a.unknownLearnerStmts == 0 || a.unknownLearnerStmts > 50 {
			t.Errorf("%d statements of unknown learners, want a few", a.unknownLearnerStmts)
		}
		if a.otherCurrency != 2 || a.noBudget != 3 {
			t.Errorf("%d costs in another currency and %d without a budget, want 2 and 3", a.otherCurrency, a.noBudget)
		}
	})
	t.Run("PeopleMoveAndWorkAbroad", func(t *testing.T) {
		both := 0
		for _, units := range a.moverUnits {
			if len(units) > 1 {
				both++
			}
		}
		if both < 10 {
			t.Errorf("%d movers learned in both their units, want at least 10", both)
		}
		if a.zones["Asia/Kolkata"] == 0 || a.zones["America/New_York"] == 0 {
			t.Errorf("people per zone %v: want Asia/Kolkata and America/New_York", a.zones)
		}
	})
}

// TestGeneratorBookkeeping compares the generator's own figures with the
// analysis of what it posts.
func TestGeneratorBookkeeping(t *testing.T) {
	a := mustAnalysis(t)
	s := mustFull(t).Stats
	if d := s.Used - a.used; d > 0.5 || d < -0.5 {
		t.Errorf("generator books EUR %.2f used, the ledger finds %.2f", s.Used, a.used)
	}
	if d := s.Allocated - a.allocated; d > 0.5 || d < -0.5 {
		t.Errorf("generator allocates EUR %.2f, the budgets hold %.2f", s.Allocated, a.allocated)
	}
	if s.Voided != a.voided {
		t.Errorf("generator voids %d statements, the data %d", s.Voided, a.voided)
	}
	if s.UnknownLearnerStatements != a.unknownLearnerStmts {
		t.Errorf("generator planted %d statements of unknown learners, the data has %d", s.UnknownLearnerStatements, a.unknownLearnerStmts)
	}
}
