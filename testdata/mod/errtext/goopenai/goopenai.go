// Package goopenai matches go-openai errors by their text, in every form
// the errtext check knows, beside code that must not be reported.
package goopenai

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"regexp"
	"strings"
	"time"

	oaiguard "github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
	openai "github.com/sashabaranov/go-openai"
)

var req = openai.ChatCompletionRequest{Model: openai.GPT4oMini}

func contains(ctx context.Context, client *openai.Client) (string, error) {
	resp, err := client.CreateChatCompletion(ctx, req)
	if err != nil {
		if strings.Contains(err.Error(), "429") { // want `err.Error\(\) matched against "429" to detect a rate limit; use oaiguard.IsRateLimited\(err\)`
			return "", err
		}
		return "", err
	}
	// Not error text: the model's answer.
	if strings.Contains(resp.Choices[0].Message.Content, "429") {
		return "", nil
	}
	return resp.Choices[0].Message.Content, nil
}

func lowered(ctx context.Context, client *openai.Client) error {
	_, err := client.CreateChatCompletion(ctx, req)
	if err != nil && strings.Contains(strings.ToLower(err.Error()), "rate limit") { // want `strings.ToLower\(err.Error\(\)\) matched against "rate limit" to detect a rate limit; use oaiguard.IsRateLimited\(err\)`
		time.Sleep(time.Second)
	}
	return err
}

// go-openai's Error() never holds the code: this branch never runs.
func code(ctx context.Context, client *openai.Client) error {
	_, err := client.CreateChatCompletion(ctx, req)
	if err != nil && strings.EqualFold(err.Error(), "context_length_exceeded") { // want `err.Error\(\) matched against "context_length_exceeded" to detect an exceeded context length, but go-openai's Error\(\) holds the status and message but never the error's code or type, so this never matches; use oaiguard.IsContextLengthExceeded\(err\)`
		return nil
	}
	return err
}

func prefixUnknown(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	return err != nil && strings.HasPrefix(err.Error(), "error, status code: 5") // want `err.Error\(\) matched against "error, status code: 5": error text is not an API; test the error with errors.As and its HTTPStatusCode and Code, or with oaiguard.Classify\(err\)`
}

func suffix(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	return err != nil && strings.HasSuffix(err.Error(), "please check your plan and billing details.") // want `matched against "please check your plan and billing details." to detect an exhausted quota; use oaiguard.IsQuotaExhausted\(err\)`
}

func index(ctx context.Context, client *openai.Client) (bool, bool) {
	_, err := client.CreateChatCompletion(ctx, req)
	if err == nil {
		return false, false
	}
	quota := strings.Index(err.Error(), "quota") >= 0 // want `err.Error\(\) matched against "quota" to detect an exhausted quota; use oaiguard.IsQuotaExhausted\(err\)`

	other := -1 == strings.Index(err.Error(), "overloaded") // want `matched against "overloaded" to detect an overloaded server; use oaiguard.IsOverloaded\(err\)`
	return quota, other
}

func equal(ctx context.Context, client *openai.Client) (bool, bool) {
	_, err := client.CreateChatCompletion(ctx, req)
	if err == nil {
		return false, false
	}
	a := err.Error() == "error, status code: 401, status: 401 Unauthorized" // want `matched against "error, status code: 401, status: 401 Unauthorized" to detect an authentication failure; use oaiguard.IsAuth\(err\)`

	b := "Not Found" != err.Error() // want `matched against "Not Found" to detect a missing model or object, but an SDK error's text is never just that, and the comparison is with the whole text, so this never matches; use oaiguard.IsNotFound\(err\); no fix: the comparison is never true for an SDK error`
	return a, b
}

func switchText(ctx context.Context, client *openai.Client) string {
	_, err := client.CreateChatCompletion(ctx, req)
	if err == nil {
		return ""
	}
	switch err.Error() { // want `switch on err.Error\(\) matches error text \("timeout": a timeout; "503", "Service Unavailable": an overloaded server\); use a switch with the cases oaiguard.IsTimeout\(err\), oaiguard.IsOverloaded\(err\)`
	case "timeout":
		return "retry"
	case "503", "Service Unavailable":
		return "later"
	default:
		return "fail"
	}
}

var rateLimitRE = regexp.MustCompile(`(?i)rate.?limit`)

func regexps(ctx context.Context, client *openai.Client) (bool, bool, bool) {
	_, err := client.CreateChatCompletion(ctx, req)
	if err == nil {
		return false, false, false
	}
	a := rateLimitRE.MatchString(err.Error()) // want `err.Error\(\) matched against regexp "\(\?i\)rate.\?limit" to detect a rate limit; use oaiguard.IsRateLimited\(err\)`

	b, _ := regexp.MatchString(`5\d\d`, err.Error()) // want `matched against regexp "5\\\\d\\\\d": error text is not an API`

	c := regexp.MustCompile("invalid_api_key|Incorrect API key").MatchString(err.Error()) // want `matched against regexp "invalid_api_key\|Incorrect API key" to detect an authentication failure; use oaiguard.IsAuth\(err\)`
	return a, b, c
}

func sprint(ctx context.Context, client *openai.Client) (bool, bool) {
	_, err := client.CreateChatCompletion(ctx, req)
	a := strings.Contains(fmt.Sprint(err), "Too Many Requests") // want `fmt.Sprint\(err\) matched against "Too Many Requests" to detect a rate limit; use oaiguard.IsRateLimited\(err\)`

	b := strings.Contains(fmt.Sprintf("chat failed: %v", err), "Bad Gateway") // want `fmt.Sprintf\("chat failed: %v", err\) matched against "Bad Gateway" to detect a server error; use oaiguard.IsServer\(err\)`
	// The type's name is not the error's text.
	_ = fmt.Sprintf("%T", err) == "*openai.APIError"
	return a, b
}

// The text kept in a variable: the fix tests the error itself.
func variable(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	if err == nil {
		return false
	}
	msg := err.Error()
	log.Printf("chat failed: %s", msg)
	return strings.Contains(msg, "insufficient_quota") // want `msg matched against "insufficient_quota" to detect an exhausted quota, but go-openai's Error\(\) holds the status and message but never the error's code or type, so this never matches; use oaiguard.IsQuotaExhausted\(err\)`
}

// The text kept in a variable while the error changes: no fix.
func variableStale(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	if err == nil {
		return false
	}
	msg := err.Error()
	_, err = client.ListModels(ctx)
	return err != nil && strings.Contains(msg, "500") // want `msg matched against "500" to detect a server error; use oaiguard.IsServer\(err\) where msg is set$`
}

// errors.As then the message, where the status and code hold the fact.
func message(ctx context.Context, client *openai.Client) (bool, bool, bool) {
	_, err := client.CreateChatCompletion(ctx, req)
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) {
		return false, false, false
	}
	quota := strings.Contains(apiErr.Message, "quota") // want `apiErr.Message matched against "quota" to detect an exhausted quota: the status and code say that, the wording may change; use oaiguard.IsQuotaExhausted\(apiErr\)`
	// Correct: the status, and the message where it is the only signal.
	limited := apiErr.HTTPStatusCode == 429
	tooLarge := strings.HasPrefix(apiErr.Message, "Request too large")
	// Words the table does not know: no report.
	_ = strings.Contains(apiErr.Message, "content management policy")
	return quota, limited, tooLarge
}

func stream(ctx context.Context, client *openai.Client) (string, error) {
	s, err := client.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return "", err
	}
	defer s.Close()
	var out strings.Builder
	for {
		chunk, err := s.Recv()
		if errors.Is(err, io.EOF) {
			return out.String(), nil
		}
		if err != nil {
			if err.Error() == "EOF" { // want `err.Error\(\) matched against "EOF": the end of a stream is io.EOF; test it with errors.Is\(err, io.EOF\)`
				return out.String(), nil
			}
			if strings.Contains(err.Error(), "write tcp") { // want `err.Error\(\) matched against "write tcp": a network error's text, which no SDK error class holds; test it with errors.As\(err, &opErr\) for a \*net.OpError \(its Op and Net\), or errors.Is\(err, syscall.EPIPE\) or syscall.ECONNRESET`
				return "", err
			}
			if strings.Contains(err.Error(), "server_error") { // want `matched against "server_error" to detect a server error, but go-openai's Error\(\) holds the status and message but never the error's code or type, so this never matches; use oaiguard.IsServer\(err\)`
				return "", err
			}
			return "", err
		}
		out.WriteString(chunk.Choices[0].Delta.Content)
	}
}

// Wrapped with %w: errors.As still finds the SDK error, so the fix works.
func wrapped(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	werr := fmt.Errorf("chat: %w", err)
	// Wrapped with %v: the SDK error is gone, only its text is left, so
	// the match works and the predicate would not: no fix.
	verr := fmt.Errorf("chat: %v", err)
	_ = strings.Contains(verr.Error(), "429") // want `verr.Error\(\) matched against "429" to detect a rate limit; .*\(the error holds a copy of go-openai's error text, .*no fix`

	return strings.Contains(werr.Error(), "429") // want `werr.Error\(\) matched against "429" to detect a rate limit; use oaiguard.IsRateLimited\(werr\)`
}

// complete is a helper whose error comes from the SDK.
func complete(ctx context.Context, client *openai.Client) (string, error) {
	resp, err := client.CreateChatCompletion(ctx, req)
	if err != nil {
		return "", fmt.Errorf("complete: %w", err)
	}
	return resp.Choices[0].Message.Content, nil
}

func viaHelper(ctx context.Context, client *openai.Client) bool {
	_, err := complete(ctx, client)
	return err != nil && strings.Contains(err.Error(), "504") // want `matched against "504" to detect a server error; use oaiguard.IsServer\(err\)`
}

func viaRuntime(ctx context.Context, client *openai.Client) bool {
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	return err != nil && strings.Contains(err.Error(), "timed out") // want `matched against "timed out" to detect a timeout; use oaiguard.IsTimeout\(err\)`
}

// Errors that do not come from the SDK, in a package that imports it.
func notSDK(path string) bool {
	data, err := os.ReadFile(path)
	if err != nil && strings.Contains(err.Error(), "no such file") {
		return false
	}
	err = os.WriteFile(path, data, 0o644)
	return err != nil && strings.Contains(err.Error(), "timeout")
}

// The same variable holds an SDK error, then another.
func reused(ctx context.Context, client *openai.Client, path string) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	if err != nil && strings.Contains(err.Error(), "409") { // want `matched against "409" to detect a conflict; use oaiguard.IsConflict\(err\)`
		return true
	}
	_, err = os.ReadFile(path)
	return err != nil && strings.Contains(err.Error(), "permission denied")
}

// A loop sees the error of the call later in its body.
func loop(ctx context.Context, client *openai.Client) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err != nil && !strings.Contains(err.Error(), "Service Unavailable") { // want `matched against "Service Unavailable" to detect an overloaded server; use oaiguard.IsOverloaded\(err\)`
			return err
		}
		_, err = client.CreateChatCompletion(ctx, req)
		if err == nil {
			return nil
		}
	}
	return err
}

// The seed article's "fix", written in Go: its text test never matches.
func article(ctx context.Context, client *openai.Client) error {
	maxRetries := 5
	retryDelay := time.Second
	for range 100 {
		for attempt := 0; attempt < maxRetries; attempt++ {
			resp, err := client.CreateChatCompletion(ctx, req)
			if err == nil {
				fmt.Println(resp.Choices[0].Message.Content)
				break
			}
			if strings.Contains(err.Error(), "RateLimitError") && attempt < maxRetries-1 { // want `err.Error\(\) matched against "RateLimitError" to detect a rate limit, but no Go SDK's error text holds the exception names of OpenAI's Python SDK, so this never matches; use oaiguard.IsRateLimited\(err\)`
				time.Sleep(retryDelay)
				retryDelay *= 2
			} else {
				return err
			}
		}
	}
	return nil
}

// Logging the text is fine.
func logged(ctx context.Context, client *openai.Client) error {
	_, err := client.CreateChatCompletion(ctx, req)
	if err != nil {
		log.Printf("chat: %s", err.Error())
		fmt.Fprintln(os.Stderr, "chat:", err)
	}
	return err
}

func suppressed(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	//oaiguard:ignore errtext the proxy in front of the API rewrites errors
	return err != nil && strings.Contains(err.Error(), "429")
}
