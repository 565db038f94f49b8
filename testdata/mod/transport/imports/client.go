// Package imports: fixes that add the runtime's import and drop the SDK's
// when the constructor was its only use in the file.
package imports

import (
	"os"

	"github.com/sashabaranov/go-openai"
)

// Client is the package's client.
var Client = openai.NewClient(os.Getenv("OPENAI_API_KEY")) // want `openai.NewClient builds .*, and its CreateChatCompletion call \(chat.go:12\), left to its callers in other packages, needs oaiguard's runtime where they retry it \(unretried reports them\)`
