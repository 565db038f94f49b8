// Package openaigo holds openai-go errors, streams and pagers handled
// wrongly and rightly.
package openaigo

import (
	"context"
	"errors"
	"fmt"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/packages/ssestream"
)

var params = openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2}

// Type assertions and switches.

func assertIf(err error) bool {
	if apiErr, ok := err.(*openai.Error); ok && apiErr.StatusCode == 429 { // want `type assertion err.\(\*openai.Error\) misses a wrapped \*openai.Error`
		return true
	}
	return false
}

func assertStream(err error) string {
	if se, ok := err.(*ssestream.StreamError); ok { // want `type assertion err.\(\*ssestream.StreamError\) misses a wrapped`
		return se.Message
	}
	return ""
}

func switchSimple(err error) int {
	switch e := err.(type) { // want `type switch on err takes the \*openai.Error case only when the error is not wrapped`
	case *openai.Error:
		return e.StatusCode
	}
	return 0
}

func switchBreaks(err error) (status int) {
	switch e := err.(type) { // want `type switch on err takes the \*openai.Error case only`
	case *openai.Error:
		if e.StatusCode == 0 {
			break
		}
		status = e.StatusCode
	}
	return status
}

// errors.As target that panics.

func asValueTarget(err error) string {
	var apiErr openai.Error
	if errors.As(err, &apiErr) { // want `errors.As target &apiErr is a \*openai.Error, so errors.As panics: only \*openai.Error implements error; the target must be a \*\*openai.Error`
		return apiErr.Code
	}
	return ""
}

// Streams and pagers: Err() must be read after the loop.

func streamUnread(ctx context.Context, client openai.Client) string {
	stream := client.Chat.Completions.NewStreaming(ctx, params) // want `stream.Err\(\) is never read: client.Chat.Completions.NewStreaming returns no error, so a failed request ends the loop over stream.Next\(\) as if the data had ended; check stream.Err\(\) after the loop`
	defer stream.Close()
	var out string
	for stream.Next() {
		out += stream.Current().Choices[0].Delta.Content
	}
	return out
}

func pagerUnread(ctx context.Context, client openai.Client) []string {
	var ids []string
	iter := client.Models.ListAutoPaging(ctx) // want `iter.Err\(\) is never read: client.Models.ListAutoPaging returns no error`
	for iter.Next() {
		ids = append(ids, iter.Current().ID)
	}
	return ids
}

func streamDropped(ctx context.Context, client openai.Client) {
	client.Chat.Completions.NewStreaming(ctx, params) // want `the stream returned by client.Chat.Completions.NewStreaming is dropped: nothing reads its events or its Err\(\)`
}

func discarded(ctx context.Context, client openai.Client) {
	_, _ = client.Models.Get(ctx, "gpt-5.2") // want `the error of client.Models.Get is discarded \(it is assigned to _\)`
}

// Right: no reports.

func streamRead(ctx context.Context, client openai.Client) (string, error) {
	stream := client.Chat.Completions.NewStreaming(ctx, params)
	defer stream.Close()
	var out string
	for stream.Next() {
		out += stream.Current().Choices[0].Delta.Content
	}
	if err := stream.Err(); err != nil {
		return out, fmt.Errorf("chat stream: %w", err)
	}
	return out, nil
}

func pagerRead(ctx context.Context, client openai.Client) ([]string, error) {
	var ids []string
	iter := client.Models.ListAutoPaging(ctx)
	for iter.Next() {
		ids = append(ids, iter.Current().ID)
	}
	return ids, iter.Err()
}

// The stream leaves the function: its caller may read Err.
func streamReturned(ctx context.Context, client openai.Client) *ssestream.Stream[openai.ChatCompletionChunk] {
	stream := client.Chat.Completions.NewStreaming(ctx, params)
	return stream
}

func asRight(err error) (int, bool) {
	var apiErr *openai.Error
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode, true
	}
	var streamErr *ssestream.StreamError
	return 0, errors.As(err, &streamErr)
}

func handled(ctx context.Context, client openai.Client) error {
	_, err := client.Models.Get(ctx, "gpt-5.2")
	return err
}
