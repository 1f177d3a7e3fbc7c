package collector

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

func init() {
	// Secrets are hashed slowly on purpose; the tests create over a
	// hundred clients, which under -race would take minutes.
	hashIterations = 1000
}

// StatementQuerySQL returns the SQL of the first page of the statement
// query params in tenant, with its arguments inlined as literals, so that
// tests can run it on an engine without client-side binding (chDB).
func StatementQuerySQL(tenant string, params url.Values, limit int) (string, error) {
	q, err := parseStatementQuery(params, limit)
	if err != nil {
		return "", err
	}
	sql, args := pageSQL(tenant, &q, nil)
	var b strings.Builder
	for _, part := range strings.Split(sql, "?") {
		b.WriteString(part)
		if len(args) == 0 {
			continue
		}
		switch a := args[0].(type) {
		case string:
			b.WriteString("'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(a) + "'")
		case int64:
			b.WriteString(strconv.FormatInt(a, 10))
		default:
			return "", fmt.Errorf("argument of type %T", a)
		}
		args = args[1:]
	}
	return b.String(), nil
}
