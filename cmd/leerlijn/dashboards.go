package main

import (
	"context"
	"fmt"

	"github.com/leerlijn/leerlijn/dashboards"
)

const dashboardsAbout = `Writes the generated Grafana dashboards as JSON files, one per dashboard,
named by uid. The files in deploy/grafana/dashboards are these files.`

func runDashboards(_ context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "dashboards", dashboardsAbout)
	var out string
	fs.StringVar(&out, "out", "deploy/grafana/dashboards", "directory to write the dashboards to")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	if err := dashboards.Write(out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "dashboards written to %s\n", out)
	return nil
}
