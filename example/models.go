package main

import (
	"context"

	goopenai "github.com/sashabaranov/go-openai"
)

// listModels is best effort: a failure only hides the model list.
func listModels(ctx context.Context, c *goopenai.Client) []string {
	//oaiguard:ignore unretried best effort, shown only in --verbose
	list, err := c.ListModels(ctx)
	if err != nil {
		return nil
	}
	var ids []string
	for _, m := range list.Models {
		ids = append(ids, m.ID)
	}
	return ids
}

func deleteUpload(ctx context.Context, c *goopenai.Client, id string) error {
	return c.DeleteFile(ctx, id)
}

var _ = listModels
var _ = deleteUpload
