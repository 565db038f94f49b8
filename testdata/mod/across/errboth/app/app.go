// Package app matches the text of errors that may come from either SDK:
// each runtime's IsRateLimited is false for the other SDK's errors, so no
// fix.
package app

import (
	"context"
	"strings"

	"example.com/fixtures/across/errboth/ai"
	"github.com/openai/openai-go/v3"
	goopenai "github.com/sashabaranov/go-openai"
)

func viaInterface(ctx context.Context, a ai.Asker) bool {
	err := a.Ask(ctx)
	return err != nil && strings.Contains(err.Error(), "429") // want `err.Error\(\) matched against "429" to detect a rate limit; use the runtime's IsRateLimited \|\| IsQuotaExhausted \|\| IsRequestTooLarge \(the error may come from go-openai \(github.com/sashabaranov/go-openai\) or openai-go \(github.com/openai/openai-go/v3\) via example.com/fixtures/across/errboth/ai.Asker.Ask; no fix: `
}

func viaFunc(ctx context.Context, l ai.Legacy, c ai.Current) bool {
	err := ai.Either(ctx, l, c, true)
	return err != nil && strings.Contains(err.Error(), "429") // want `err.Error\(\) matched against "429" to detect a rate limit; use the runtime's IsRateLimited \|\| IsQuotaExhausted \|\| IsRequestTooLarge \(the error may come from go-openai \(github.com/sashabaranov/go-openai\) or openai-go \(github.com/openai/openai-go/v3\) via example.com/fixtures/across/errboth/ai.Either; no fix: `
}

// local returns either SDK's error from a function of the package.
func local(ctx context.Context, l *goopenai.Client, c *openai.Client, old bool) error {
	if old {
		_, err := l.ListModels(ctx)
		return err
	}
	_, err := c.Models.List(ctx)
	return err
}

func viaLocal(ctx context.Context, l *goopenai.Client, c *openai.Client) bool {
	err := local(ctx, l, c, false)
	return err != nil && strings.Contains(err.Error(), "429") // want `err.Error\(\) matched against "429" to detect a rate limit; use the runtime's IsRateLimited \|\| IsQuotaExhausted \|\| IsRequestTooLarge \(the error may come from go-openai \(github.com/sashabaranov/go-openai\) or openai-go \(github.com/openai/openai-go/v3\); no fix: `
}

// viaVar: a variable assigned from both.
func viaVar(ctx context.Context, l *goopenai.Client, c *openai.Client, old bool) bool {
	var err error
	if old {
		_, err = l.ListModels(ctx)
	} else {
		_, err = c.Models.List(ctx)
	}
	return err != nil && strings.Contains(err.Error(), "429") // want `err.Error\(\) matched against "429" to detect a rate limit; use the runtime's IsRateLimited \|\| IsQuotaExhausted \|\| IsRequestTooLarge \(the error may come from go-openai \(github.com/sashabaranov/go-openai\) or openai-go \(github.com/openai/openai-go/v3\); no fix: `
}

// sameSDK: both paths from go-openai keep the fix.
func sameSDK(ctx context.Context, l *goopenai.Client, old bool) bool {
	var err error
	if old {
		_, err = l.ListModels(ctx)
	} else {
		_, err = l.ListEngines(ctx)
	}
	return err != nil && strings.Contains(err.Error(), "429") // want `err.Error\(\) matched against "429" to detect a rate limit; use oaiguardgo.IsRateLimited\(err\) \|\| oaiguardgo.IsQuotaExhausted\(err\) \|\| oaiguardgo.IsRequestTooLarge\(err\); the fix's IsRequestTooLarge also holds for a 413 \(request entity too large\), whose text the match did not accept$`
}

func joined(ctx context.Context, l ai.Legacy, c ai.Current) bool {
	err := ai.Both(ctx, l, c)
	return err != nil && strings.Contains(err.Error(), "429") // want `err.Error\(\) matched against "429" to detect a rate limit; use the runtime's IsRateLimited \|\| IsQuotaExhausted \|\| IsRequestTooLarge \(the error may come from go-openai \(github.com/sashabaranov/go-openai\) or openai-go \(github.com/openai/openai-go/v3\) via example.com/fixtures/across/errboth/ai.Both; no fix: `
}
