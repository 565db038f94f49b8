// Package goopenai opens go-openai streams and closes some of them.
package goopenai

import (
	"context"
	"errors"
	"io"

	oaiguard "github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
	openai "github.com/sashabaranov/go-openai"
)

func leak(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (string, error) {
	stream, err := c.CreateChatCompletionStream(ctx, req) // want `stream \(a \*openai.ChatCompletionStream from c.CreateChatCompletionStream\) is never closed`
	if err != nil {
		return "", err
	}
	resp, err := stream.Recv()
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Delta.Content, nil
}

func leakCompletion(ctx context.Context, c *openai.Client, req openai.CompletionRequest) error {
	s, err := c.CreateCompletionStream(ctx, req) // want `s \(a \*openai.CompletionStream from c.CreateCompletionStream\) is never closed`
	if err != nil {
		return err
	}
	for {
		if _, err := s.Recv(); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// The runtime's Stream returns the SDK's stream.
func leakRuntime(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	stream, err := oaiguard.Stream(ctx, c.CreateChatCompletionStream, req) // want `is never closed`
	if err != nil {
		return err
	}
	_, err = stream.Recv()
	return err
}

// No fix: the error check does not return.
func leakUnusualShape(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) {
	stream, err := c.CreateChatCompletionStream(ctx, req) // want `is never closed`
	if err != nil {
		println(err.Error())
	}
	_ = stream
}

// No fix: a defer in a loop waits for the function's end.
func leakInLoop(ctx context.Context, c *openai.Client, reqs []openai.ChatCompletionRequest) error {
	for _, req := range reqs {
		stream, err := c.CreateChatCompletionStream(ctx, req) // want `is never closed`
		if err != nil {
			return err
		}
		if _, err := stream.Recv(); err != nil {
			return err
		}
	}
	return nil
}

// Negatives.

func closed(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	stream, err := c.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return err
	}
	defer stream.Close()
	_, err = stream.Recv()
	return err
}

func closedByHand(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	stream, err := c.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return err
	}
	_, err = stream.Recv()
	stream.Close()
	return err
}

func returned(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (*openai.ChatCompletionStream, error) {
	stream, err := c.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return nil, err
	}
	return stream, nil
}

type holder struct{ s *openai.ChatCompletionStream }

func stored(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest, h *holder) error {
	stream, err := c.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return err
	}
	h.s = stream
	return nil
}

func storedLiteral(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) *holder {
	stream, _ := c.CreateChatCompletionStream(ctx, req)
	return &holder{s: stream}
}

func passedOn(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	stream, err := c.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return err
	}
	return drain(stream)
}

func drain(s *openai.ChatCompletionStream) error {
	defer s.Close()
	_, err := s.Recv()
	return err
}

func sent(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest, ch chan<- *openai.ChatCompletionStream) {
	stream, _ := c.CreateChatCompletionStream(ctx, req)
	ch <- stream
}

func closedInGoroutine(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) {
	stream, _ := c.CreateChatCompletionStream(ctx, req)
	go func() {
		defer stream.Close()
		_, _ = stream.Recv()
	}()
}
