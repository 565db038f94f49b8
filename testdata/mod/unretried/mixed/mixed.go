// Package mixed uses both SDKs in one file: each runtime gets its own
// import name, the same in every fix, so that the fixes merge.
package mixed

import (
	"context"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	goopenai "github.com/sashabaranov/go-openai"
)

func both(ctx context.Context, legacy *goopenai.Client) error {
	if _, err := legacy.ListModels(ctx); err != nil { // want `legacy.ListModels has no retry handling.*oaiguardgo.Call0`
		return err
	}
	client := openai.NewClient(option.WithMaxRetries(0))
	_, err := client.Models.List(ctx) // want `client.Models.List has no retry handling.*oaiguard.Call0`
	return err
}
