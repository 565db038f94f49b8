package strategy

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/openai/openai-go/v3"
)

// awsRetry runs the SDK call through aws-sdk-go-v2's own retry loop (the
// Attempt middleware of aws/retry) with a retryer shared by the whole
// process, as an AWS client shares it: the retry quota and the adaptive
// send-rate bucket are client-wide. The SDK's retries are off.
//
// The adapter gives the retryer what an AWS response would: errors carry
// the HTTP status (so 429 counts as throttling and 5xx as retryable), and
// OpenAI's retry-after-ms or Retry-After is passed as X-Amz-Retry-After,
// the hint AWS's middleware reads and clamps to [backoff, backoff + 5 s].
type awsRetry struct {
	clients *clients
	attempt *retry.Attempt
}

func newAWSStandard(env Env) Process {
	return newAWS(env, retry.NewStandard())
}

func newAWSAdaptive(env Env) Process {
	return newAWS(env, retry.NewAdaptiveMode())
}

func newAWS(env Env, r aws.RetryerV2) Process {
	return &awsRetry{
		clients: newClients(env, 0, nil, true),
		attempt: retry.NewAttemptMiddleware(r, func(in any) any { return in }, func(a *retry.Attempt) {
			a.DisableClockSkewCorrection = true
		}),
	}
}

func (p *awsRetry) Chat(ctx context.Context, key string, params openai.ChatCompletionNewParams) (*openai.ChatCompletion, error) {
	client := p.clients.get(key)
	var resp *openai.ChatCompletion
	_, _, err := p.attempt.HandleFinalize(ctx, middleware.FinalizeInput{}, middleware.FinalizeHandlerFunc(
		func(ctx context.Context, in middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
			r, err := client.Chat.Completions.New(ctx, params)
			if err != nil {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, asAWSError(err)
			}
			resp = r
			return middleware.FinalizeOutput{Result: r}, middleware.Metadata{}, nil
		}))
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// asAWSError wraps an API error as an AWS HTTP response error; other
// errors (transport, context) pass as they are, and AWS's own checks
// classify them.
func asAWSError(err error) error {
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.Response == nil {
		return err
	}
	res := *apiErr.Response
	res.Header = res.Header.Clone()
	if hint, ok := openAIHint(res.Header); ok {
		res.Header.Set("X-Amz-Retry-After", strconv.FormatInt(hint.Milliseconds(), 10))
	}
	return &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &res}, Err: err},
		RequestID:     res.Header.Get("x-request-id"),
	}
}

// openAIHint reads retry-after-ms, then Retry-After in seconds.
func openAIHint(h http.Header) (time.Duration, bool) {
	if v, err := strconv.ParseFloat(h.Get("retry-after-ms"), 64); err == nil && v >= 0 && !math.IsInf(v, 0) {
		return time.Duration(v * float64(time.Millisecond)), true
	}
	if v, err := strconv.ParseFloat(h.Get("Retry-After"), 64); err == nil && v >= 0 && !math.IsInf(v, 0) {
		return time.Duration(v * float64(time.Second)), true
	}
	return 0, false
}
