package apicalls

import (
	"regexp"
	"testing"
)

func TestTextAccepts(t *testing.T) {
	for _, c := range []struct {
		text, lit string
		want      bool
	}{
		{"local budget 429", "429", true},
		{"local budget 429", "Budget 4", true},
		{"local budget 429", "503", false},
		{"pool busy: code " + NumberHole, "503", true},
		{"pool busy: code " + NumberHole, "code 503", true},
		{"pool busy: code " + NumberHole, "busy: code", true},
		{"pool busy: code " + NumberHole, "code: 503", false},
		{"pool busy: code " + NumberHole, "too many", false},
		{NumberHole + " requests", "429 requests", true},
		{"a " + NumberHole + " b " + NumberHole + " c", "1 b 2", true},
		{"a " + NumberHole + " b " + NumberHole + " c", "1 x 2", false},
	} {
		if got := TextAccepts(c.text, c.lit); got != c.want {
			t.Errorf("TextAccepts(%q, %q) = %v, want %v", ShowText(c.text), c.lit, got, c.want)
		}
	}
	if !TextMatches("pool busy: code "+NumberHole, regexp.MustCompile(`\b503\b`)) {
		t.Error(`TextMatches("pool busy: code <n>", \b503\b) = false`)
	}
	if TextMatches("pool busy", regexp.MustCompile(`503`)) {
		t.Error(`TextMatches("pool busy", 503) = true`)
	}
}
