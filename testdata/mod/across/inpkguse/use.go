// Package inpkguse calls inpkg.Use, whose API call is in inpkg.Ask, a
// function of inpkg that inpkg itself calls.
package inpkguse

import (
	"context"
	"log"

	goopenai "github.com/sashabaranov/go-openai"

	"example.com/fixtures/across/inpkg"
)

// Daily runs once a day.
func Daily(ctx context.Context, c *goopenai.Client) {
	if err := inpkg.Use(ctx, c); err != nil { // want `inpkg.Use has no retry handling, here or in example.com/fixtures/across/inpkg.Use, where it calls c.CreateChatCompletion in example.com/fixtures/across/inpkg.Ask`
		log.Print(err)
	}
}
