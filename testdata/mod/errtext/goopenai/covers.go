package goopenai

import (
	"context"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// A 429 is a rate limit, an exhausted quota or a request too large: a
// match on the status alone is true for all three, and so is its fix,
// parenthesised where an operator around it binds tighter than ||.

func notLimited(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	return !strings.Contains(err.Error(), "429") // want `err.Error\(\) matched against "429" to detect a rate limit; use oaiguard.IsRateLimited\(err\) \|\| oaiguard.IsQuotaExhausted\(err\) \|\| oaiguard.IsRequestTooLarge\(err\); the fix's IsRequestTooLarge also holds for a 413 \(request entity too large\), whose text the match did not accept$`
}

func limitedAnd(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	return err != nil && strings.Contains(err.Error(), "Too Many Requests") // want `matched against "Too Many Requests" to detect a rate limit; use oaiguard.IsRateLimited\(err\) \|\| oaiguard.IsQuotaExhausted\(err\) \|\| oaiguard.IsRequestTooLarge\(err\); the fix's IsRequestTooLarge also holds for a 413 \(request entity too large\), whose text the match did not accept$`
}

func limitedIf(ctx context.Context, client *openai.Client) int {
	_, err := client.CreateChatCompletion(ctx, req)
	if strings.Contains(err.Error(), "status code: 429") { // want `matched against "status code: 429" to detect a rate limit; use oaiguard.IsRateLimited\(err\) \|\| oaiguard.IsQuotaExhausted\(err\) \|\| oaiguard.IsRequestTooLarge\(err\); the fix's IsRequestTooLarge also holds for a 413 \(request entity too large\), whose text the match did not accept$`
		return 1
	}
	return 0
}

func limitedOr(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	return strings.Contains(err.Error(), "tokens per min") || err == context.Canceled // want `matched against "tokens per min" to detect a rate limit; use oaiguard.IsRateLimited\(err\) \|\| oaiguard.IsRequestTooLarge\(err\); the fix's IsRequestTooLarge also holds for a 413 \(request entity too large\), whose text the match did not accept$`
}

// quota: wording that only a quota error holds keeps its one predicate.
func quota(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	return err != nil && strings.Contains(err.Error(), "exceeded your current quota") // want `use oaiguard.IsQuotaExhausted\(err\)$`
}
