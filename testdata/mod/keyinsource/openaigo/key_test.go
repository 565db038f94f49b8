package openaigo

import (
	"testing"

	"github.com/openai/openai-go/v3/option"
)

// Keys leak from tests too.
func TestClient(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "sk-A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2") // want `\(sk-A1b…, 51 characters\) and reaches the OPENAI_API_KEY environment variable`
	_ = option.WithAPIKey("sk-test")
}
