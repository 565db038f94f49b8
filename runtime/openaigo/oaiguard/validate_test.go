package oaiguard_test

// Validation before the first attempt, with the real openai-go client:
// valid requests of each kind reach the fake server, invalid ones fail
// with the field named and send nothing.

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/packages/param"
	"github.com/openai/openai-go/v3/responses"
	"github.com/openai/openai-go/v3/shared"

	"github.com/oaiguard/oaiguard/runtime/openaigo/internal/fakeapi"
	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
)

var (
	embeddingReply  = fakeapi.Reply{Body: `{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":1,"total_tokens":1}}`}
	completionReply = fakeapi.Reply{Body: `{"id":"cmpl-1","object":"text_completion","created":1,"model":"gpt-3.5-turbo-instruct","choices":[{"text":"hi","index":0,"finish_reason":"stop","logprobs":null}]}`}
	responseReply   = fakeapi.Reply{Body: `{"id":"resp_1","object":"response","created_at":1,"status":"completed","model":"gpt-4o","output":[]}`}
)

func metadata(n, keyLen, valueLen int) shared.Metadata {
	m := shared.Metadata{}
	for i := 0; i < n; i++ {
		// é is two bytes and one character: the limits count characters.
		m[string(rune('a'+i))+strings.Repeat("é", keyLen-1)] = strings.Repeat("é", valueLen)
	}
	return m
}

func chat(edit func(*openai.ChatCompletionNewParams)) openai.ChatCompletionNewParams {
	p := openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hello")},
	}
	edit(&p)
	return p
}

func respParams(edit func(*responses.ResponseNewParams)) responses.ResponseNewParams {
	p := responses.ResponseNewParams{Model: shared.ResponsesModel("gpt-4o"), Input: responses.ResponseNewParamsInputUnion{OfString: openai.String("hi")}}
	edit(&p)
	return p
}

func embedding(edit func(*openai.EmbeddingNewParams)) openai.EmbeddingNewParams {
	p := openai.EmbeddingNewParams{
		Model: openai.EmbeddingModelTextEmbedding3Small,
		Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: []string{"a", "b"}},
	}
	edit(&p)
	return p
}

func completion(edit func(*openai.CompletionNewParams)) openai.CompletionNewParams {
	p := openai.CompletionNewParams{
		Model:  openai.CompletionNewParamsModelGPT3_5TurboInstruct,
		Prompt: openai.CompletionNewParamsPromptUnion{OfString: openai.String("Say hi")},
	}
	edit(&p)
	return p
}

// request is one call of a request kind, through the runtime.
type request struct {
	name string
	call func(ctx context.Context, client openai.Client) error
}

func chatCall(name string, edit func(*openai.ChatCompletionNewParams)) request {
	return request{name, func(ctx context.Context, c openai.Client) error {
		_, err := oaiguard.Call(ctx, c.Chat.Completions.New, chat(edit))
		return err
	}}
}

func responseCall(name string, edit func(*responses.ResponseNewParams)) request {
	return request{name, func(ctx context.Context, c openai.Client) error {
		_, err := oaiguard.Call(ctx, c.Responses.New, respParams(edit))
		return err
	}}
}

func embeddingCall(name string, edit func(*openai.EmbeddingNewParams)) request {
	return request{name, func(ctx context.Context, c openai.Client) error {
		_, err := oaiguard.Call(ctx, c.Embeddings.New, embedding(edit))
		return err
	}}
}

func completionCall(name string, edit func(*openai.CompletionNewParams)) request {
	return request{name, func(ctx context.Context, c openai.Client) error {
		_, err := oaiguard.Call(ctx, c.Completions.New, completion(edit))
		return err
	}}
}

func TestValidRequestsPass(t *testing.T) {
	tests := []struct {
		req   request
		reply fakeapi.Reply
	}{
		{chatCall("plain", func(*openai.ChatCompletionNewParams) {}), fakeapi.ChatCompletion()},
		{chatCall("bounds", func(p *openai.ChatCompletionNewParams) {
			p.Temperature, p.TopP = openai.Float(0), openai.Float(1)
			p.N = openai.Int(128)
			p.PresencePenalty, p.FrequencyPenalty = openai.Float(-2), openai.Float(2)
			p.LogitBias = map[string]int64{"50256": -100, "1": 100}
			p.Logprobs, p.TopLogprobs = openai.Bool(true), openai.Int(20)
			p.MaxCompletionTokens = openai.Int(1)
			p.Metadata = metadata(16, 64, 512)
		}), fakeapi.ChatCompletion()},
		{chatCall("top_logprobs 0 without logprobs", func(p *openai.ChatCompletionNewParams) { p.TopLogprobs = openai.Int(0) }), fakeapi.ChatCompletion()},
		{chatCall("null temperature", func(p *openai.ChatCompletionNewParams) { p.Temperature = param.Null[float64]() }), fakeapi.ChatCompletion()},
		{chatCall("model as an extra field", func(p *openai.ChatCompletionNewParams) {
			p.Model = ""
			p.SetExtraFields(map[string]any{"model": "gpt-4o"})
		}), fakeapi.ChatCompletion()},
		{chatCall("temperature as an extra field", func(p *openai.ChatCompletionNewParams) {
			p.Temperature = openai.Float(9) // the extra field is what is sent
			p.SetExtraFields(map[string]any{"temperature": 1})
		}), fakeapi.ChatCompletion()},
		{request{"raw JSON body", func(ctx context.Context, c openai.Client) error {
			_, err := oaiguard.Call(ctx, c.Chat.Completions.New, param.Override[openai.ChatCompletionNewParams](
				map[string]any{"model": "gpt-4o", "messages": []any{map[string]any{"role": "user", "content": "hi"}}}))
			return err
		}}, fakeapi.ChatCompletion()},
		{responseCall("plain", func(*responses.ResponseNewParams) {}), responseReply},
		{responseCall("no model, no input: a stored prompt supplies them", func(p *responses.ResponseNewParams) {
			*p = responses.ResponseNewParams{Prompt: responses.ResponsePromptParam{ID: "pmpt_1"}}
		}), responseReply},
		{responseCall("bounds", func(p *responses.ResponseNewParams) {
			p.MaxOutputTokens = openai.Int(16)
			p.Temperature, p.TopP = openai.Float(2), openai.Float(0)
			p.TopLogprobs = openai.Int(0)
		}), responseReply},
		{embeddingCall("strings", func(*openai.EmbeddingNewParams) {}), embeddingReply},
		{embeddingCall("one string", func(p *openai.EmbeddingNewParams) {
			p.Input = openai.EmbeddingNewParamsInputUnion{OfString: openai.String("x")}
			p.Dimensions = openai.Int(1)
		}), embeddingReply},
		{embeddingCall("tokens", func(p *openai.EmbeddingNewParams) {
			p.Input = openai.EmbeddingNewParamsInputUnion{OfArrayOfTokenArrays: [][]int64{{1, 2}}}
		}), embeddingReply},
		{completionCall("plain", func(*openai.CompletionNewParams) {}), completionReply},
		{completionCall("empty prompt", func(p *openai.CompletionNewParams) {
			p.Prompt = openai.CompletionNewParamsPromptUnion{OfString: openai.String("")}
			p.Logprobs, p.N = openai.Int(5), openai.Int(1)
		}), completionReply},
		{completionCall("prompt override", func(p *openai.CompletionNewParams) {
			p.Prompt = param.Override[openai.CompletionNewParamsPromptUnion]("raw prompt")
		}), completionReply},
		{chatCall("reasoning model, defaults", func(p *openai.ChatCompletionNewParams) {
			p.Model, p.Temperature, p.TopP, p.MaxCompletionTokens = "o3", openai.Float(1), openai.Float(1), openai.Int(100)
			p.Logprobs = openai.Bool(false)
		}), fakeapi.ChatCompletion()},
		{chatCall("gpt-5-chat-latest with temperature", func(p *openai.ChatCompletionNewParams) {
			p.Model, p.Temperature, p.MaxTokens = "gpt-5-chat-latest", openai.Float(0.2), openai.Int(5)
		}), fakeapi.ChatCompletion()},
		{chatCall("gpt-5.1 with temperature", func(p *openai.ChatCompletionNewParams) { p.Model, p.Temperature = "gpt-5.1", openai.Float(0.2) }), fakeapi.ChatCompletion()},
		{chatCall("json_object, JSON mentioned", func(p *openai.ChatCompletionNewParams) {
			p.ResponseFormat = openai.ChatCompletionNewParamsResponseFormatUnion{OfJSONObject: &shared.ResponseFormatJSONObjectParam{}}
			p.Messages = []openai.ChatCompletionMessageParamUnion{openai.SystemMessage("Reply with a JSON object."), openai.UserMessage("hi")}
		}), fakeapi.ChatCompletion()},
		{chatCall("temperature of a reasoning model as an extra field", func(p *openai.ChatCompletionNewParams) {
			p.Model, p.Temperature = "o3", openai.Float(0.5)
			p.SetExtraFields(map[string]any{"temperature": 1})
		}), fakeapi.ChatCompletion()},
	}
	for _, tt := range tests {
		t.Run(tt.req.name, func(t *testing.T) {
			srv, client, ctx, _ := setup(t)
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

func TestInvalidRequestsFailBeforeSending(t *testing.T) {
	tests := []struct {
		req    request
		field  string
		reason string
	}{
		{chatCall("no model", func(p *openai.ChatCompletionNewParams) { p.Model = "" }), "model", "is required"},
		{chatCall("no messages", func(p *openai.ChatCompletionNewParams) { p.Messages = nil }), "messages", "is required"},
		{chatCall("empty messages", func(p *openai.ChatCompletionNewParams) { p.Messages = []openai.ChatCompletionMessageParamUnion{} }), "messages", "must not be empty"},
		{chatCall("temperature", func(p *openai.ChatCompletionNewParams) { p.Temperature = openai.Float(2.5) }), "temperature", "must be between 0 and 2, not 2.5"},
		{chatCall("negative temperature", func(p *openai.ChatCompletionNewParams) { p.Temperature = openai.Float(-0.1) }), "temperature", "between 0 and 2"},
		{chatCall("top_p", func(p *openai.ChatCompletionNewParams) { p.TopP = openai.Float(1.01) }), "top_p", "between 0 and 1"},
		{chatCall("n zero", func(p *openai.ChatCompletionNewParams) { p.N = openai.Int(0) }), "n", "between 1 and 128, not 0"},
		{chatCall("n too many", func(p *openai.ChatCompletionNewParams) { p.N = openai.Int(129) }), "n", "between 1 and 128"},
		{chatCall("presence_penalty", func(p *openai.ChatCompletionNewParams) { p.PresencePenalty = openai.Float(-2.5) }), "presence_penalty", "between -2 and 2"},
		{chatCall("frequency_penalty", func(p *openai.ChatCompletionNewParams) { p.FrequencyPenalty = openai.Float(3) }), "frequency_penalty", "between -2 and 2"},
		{chatCall("logit_bias", func(p *openai.ChatCompletionNewParams) { p.LogitBias = map[string]int64{"50256": 101} }), "logit_bias", `value for "50256" must be between -100 and 100, not 101`},
		{chatCall("top_logprobs", func(p *openai.ChatCompletionNewParams) {
			p.Logprobs, p.TopLogprobs = openai.Bool(true), openai.Int(21)
		}), "top_logprobs", "between 0 and 20"},
		{chatCall("top_logprobs without logprobs", func(p *openai.ChatCompletionNewParams) { p.TopLogprobs = openai.Int(3) }), "top_logprobs", "needs logprobs set to true"},
		{chatCall("max_tokens", func(p *openai.ChatCompletionNewParams) { p.MaxTokens = openai.Int(0) }), "max_tokens", "at least 1"},
		{chatCall("max_completion_tokens", func(p *openai.ChatCompletionNewParams) { p.MaxCompletionTokens = openai.Int(-5) }), "max_completion_tokens", "at least 1, not -5"},
		{chatCall("metadata entries", func(p *openai.ChatCompletionNewParams) { p.Metadata = metadata(17, 1, 1) }), "metadata", "has 17 entries"},
		{chatCall("metadata key", func(p *openai.ChatCompletionNewParams) { p.Metadata = metadata(1, 65, 1) }), "metadata", "longer than 64 characters"},
		{chatCall("metadata value", func(p *openai.ChatCompletionNewParams) { p.Metadata = metadata(1, 1, 513) }), "metadata", "longer than 512 characters"},
		{responseCall("max_output_tokens", func(p *responses.ResponseNewParams) { p.MaxOutputTokens = openai.Int(15) }), "max_output_tokens", "at least 16, not 15"},
		{chatCall("reasoning temperature", func(p *openai.ChatCompletionNewParams) { p.Model, p.Temperature = "o3", openai.Float(0) }), "temperature", `must be 1 (or not sent) for reasoning models (model "o3")`},
		{chatCall("reasoning top_p", func(p *openai.ChatCompletionNewParams) { p.Model, p.TopP = "gpt-5-mini", openai.Float(0.9) }), "top_p", "for reasoning models"},
		{chatCall("reasoning max_tokens", func(p *openai.ChatCompletionNewParams) { p.Model, p.MaxTokens = "o1", openai.Int(100) }), "max_tokens", "use max_completion_tokens"},
		{chatCall("reasoning logprobs", func(p *openai.ChatCompletionNewParams) { p.Model, p.Logprobs = "o4-mini-2025-04-16", openai.Bool(true) }), "logprobs", "not supported by reasoning models"},
		{chatCall("json_object without JSON", func(p *openai.ChatCompletionNewParams) {
			p.ResponseFormat = openai.ChatCompletionNewParamsResponseFormatUnion{OfJSONObject: &shared.ResponseFormatJSONObjectParam{}}
		}), "messages", `must mention "json" when response_format json_object is set`},
		{responseCall("reasoning temperature", func(p *responses.ResponseNewParams) { p.Model, p.Temperature = "gpt-5", openai.Float(0.7) }), "temperature", "for reasoning models"},
		{responseCall("temperature", func(p *responses.ResponseNewParams) { p.Temperature = openai.Float(2.1) }), "temperature", "between 0 and 2"},
		{responseCall("top_logprobs", func(p *responses.ResponseNewParams) { p.TopLogprobs = openai.Int(21) }), "top_logprobs", "between 0 and 20"},
		{embeddingCall("no input", func(p *openai.EmbeddingNewParams) { p.Input = openai.EmbeddingNewParamsInputUnion{} }), "input", "is required"},
		{embeddingCall("empty string", func(p *openai.EmbeddingNewParams) {
			p.Input = openai.EmbeddingNewParamsInputUnion{OfString: openai.String("")}
		}), "input", "must not be empty"},
		{embeddingCall("empty array", func(p *openai.EmbeddingNewParams) {
			p.Input = openai.EmbeddingNewParamsInputUnion{OfArrayOfTokens: []int64{}}
		}), "input", "must not be empty"},
		{embeddingCall("no model", func(p *openai.EmbeddingNewParams) { p.Model = "" }), "model", "is required"},
		{embeddingCall("dimensions", func(p *openai.EmbeddingNewParams) { p.Dimensions = openai.Int(0) }), "dimensions", "at least 1"},
		{completionCall("no prompt", func(p *openai.CompletionNewParams) { p.Prompt = openai.CompletionNewParamsPromptUnion{} }), "prompt", "is required"},
		{completionCall("no model", func(p *openai.CompletionNewParams) { p.Model = "" }), "model", "is required"},
		{completionCall("logprobs", func(p *openai.CompletionNewParams) { p.Logprobs = openai.Int(6) }), "logprobs", "between 0 and 5"},
		{completionCall("n", func(p *openai.CompletionNewParams) { p.N = openai.Int(0) }), "n", "at least 1"},
		{request{"stream", func(ctx context.Context, c openai.Client) error {
			s := oaiguard.Stream(ctx, c.Chat.Completions.NewStreaming, chat(func(p *openai.ChatCompletionNewParams) { p.TopP = openai.Float(-1) }))
			defer s.Close()
			if s.Next() {
				return errors.New("an invalid stream yielded an event")
			}
			return s.Err()
		}}, "top_p", "between 0 and 1"},
		{request{"completion stream", func(ctx context.Context, c openai.Client) error {
			s := oaiguard.Stream(ctx, c.Completions.NewStreaming, completion(func(p *openai.CompletionNewParams) { p.Model = "" }))
			defer s.Close()
			return s.Err()
		}}, "model", "is required"},
	}
	for _, tt := range tests {
		t.Run(tt.req.name, func(t *testing.T) {
			srv, client, ctx, _ := setup(t)
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
			if !strings.HasPrefix(err.Error(), "oaiguard: invalid request before the first attempt: "+tt.field+" ") {
				t.Errorf("text %q", err.Error())
			}
		})
	}
}

// An argument of another type is not validated.
func TestOtherRequestTypesAreNotValidated(t *testing.T) {
	srv, client, ctx, _ := setup(t)
	srv.Then = fakeapi.Reply{Body: `{"id":"file-1","object":"file","deleted":true}`}
	if _, err := oaiguard.Call(ctx, client.Files.Delete, "file-1"); err != nil {
		t.Fatal(err)
	}
	if srv.Count() != 1 {
		t.Errorf("server saw %d requests", srv.Count())
	}
}

// Policy.SkipValidation sends what OpenAI's rules would reject, for servers
// with rules of their own.
func TestSkipValidationSends(t *testing.T) {
	srv, client, _, c := setup(t)
	p := testPolicy(c)
	p.SkipValidation = true
	ctx := oaiguard.WithPolicy(context.Background(), p)
	if _, err := oaiguard.Call(ctx, client.Chat.Completions.New, chat(func(p *openai.ChatCompletionNewParams) { p.Model = "" })); err != nil {
		t.Fatal(err)
	}
	s := oaiguard.Stream(ctx, client.Chat.Completions.NewStreaming, chat(func(p *openai.ChatCompletionNewParams) { p.TopP = openai.Float(-1) }))
	s.Close()
	if srv.Count() != 2 {
		t.Errorf("server saw %d requests, want both", srv.Count())
	}
}
