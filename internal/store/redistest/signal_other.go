//go:build !unix

package redistest

import "os"

// No SIGSTOP here: Restartable.Pause skips the test.
var stopSignal, contSignal os.Signal
