// Package golangci registers oaiguard's checks as golangci-lint v2 module
// plugins, one plugin per check, each under the check's name: unretried,
// brokenretry, errtext, errtype, transport, keyinsource, streamclose,
// retired, badrequest and directive. Import it blank from a custom golangci-lint build (`golangci-lint custom` with
// .custom-gcl.yml, see README), and enable the checks in .golangci.yml
// under linters.settings.custom.<check> with type: module.
//
// One name per check, rather than one for all of them, because golangci-lint
// works at the granularity of a linter name: `//nolint:<name>`,
// linters.exclusions rules, enable/disable, and --fix, which applies no fix
// of a linter in a file where two of that linter's edits overlap. Under the
// check's own name, `//nolint:unretried` reads as `//oaiguard:ignore
// unretried` does, and one check's fixes never make golangci-lint drop
// another's.
//
// Each plugin's settings are the check's flags (`oaiguard help CHECK`), by
// the flag's name; an unknown key or a bad value is an error when
// golangci-lint starts, before any package is loaded.
package golangci

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/oaiguard/oaiguard/analyzer/badrequest"
	"github.com/oaiguard/oaiguard/analyzer/brokenretry"
	"github.com/oaiguard/oaiguard/analyzer/directive"
	"github.com/oaiguard/oaiguard/analyzer/errtext"
	"github.com/oaiguard/oaiguard/analyzer/errtype"
	"github.com/oaiguard/oaiguard/analyzer/keyinsource"
	"github.com/oaiguard/oaiguard/analyzer/retired"
	"github.com/oaiguard/oaiguard/analyzer/streamclose"
	"github.com/oaiguard/oaiguard/analyzer/transport"
	"github.com/oaiguard/oaiguard/analyzer/unretried"
	"github.com/oaiguard/oaiguard/internal/runtimeapi"
)

// UnretriedSettings are unretried's settings: its flags -unretried.strict,
// -unretried.atcall and -unretried.runtime.
type UnretriedSettings struct {
	Strict  bool   `json:"strict"`
	AtCall  bool   `json:"atcall"`
	Runtime string `json:"runtime"`
}

// RuntimeSettings are the settings of brokenretry, errtext and transport:
// the import path of the runtime their fixes call (the check's -runtime
// flag).
type RuntimeSettings struct {
	Runtime string `json:"runtime"`
}

// NoSettings are the settings of errtype, keyinsource, streamclose,
// retired, badrequest and directive, which take none.
type NoSettings struct{}

// A check is one plugin: its name and how its settings make its analyzer.
type check struct {
	name     string
	settings reflect.Type // for the error that lists the keys
	build    func(raw any) (*analysis.Analyzer, error)
}

// Checks returns the plugins this package registers, by name, in the order
// of analyzer.All; for tests.
func Checks() []string {
	names := make([]string, len(checks))
	for i, c := range checks {
		names[i] = c.name
	}
	return names
}

var checks = []check{
	plugin("unretried", func(s UnretriedSettings) *analysis.Analyzer {
		if s == (UnretriedSettings{}) {
			return unretried.Analyzer
		}
		return unretried.New(unretried.Config{Strict: s.Strict, AtCall: s.AtCall, Runtime: s.Runtime})
	}),
	plugin("brokenretry", func(s RuntimeSettings) *analysis.Analyzer {
		if s.Runtime == "" {
			return brokenretry.Analyzer
		}
		return brokenretry.New(brokenretry.Config{Runtime: s.Runtime})
	}),
	plugin("errtext", func(s RuntimeSettings) *analysis.Analyzer {
		if s.Runtime == "" {
			return errtext.Analyzer
		}
		return errtext.New(errtext.Config{Runtime: s.Runtime})
	}),
	plugin("errtype", func(NoSettings) *analysis.Analyzer { return errtype.Analyzer }),
	plugin("transport", func(s RuntimeSettings) *analysis.Analyzer {
		if s.Runtime == "" {
			return transport.Analyzer
		}
		return transport.New(transport.Config{Runtime: s.Runtime})
	}),
	plugin("keyinsource", func(NoSettings) *analysis.Analyzer { return keyinsource.Analyzer }),
	plugin("streamclose", func(NoSettings) *analysis.Analyzer { return streamclose.Analyzer }),
	plugin("retired", func(NoSettings) *analysis.Analyzer { return retired.Analyzer }),
	plugin("badrequest", func(NoSettings) *analysis.Analyzer { return badrequest.Analyzer }),
	plugin("directive", func(NoSettings) *analysis.Analyzer { return directive.Analyzer }),
}

// plugin makes a check whose settings decode into S. A check with default
// settings is the package's Analyzer itself, so that the checks that
// require it (brokenretry, whose fixes the others yield to) share one run
// per package.
func plugin[S any](name string, build func(S) *analysis.Analyzer) check {
	typ := reflect.TypeFor[S]()
	return check{name: name, settings: typ, build: func(raw any) (*analysis.Analyzer, error) {
		s, err := register.DecodeSettings[S](raw)
		if err != nil {
			return nil, fmt.Errorf("oaiguard's %s: bad settings: %v; %s", name, err, keys(typ))
		}
		if f := reflect.ValueOf(s).FieldByName("Runtime"); f.IsValid() {
			if err := runtimeapi.CheckPath(f.String()); err != nil {
				return nil, fmt.Errorf("oaiguard's %s: bad settings: runtime: %v", name, err)
			}
		}
		return build(s), nil
	}}
}

// keys says which settings a check takes.
func keys(t reflect.Type) string {
	var ks []string
	for f := range t.Fields() {
		ks = append(ks, strings.Split(f.Tag.Get("json"), ",")[0])
	}
	switch len(ks) {
	case 0:
		return "it takes no settings"
	case 1:
		return "its one setting is " + ks[0]
	}
	slices.Sort(ks)
	return "its settings are " + strings.Join(ks, ", ")
}

// linter is what golangci-lint builds from a check's settings.
type linter struct{ analyzer *analysis.Analyzer }

func (l linter) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{l.analyzer}, nil
}

// GetLoadMode asks for type information: every check needs it.
func (linter) GetLoadMode() string { return register.LoadModeTypesInfo }

func init() {
	for _, c := range checks {
		register.Plugin(c.name, func(raw any) (register.LinterPlugin, error) {
			a, err := c.build(raw)
			if err != nil {
				return nil, err
			}
			return linter{a}, nil
		})
	}
}
