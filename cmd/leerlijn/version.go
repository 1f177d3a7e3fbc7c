package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// buildVersion is the module version, or the VCS revision of a dev build.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			if v == "" || v == "(devel)" {
				v = "dev"
			}
			v += "+" + s.Value[:12]
		}
	}
	return v
}

func runVersion(_ context.Context, e *env, _ []string) error {
	fmt.Fprintln(e.stdout, "leerlijn", buildVersion())
	return nil
}
