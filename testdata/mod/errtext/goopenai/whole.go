package goopenai

import (
	"context"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// Comparisons of the whole text: no SDK error's text is "rate limit"
// alone, so these are never true, and the predicate, which would be, is no
// fix of them.

func equalFold(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	return err != nil && strings.EqualFold(err.Error(), "rate limit") // want `err.Error\(\) matched against "rate limit" to detect a rate limit, but an SDK error's text is never just that, and the comparison is with the whole text, so this never matches; use oaiguard.IsRateLimited\(err\); no fix: the comparison is never true for an SDK error`
}

func equalWhole(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	return err != nil && err.Error() == "429" // want `matched against "429" to detect a rate limit, but an SDK error's text is never just that.*; no fix: the comparison is never true for an SDK error`
}

func notEqualWhole(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	return err != nil && err.Error() != "Too Many Requests" // want `matched against "Too Many Requests" to detect a rate limit, but an SDK error's text is never just that.*; no fix: the comparison is never true for an SDK error`
}

// canceledWhole: Go's own error, which the SDK returns unwrapped, is this
// text whole: fixed.
func canceledWhole(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	return err != nil && err.Error() == "context canceled" // want `matched against "context canceled" to detect a canceled context; use oaiguard.IsCanceled\(err\)$`
}
