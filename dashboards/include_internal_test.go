package dashboards

import (
	"io/fs"
	"strings"
	"testing"
)

func TestExpandIncludes(t *testing.T) {
	fragments := map[string]string{
		"scope.sql":    "-- header line one\n-- header line two\n\nSELECT 1 AS x\nFROM t\n",
		"noheader.sql": "SELECT 2",
		"outer.sql":    "-- wraps scope\n\nSELECT x FROM\n(\n    -- include: scope.sql\n)\n",
		"loop.sql":     "-- includes itself\n\n-- include: loop.sql\n",
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
		{"include indented as the include line, header left out", "SELECT x FROM\n(\n    -- include: scope.sql\n)\n", "SELECT x FROM\n(\n    SELECT 1 AS x\n    FROM t\n)\n", false},
		{"nested include", "  -- include: outer.sql", "  SELECT x FROM\n  (\n      SELECT 1 AS x\n      FROM t\n  )", false},
		{"a comment that is not an include", "-- includes: scope.sql\n", "-- includes: scope.sql\n", false},
		{"fragment without a header", "-- include: noheader.sql\n", "", true},
		{"unknown fragment", "-- include: missing.sql\n", "", true},
		{"cycle", "-- include: loop.sql\n", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := expandIncludes("q.sql", tc.in, read)
			if tc.wantErr {
				if err == nil || !strings.Contains(err.Error(), "q.sql") {
					t.Fatalf("err = %v, want an error naming the query", err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
