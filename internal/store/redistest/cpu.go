package redistest

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// ServerCPU is the CPU time the Redis server behind rdb has used, user
// and system, in seconds (INFO cpu: the server's own process), for
// benchmarks that say where a figure's time went.
func ServerCPU(ctx context.Context, rdb redis.UniversalClient) (float64, error) {
	info, err := rdb.Info(ctx, "cpu").Result()
	if err != nil {
		return 0, fmt.Errorf("redistest: INFO cpu: %w", err)
	}
	var total float64
	for _, line := range strings.Split(info, "\n") {
		name, value, ok := strings.Cut(strings.TrimSpace(line), ":")
		if ok && (name == "used_cpu_sys" || name == "used_cpu_user") {
			v, err := strconv.ParseFloat(value, 64)
			if err != nil {
				return 0, fmt.Errorf("redistest: INFO cpu %s: %w", name, err)
			}
			total += v
		}
	}
	return total, nil
}
