package dashboards

import (
	"errors"
	"io/fs"
	"testing"
)

func TestExpandIncludes(t *testing.T) {
	fragments := map[string]string{
		"scope.sql":    "-- header line one\n-- header line two\n    SELECT 1 AS x\n    FROM t\n",
		"noheader.sql": "SELECT 2",
	}
	read := func(name string) ([]byte, error) {
		if f, ok := fragments[name]; ok {
			return []byte(f), nil
		}
		return nil, fs.ErrNotExist
	}
	for _, tc := range []struct {
		name, in, want string
		wantErr        bool
	}{
		{"no include", "SELECT 3\n", "SELECT 3\n", false},
		{"include with header and indentation", "SELECT x FROM\n(\n    -- include: scope.sql\n)\n", "SELECT x FROM\n(\n    SELECT 1 AS x\n    FROM t\n)\n", false},
		{"include on the last line without newline", "-- include: noheader.sql", "SELECT 2", false},
		{"a comment that is not an include", "-- includes: scope.sql\n", "-- includes: scope.sql\n", false},
		{"unknown fragment", "-- include: missing.sql\n", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := expandIncludes("q.sql", tc.in, read)
			if tc.wantErr {
				if !errors.Is(err, fs.ErrNotExist) {
					t.Fatalf("err = %v, want a not-exist error naming the include", err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
