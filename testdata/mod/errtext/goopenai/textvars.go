package goopenai

import (
	"context"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// reassigned: the text variable is assigned twice. Fixing both matches
// would leave msg assigned and never read: no fix.
func reassigned(ctx context.Context, c *openai.Client) int {
	_, err := c.CreateChatCompletion(ctx, req)
	msg := err.Error()
	if strings.Contains(msg, "rate limit") { // want `msg matched against "rate limit" to detect a rate limit; use oaiguard.IsRateLimited\(err\); no fix: msg is assigned more than once`
		return 1
	}
	_, err = c.CreateChatCompletion(ctx, req)
	msg = err.Error()
	if strings.Contains(msg, "429") { // want `msg matched against "429" to detect a rate limit; use oaiguard.IsRateLimited\(err\) \|\| oaiguard.IsQuotaExhausted\(err\) \|\| oaiguard.IsRequestTooLarge\(err\); no fix: msg is assigned more than once`
		return 2
	}
	return 0
}

// ifInit: the last match of m cannot delete an if's init; it says so and
// has no fix, the first keeps its own.
func ifInit(ctx context.Context, c *openai.Client) int {
	_, err := c.CreateChatCompletion(ctx, req)
	if m := err.Error(); strings.Contains(m, "rate limit") || strings.Contains(m, "quota") { // want `m matched against "rate limit" to detect a rate limit; use oaiguard.IsRateLimited\(err\)$` `m matched against "quota" to detect an exhausted quota; use oaiguard.IsQuotaExhausted\(err\); no fix: this is the last use of m, and the fix cannot also delete its declaration here`
		return 1
	}
	return 0
}

// twoNames: a and b declared in one statement.
func twoNames(ctx context.Context, c *openai.Client) int {
	_, err := c.CreateChatCompletion(ctx, req)
	a, b := err.Error(), err.Error()
	if strings.Contains(a, "rate limit") { // want `a matched against "rate limit" to detect a rate limit; use oaiguard.IsRateLimited\(err\); no fix: this is the last use of a`
		return 1
	}
	if strings.Contains(b, "quota") { // want `b matched against "quota" to detect an exhausted quota; use oaiguard.IsQuotaExhausted\(err\); no fix: this is the last use of b`
		return 2
	}
	return 0
}

// varGroup: msg declared in a group with another variable.
func varGroup(ctx context.Context, c *openai.Client) int {
	_, err := c.CreateChatCompletion(ctx, req)
	var (
		n   = 3
		msg = err.Error()
	)
	if strings.Contains(msg, "rate limit") { // want `msg matched against "rate limit" to detect a rate limit; use oaiguard.IsRateLimited\(err\)$`
		return n
	}
	if strings.Contains(msg, "quota") { // want `msg matched against "quota" to detect an exhausted quota; use oaiguard.IsQuotaExhausted\(err\); no fix: this is the last use of msg`
		return 2
	}
	return 0
}

// multiName: msg declared with another name.
func multiName(ctx context.Context, c *openai.Client) int {
	_, err := c.CreateChatCompletion(ctx, req)
	msg, n := err.Error(), 5
	if strings.Contains(msg, "rate limit") { // want `msg matched against "rate limit" to detect a rate limit; use oaiguard.IsRateLimited\(err\)$`
		return n
	}
	switch {
	case strings.Contains(msg, "quota"): // want `msg matched against "quota" to detect an exhausted quota; use oaiguard.IsQuotaExhausted\(err\); no fix: this is the last use of msg`
		return 2
	}
	return 0
}

// varDecl: a var statement of its own is deleted by the last fix.
func varDecl(ctx context.Context, c *openai.Client) int {
	_, err := c.CreateChatCompletion(ctx, req)
	var msg = err.Error()
	if strings.Contains(msg, "rate limit") { // want `msg matched against "rate limit" to detect a rate limit; use oaiguard.IsRateLimited\(err\)$`
		return 1
	}
	if strings.Contains(msg, "quota") { // want `msg matched against "quota" to detect an exhausted quota; use oaiguard.IsQuotaExhausted\(err\), and delete msg$`
		return 2
	}
	return 0
}
