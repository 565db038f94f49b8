package core

import (
	"context"
	"testing"
	"time"
)

func TestPolicyFromDefaults(t *testing.T) {
	p := policyFrom(context.Background())
	if p.MaxAttempts != 4 || p.BaseDelay != 500*time.Millisecond || p.MaxDelay != 20*time.Second || p.MaxElapsed != 2*time.Minute {
		t.Errorf("default policy = %+v", p)
	}
	if p.now == nil || p.sleep == nil || p.rand == nil {
		t.Error("default policy lacks its clock or randomness")
	}
	p = policyFrom(WithPolicy(context.Background(), Policy{MaxAttempts: 2, MaxDelay: time.Millisecond}))
	if p.MaxAttempts != 2 || p.BaseDelay != 500*time.Millisecond || p.MaxDelay != 500*time.Millisecond || p.MaxElapsed != 2*time.Minute {
		t.Errorf("partial policy = %+v; want zero fields from DefaultPolicy and MaxDelay raised to BaseDelay", p)
	}
}

func TestPolicyFromZeroedDefault(t *testing.T) {
	saved := DefaultPolicy
	t.Cleanup(func() { DefaultPolicy = saved })
	DefaultPolicy = Policy{}
	p := policyFrom(context.Background())
	if p.MaxAttempts != 1 || p.BaseDelay <= 0 || p.MaxElapsed <= 0 {
		t.Errorf("policy from a zeroed DefaultPolicy = %+v", p)
	}
}

func TestSleep(t *testing.T) {
	if err := sleep(context.Background(), time.Millisecond); err != nil {
		t.Error(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if err := sleep(ctx, time.Hour); err != context.Canceled {
		t.Errorf("sleep on a canceled context = %v", err)
	}
	if time.Since(start) > time.Second {
		t.Error("sleep ignored the context")
	}
	if err := sleep(ctx, 0); err != context.Canceled {
		t.Errorf("sleep(0) on a canceled context = %v", err)
	}
}
