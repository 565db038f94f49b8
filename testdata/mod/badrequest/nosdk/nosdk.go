// Package nosdk imports no SDK: a type that looks like a request is not
// one.
package nosdk

type ChatCompletionRequest struct {
	Model       string
	Temperature float32
	MaxTokens   int
}

type Client struct{}

func (Client) CreateChatCompletion(r ChatCompletionRequest) error { return nil }

func call(c Client) error {
	return c.CreateChatCompletion(ChatCompletionRequest{Model: "o3", Temperature: 5, MaxTokens: 1})
}
