// Package cost measures what the checks cost over the floor of loading
// and type-checking a module: a generated module, at several sizes, is
// analysed by the real binary, with every check and with the directive
// check alone (one load, no facts, no SDK analysis), and the benchmark
// reports wall time, CPU time and peak memory of both.
package cost

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"text/template"
)

// Module is what Generate writes: a module of Size layers, each an SDK
// package that calls both SDKs and the previous layer (so that facts
// cross packages all the way down), and a package that reaches no SDK.
type Module struct {
	Dir  string
	Size int
}

// Generate writes a module of n layers under dir, with the go.sum of
// sumFrom (a go.sum that holds the SDKs' lines).
func Generate(dir string, n int, sumFrom string) (Module, error) {
	files := map[string]string{
		"go.mod": goMod,
	}
	sum, err := os.ReadFile(sumFrom)
	if err != nil {
		return Module{}, fmt.Errorf("reading the go.sum to copy: %w", err)
	}
	files["go.sum"] = string(sum)
	for i := 0; i < n; i++ {
		data := struct{ I, Prev int }{i, i - 1}
		for name, t := range map[string]*template.Template{
			"sdk%04d/ask.go":   askTmpl,
			"sdk%04d/plain.go": plainTmpl,
			"pure%04d/pure.go": pureTmpl,
			"job%04d/job.go":   jobTmpl,
		} {
			var b bytes.Buffer
			if err := t.Execute(&b, data); err != nil {
				return Module{}, err
			}
			files[fmt.Sprintf(name, i)] = b.String()
		}
	}
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return Module{}, err
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			return Module{}, err
		}
	}
	return Module{Dir: dir, Size: n}, nil
}

const goMod = `module example.com/costmod

go 1.26.0

require (
	github.com/openai/openai-go/v3 v3.98.0
	github.com/sashabaranov/go-openai v1.43.0
)
`

var askTmpl = template.Must(template.New("ask").Delims("[[", "]]").Parse(`package sdk[[printf "%04d" .I]]

import (
	"context"
	"strings"

	"github.com/openai/openai-go/v3"
	goopenai "github.com/sashabaranov/go-openai"
[[- if ge .Prev 0]]

	prev "example.com/costmod/sdk[[printf "%04d" .Prev]]"
[[- end]]
	"example.com/costmod/pure[[printf "%04d" .I]]"
)

// Summarize asks openai-go for a summary, with no retry handling.
func Summarize(ctx context.Context, c openai.Client, text string) (string, error) {
	resp, err := c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(pure[[printf "%04d" .I]].Clean(text))},
	})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

// Chat asks go-openai, with no retry handling, and matches its error's
// text.
func Chat(ctx context.Context, c *goopenai.Client, q string) (string, error) {
	r, err := c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{
		Model:    goopenai.GPT4o,
		Messages: []goopenai.ChatCompletionMessage{{Role: goopenai.ChatMessageRoleUser, Content: q}},
	})
	if err != nil {
		if strings.Contains(err.Error(), "status code: 429") {
			return "", err
		}
		return "", err
	}
	return r.Choices[0].Message.Content, nil
}

// Use matches the text of an error that comes from another package's
// SDK call.
func Use(ctx context.Context, c openai.Client, g *goopenai.Client) error {
[[- if ge .Prev 0]]
	_, err := prev.Summarize(ctx, c, "x")
[[- else]]
	_, err := Chat(ctx, g, "x")
[[- end]]
	if err != nil && strings.Contains(err.Error(), "status code: 429") {
		return nil
	}
	return err
}

`))

// plainTmpl is code of the SDK package that calls no SDK, as most of a
// real package is.
var plainTmpl = template.Must(template.New("plain").Delims("[[", "]]").Parse(`package sdk[[printf "%04d" .I]]

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

type record struct {
	Name  string
	Score float64
	Tags  []string
}

var errEmpty = errors.New("empty")

func parse(lines []string) ([]record, error) {
	if len(lines) == 0 {
		return nil, errEmpty
	}
	var out []record
	for i, l := range lines {
		f := strings.Fields(l)
		if len(f) < 2 {
			return nil, fmt.Errorf("line %d: %q: %w", i, l, errEmpty)
		}
		var s float64
		if _, err := fmt.Sscan(f[1], &s); err != nil {
			return nil, fmt.Errorf("line %d: %w", i, err)
		}
		out = append(out, record{Name: f[0], Score: s, Tags: f[2:]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out, nil
}

func top(rs []record, n int) []string {
	var names []string
	for i := 0; i < n && i < len(rs); i++ {
		names = append(names, rs[i].Name)
	}
	return names
}

func retryParse(lines []string) ([]record, error) {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		var rs []record
		if rs, err = parse(lines); err == nil {
			return rs, nil
		}
	}
	return nil, err
}

func tags(rs []record) map[string]int {
	m := map[string]int{}
	for _, r := range rs {
		for _, t := range r.Tags {
			m[strings.ToLower(t)]++
		}
	}
	return m
}
`))

// pureTmpl is a package that reaches no SDK.
var pureTmpl = template.Must(template.New("pure").Delims("[[", "]]").Parse(`package pure[[printf "%04d" .I]]

import (
	"strings"
	"unicode"
)

// Clean trims text and folds its runs of space.
func Clean(text string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(text) {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Words counts the words of text.
func Words(text string) int { return len(strings.Fields(text)) }
`))

// jobTmpl is where a layer's calls end up: it keeps no error to return,
// so the API calls under Use need retry handling here.
var jobTmpl = template.Must(template.New("job").Delims("[[", "]]").Parse(`package job[[printf "%04d" .I]]

import (
	"context"
	"log"

	"github.com/openai/openai-go/v3"
	goopenai "github.com/sashabaranov/go-openai"

	"example.com/costmod/sdk[[printf "%04d" .I]]"
)

// Daily runs the layer's work once.
func Daily(ctx context.Context, c openai.Client, g *goopenai.Client) {
	if err := sdk[[printf "%04d" .I]].Use(ctx, c, g); err != nil {
		log.Print(err)
	}
	if _, err := sdk[[printf "%04d" .I]].Chat(ctx, g, "status"); err != nil {
		log.Print(err)
	}
}
`))
