package profile_test

import (
	"testing"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/profile"
)

func ext(key, raw string) profile.Extensions {
	if key == "" {
		return nil
	}
	return profile.Extensions{key: json.RawMessage(raw)}
}

func TestCost(t *testing.T) {
	cases := []struct {
		name   string
		ext    profile.Extensions
		want   profile.Money
		ok     bool
		hasErr bool
	}{
		{"absent", nil, profile.Money{}, false, false},
		{"string amount", ext(profile.ExtCost, `{"amount":"1250.00","currency":"EUR"}`), profile.Money{"1250.00", "EUR"}, true, false},
		{"number amount", ext(profile.ExtCost, `{"amount": 99.5, "currency":"USD"}`), profile.Money{"99.5", "USD"}, true, false},
		{"three decimals", ext(profile.ExtCost, `{"amount":"1.005","currency":"EUR"}`), profile.Money{}, true, true},
		{"float exponent", ext(profile.ExtCost, `{"amount":1e3,"currency":"EUR"}`), profile.Money{}, true, true},
		{"no currency", ext(profile.ExtCost, `{"amount":"10.00"}`), profile.Money{}, true, true},
		{"lowercase currency", ext(profile.ExtCost, `{"amount":"10.00","currency":"eur"}`), profile.Money{}, true, true},
		{"not an object", ext(profile.ExtCost, `"1250.00 EUR"`), profile.Money{}, true, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok, err := profile.Cost(c.ext)
			if got != c.want || ok != c.ok || (err != nil) != c.hasErr {
				t.Fatalf("Cost = %+v, %v, %v; want %+v, %v, error %v", got, ok, err, c.want, c.ok, c.hasErr)
			}
		})
	}
}

func TestScalarExtensions(t *testing.T) {
	t.Run("budget", func(t *testing.T) {
		if id, ok, err := profile.Budget(ext(profile.ExtBudget, `"team-2026"`)); id != "team-2026" || !ok || err != nil {
			t.Fatalf("Budget = %q, %v, %v", id, ok, err)
		}
		if _, ok, err := profile.Budget(ext(profile.ExtBudget, `42`)); !ok || err == nil {
			t.Fatalf("a number is not a budget id: %v, %v", ok, err)
		}
		if _, ok, _ := profile.Budget(nil); ok {
			t.Fatal("absent budget reported present")
		}
	})
	t.Run("work time", func(t *testing.T) {
		if v, ok, err := profile.WorkTime(ext(profile.ExtWorkTime, `false`)); v || !ok || err != nil {
			t.Fatalf("WorkTime(false) = %v, %v, %v", v, ok, err)
		}
		if v, ok, err := profile.WorkTime(ext(profile.ExtWorkTime, `true`)); !v || !ok || err != nil {
			t.Fatalf("WorkTime(true) = %v, %v, %v", v, ok, err)
		}
		if _, ok, err := profile.WorkTime(ext(profile.ExtWorkTime, `"yes"`)); !ok || err == nil {
			t.Fatalf("WorkTime(\"yes\") = %v, %v", ok, err)
		}
	})
	t.Run("learning form", func(t *testing.T) {
		for _, f := range []string{profile.FormFormal, profile.FormWorkplace, profile.FormSocial, profile.FormSelfDirected} {
			if v, ok, err := profile.LearningForm(ext(profile.ExtLearningForm, `"`+f+`"`)); v != f || !ok || err != nil {
				t.Fatalf("LearningForm(%s) = %q, %v, %v", f, v, ok, err)
			}
		}
		if _, ok, err := profile.LearningForm(ext(profile.ExtLearningForm, `"classroom"`)); !ok || err == nil {
			t.Fatalf("an unknown form: %v, %v", ok, err)
		}
	})
	t.Run("cmi5 session", func(t *testing.T) {
		if v, ok, err := profile.CMI5SessionID(ext(profile.ExtCMI5SessionID, `"abc"`)); v != "abc" || !ok || err != nil {
			t.Fatalf("CMI5SessionID = %q, %v, %v", v, ok, err)
		}
		if _, ok, err := profile.CMI5SessionID(ext(profile.ExtCMI5SessionID, `""`)); !ok || err == nil {
			t.Fatalf("empty session id: %v, %v", ok, err)
		}
	})
}

func TestClassOf(t *testing.T) {
	cases := map[string]profile.Class{
		profile.VerbRegistered:           profile.ClassRegistered,
		profile.VerbLaunched:             profile.ClassStarted,
		profile.VerbProgressed:           profile.ClassStarted,
		profile.VerbCompleted:            profile.ClassCompleted,
		profile.VerbPassed:               profile.ClassPassed,
		profile.VerbFailed:               profile.ClassFailed,
		profile.VerbTerminated:           profile.ClassTerminated,
		profile.VerbAbandoned:            profile.ClassAbandoned,
		profile.VerbUnregistered:         profile.ClassUnregistered,
		"http://example.com/verbs/liked": profile.ClassOther,
	}
	for verb, want := range cases {
		if got := profile.ClassOf(verb); got != want {
			t.Errorf("ClassOf(%s) = %s, want %s", verb, got, want)
		}
	}
}
