package profile

import (
	"crypto/sha256"
	"encoding/hex"
)

// LogID is a short, stable hash of a profile id (which holds a platform
// user id) for logs and errors: the lines of one person can be followed
// without naming them. "" stays "".
func LogID(id string) string {
	if id == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:6])
}
