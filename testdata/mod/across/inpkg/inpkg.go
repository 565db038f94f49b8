// Package inpkg calls go-openai in exported functions that leave retrying
// to their callers, and calls them itself too: its own callers are judged
// as other packages' are.
package inpkg

import (
	"context"
	"log"
	"time"

	goopenai "github.com/sashabaranov/go-openai"
)

// Ask leaves retrying to its callers.
func Ask(ctx context.Context, c *goopenai.Client, q string) (string, error) { // want Ask:`calls c.CreateChatCompletion \(go-openai\)`
	r, err := c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Content: "hi"}}})
	if err != nil {
		return "", err
	}
	return r.Choices[0].Message.Content, nil
}

// Use passes Ask's error on: its callers, in other packages, are judged.
func Use(ctx context.Context, c *goopenai.Client) error { // want Use:`calls c.CreateChatCompletion \(go-openai\)`
	_, err := Ask(ctx, c, "x")
	return err
}

// run keeps the error to itself: nobody above can retry Ask's call.
func run(ctx context.Context, c *goopenai.Client) {
	if _, err := Ask(ctx, c, "x"); err != nil { // want `Ask has no retry handling, here or in example.com/fixtures/across/inpkg.Ask, where it calls c.CreateChatCompletion`
		log.Print(err)
	}
}

// poll retries Ask with a wait: unretried is silent; brokenretry judges
// the loop as it judges a loop around an API call.
func poll(ctx context.Context, c *goopenai.Client) string {
	for attempt := 0; attempt < 3; attempt++ { // want `retry loop around Ask: it retries every error`
		s, err := Ask(ctx, c, "x")
		if err == nil {
			return s
		}
		time.Sleep(time.Duration(attempt+1) * time.Second)
	}
	return ""
}

// Client holds a client; its exported method leaves retrying to callers.
type Client struct{ c *goopenai.Client }

// Chat leaves retrying to its callers.
func (c *Client) Chat(ctx context.Context, q string) (string, error) { // want Chat:`calls c.c.CreateChatCompletion \(go-openai\)`
	r, err := c.c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Content: "hi"}}})
	if err != nil {
		return "", err
	}
	return r.Choices[0].Message.Content, nil
}

// Hello greets through Chat and drops the error.
func (c *Client) Hello(ctx context.Context) string {
	s, _ := c.Chat(ctx, "hello") // want `c.Chat has no retry handling, here or in example.com/fixtures/across/inpkg.Client.Chat` `the error of c.Chat is discarded \(it is assigned to _\)`
	return s
}

var _ = run
var _ = poll
