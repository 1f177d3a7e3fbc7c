package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/leerlijn/leerlijn/collector"
	"github.com/leerlijn/leerlijn/internal/eventlog"
)

const clientsAbout = `Manages xAPI clients: the credentials (HTTP Basic key and secret) an LMS,
LXP or tool uses, each bound to one tenant with a set of scopes. Secrets are
stored only as slow hashes in the JetStream bucket LEERLIJN_CLIENTS.

  leerlijn clients add -tenant acme -scopes statements/write,statements/read [-name "Moodle"] [-key KEY] [-validation lenient]
      prints the new client's key and secret once: store the secret now
  leerlijn clients list
  leerlijn clients update [-scopes ...] [-name ...] [-validation strict|lenient] KEY
  leerlijn clients revoke KEY

Validation "lenient" accepts what real-world emitters commonly get wrong (H5P's
"compound" interactionType) and records the problem with the statement on the
event log; "strict" (the default) rejects it. Admin clients can do the same
over HTTP at /api/v1/clients.

Scopes: ` + "statements/write, statements/read, statements/read/mine, all/read, all, state, define, profile, admin"

func runClients(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "clients", clientsAbout)
	var lo logOptions
	var no natsOptions
	var tenant, scopes, name, key, validation string
	lo.register(fs)
	no.register(fs, false)
	fs.StringVar(&tenant, "tenant", "", "add: tenant of the new client")
	fs.StringVar(&scopes, "scopes", "statements/write,statements/read/mine", "add: comma-separated scopes")
	fs.StringVar(&name, "name", "", "add: a name to recognise the client by")
	fs.StringVar(&key, "key", "", "add: the client key (default: generated)")
	fs.StringVar(&validation, "validation", "", "add, update: statement validation, strict (default) or lenient")
	if len(args) == 0 {
		fs.Usage()
		return errors.New("clients: say add, list or revoke")
	}
	sub, rest := args[0], args[1:]
	if sub == "-h" || sub == "--help" || sub == "help" {
		fs.Usage()
		return nil
	}
	if err := parse(fs, e, rest); err != nil {
		return err
	}
	log, err := lo.logger(e.stderr)
	if err != nil {
		return err
	}
	a := newApp(log)
	defer a.close()
	if err := a.connectNATS(ctx, no, "clients"); err != nil {
		return err
	}
	kv, err := eventlog.ClientsBucket(ctx, a.js, no.replicas)
	if err != nil {
		return err
	}
	store := collector.NewClientStore(kv)
	switch sub {
	case "add":
		return addClient(ctx, e, store, tenant, scopes, name, key, validation)
	case "update":
		if fs.NArg() != 1 {
			return errors.New("clients update: give the client key")
		}
		given := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
		c, err := store.Update(ctx, fs.Arg(0), func(c *collector.Client) error {
			if given["scopes"] {
				sc, err := collector.ParseScopes(scopes)
				if err != nil {
					return fmt.Errorf("-scopes: %w", err)
				}
				c.Scopes = sc
			}
			if given["name"] {
				c.Name = name
			}
			if given["validation"] {
				c.Validation = validation
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("clients update %s: %w", fs.Arg(0), err)
		}
		fmt.Fprintf(e.stdout, "client %s updated: scopes %s, validation %s\n", c.Key, scopeList(c.Scopes), validationOf(c))
		return nil
	case "list":
		return listClients(ctx, e, store)
	case "revoke":
		if fs.NArg() != 1 {
			return errors.New("clients revoke: give the client key")
		}
		if err := store.Revoke(ctx, fs.Arg(0)); err != nil {
			return fmt.Errorf("revoke %s: %w", fs.Arg(0), err)
		}
		fmt.Fprintf(e.stdout, "client %s revoked\n", fs.Arg(0))
		return nil
	}
	return fmt.Errorf("clients: unknown command %q: say add, list, update or revoke", sub)
}

func addClient(ctx context.Context, e *env, store *collector.ClientStore, tenant, scopes, name, key, validation string) error {
	if tenant == "" {
		return errors.New("clients add: -tenant is required")
	}
	sc, err := collector.ParseScopes(scopes)
	if err != nil {
		return fmt.Errorf("clients add: -scopes: %w", err)
	}
	genKey, secret, err := collector.NewCredentials()
	if err != nil {
		return err
	}
	if key == "" {
		key = genKey
	}
	c := collector.Client{Key: key, Name: name, Tenant: tenant, Scopes: sc, Validation: validation}
	if err := store.Add(ctx, c, secret); err != nil {
		return fmt.Errorf("clients add: %w", err)
	}
	fmt.Fprintf(e.stdout, "client added to tenant %s\nkey:    %s\nsecret: %s\n(the secret is shown only now; it is stored as a hash)\n", tenant, key, secret)
	return nil
}

func listClients(ctx context.Context, e *env, store *collector.ClientStore) error {
	cs, err := store.List(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TENANT\tKEY\tNAME\tSCOPES\tVALIDATION\tCREATED\tREVOKED")
	for _, c := range cs {
		revoked := ""
		if c.Revoked != nil {
			revoked = c.Revoked.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.Tenant, c.Key, c.Name, scopeList(c.Scopes), validationOf(c), c.Created.Format(time.RFC3339), revoked)
	}
	return tw.Flush()
}

func scopeList(ss []collector.Scope) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return strings.Join(out, ",")
}

func validationOf(c collector.Client) string {
	if c.Validation == "" {
		return collector.ValidationStrict
	}
	return c.Validation
}
