package analyzer_test

import (
	"fmt"
	"go/format"
	"slices"
	"strings"
	"testing"

	"github.com/oaiguard/oaiguard/analyzer"
	"github.com/oaiguard/oaiguard/internal/fixtest"
)

// FuzzFixesCompose builds a package from the shapes the checks know (API
// calls, error text matched, errors asserted by type, codes compared,
// discarded errors, streams, retry loops with a text match inside), placed
// in one file and its functions, with the imports grouped, in one run,
// ungrouped, renamed, or absent, and checks that the fixes compose as
// fixtest.Compose says: all at once, and one at a time in every order.
//
// Plain `go test` runs the seed corpus in testdata/fuzz/FuzzFixesCompose;
// README says how to fuzz longer.
func FuzzFixesCompose(f *testing.F) {
	u := fixtest.Load(f, "./...") // before fuzzing: a worker must answer each input quickly
	f.Fuzz(func(t *testing.T, data []byte) {
		files := generate(data)
		pkg, errs, err := u.Check(fuzzPath, files)
		if err != nil || len(errs) > 0 || pkg == nil {
			t.Fatalf("the generator wrote a package that does not compile: %v %v\n%s", err, errs, files[0].Src)
		}
		r := u.Compose(t, analyzer.All(), fuzzPath, files, files[0].Name, 4)
		t.Logf("%d fixes, %d orders through %d files", r.Fixes, r.Orders, r.States)
	})
}

const fuzzPath = "example.com/fixtures/fuzz"

// dice reads choices from the fuzzer's bytes; past their end, every
// choice is the first.
type dice struct {
	b []byte
	i int
}

func (d *dice) pick(n int) int {
	if d.i >= len(d.b) {
		return 0
	}
	d.i++
	return int(d.b[d.i-1]) % n
}

// Import styles.
const (
	grouped   = iota // standard library, a blank line, the rest
	oneRun           // one run, sorted as gofmt sorts it
	ungrouped        // an import declaration per line
	renamed          // grouped, the SDKs under names of their own
	none             // no imports: the types come from aliases in another file
	styles
)

// sdks says which SDKs the file calls.
const (
	goOpenAI = iota
	openAIGo
	both
	sdkChoices
)

// A fragment is a statement that one check or several report, with the
// imports it needs.
type fragment struct {
	text    string // {g}: go-openai's name, {o}: openai-go's, {n}: a number
	imports []string
	sdk     int // goOpenAI or openAIGo
}

var fragments = []fragment{
	{"_, err = c.CreateChatCompletion(ctx, req)", nil, goOpenAI},
	{"if err != nil && strings.Contains(err.Error(), \"rate limit\") {\nreturn err\n}", []string{"strings"}, goOpenAI},
	{"if e, ok := err.(*{g}.APIError); ok {\nreturn e\n}", nil, goOpenAI},
	{`for attempt{n} := 0; attempt{n} < 3; attempt{n}++ {
resp, err := c.CreateChatCompletion(ctx, req)
if err == nil {
_ = resp
break
}
if strings.Contains(err.Error(), "429") && attempt{n} < 2 {
time.Sleep(time.Second)
} else {
return err
}
}`, []string{"strings", "time"}, goOpenAI},
	{"switch err.Error() {\ncase \"insufficient_quota\":\nreturn nil\n}", nil, goOpenAI},
	{"if ae := (*{g}.APIError)(nil); errors.As(err, &ae) && ae.Code == \"429\" {\nreturn err\n}", []string{"errors"}, goOpenAI},
	{"if s, err := c.CreateChatCompletionStream(ctx, req); err == nil {\ns.Close()\n}", nil, goOpenAI},
	{"_, _ = c.ListModels(ctx)", nil, goOpenAI},
	{"_, err = client.Chat.Completions.New(ctx, params, option.WithMaxRetries(0))", []string{"github.com/openai/openai-go/v3/option"}, openAIGo},
	{"if err != nil && strings.Contains(err.Error(), \"429\") {\nreturn err\n}", []string{"strings"}, openAIGo},
	{"if e, ok := err.(*{o}.Error); ok {\nreturn e\n}", nil, openAIGo},
	{`for attempt{n} := 0; attempt{n} < 3; attempt{n}++ {
resp, err := client.Chat.Completions.New(ctx, params)
if err == nil {
_ = resp
break
}
if strings.Contains(err.Error(), "RateLimitError") && attempt{n} < 2 {
time.Sleep(time.Second)
} else {
return err
}
}`, []string{"strings", "time"}, openAIGo},
}

// constructors are the go-openai clients a function may build for itself,
// none first.
var constructors = []string{
	"",
	"c = {g}.NewClient(\"key\")\n",
	"c = {g}.NewClientWithConfig({g}.DefaultConfig(\"key\"))\n",
}

// importFree are the fragments a file with no imports can hold.
var importFree = []int{0, 6, 7}

// generate writes the package that data describes: the file under test,
// and a second file with the aliases a file without imports uses.
func generate(data []byte) []fixtest.File {
	d := &dice{b: data}
	style, which := d.pick(styles), d.pick(sdkChoices)
	if style == none {
		which = goOpenAI
	}
	goName, oaiName := "openai", "openai"
	goSpec, oaiSpec := `"github.com/sashabaranov/go-openai"`, `"github.com/openai/openai-go/v3"`
	if which == both || style == renamed {
		goName, goSpec = "goopenai", `goopenai "github.com/sashabaranov/go-openai"`
	}
	if style == renamed {
		oaiName, oaiSpec = "oai", `oai "github.com/openai/openai-go/v3"`
	}
	imports := map[string]bool{"context": true}
	used := map[int]bool{}
	var body strings.Builder
	nfuncs := 1 + d.pick(3)
	for fn := range nfuncs {
		sdk := which
		if which == both {
			sdk = d.pick(2)
		}
		ctx, client, req := "context.Context", "*"+goName+".Client", goName+".ChatCompletionRequest"
		if sdk == openAIGo {
			client, req = oaiName+".Client", oaiName+".ChatCompletionNewParams"
		}
		if style == none {
			ctx, client, req = "ctxT", "*clientT", "reqT"
		}
		used[sdk] = true
		if sdk == goOpenAI {
			fmt.Fprintf(&body, "\nfunc f%d(ctx %s, c %s, req %s) error {\nvar err error\n{ctor}", fn, ctx, client, req)
		} else {
			fmt.Fprintf(&body, "\nfunc f%d(ctx %s, client %s, params %s) error {\nvar err error\n", fn, ctx, client, req)
		}
		for k := range 1 + d.pick(4) {
			var fr fragment
			if style == none {
				fr = fragments[importFree[d.pick(len(importFree))]]
			} else {
				var of []fragment
				for _, f := range fragments {
					if f.sdk == sdk {
						of = append(of, f)
					}
				}
				fr = of[d.pick(len(of))]
			}
			body.WriteString(strings.NewReplacer("{g}", goName, "{o}", oaiName, "{n}", fmt.Sprint(fn*10+k)).Replace(fr.text) + "\n")
			for _, imp := range fr.imports {
				imports[imp] = true
			}
		}
		body.WriteString("return err\n}\n")
	}
	// The last choice, so that older seeds keep their meaning: whether the
	// first go-openai function builds its client, as the transport check
	// reports when a call on it goes to the runtime.
	ctor := ""
	if style != none {
		ctor = constructors[d.pick(len(constructors))]
	}
	text := strings.Replace(body.String(), "{ctor}", strings.ReplaceAll(ctor, "{g}", goName), 1)
	text = strings.ReplaceAll(text, "{ctor}", "")
	var std, other []string
	for p := range imports {
		spec := `"` + p + `"`
		if strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
			other = append(other, spec)
		} else {
			std = append(std, spec)
		}
	}
	if used[goOpenAI] && style != none {
		other = append(other, goSpec)
	}
	if used[openAIGo] {
		other = append(other, oaiSpec)
	}
	slices.Sort(std)
	slices.Sort(other)

	var src strings.Builder
	src.WriteString("// Package fuzz is written by FuzzFixesCompose.\npackage fuzz\n\n")
	switch style {
	case grouped, renamed:
		fmt.Fprintf(&src, "import (\n%s\n\n%s\n)\n", strings.Join(std, "\n"), strings.Join(other, "\n"))
	case oneRun:
		fmt.Fprintf(&src, "import (\n%s\n)\n", strings.Join(append(std, other...), "\n"))
	case ungrouped:
		for _, s := range std {
			fmt.Fprintf(&src, "import %s\n", s)
		}
		src.WriteString("\n")
		for _, s := range other {
			fmt.Fprintf(&src, "import %s\n", s)
		}
	}
	src.WriteString(text)
	main := gofmt(src.String())
	aliases := gofmt(`package fuzz

import (
	"context"

	"github.com/sashabaranov/go-openai"
)

type (
	ctxT    = context.Context
	clientT = openai.Client
	reqT    = openai.ChatCompletionRequest
)
`)
	return []fixtest.File{{Name: "/fuzz/gen.go", Src: main}, {Name: "/fuzz/aliases.go", Src: aliases}}
}

func gofmt(src string) []byte {
	out, err := format.Source([]byte(src))
	if err != nil {
		panic(fmt.Sprintf("generated source does not parse: %v\n%s", err, src))
	}
	return out
}
