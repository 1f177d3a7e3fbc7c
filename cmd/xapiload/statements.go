package main

import (
	"math/rand/v2"
	"strconv"
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
	return appendStatement(make([]byte, 0, 1280), r, now)
}

// appendStatement appends a statement (see statement) to dst. It is built
// by appending, not with fmt: the load generator shares the machine with
// the server it measures, so its own CPU is kept small. Every string in it
// is an IRI, a UUID or a timestamp, none of which needs JSON escaping.
func appendStatement(dst []byte, r *rand.Rand, now time.Time) (string, []byte) {
	id := uuid.NewString()
	verb := verbs[r.IntN(len(verbs))]
	short := verb[strings.LastIndexByte(verb, '/')+1:]
	learner := int64(r.IntN(2000))
	course := int64(r.IntN(150))
	num := strconv.AppendInt
	dst = append(dst, `{"id":"`...)
	dst = append(dst, id...)
	dst = append(dst, `","actor":{"objectType":"Agent","name":"Learner `...)
	dst = num(dst, learner, 10)
	dst = append(dst, `","account":{"homePage":"https://lms.example.com","name":"learner-`...)
	dst = num(dst, learner, 10)
	dst = append(dst, `"}},"verb":{"id":"`...)
	dst = append(dst, verb...)
	dst = append(dst, `","display":{"en-US":"`...)
	dst = append(dst, short...)
	dst = append(dst, `"}},"object":{"objectType":"Activity","id":"https://lms.example.com/course/`...)
	dst = num(dst, course, 10)
	dst = append(dst, `/au/1","definition":{"name":{"en-US":"Course `...)
	dst = num(dst, course, 10)
	dst = append(dst, `, unit 1"},"description":{"en-US":"The first assignable unit of course `...)
	dst = num(dst, course, 10)
	dst = append(dst, `"},"type":"https://w3id.org/xapi/cmi5/activitytype/block"}},"result":{"score":{"scaled":0.`...)
	score := int64(r.IntN(100))
	if score < 10 {
		dst = append(dst, '0')
	}
	dst = num(dst, score, 10)
	dst = append(dst, `,"raw":`...)
	dst = num(dst, int64(r.IntN(100)), 10)
	dst = append(dst, `,"min":0,"max":100},"success":true,"completion":true,"duration":"PT`...)
	dst = num(dst, int64(r.IntN(60)), 10)
	dst = append(dst, 'M')
	dst = num(dst, int64(r.IntN(60)), 10)
	dst = append(dst, `S"},"context":{"registration":"`...)
	dst = append(dst, uuid.NewString()...)
	dst = append(dst, `","contextActivities":{"grouping":[{"id":"https://lms.example.com/course/`...)
	dst = num(dst, course, 10)
	dst = append(dst, `"}],"category":[{"id":"https://w3id.org/xapi/cmi5/context/categories/cmi5"}]},"extensions":{"`...)
	dst = append(dst, profile.ExtCMI5SessionID...)
	dst = append(dst, `":"`...)
	dst = append(dst, uuid.NewString()...)
	dst = append(dst, `"}},"timestamp":"`...)
	dst = now.UTC().AppendFormat(dst, time.RFC3339Nano)
	dst = append(dst, `"}`...)
	return id, dst
}

// batch returns n statements as a JSON array and their ids.
func batch(r *rand.Rand, n int, now time.Time) ([]string, []byte) {
	if n == 1 {
		id, b := statement(r, now)
		return []string{id}, b
	}
	ids := make([]string, n)
	buf := make([]byte, 0, n*1280)
	buf = append(buf, '[')
	for i := range n {
		if i > 0 {
			buf = append(buf, ',')
		}
		ids[i], buf = appendStatement(buf, r, now)
	}
	return ids, append(buf, ']')
}
