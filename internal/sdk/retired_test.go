package sdk

import (
	"regexp"
	"testing"
)

func TestRetiredModels(t *testing.T) {
	for id, want := range map[string]struct {
		ok, shut bool
	}{
		"gpt-3.5-turbo":         {true, true},  // 2026-10-23, before the table's date
		"gpt-5-mini":            {true, false}, // 2026-12-11, announced
		"text-davinci-003":      {true, true},  // go-openai: shut down, no date
		"code-davinci-edit-001": {true, true},  // by hand
		"gpt-5.4-mini":          {false, false},
		"":                      {false, false},
	} {
		m, ok := Model(id)
		if ok != want.ok || ok && m.ShutDown() != want.shut {
			t.Errorf("Model(%q) = %+v, %v; want found %v, shut down %v", id, m, ok, want.ok, want.shut)
		}
	}
}

// TestRetiredTables holds the tables to their own rules: dates are
// YYYY-MM-DD, every entry names its source, and every hand entry is dated.
func TestRetiredTables(t *testing.T) {
	date := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	if !date.MatchString(RetiredAsOf) {
		t.Errorf("RetiredAsOf %q", RetiredAsOf)
	}
	for id, m := range generatedModels {
		if m.Shutdown != "" && !date.MatchString(m.Shutdown) || m.Source == "" {
			t.Errorf("generated %q: %+v", id, m)
		}
	}
	read := regexp.MustCompile(`read \d{4}-\d{2}-\d{2}$`)
	for id, m := range handModels {
		if !date.MatchString(m.Shutdown) || !read.MatchString(m.Source) {
			t.Errorf("hand entry %q: %+v: a date and a dated source", id, m)
		}
	}
	for name, a := range goOpenAIRetired {
		if a.Shutdown != "" && !date.MatchString(a.Shutdown) || !read.MatchString(a.Source) || a.Replacement == "" {
			t.Errorf("go-openai %s: %+v: a dated source and a replacement", name, a)
		}
	}
	if a := goOpenAIRetired["CreateAssistant"]; a == nil || !a.ShutDown() || a.Shutdown != "2026-08-26" {
		t.Errorf("CreateAssistant: %+v, want the Assistants API, shut down on 2026-08-26", a)
	}
	if a := goOpenAIRetired["ListEngines"]; a == nil || a.ShutDown() {
		t.Errorf("ListEngines: %+v, want deprecated, not shut down", a)
	}
}
