//go:build unix

package redistest

import (
	"os"
	"syscall"
)

// The signals of Restartable.Pause and Resume.
var stopSignal, contSignal os.Signal = syscall.SIGSTOP, syscall.SIGCONT
