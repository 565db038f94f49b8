// Package loops holds hand-written retry loops around API calls, broken and
// right, in both SDKs.
package loops

import (
	"context"
	"errors"
	"log"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
	openai "github.com/sashabaranov/go-openai"
)

// Canonical shapes: fixed to the runtime.

func canonicalReturn(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	delay := 500 * time.Millisecond
	for attempt := 0; attempt < 4; attempt++ { // want `retry loop around c.CreateChatCompletion: time.Sleep ignores ctx, so a canceled or expired call still waits; the wait grows with no jitter, so clients that failed together retry together; replace it with oaiguard.Call under a Policy of MaxAttempts 4`
		resp, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			// The answer is ready.
			return resp, nil
		}
		if strings.Contains(err.Error(), "429") {
			log.Printf("rate limited, retrying in %s", delay)
			time.Sleep(delay)
			delay *= 2
			continue
		}
		return openai.ChatCompletionResponse{}, err
	}
	return openai.ChatCompletionResponse{}, errors.New("too many retries")
}

func negatedForm(ctx context.Context, c *openai.Client, req openai.ImageRequest) (resp openai.ImageResponse, err error) {
	for i := 1; i <= 3; i++ { // want `retry loop around c.CreateImage: time.Sleep ignores ctx, .*; the wait grows with no jitter, .*; replace it with oaiguard.Call under a Policy of MaxAttempts 3`
		resp, err = c.CreateImage(ctx, req)
		if err == nil {
			break
		}
		if !oaiguard.IsRateLimited(err) {
			log.Print(err)
			return resp, err
		}
		time.Sleep(time.Duration(i) * time.Second)
	}
	return resp, err
}

func retriesQuota(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	for i := 0; i < 3; i++ { // want `retry loop around c.CreateChatCompletion: it retries errors that never succeed: "quota" \(quota exhausted\); replace it with oaiguard.Call under a Policy of MaxAttempts 3`
		_, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			return nil
		}
		if strings.Contains(err.Error(), "429") || strings.Contains(err.Error(), "quota") {
			sleepCtx(ctx, backoffFor(i))
		} else {
			return err
		}
	}
	return nil
}

// go-openai's error text never holds the code: the loop never retries.
func deadCode(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	for i := 0; i < 3; i++ { // want `retry loop around c.CreateChatCompletion: its retry test can never hold, as no error text of github.com/sashabaranov/go-openai contains "rate_limit_exceeded", so it never retries; replace it with oaiguard.Call under a Policy of MaxAttempts 3`
		_, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			return nil
		}
		if !strings.Contains(err.Error(), "rate_limit_exceeded") {
			return err
		}
		sleepCtx(ctx, backoffFor(i))
	}
	return nil
}

// Bounds the fix keeps: a range over a variable, and <= over another
// integer type.
func rangeBound(ctx context.Context, c *openai.Client, req openai.ModerationRequest, attempts int) (openai.ModerationResponse, error) {
	for range attempts { // want `retry loop around c.Moderations: time.Sleep ignores ctx, .*; the wait never grows, .*; replace it with oaiguard.Call under a Policy of MaxAttempts attempts`
		resp, err := c.Moderations(ctx, req)
		if err == nil {
			return resp, nil
		}
		if oaiguard.IsServer(err) || oaiguard.IsOverloaded(err) {
			time.Sleep(time.Duration(rand.IntN(1000)) * time.Millisecond)
			continue
		}
		return resp, err
	}
	return openai.ModerationResponse{}, errors.New("server errors")
}

func inclusiveBound(ctx context.Context, c *openai.Client, id string, retries uint) (openai.Model, error) {
	for i := 0; i <= int(retries); i++ { // want `retry loop around c.GetModel: time.Sleep ignores ctx, .*; replace it with oaiguard.Call under a Policy of MaxAttempts int\(retries\) \+ 1`
		m, err := c.GetModel(ctx, id)
		if err == nil {
			return m, nil
		}
		if !oaiguard.IsRetryable(err) {
			return m, err
		}
		time.Sleep(backoffFor(i))
	}
	return openai.Model{}, errors.New("unavailable")
}

// A delay computed from another variable: both declarations go.
func chainedDelay(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	base := 200 * time.Millisecond

	delay := base

	for attempt := 0; attempt < 3; attempt++ { // want `retry loop around c.CreateChatCompletion: time.Sleep ignores ctx, .*; the wait grows with no jitter, .*; replace it with oaiguard.Call under a Policy of MaxAttempts 3`
		resp, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			return resp, nil
		}
		if oaiguard.IsRateLimited(err) {
			time.Sleep(delay)
			delay *= 2
			continue
		}
		return resp, err
	}
	return openai.ChatCompletionResponse{}, errors.New("rate limited")
}

// The retry-everything form: what the loop does on failure besides
// waiting runs once, then the code after the loop.
func lastError(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (string, error) {
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ { // want `retry loop around c.CreateChatCompletion: it retries every error, .*; time.Sleep ignores ctx, .*; the wait grows with no jitter, .*; replace it with oaiguard.Call under a Policy of MaxAttempts 5`
		resp, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			return resp.Choices[0].Message.Content, nil
		}
		lastErr = err
		time.Sleep(time.Duration(attempt+1) * time.Second)
	}
	return "", lastErr
}

// Other shapes: reported, not fixed.

func waitInBranch(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (resp openai.ChatCompletionResponse, err error) {
	for i := 0; i < 3; i++ { // want `retry loop around c.CreateChatCompletion: it retries every error, .*; time.Sleep ignores ctx, .*; the wait never grows and has no jitter, .*; retry with oaiguard's runtime \(oaiguard.Call or oaiguard.Do\) instead`
		resp, err = c.CreateChatCompletion(ctx, req)
		if err == nil {
			break
		}
		if i < 2 {
			time.Sleep(time.Second)
		}
	}
	return resp, err
}

func noWait(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (resp openai.ChatCompletionResponse, err error) {
	for i := 0; i < 3; i++ { // want `retry loop around c.CreateChatCompletion: it retries every error, insufficient_quota, 400, 401, 403, 404 and context length included, which never succeed; it retries at once, with no wait between attempts; replace it with oaiguard.Call under a Policy of MaxAttempts 3`
		resp, err = c.CreateChatCompletion(ctx, req)
		if err == nil {
			break
		}
		log.Print(err)
	}
	return resp, err
}

func constantWait(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	for i := 0; i < 5; i++ { // want `retry loop around c.CreateChatCompletion: the wait never grows, so an outage gets the same load throughout; retry with`
		resp, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			return resp, nil
		}
		var apiErr *openai.APIError
		if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != http.StatusTooManyRequests {
			return resp, err
		}
		select {
		case <-ctx.Done():
			return resp, ctx.Err()
		case <-time.After(time.Duration(1000+rand.IntN(500)) * time.Millisecond):
		}
	}
	return openai.ChatCompletionResponse{}, errors.New("still rate limited")
}

func unbounded(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	for attempt := 0; ; attempt++ { // want `retry loop around c.CreateChatCompletion: nothing bounds its attempts or time, so it retries for as long as the error lasts; retry with`
		resp, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			return resp, nil
		}
		if !oaiguard.IsRetryable(err) {
			return resp, err
		}
		pause(attempt)
	}
}

func retriesAuth(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (resp openai.ChatCompletionResponse, err error) {
	for i := 0; i < 3; i++ { // want `retry loop around c.CreateChatCompletion: it retries errors that never succeed: oaiguard.IsAuth errors \(authentication failed\), status 400 \(invalid request\); retry with`
		resp, err = c.CreateChatCompletion(ctx, req)
		if err == nil {
			break
		}
		var apiErr *openai.APIError
		if oaiguard.IsAuth(err) || errors.As(err, &apiErr) && apiErr.HTTPStatusCode == 400 {
			sleepCtx(ctx, backoffFor(i))
			continue
		}
		break
	}
	return resp, err
}

func complete(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	return c.CreateChatCompletion(ctx, req)
}

func viaHelper(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (resp openai.ChatCompletionResponse, err error) {
	for i := 0; i < 3; i++ { // want `retry loop around complete: the wait never grows and has no jitter, so clients that failed together retry together at the same pace; retry with`
		resp, err = complete(ctx, c, req)
		if err == nil {
			break
		}
		if !oaiguard.IsRetryable(err) {
			break
		}
		sleepCtx(ctx, 2*time.Second)
	}
	return resp, err
}

// Right: no reports.

func right(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	var lastErr error
	for attempt := 0; attempt < 4; attempt++ {
		resp, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			return resp, nil
		}
		if !oaiguard.IsRetryable(err) {
			return resp, err
		}
		lastErr = err
		if err := sleepCtx(ctx, backoffFor(attempt)); err != nil {
			return resp, err
		}
	}
	return openai.ChatCompletionResponse{}, lastErr
}

// go-openai's error text holds the message.
func liveMessage(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	for i := 0; i < 3; i++ {
		_, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			return nil
		}
		if !strings.Contains(err.Error(), "Rate limit reached") {
			return err
		}
		if err := sleepCtx(ctx, backoffFor(i)); err != nil {
			return err
		}
	}
	return nil
}

func overItems(ctx context.Context, c *openai.Client, reqs []openai.ChatCompletionRequest) {
	for _, req := range reqs {
		if _, err := c.CreateChatCompletion(ctx, req); err != nil {
			log.Print(err)
			continue
		}
	}
}

func withRuntime(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	return oaiguard.Call(ctx, c.CreateChatCompletion, req)
}

// Helpers.

// backoffFor is a full-jitter backoff window that doubles per attempt.
func backoffFor(attempt int) time.Duration {
	return time.Duration(rand.Int64N(int64(500*time.Millisecond) << min(attempt, 6)))
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// pause waits a jittered, growing time, whatever the context says.
func pause(attempt int) {
	time.Sleep(backoffFor(attempt))
}

// A nil context: oaiguard.WithPolicy(nil, …) would panic where the SDK
// returns an error, so the loop gets no fix.
func nilContext(c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	for attempt := 0; attempt < 3; attempt++ { // want `retry loop around c.CreateChatCompletion: it retries every error`
		resp, err := c.CreateChatCompletion(nil, req) //nolint:staticcheck
		if err == nil {
			return resp, nil
		}
		time.Sleep(time.Second)
	}
	return openai.ChatCompletionResponse{}, errors.New("too many retries")
}

// Retries that run out leave the loop for code that tests the error: the
// runtime would give up into the error branch, and that code would go dead.
// No fix.
func exhaustionHandled(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) string {
	var resp openai.ChatCompletionResponse
	var err error
	for i := 0; i < 3; i++ { // want `retry loop around c.CreateChatCompletion: time.Sleep ignores ctx`
		resp, err = c.CreateChatCompletion(ctx, req)
		if err == nil {
			break
		}
		if strings.Contains(err.Error(), "429") {
			time.Sleep(time.Duration(i) * time.Second)
			continue
		}
		return "bad request"
	}
	if err != nil {
		return "fallback after rate limits"
	}
	return resp.ID
}
