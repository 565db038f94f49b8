package goopenai

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

// Writes after the literal, through a field, an element, an alias or a
// pointer, make what they reach unknown: nothing is reported.

var jsonFormat = openai.ChatCompletionResponseFormatTypeJSONObject

func messageVarWritten(ctx context.Context, c *openai.Client) {
	m := openai.ChatCompletionMessage{Role: "user"}
	m.Content = "answer as JSON"
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "m", Messages: []openai.ChatCompletionMessage{m}, ResponseFormat: &openai.ChatCompletionResponseFormat{Type: "json_object"}})
}

func elementWritten(ctx context.Context, c *openai.Client) {
	msgs := []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser}}
	msgs[0].Content = "reply in json"
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "m", Messages: msgs, ResponseFormat: &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}})
}

func requestElementWritten(ctx context.Context, c *openai.Client) {
	req := openai.ChatCompletionRequest{Model: "m", Messages: []openai.ChatCompletionMessage{{Role: "user"}}, ResponseFormat: &openai.ChatCompletionResponseFormat{Type: "json_object"}}
	req.Messages[0].Content = "reply in JSON"
	_, _ = c.CreateChatCompletion(ctx, req)
}

func requestAliasWritten(ctx context.Context, c *openai.Client) {
	req := openai.ChatCompletionRequest{Model: "m", Messages: []openai.ChatCompletionMessage{{Role: "user"}}, ResponseFormat: &openai.ChatCompletionResponseFormat{Type: "json_object"}}
	ms := req.Messages
	ms[0].Content = "reply in JSON"
	_, _ = c.CreateChatCompletion(ctx, req)
}

func formatFieldWritten(ctx context.Context, c *openai.Client) {
	req := openai.ChatCompletionRequest{Model: "m", Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "hi"}}, ResponseFormat: &openai.ChatCompletionResponseFormat{Type: "json_object"}}
	req.ResponseFormat.Type = openai.ChatCompletionResponseFormatTypeText
	_, _ = c.CreateChatCompletion(ctx, req)
}

func formatPointerWritten(ctx context.Context, c *openai.Client) {
	rf := &openai.ChatCompletionResponseFormat{Type: jsonFormat}
	rf.Type = openai.ChatCompletionResponseFormatTypeText
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "m", Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "hi"}}, ResponseFormat: rf})
}

func sliceToCall(ctx context.Context, c *openai.Client) {
	msgs := []openai.ChatCompletionMessage{{Role: "user"}}
	fill(msgs)
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "m", Messages: msgs, ResponseFormat: &openai.ChatCompletionResponseFormat{Type: "json_object"}})
}

func fill(ms []openai.ChatCompletionMessage) { ms[0].Content = "JSON please" }

func parenWritten(ctx context.Context, c *openai.Client) {
	req := openai.ChatCompletionRequest{Model: "m", Messages: msgs, Temperature: 4}
	(req).Temperature = 1
	_, _ = c.CreateChatCompletion(ctx, req)
}

// Still reported: the write to one field leaves the others as they are.
func otherFieldWritten(ctx context.Context, c *openai.Client) {
	req := openai.ChatCompletionRequest{Model: "m", Messages: []openai.ChatCompletionMessage{{Role: "user"}}, Temperature: 4} // want `sets temperature to 4`
	req.Messages[0].Content = "hi"
	_, _ = c.CreateChatCompletion(ctx, req)
}

// Still reported: a message read, not written.
func messageVarRead(ctx context.Context, c *openai.Client) {
	m := openai.ChatCompletionMessage{Role: "user", Content: "hi"}
	_ = m.Content
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "m", Messages: []openai.ChatCompletionMessage{m}, ResponseFormat: &openai.ChatCompletionResponseFormat{Type: "json_object"}}) // want `no message mentions "JSON"`
}
