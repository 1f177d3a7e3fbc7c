package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
)

func runLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("xapiload run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c loadConfig
	c.register(fs)
	fs.StringVar(&c.url, "url", "http://127.0.0.1:8080/xapi", "xAPI base URL (the statements resource is URL/statements)")
	fs.StringVar(&c.user, "user", "", "client key (HTTP Basic user)")
	fs.StringVar(&c.pass, "password", "", "client secret (HTTP Basic password)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c.url = strings.TrimSuffix(c.url, "/")
	fmt.Fprintf(stderr, "loading %s with %d connections, %d statement(s) per POST, for %s after %s warm-up\n", c.url, c.connections, c.batch, c.duration, c.warmup)
	res, err := drive(ctx, c, nil)
	if err != nil {
		return err
	}
	header(stdout)
	report(stdout, c.url, res, nil)
	if len(res.errors) > 0 {
		fmt.Fprintf(stdout, "\nerrors by status (0 = no answer): %v\n", res.errors)
	}
	return nil
}
