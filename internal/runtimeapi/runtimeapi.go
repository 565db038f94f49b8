// Package runtimeapi names the parts of the generated runtime that other
// parts of oaiguard refer to: the import paths of the checked-in packages,
// and the names of the wrappers that the fixes insert.
//
// The generator (internal/runtimegen) emits functions with exactly these
// names, and the checks (analyzer/...) insert calls to them, so both read
// the names from here and cannot drift apart.
package runtimeapi

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/mod/module"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

// PackageName is the package name of every generated runtime, checked in or
// written into a user's module by `oaiguard gen`.
const PackageName = "oaiguard"

// Import paths of the checked-in runtimes.
const (
	// OpenAIGoV3 is the runtime for github.com/openai/openai-go/v3.
	OpenAIGoV3 = "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
	// GoOpenAI is the runtime for github.com/sashabaranov/go-openai.
	GoOpenAI = "github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
)

// Functions of the go-openai runtime that put its transport on a client:
// without it, Call neither paces nor sees the server's headers. The
// generator emits them; the transport check recognises them and its fix
// calls Configure and NewClient.
const (
	// Transport wraps an http.RoundTripper.
	Transport = "Transport"
	// HTTPClient copies an *http.Client with Transport installed.
	HTTPClient = "HTTPClient"
	// Configure returns a go-openai ClientConfig with Transport installed.
	Configure = "Configure"
	// NewClient is openai.NewClient with Transport installed.
	NewClient = "NewClient"
)

// Predicate returns the name of the runtime's predicate for an error class,
// given as the class's name (sdk.ErrorClass): "RateLimited" → "IsRateLimited".
// The generator emits one per class; the errtext fixes call them.
func Predicate(class string) string { return "Is" + class }

// Result is what the wrapped SDK method returns, which decides the wrapper.
type Result int

const (
	// ValueAndError is (R, error): wrapped by Call.
	ValueAndError Result = iota
	// ErrorOnly is (error): wrapped by Exec.
	ErrorOnly
	// Stream is an openai-go *ssestream.Stream[T] with no error result, or
	// a go-openai (*...Stream, error): wrapped by Stream, which retries only
	// before the first event and closes the stream of a failed attempt.
	Stream
)

// Wrapper returns the name of the runtime function that wraps a method with
// the given result and number of arguments between the context and the
// request options. Arity 1 has no suffix, the common case reads best:
// Call(ctx, c.Chat.Completions.New, params).
func Wrapper(r Result, arity int) string {
	base := "Call"
	switch r {
	case ErrorOnly:
		base = "Exec"
	case Stream:
		base = "Stream"
	}
	if arity == 1 {
		return base
	}
	return base + strconv.Itoa(arity)
}

// Largest arities the generated wrappers take: the largest number of
// arguments between the context and the options in each SDK's methods
// (openai-go v3: BetaThreadRunStepService.Get; go-openai: ListMessage).
const (
	MaxArityOpenAIGo = 4
	MaxArityGoOpenAI = 6
	// Stream wrappers exist for arities 1 to MaxArityStream (openai-go;
	// go-openai's streams all take one argument, and its runtime has Stream
	// only).
	MaxArityStream = 3
)

// Provides reports whether the runtime for an SDK family has a wrapper for a
// method of the given result and arity.
func Provides(goOpenAI bool, r Result, arity int) bool {
	switch {
	case arity < 0:
		return false
	case r == Stream && goOpenAI:
		return arity == 1
	case r == Stream:
		return arity >= 1 && arity <= MaxArityStream
	case goOpenAI:
		return arity <= MaxArityGoOpenAI
	}
	return arity <= MaxArityOpenAIGo
}

// Checked returns the import path of the checked-in runtime for an SDK
// module, or "" when there is none (openai-go v1 and v2, the charmbracelet
// fork: their users generate one with oaiguard gen).
func Checked(module string) string {
	switch module {
	case sdk.OpenAIGoV3:
		return OpenAIGoV3
	case sdk.GoOpenAIPath:
		return GoOpenAI
	}
	return ""
}

// ImportName is the name a fix gives the runtime import for calls or errors
// of an SDK module in file. Both runtimes are package oaiguard; fixes in one
// file are computed independently, by several checks, so every fix must pick
// the same name without seeing the others, and the two runtimes' names must
// differ whatever fixes a file gets (both imported as oaiguard did not
// compile, seen), from the file's imports alone:
//
//   - a file that imports an openai-go package: openai-go's runtime is
//     oaiguard, go-openai's oaiguardgo;
//   - one that imports a go-openai package and no openai-go one: go-openai's
//     is oaiguard, openai-go's (its errors or calls arriving from another
//     package of the module) oaiguardopenai;
//   - one that imports neither (both arrive from other packages): openai-go's
//     is oaiguard, go-openai's oaiguardgo.
func ImportName(module string, file *ast.File) string {
	openAIGo, goOpenAI := false, false
	for _, imp := range file.Imports {
		mod, _, ok := sdk.ModuleOf(strings.Trim(imp.Path.Value, `"`))
		if !ok {
			continue
		}
		switch sdk.FamilyOfModule(mod) {
		case sdk.OpenAIGo:
			openAIGo = true
		case sdk.GoOpenAI:
			goOpenAI = true
		}
	}
	goOpenAIFirst := goOpenAI && !openAIGo // go-openai's runtime is oaiguard
	if sdk.FamilyOfModule(module) == sdk.GoOpenAI {
		if goOpenAIFirst {
			return PackageName
		}
		return PackageName + "go"
	}
	if goOpenAIFirst {
		return PackageName + "openai"
	}
	return PackageName
}

// Path returns the import path of the runtime that fixes for calls or
// errors of an SDK module use: override (a check's -runtime flag, naming a
// copy written by `oaiguard gen`) when set, else the checked-in runtime,
// else "" (none to use).
func Path(override, module string) string {
	if override != "" {
		return override
	}
	return Checked(module)
}

// CheckPath checks a runtime import path given to a check (its -runtime
// flag): empty, for the checked-in runtime, or a valid import path.
func CheckPath(path string) error {
	if path == "" {
		return nil
	}
	if err := module.CheckImportPath(path); err != nil {
		return fmt.Errorf("%q is not an import path (the package `oaiguard gen` wrote, such as example.com/you/internal/oaiguard): %v", path, err)
	}
	return nil
}

// PathFlag is a -runtime flag's value: an import path, checked when set.
type PathFlag string

func (p *PathFlag) String() string { return string(*p) }

// Set checks path and sets the flag.
func (p *PathFlag) Set(path string) error {
	if err := CheckPath(path); err != nil {
		return err
	}
	*p = PathFlag(path)
	return nil
}

// WrapperFor returns the runtime function that wraps an SDK call, and
// false when none fits: pagers and polling helpers, which send several
// requests; methods with a variadic parameter of their own; uploads, whose
// io.Reader a second attempt would send drained; and arities the runtime
// does not have.
func WrapperFor(c *sdk.Call) (string, bool) {
	if c.OneShot || c.Variadic {
		return "", false
	}
	var r Result
	switch {
	case c.Kind == sdk.Stream && c.Result == sdk.ValueOnly && c.Family == sdk.OpenAIGo:
		r = Stream
	case c.Kind == sdk.Stream && c.Result == sdk.ValueAndError && c.Family == sdk.GoOpenAI:
		r = Stream // Call would not close a failed attempt's stream
	case c.Kind == sdk.Pager, c.Kind == sdk.Poll, c.Result == sdk.ValueOnly:
		return "", false
	case c.Result == sdk.ErrorOnly:
		r = ErrorOnly
	default:
		r = ValueAndError
	}
	if !Provides(c.Family == sdk.GoOpenAI, r, c.Arity) {
		return "", false
	}
	return Wrapper(r, c.Arity), true
}

// IsRuntime reports whether pkg is a runtime, checked in or written by
// oaiguard gen: it declares the functions Classify and IsRateLimited. Its
// own errors are no errors of the module that uses it.
func IsRuntime(pkg *types.Package) bool {
	_, c := pkg.Scope().Lookup("Classify").(*types.Func)
	_, r := pkg.Scope().Lookup(Predicate("RateLimited")).(*types.Func)
	return c && r
}
