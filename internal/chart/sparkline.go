package chart

import "strings"

// sparkRamp is the eighth-block ramp, lowest first.
var sparkRamp = []rune("▁▂▃▄▅▆▇█")

// Sparkline renders values as one character each on the ▁▂▃▄▅▆▇█ ramp,
// for terminals (e.g. minutes walked per day). 0 is ▁ and max is █; values
// above max are drawn as █. A negative value (-1: nothing logged) is a
// space. When max <= 0 the largest value is used as max.
func Sparkline(values []int, max int) string {
	if max <= 0 {
		for _, v := range values {
			if v > max {
				max = v
			}
		}
	}
	top := len(sparkRamp) - 1
	var b strings.Builder
	for _, v := range values {
		switch {
		case v < 0:
			b.WriteByte(' ')
		case max <= 0:
			b.WriteRune(sparkRamp[0])
		case v >= max:
			b.WriteRune(sparkRamp[top])
		default:
			// Round to the nearest step.
			b.WriteRune(sparkRamp[(v*top+max/2)/max])
		}
	}
	return b.String()
}
