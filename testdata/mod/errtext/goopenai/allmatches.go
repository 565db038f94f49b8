package goopenai

import (
	"context"
	"errors"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

var errLong = errors.New("prompt too long")

// explain keeps the text in a variable that only matches use: fixing every
// match would leave it unused, so the last match's fix also makes the
// others' replacements and deletes the variable (and the import only it
// and the matches used), so that every fix applies in one run.
func explain(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	_, err := c.CreateChatCompletion(ctx, req)
	if err == nil {
		return nil
	}
	msg := strings.ToLower(err.Error())
	if strings.Contains(msg, "rate limit") { // want `msg matched against "rate limit" to detect a rate limit; use oaiguard.IsRateLimited\(err\)`
		return err
	}
	if strings.Contains(msg, "maximum context length") { // want `msg matched against "maximum context length" to detect an exceeded context length; use oaiguard.IsContextLengthExceeded\(err\), and delete msg`
		return errLong
	}
	return err
}

// Two matches on one line: two fixes, whose edits do not overlap, applied
// in one run.
func oneLine(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) bool {
	_, err := c.CreateChatCompletion(ctx, req)
	if strings.Contains(err.Error(), "429") || strings.Contains(err.Error(), "rate limit") { // want `err.Error\(\) matched against "429" to detect a rate limit; use oaiguard.IsRateLimited\(err\)` `err.Error\(\) matched against "rate limit" to detect a rate limit; use oaiguard.IsRateLimited\(err\)`
		return true
	}
	return false
}

// The same through a variable: the second fix makes the first's
// replacement too and deletes s.
func oneLineVar(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) bool {
	_, err := c.CreateChatCompletion(ctx, req)
	if err != nil {
		s := err.Error()
		return strings.Contains(s, "429") || strings.Contains(s, "insufficient_quota") // want `s matched against "429" to detect a rate limit; use oaiguard.IsRateLimited\(err\)` `s matched against "insufficient_quota" to detect .*; use oaiguard.IsQuotaExhausted\(err\), and delete s`
	}
	return false
}

// A use of the variable that is no match: the match's fix keeps it.
func varLogged(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (bool, string) {
	_, err := c.CreateChatCompletion(ctx, req)
	s := err.Error()
	return strings.Contains(s, "429"), s // want `s matched against "429" to detect a rate limit; use oaiguard.IsRateLimited\(err\) \|\| oaiguard.IsQuotaExhausted\(err\) \|\| oaiguard.IsRequestTooLarge\(err\); the fix's IsRequestTooLarge also holds for a 413 \(request entity too large\), whose text the match did not accept$`
}
