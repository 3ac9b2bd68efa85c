//go:build !unix

package redistest

import "math"

// ProcessCPU is not measured here (no getrusage): NaN, which a benchmark
// prints as such rather than a figure it did not take.
func ProcessCPU() (float64, error) { return math.NaN(), nil }
