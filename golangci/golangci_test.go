package golangci

import (
	"flag"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/oaiguard/oaiguard/analyzer"
)

// build makes a check's analyzer through golangci-lint's entry points, as
// pkg/lint/lintersdb/builder_plugin_module.go does.
func build(t *testing.T, name string, settings any) (*analysis.Analyzer, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin(name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(settings)
	if err != nil {
		return nil, err
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("%s: load mode %q, want %q", name, p.GetLoadMode(), register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatalf("%s: BuildAnalyzers: %v", name, err)
	}
	if len(as) != 1 {
		t.Fatalf("%s: %d analyzers, want 1", name, len(as))
	}
	return as[0], nil
}

// Every check is a plugin under its own name, and with no settings it is
// the check's default Analyzer (which the others require, so it runs once).
func TestPluginPerCheck(t *testing.T) {
	var names []string
	for _, a := range analyzer.All() {
		names = append(names, a.Name)
		got, err := build(t, a.Name, nil)
		if err != nil {
			t.Fatalf("%s with no settings: %v", a.Name, err)
		}
		if got != a {
			t.Errorf("%s with no settings: not the check's Analyzer", a.Name)
		}
		got, err = build(t, a.Name, map[string]any{})
		if err != nil || got != a {
			t.Errorf("%s with empty settings: %v, %v", a.Name, got, err)
		}
	}
	if !slices.Equal(Checks(), names) {
		t.Errorf("plugins %v, want one per check %v", Checks(), names)
	}
}

// A plugin's settings are its check's flags, by name, and each reaches the
// analyzer's configuration.
func TestSettingsAreFlags(t *testing.T) {
	values := map[string]any{"strict": true, "atcall": true, "runtime": "example.com/app/internal/oaiguard"}
	for _, a := range analyzer.All() {
		settings := map[string]any{}
		var flags []string
		a.Flags.VisitAll(func(f *flag.Flag) {
			flags = append(flags, f.Name)
			settings[f.Name] = values[f.Name]
		})
		for name := range settings {
			if settings[name] == nil {
				t.Fatalf("%s has flag -%s, which the test does not know", a.Name, name)
			}
		}
		got, err := build(t, a.Name, settings)
		if err != nil {
			t.Fatalf("%s %v: %v", a.Name, settings, err)
		}
		for _, name := range flags {
			if v := got.Flags.Lookup(name).Value.String(); v != toString(values[name]) {
				t.Errorf("%s: setting %s: %v, flag now %q", a.Name, name, values[name], v)
			}
		}
		if len(flags) > 0 && got == a {
			t.Errorf("%s with settings: the default Analyzer", a.Name)
		}
		if got.Name != a.Name {
			t.Errorf("analyzer %q under plugin %q", got.Name, a.Name)
		}
		// Settings not all given keep the others' defaults.
		if a.Name == "unretried" {
			got, _ := build(t, a.Name, map[string]any{"atcall": true})
			if got.Flags.Lookup("strict").Value.String() != "false" || got.Flags.Lookup("atcall").Value.String() != "true" {
				t.Errorf("unretried {atcall: true}: strict=%s atcall=%s", got.Flags.Lookup("strict").Value, got.Flags.Lookup("atcall").Value)
			}
		}
	}
}

func toString(v any) string {
	if b, ok := v.(bool); ok && b {
		return "true"
	}
	return v.(string)
}

// Mistakes in the settings fail when golangci-lint starts, naming the key
// and what the check takes.
func TestBadSettings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings any
		want     []string
	}{
		{"unretried", map[string]any{"stric": true}, []string{`unknown field "stric"`, "atcall, runtime, strict"}},
		{"unretried", map[string]any{"strict": "yes"}, []string{"strict", "bool"}},
		{"brokenretry", map[string]any{"runtime": "not a path"}, []string{"brokenretry", `"not a path" is not an import path`}},
		{"transport", map[string]any{"strict": true}, []string{`unknown field "strict"`, "its one setting is runtime"}},
		{"errtype", map[string]any{"runtime": "example.com/rt"}, []string{`unknown field "runtime"`, "takes no settings"}},
		{"directive", []any{"x"}, []string{"directive", "cannot unmarshal array"}},
	} {
		_, err := build(t, tc.name, tc.settings)
		if err == nil {
			t.Errorf("%s %v: no error", tc.name, tc.settings)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s %v: error %q lacks %q", tc.name, tc.settings, err, w)
			}
		}
	}
}
