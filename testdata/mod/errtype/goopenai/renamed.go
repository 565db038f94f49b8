package goopenai

import (
	"errors"

	goopenai "github.com/sashabaranov/go-openai"
)

// The SDK imported under another name: the message spells the type as the
// file does.
func asRenamed(err error) bool {
	var apiErr goopenai.APIError
	return errors.As(err, &apiErr) // want `^errors.As target &apiErr is a \*goopenai.APIError, so errors.As panics: only \*goopenai.APIError implements error; the target must be a \*\*goopenai.APIError$`
}
