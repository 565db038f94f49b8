package transport

import (
	"context"
	"os"
	"strings"

	"github.com/sashabaranov/go-openai"
)

// The constructor is the file's only use of the SDK's import, which the
// transport fix drops while unretried adds the runtime's import and errtext
// drops strings.
var models = openai.NewClient(os.Getenv("OPENAI_API_KEY"))

func countModels(ctx context.Context) (int, error) {
	list, err := models.ListModels(ctx)
	if err != nil && strings.Contains(err.Error(), "rate limit") {
		return 0, err
	}
	return len(list.Models), err
}
