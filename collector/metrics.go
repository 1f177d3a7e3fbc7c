package collector

import "github.com/prometheus/client_golang/prometheus"

type metrics struct {
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	statements *prometheus.CounterVec
	rejections *prometheus.CounterVec
	publish    *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leerlijn_collector_requests_total",
			Help: "xAPI requests by route and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "leerlijn_collector_request_duration_seconds",
			Help:    "Time to answer an xAPI request, by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		statements: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leerlijn_collector_statements_total",
			Help: "Statements received, by outcome: stored, duplicate (identical re-post, no-op); stored_lenient counts the stored ones a lenient client sent with problems strict validation rejects.",
		}, []string{"outcome"}),
		rejections: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leerlijn_collector_rejections_total",
			Help: "Requests answered with an error, by reason.",
		}, []string{"reason"}),
		publish: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "leerlijn_collector_publish_duration_seconds",
			Help:    "Time from publishing to JetStream's storage acknowledgement, by kind (single, batch).",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5},
		}, []string{"kind"}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.duration, m.statements, m.rejections, m.publish} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}
