package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/leerlijn/leerlijn/schema/profile"
)

// verbs of a realistic cmi5 course session.
var verbs = []string{
	profile.VerbLaunched, profile.VerbInitialized, profile.VerbProgressed,
	profile.VerbCompleted, profile.VerbPassed, profile.VerbTerminated,
}

// statement returns a cmi5-shaped statement of about 1 KB with a fresh id.
func statement(r *rand.Rand, now time.Time) (string, []byte) {
	id := uuid.NewString()
	verb := verbs[r.IntN(len(verbs))]
	short := verb[strings.LastIndexByte(verb, '/')+1:]
	learner := r.IntN(2000)
	course := r.IntN(150)
	body := fmt.Sprintf(`{"id":%q,"actor":{"objectType":"Agent","name":"Learner %d","account":{"homePage":"https://lms.example.com","name":"learner-%d"}},`+
		`"verb":{"id":%q,"display":{"en-US":%q}},`+
		`"object":{"objectType":"Activity","id":"https://lms.example.com/course/%d/au/1","definition":{"name":{"en-US":"Course %d, unit 1"},"description":{"en-US":"The first assignable unit of course %d"},"type":"https://w3id.org/xapi/cmi5/activitytype/block"}},`+
		`"result":{"score":{"scaled":0.%02d,"raw":%d,"min":0,"max":100},"success":true,"completion":true,"duration":"PT%dM%dS"},`+
		`"context":{"registration":%q,"contextActivities":{"grouping":[{"id":"https://lms.example.com/course/%d"}],"category":[{"id":"https://w3id.org/xapi/cmi5/context/categories/cmi5"}]},`+
		`"extensions":{%q:%q}},`+
		`"timestamp":%q}`,
		id, learner, learner, verb, short, course, course, course, r.IntN(100), r.IntN(100), r.IntN(60), r.IntN(60),
		uuid.NewString(), course, profile.ExtCMI5SessionID, uuid.NewString(), now.UTC().Format(time.RFC3339Nano))
	return id, []byte(body)
}

// batch returns n statements as a JSON array and their ids.
func batch(r *rand.Rand, n int, now time.Time) ([]string, []byte) {
	if n == 1 {
		id, b := statement(r, now)
		return []string{id}, b
	}
	ids := make([]string, n)
	var sb strings.Builder
	sb.WriteByte('[')
	for i := range n {
		if i > 0 {
			sb.WriteByte(',')
		}
		id, b := statement(r, now)
		ids[i] = id
		sb.Write(b)
	}
	sb.WriteByte(']')
	return ids, []byte(sb.String())
}
