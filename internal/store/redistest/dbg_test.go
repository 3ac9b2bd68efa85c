package redistest

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
)

type logHook struct{ t *testing.T }

func (h logHook) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h logHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error { h.t.Logf("cmd %v", cmd.Args()); return next(ctx, cmd) }
}
func (h logHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error { h.t.Logf("pipe %d", len(cmds)); return next(ctx, cmds) }
}

func TestDbg(t *testing.T) {
	rdb := NewEmbedded(t)
	ctx := context.Background()
	rdb.Ping(ctx)
	rdb.AddHook(logHook{t})
	rdb.Set(ctx, "a", "1", 0)
	t.Log("--tx")
	rdb.TxPipelined(ctx, func(p redis.Pipeliner) error { p.Incr(ctx, "c"); return nil })
	t.Log("--tx2")
	rdb.TxPipelined(ctx, func(p redis.Pipeliner) error { p.Incr(ctx, "c"); return nil })
	t.Log("--pipe")
	rdb.Pipelined(ctx, func(p redis.Pipeliner) error { p.Incr(ctx, "c"); return nil })
	t.Logf("%+v", rdb.PoolStats())
}
