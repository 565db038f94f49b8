package app

import (
	"context"
	"time"

	"example.com/fixtures/across/ctorthree/ai"
)

func loopRetryingH(ctx context.Context) (s string, err error) {
	h := ai.NewRetryingH()
	for i := 0; i < 3; i++ { // want `retry loop around h.Ask`
		if s, err = h.Ask(ctx, "q"); err == nil { // want `h.Ask \(which calls h.c.Chat.Completions.New in example.com/fixtures/across/ctorthree/ai\) is retried at 2 layers: .*= up to 15 requests per call`
			return s, nil
		}
		time.Sleep(time.Second)
	}
	return "", err
}

func ifElseH(ctx context.Context, f bool) string {
	h := ai.NewRetryingH()
	if f {
		h = ai.NewPlainH()
	}
	s, _ := h.Ask(ctx, "q") // want `h.Ask has no retry handling` `is discarded \(it is assigned to _\)`
	return s
}
