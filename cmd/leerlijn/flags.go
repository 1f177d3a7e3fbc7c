package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
)

// envName is the environment variable of a flag: -clickhouse.addr is
// LEERLIJN_CLICKHOUSE_ADDR.
func envName(flagName string) string {
	return "LEERLIJN_" + strings.NewReplacer(".", "_", "-", "_").Replace(strings.ToUpper(flagName))
}

// envNameIn is envName for a flag of fs; the import mode's short flags
// (-url, -user) get their own prefix: LEERLIJN_IMPORT_URL.
func envNameIn(fs *flag.FlagSet, flagName string) string {
	if fs.Name() == "leerlijn import" {
		return strings.Replace(envName(flagName), "LEERLIJN_", "LEERLIJN_IMPORT_", 1)
	}
	return envName(flagName)
}

// newFlagSet returns a flag set whose usage starts with what the mode does
// and lists the flags grouped by component, each with its variable.
func newFlagSet(e *env, name, about string) *flag.FlagSet {
	fs := flag.NewFlagSet("leerlijn "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() { printUsage(e.stderr, fs, name, about) }
	return fs
}

func printUsage(w io.Writer, fs *flag.FlagSet, name, about string) {
	fmt.Fprintf(w, "Usage: leerlijn %s [flags]\n\n%s\n", name, strings.TrimSpace(about))
	groups := map[string][]*flag.Flag{}
	fs.VisitAll(func(f *flag.Flag) {
		g, _, ok := strings.Cut(f.Name, ".")
		if !ok {
			g = "general"
		}
		groups[g] = append(groups[g], f)
	})
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	for _, g := range names {
		fmt.Fprintf(w, "\n%s:\n", g)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, f := range groups[g] {
			def := f.DefValue
			if def != "" {
				def = " (default " + def + ")"
			}
			fmt.Fprintf(tw, "  -%s\t%s%s\t[%s]\n", f.Name, f.Usage, def, envNameIn(fs, f.Name))
		}
		tw.Flush()
	}
}

// parse parses args, then sets every flag not given on the command line
// from its environment variable, if set.
func parse(fs *flag.FlagSet, e *env, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err // flag has already called fs.Usage
		}
		return fmt.Errorf("%w (run %q for the flags)", err, fs.Name()+" -h")
	}
	if fs.NArg() > 0 && !allowsArgs[fs.Name()] {
		return fmt.Errorf("unexpected arguments %q (run %q for the flags)", fs.Args(), fs.Name()+" -h")
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] {
			return
		}
		if v := e.getenv(envNameIn(fs, f.Name)); v != "" {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", envNameIn(fs, f.Name), err))
			}
		}
	})
	return errors.Join(errs...)
}

// allowsArgs lists the flag sets that take positional arguments.
var allowsArgs = map[string]bool{"leerlijn clients": true, "leerlijn deadletters": true, "leerlijn import": true}

// readSecret returns the value of a secret given directly (flag or env) or
// in a file; the file wins when both are set, and its trailing newline is
// dropped.
func readSecret(direct, file string) (string, error) {
	if file == "" {
		return direct, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("read secret file: %w", err)
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}
