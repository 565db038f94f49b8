// Package eval keeps a go-openai client, given to its constructor, in a
// struct field.
package eval

import (
	"context"

	"example.com/fixtures/across/httpfield/oai"
	goopenai "github.com/sashabaranov/go-openai"
)

// Judge scores answers.
type Judge struct{ client *goopenai.Client }

// NewJudge keeps the client it is given.
func NewJudge(client *goopenai.Client) *Judge { return &Judge{client: client} }

// Score asks once; the client given to NewJudge retries.
func (j *Judge) Score(ctx context.Context, answer string) (string, error) { // want Score:`returns github.com/sashabaranov/go-openai errors`
	resp, err := j.client.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: answer}}})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

// Run builds the judge with oai's retrying client: silent.
func Run(ctx context.Context, key string) (string, error) { // want Run:`returns github.com/sashabaranov/go-openai errors`
	client, err := oai.NewClient(key)
	if err != nil {
		return "", err
	}
	j := NewJudge(client)
	return j.Score(ctx, "42")
}

// Grader is a Judge's twin whose client comes from goopenai.NewClient.
type Grader struct{ client *goopenai.Client }

// NewGrader keeps the client it is given.
func NewGrader(client *goopenai.Client) *Grader { return &Grader{client: client} }

// Grade asks once, with no retry anywhere.
func (g *Grader) Grade(ctx context.Context, answer string) (string, error) { // want Grade:`calls g.client.CreateChatCompletion \(go-openai\)`
	resp, err := g.client.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: answer}}})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

// grade builds the grader with a plain client: reported.
func grade(ctx context.Context) (string, error) {
	g := NewGrader(goopenai.NewClient("k")) // want `goopenai.NewClient builds a go-openai client without oaiguard.s transport`
	return g.Grade(ctx, "42")               // want `g.Grade has no retry handling, here or in example.com/fixtures/across/httpfield/eval.Grader.Grade, where it calls g.client.CreateChatCompletion: go-openai never retries`
}
