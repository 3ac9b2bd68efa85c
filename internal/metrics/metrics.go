// Package metrics counts what the bot does, for Prometheus. It holds no
// message content and no person's identity: only platforms, flows,
// outcomes and durations.
package metrics

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"treadwell/internal/chat"
	"treadwell/internal/due"
)

// The label values known in advance. New creates every combination at 0,
// so that /metrics shows each series before its first event (dashboards
// and rate() need it); other values still work, from their first event.
var (
	// Platforms that handle messages.
	platforms = chat.Platforms
	// Platforms that report failed sends (the console never fails one).
	sendPlatforms = []chat.Platform{chat.Telegram, chat.Discord}
)

// Metrics are the bot's collectors, registered on one registry.
type Metrics struct {
	messagesIn  *prometheus.CounterVec
	messagesOut *prometheus.CounterVec
	handling    *prometheus.HistogramVec
	reminders   *prometheus.CounterVec
	sendErrors  *prometheus.CounterVec
	invalid     *prometheus.CounterVec
	queueLag    prometheus.Gauge
}

// New creates the collectors and registers them on reg.
func New(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		messagesIn: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "treadwell_messages_in_total", Help: "Messages and button presses handled, by platform.",
		}, []string{"platform"}),
		messagesOut: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "treadwell_messages_out_total", Help: "Replies produced, by platform.",
		}, []string{"platform"}),
		handling: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "treadwell_handle_seconds", Help: "Time to handle one message, store included.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14),
		}, []string{"platform"}),
		reminders: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "treadwell_reminders_total", Help: "Reminders by outcome: due, sent, late, skipped, failed.",
		}, []string{"outcome"}),
		sendErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "treadwell_send_errors_total", Help: "Failed sends by platform and kind: unreachable or other.",
		}, []string{"platform", "kind"}),
		invalid: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "treadwell_invalid_requests_total",
			Help: "API responses 401, 403 and 429 by platform and status (Discord bans at 10,000 in 10 minutes).",
		}, []string{"platform", "status"}),
		queueLag: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "treadwell_reminder_queue_lag_seconds", Help: "How long the oldest due reminder has waited.",
		}),
	}
	for _, p := range platforms {
		m.messagesIn.WithLabelValues(string(p))
		m.messagesOut.WithLabelValues(string(p))
		m.handling.WithLabelValues(string(p))
	}
	for _, o := range due.Outcomes {
		m.reminders.WithLabelValues(string(o))
	}
	for _, p := range sendPlatforms {
		for _, k := range chat.SendErrorKinds {
			m.sendErrors.WithLabelValues(string(p), string(k))
		}
	}
	for _, status := range invalidStatuses {
		m.invalid.WithLabelValues(string(chat.Discord), strconv.Itoa(status))
	}
	reg.MustRegister(m.messagesIn, m.messagesOut, m.handling, m.reminders, m.sendErrors, m.invalid, m.queueLag)
	return m
}

// Message records one handled message (dialog.Observer).
func (m *Metrics) Message(platform chat.Platform, replies int, took time.Duration) {
	m.messagesIn.WithLabelValues(string(platform)).Inc()
	m.messagesOut.WithLabelValues(string(platform)).Add(float64(replies))
	m.handling.WithLabelValues(string(platform)).Observe(took.Seconds())
}

// Reminder records a reminder outcome (reminders.Observer).
func (m *Metrics) Reminder(outcome due.Outcome) { m.reminders.WithLabelValues(string(outcome)).Inc() }

// SendError records a failed send of a platform adapter (wired to the
// adapters' OnSendError).
func (m *Metrics) SendError(platform chat.Platform, kind chat.SendErrorKind) {
	m.sendErrors.WithLabelValues(string(platform), string(kind)).Inc()
}

// invalidStatuses are the statuses Discord counts as invalid requests.
var invalidStatuses = []int{401, 403, 429}

// InvalidRequest records an API response 401, 403 or 429 of a platform
// (wired to the Discord adapter's OnInvalidRequest).
func (m *Metrics) InvalidRequest(platform chat.Platform, status int) {
	m.invalid.WithLabelValues(string(platform), strconv.Itoa(status)).Inc()
}

// QueueLag records how long the oldest due reminder has waited
// (reminders.Observer).
func (m *Metrics) QueueLag(lag time.Duration) { m.queueLag.Set(lag.Seconds()) }
