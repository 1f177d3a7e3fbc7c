package main

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

const probeAbout = `Fetches a URL and exits 0 on a 2xx answer, 1 otherwise: the container
health check of the distroless image, which has no curl or wget.`

func runProbe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "probe", probeAbout)
	var url string
	var timeout time.Duration
	fs.StringVar(&url, "url", "http://127.0.0.1:8080/readyz", "URL to fetch")
	fs.DurationVar(&timeout, "timeout", 3*time.Second, "how long to wait for the answer")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("probe %s: %w", url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("probe %s: %w", url, err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("probe %s: %s", url, resp.Status)
	}
	return nil
}
