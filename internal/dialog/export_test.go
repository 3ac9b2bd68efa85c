package dialog

import (
	"treadwell/internal/chart"
	"treadwell/messages"
)

// SetChartObserver makes e hand every progress chart's data to f before
// drawing it, so tests can check what the chart is given.
func SetChartObserver(e *Engine, f func(chart.Data)) { e.chartSeen = f }

// ChartLabels are the chart's words in lang, as /progress gives them.
func ChartLabels(msgs *messages.Catalog, lang string) chart.Labels { return chartLabels(msgs, lang) }
