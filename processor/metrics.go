package processor

import "github.com/prometheus/client_golang/prometheus"

type metrics struct {
	events        *prometheus.CounterVec
	batches       *prometheus.CounterVec
	applyDuration *prometheus.HistogramVec
	applyErrors   *prometheus.CounterVec
	deadLetters   *prometheus.CounterVec
	// deadLettersWaiting and retries are the dead letters on the stream
	// and the outcomes of "leerlijn deadletters retry".
	deadLettersWaiting *prometheus.GaugeVec
	retries            *prometheus.CounterVec
	lag                *prometheus.GaugeVec
	failing            *prometheus.GaugeVec
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leerlijn_processor_events_total",
			Help: "Events applied and acknowledged, by projection.",
		}, []string{"projection"}),
		batches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leerlijn_processor_batches_total",
			Help: "Batches applied, by projection.",
		}, []string{"projection"}),
		applyDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "leerlijn_processor_apply_duration_seconds",
			Help:    "Time to apply one batch to ClickHouse, by projection.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"projection"}),
		applyErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leerlijn_processor_apply_errors_total",
			Help: "Failed applies (retried), by projection.",
		}, []string{"projection"}),
		deadLetters: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leerlijn_processor_dead_letters_total",
			Help: "Events sent to the dead-letter stream, by projection.",
		}, []string{"projection"}),
		deadLettersWaiting: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "leerlijn_processor_dead_letters",
			Help: "Dead letters of the projection waiting on the dead-letter stream (leerlijn deadletters list).",
		}, []string{"projection"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leerlijn_processor_dead_letter_retries_total",
			Help: "Retried dead letters by projection and outcome: applied, or dead_letter (failed again).",
		}, []string{"projection", "outcome"}),
		lag: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "leerlijn_processor_lag_events",
			Help: "Events on the log the projection has not applied yet (waiting for delivery, or delivered and not acknowledged).",
		}, []string{"projection"}),
		failing: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "leerlijn_processor_failing",
			Help: "1 while the projection's last apply or fetch failed.",
		}, []string{"projection"}),
	}
	for _, c := range []prometheus.Collector{m.events, m.batches, m.applyDuration, m.applyErrors, m.deadLetters, m.deadLettersWaiting, m.retries, m.lag, m.failing} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}
