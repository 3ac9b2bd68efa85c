//go:build unix

package redistest

import (
	"fmt"
	"syscall"
	"time"
)

// ProcessCPU is the CPU time this process has used, user and system, in
// seconds: beside ServerCPU, the client's side of a benchmark.
func ProcessCPU() (float64, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, fmt.Errorf("redistest: getrusage: %w", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds(), nil
}
