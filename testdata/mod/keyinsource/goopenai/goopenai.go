// Package goopenai writes fake, key-shaped strings where go-openai takes a
// key.
package goopenai

import (
	"net/http"

	openai "github.com/sashabaranov/go-openai"
)

const (
	legacyKey = "sk-A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2"                                                                                                                      // want `reaches go-openai's NewClient`
	azureKey  = "sk-proj-A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2" // want `reaches go-openai's DefaultAzureConfig`
)

func clients() {
	_ = openai.NewClient(legacyKey)
	_ = openai.NewClientWithConfig(openai.DefaultAzureConfig(azureKey, "https://example.openai.azure.com"))
	_ = openai.DefaultConfig("sk-svcacct-B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3")       // want `reaches go-openai's DefaultConfig`
	_ = openai.NewOrgClient("sk-admin-C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4", "org-1") // want `reaches go-openai's NewOrgClient`
}

func header(req *http.Request) {
	req.Header.Set("Authorization", "Bearer sk-proj-A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2") // want `reaches an Authorization header`
}

// Negatives: a key from elsewhere, a placeholder.
func FromConfig(key string) *openai.Client {
	_ = openai.NewClient("sk-your-key-here")
	return openai.NewClient(key)
}
