package oaiguard_test

// Validation before the first attempt, with the real go-openai client:
// valid requests of each kind reach the fake server, invalid ones fail
// with the field named and send nothing.

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/sashabaranov/go-openai"

	"github.com/oaiguard/oaiguard/runtime/goopenai/internal/fakeapi"
	"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
)

var (
	embeddingReply  = fakeapi.Reply{Body: `{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":1,"total_tokens":1}}`}
	completionReply = fakeapi.Reply{Body: `{"id":"cmpl-1","object":"text_completion","created":1,"model":"gpt-3.5-turbo-instruct","choices":[{"text":"hi","index":0,"finish_reason":"stop"}]}`}
	responseReply   = fakeapi.Reply{Body: `{"id":"resp_1","object":"response","created_at":1,"status":"completed","model":"gpt-4o","output":[]}`}
)

func ptr[T any](v T) *T { return &v }

func metadata(n, keyLen, valueLen int) map[string]string {
	m := map[string]string{}
	for i := 0; i < n; i++ {
		// é is two bytes and one character: the limits count characters.
		m[string(rune('a'+i))+strings.Repeat("é", keyLen-1)] = strings.Repeat("é", valueLen)
	}
	return m
}

func chatReq(edit func(*openai.ChatCompletionRequest)) openai.ChatCompletionRequest {
	r := req
	r.Messages = append([]openai.ChatCompletionMessage(nil), req.Messages...)
	edit(&r)
	return r
}

type request struct {
	name string
	call func(ctx context.Context, c *openai.Client) error
}

func chatCall(name string, edit func(*openai.ChatCompletionRequest)) request {
	return request{name, func(ctx context.Context, c *openai.Client) error {
		_, err := oaiguard.Call(ctx, c.CreateChatCompletion, chatReq(edit))
		return err
	}}
}

func responseCall(name string, r openai.CreateResponseRequest) request {
	return request{name, func(ctx context.Context, c *openai.Client) error {
		_, err := oaiguard.Call(ctx, c.CreateResponse, r)
		return err
	}}
}

// embeddingCall passes r through CreateEmbeddings, whose parameter is an
// interface: the runtime finds the request inside it.
func embeddingCall(name string, r openai.EmbeddingRequestConverter) request {
	return request{name, func(ctx context.Context, c *openai.Client) error {
		_, err := oaiguard.Call(ctx, c.CreateEmbeddings, r)
		return err
	}}
}

func completionCall(name string, r openai.CompletionRequest) request {
	return request{name, func(ctx context.Context, c *openai.Client) error {
		_, err := oaiguard.Call(ctx, c.CreateCompletion, r)
		return err
	}}
}

var completionReq = openai.CompletionRequest{Model: openai.GPT3Dot5TurboInstruct, Prompt: "Say hi"}

func TestValidRequestsPass(t *testing.T) {
	tests := []struct {
		req   request
		reply fakeapi.Reply
	}{
		{chatCall("plain", func(*openai.ChatCompletionRequest) {}), fakeapi.ChatCompletion()},
		{chatCall("bounds", func(r *openai.ChatCompletionRequest) {
			r.Temperature, r.TopP = 2, 1
			r.N = 128
			r.PresencePenalty, r.FrequencyPenalty = -2, 2
			r.LogitBias = map[string]int{"50256": -100, "1": 100}
			r.LogProbs, r.TopLogProbs = true, 20
			r.MaxCompletionTokens = 1
			r.Metadata = metadata(16, 64, 512)
		}), fakeapi.ChatCompletion()},
		{chatCall("lowest temperature", func(r *openai.ChatCompletionRequest) {
			r.Temperature, r.TopP = math.SmallestNonzeroFloat32, math.SmallestNonzeroFloat32
		}), fakeapi.ChatCompletion()},
		{responseCall("plain", openai.CreateResponseRequest{Model: "gpt-4o", Input: "hi"}), responseReply},
		{responseCall("bounds", openai.CreateResponseRequest{
			Model: "gpt-4o", Input: "hi", Temperature: ptr[float32](0), TopP: ptr[float32](1), MaxOutputTokens: 16, TopLogprobs: 20,
			Metadata: map[string]any{"n": 1, "s": strings.Repeat("x", 512)},
		}), responseReply},
		{responseCall("max_output_tokens in ExtraBody", openai.CreateResponseRequest{
			Model: "gpt-4o", Input: "hi", MaxOutputTokens: 1, ExtraBody: map[string]any{"max_output_tokens": 32},
		}), responseReply},
		{embeddingCall("EmbeddingRequest", openai.EmbeddingRequest{Model: openai.SmallEmbedding3, Input: []string{"a"}, Dimensions: 1}), embeddingReply},
		{embeddingCall("pointer", &openai.EmbeddingRequest{Model: openai.SmallEmbedding3, Input: "a"}), embeddingReply},
		{embeddingCall("EmbeddingRequestStrings", openai.EmbeddingRequestStrings{Model: openai.SmallEmbedding3, Input: []string{"a"}}), embeddingReply},
		{embeddingCall("EmbeddingRequestTokens", openai.EmbeddingRequestTokens{Model: openai.SmallEmbedding3, Input: [][]int{{1, 2}}}), embeddingReply},
		{completionCall("plain", completionReq), completionReply},
		{completionCall("bounds", openai.CompletionRequest{Model: openai.GPT3Dot5TurboInstruct, Prompt: []string{"a", "b"}, LogProbs: 5, N: 1, MaxTokens: 1}), completionReply},
		{chatCall("reasoning model, defaults", func(r *openai.ChatCompletionRequest) {
			r.Model, r.Temperature, r.TopP, r.N, r.MaxCompletionTokens = "o3-mini", 1, 1, 1, 100
			r.PresencePenalty = -1
		}), fakeapi.ChatCompletion()},
		{chatCall("max_tokens, not a reasoning model", func(r *openai.ChatCompletionRequest) { r.MaxTokens = 5 }), fakeapi.ChatCompletion()},
		{chatCall("json_object, JSON mentioned", func(r *openai.ChatCompletionRequest) {
			r.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
			r.Messages = []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleSystem, Content: "Answer in Json."}, {Role: openai.ChatMessageRoleUser, Content: "hi"}}
		}), fakeapi.ChatCompletion()},
		{responseCall("reasoning model, no sampling", openai.CreateResponseRequest{Model: "gpt-5-mini", Input: "hi", Temperature: ptr[float32](1)}), responseReply},
		{responseCall("gpt-5.1 with temperature", openai.CreateResponseRequest{Model: "gpt-5.1", Input: "hi", Temperature: ptr[float32](0.2)}), responseReply},
	}
	for _, tt := range tests {
		t.Run(tt.req.name, func(t *testing.T) {
			srv, client, ctx, _ := setup(t, true)
			srv.Then = tt.reply
			if err := tt.req.call(ctx, client); err != nil {
				t.Fatalf("a valid request failed: %v", err)
			}
			if srv.Count() != 1 {
				t.Errorf("server saw %d requests, want 1", srv.Count())
			}
		})
	}
}

// go-openai drops a zero temperature (omitempty) and the server then uses
// 1; nothing can tell it from an unset one. The lowest temperature that is
// sent is math.SmallestNonzeroFloat32, and the validator lets it through.
func TestZeroTemperatureIsNotSent(t *testing.T) {
	srv, client, ctx, _ := setup(t, true)
	for _, temp := range []float32{0, math.SmallestNonzeroFloat32} {
		if _, err := oaiguard.Call(ctx, client.CreateChatCompletion, chatReq(func(r *openai.ChatCompletionRequest) { r.Temperature = temp })); err != nil {
			t.Fatal(err)
		}
	}
	reqs := srv.Requests()
	var bodies [2]map[string]any
	for i := range bodies {
		if err := json.Unmarshal(reqs[i].Body, &bodies[i]); err != nil {
			t.Fatal(err)
		}
	}
	if _, sent := bodies[0]["temperature"]; sent {
		t.Errorf("Temperature 0 was sent (%v): go-openai has changed, and the validator's doc comment is wrong", bodies[0]["temperature"])
	}
	if v, ok := bodies[1]["temperature"].(float64); !ok || v <= 0 || v > 1e-40 {
		t.Errorf("math.SmallestNonzeroFloat32 was sent as %v", bodies[1]["temperature"])
	}
}

func TestInvalidRequestsFailBeforeSending(t *testing.T) {
	tests := []struct {
		req           request
		field, reason string
	}{
		{chatCall("no model", func(r *openai.ChatCompletionRequest) { r.Model = "" }), "model", "is required"},
		{chatCall("no messages", func(r *openai.ChatCompletionRequest) { r.Messages = nil }), "messages", "is required"},
		{chatCall("empty messages", func(r *openai.ChatCompletionRequest) { r.Messages = []openai.ChatCompletionMessage{} }), "messages", "must not be empty"},
		{chatCall("temperature", func(r *openai.ChatCompletionRequest) { r.Temperature = 2.1 }), "temperature", "must be between 0 and 2, not 2.1"},
		{chatCall("negative top_p", func(r *openai.ChatCompletionRequest) { r.TopP = -0.5 }), "top_p", "between 0 and 1, not -0.5"},
		{chatCall("NaN temperature", func(r *openai.ChatCompletionRequest) { r.Temperature = float32(math.NaN()) }), "temperature", "not NaN"},
		{chatCall("n", func(r *openai.ChatCompletionRequest) { r.N = 129 }), "n", "between 1 and 128"},
		{chatCall("negative n", func(r *openai.ChatCompletionRequest) { r.N = -1 }), "n", "between 1 and 128"},
		{chatCall("presence_penalty", func(r *openai.ChatCompletionRequest) { r.PresencePenalty = 2.5 }), "presence_penalty", "between -2 and 2"},
		{chatCall("frequency_penalty", func(r *openai.ChatCompletionRequest) { r.FrequencyPenalty = -3 }), "frequency_penalty", "between -2 and 2"},
		{chatCall("logit_bias", func(r *openai.ChatCompletionRequest) { r.LogitBias = map[string]int{"7": -101} }), "logit_bias", `value for "7"`},
		{chatCall("top_logprobs", func(r *openai.ChatCompletionRequest) { r.LogProbs, r.TopLogProbs = true, 21 }), "top_logprobs", "between 0 and 20"},
		{chatCall("top_logprobs without logprobs", func(r *openai.ChatCompletionRequest) { r.TopLogProbs = 2 }), "top_logprobs", "needs logprobs set to true"},
		{chatCall("max_tokens", func(r *openai.ChatCompletionRequest) { r.MaxTokens = -1 }), "max_tokens", "at least 1"},
		{chatCall("metadata", func(r *openai.ChatCompletionRequest) { r.Metadata = metadata(17, 1, 1) }), "metadata", "has 17 entries"},
		{chatCall("metadata value", func(r *openai.ChatCompletionRequest) { r.Metadata = metadata(1, 1, 513) }), "metadata", "longer than 512 characters"},
		{responseCall("temperature", openai.CreateResponseRequest{Model: "gpt-4o", Input: "hi", Temperature: ptr[float32](2.5)}), "temperature", "between 0 and 2"},
		{responseCall("top_p", openai.CreateResponseRequest{Model: "gpt-4o", Input: "hi", TopP: ptr[float32](-1)}), "top_p", "between 0 and 1"},
		{responseCall("max_output_tokens", openai.CreateResponseRequest{Model: "gpt-4o", Input: "hi", MaxOutputTokens: 10}), "max_output_tokens", "at least 16, not 10"},
		{responseCall("metadata key", openai.CreateResponseRequest{Model: "gpt-4o", Input: "hi", Metadata: map[string]any{strings.Repeat("k", 65): "v"}}), "metadata", "longer than 64 characters"},
		{responseCall("metadata value", openai.CreateResponseRequest{Model: "gpt-4o", Input: "hi", Metadata: map[string]any{"k": strings.Repeat("v", 513)}}), "metadata", "longer than 512 characters"},
		{embeddingCall("no input", openai.EmbeddingRequest{Model: openai.SmallEmbedding3}), "input", "is required"},
		{embeddingCall("empty string", openai.EmbeddingRequest{Model: openai.SmallEmbedding3, Input: ""}), "input", "must not be empty"},
		{embeddingCall("empty array", &openai.EmbeddingRequest{Model: openai.SmallEmbedding3, Input: []string{}}), "input", "must not be empty"},
		{embeddingCall("no model", openai.EmbeddingRequest{Input: "a"}), "model", "is required"},
		{embeddingCall("dimensions", openai.EmbeddingRequest{Model: openai.SmallEmbedding3, Input: "a", Dimensions: -1}), "dimensions", "at least 1"},
		{embeddingCall("strings, none", openai.EmbeddingRequestStrings{Model: openai.SmallEmbedding3}), "input", "is required"},
		{embeddingCall("tokens, empty", openai.EmbeddingRequestTokens{Model: openai.SmallEmbedding3, Input: [][]int{}}), "input", "must not be empty"},
		{completionCall("no prompt", openai.CompletionRequest{Model: openai.GPT3Dot5TurboInstruct}), "prompt", "is required"},
		{completionCall("no model", openai.CompletionRequest{Prompt: "hi"}), "model", "is required"},
		{completionCall("logprobs", openai.CompletionRequest{Model: openai.GPT3Dot5TurboInstruct, Prompt: "hi", LogProbs: 6}), "logprobs", "between 0 and 5"},
		{request{"stream", func(ctx context.Context, c *openai.Client) error {
			_, err := oaiguard.Stream(ctx, c.CreateChatCompletionStream, chatReq(func(r *openai.ChatCompletionRequest) { r.Messages = nil }))
			return err
		}}, "messages", "is required"},
		{request{"stream through Call", func(ctx context.Context, c *openai.Client) error {
			_, err := oaiguard.Call(ctx, c.CreateCompletionStream, openai.CompletionRequest{Model: openai.GPT3Dot5TurboInstruct})
			return err
		}}, "prompt", "is required"},
		{request{"responses stream", func(ctx context.Context, c *openai.Client) error {
			_, err := oaiguard.Stream(ctx, c.CreateResponseStream, openai.CreateResponseRequest{Model: "gpt-4o", TopP: ptr[float32](2)})
			return err
		}}, "top_p", "between 0 and 1"},
	}
	for _, tt := range tests {
		t.Run(tt.req.name, func(t *testing.T) {
			srv, client, ctx, _ := setup(t, true)
			err := tt.req.call(ctx, client)
			if srv.Count() != 0 {
				t.Errorf("server saw %d requests; an invalid request must not be sent", srv.Count())
			}
			var ve *oaiguard.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v (%T), want a *ValidationError", err, err)
			}
			if ve.Field != tt.field || !strings.Contains(ve.Reason, tt.reason) {
				t.Errorf("ValidationError{%q, %q}; want field %q, reason with %q", ve.Field, ve.Reason, tt.field, tt.reason)
			}
			if e := asError(t, err); e.Attempts != 0 || e.Class != oaiguard.InvalidRequest {
				t.Errorf("Error = %+v, want InvalidRequest after 0 attempts", e)
			}
			if !oaiguard.IsInvalidRequest(err) || !oaiguard.IsInvalidRequest(ve) || oaiguard.IsRetryable(err) {
				t.Errorf("class of %v = %v, of the bare error %v", err, oaiguard.Classify(err), oaiguard.Classify(ve))
			}
		})
	}
}

// Policy.SkipValidation sends what OpenAI's rules would reject, for servers
// with rules of their own (LocalAI, LiteLLM, a test fake).
func TestSkipValidationSends(t *testing.T) {
	srv, client, _, c := setup(t, true)
	p := testPolicy(c)
	p.SkipValidation = true
	ctx := oaiguard.WithPolicy(context.Background(), p)
	if _, err := oaiguard.Call(ctx, client.CreateChatCompletion, chatReq(func(r *openai.ChatCompletionRequest) { r.Model = "" })); err != nil {
		t.Fatal(err)
	}
	if srv.Count() != 1 {
		t.Errorf("server saw %d requests, want 1", srv.Count())
	}
}

// The reasoning-model rules and the word rules of oaiguard's table: the
// requests fail before sending, and where go-openai rejects them on the
// client itself, errors.Is still finds its error, as without the runtime.
func TestReasoningAndWordRules(t *testing.T) {
	tests := []struct {
		req           request
		field, reason string
		sdkErr        error // go-openai's own error for the request
	}{
		{chatCall("reasoning temperature", func(r *openai.ChatCompletionRequest) { r.Model, r.Temperature = "o3", 0.2 }), "temperature", `must be 1 (or not sent) for reasoning models (model "o3")`, openai.ErrReasoningModelLimitationsOther},
		{chatCall("reasoning top_p", func(r *openai.ChatCompletionRequest) { r.Model, r.TopP = "gpt-5", 0.5 }), "top_p", "for reasoning models", openai.ErrReasoningModelLimitationsOther},
		{chatCall("reasoning max_tokens", func(r *openai.ChatCompletionRequest) { r.Model, r.MaxTokens = "o1-mini", 100 }), "max_tokens", "use max_completion_tokens", openai.ErrReasoningModelMaxTokensDeprecated},
		{chatCall("reasoning logprobs", func(r *openai.ChatCompletionRequest) { r.Model, r.LogProbs = "o4-mini", true }), "logprobs", "not supported by reasoning models", openai.ErrReasoningModelLimitationsLogprobs},
		{chatCall("reasoning n", func(r *openai.ChatCompletionRequest) { r.Model, r.N = "o3", 2 }), "n", "for reasoning models", openai.ErrReasoningModelLimitationsOther},
		{chatCall("reasoning penalty", func(r *openai.ChatCompletionRequest) { r.Model, r.PresencePenalty = "gpt-5.1", 0.5 }), "presence_penalty", "at most 0 for reasoning models", openai.ErrReasoningModelLimitationsOther},
		{chatCall("json_object without JSON", func(r *openai.ChatCompletionRequest) {
			r.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
		}), "messages", `must mention "json" when response_format json_object is set`, nil},
		{responseCall("reasoning temperature", openai.CreateResponseRequest{Model: "o3", Input: "hi", Temperature: ptr[float32](0.5)}), "temperature", "for reasoning models", nil},
	}
	for _, tt := range tests {
		t.Run(tt.req.name, func(t *testing.T) {
			srv, client, ctx, _ := setup(t, true)
			err := tt.req.call(ctx, client)
			if srv.Count() != 0 {
				t.Errorf("server saw %d requests; an invalid request must not be sent", srv.Count())
			}
			var ve *oaiguard.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v (%T), want a *ValidationError", err, err)
			}
			if ve.Field != tt.field || !strings.Contains(ve.Reason, tt.reason) {
				t.Errorf("ValidationError{%q, %q}; want field %q, reason with %q", ve.Field, ve.Reason, tt.field, tt.reason)
			}
			if tt.sdkErr != nil && !errors.Is(err, tt.sdkErr) {
				t.Errorf("err = %v; want errors.Is to find go-openai's own %v", err, tt.sdkErr)
			}
			if !oaiguard.IsInvalidRequest(err) || oaiguard.IsRetryable(err) {
				t.Errorf("class of %v = %v", err, oaiguard.Classify(err))
			}
		})
	}
}
