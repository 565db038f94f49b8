package keyinsource

import (
	"strings"
	"testing"
)

func TestFindKeys(t *testing.T) {
	body := strings.Repeat("A1b2", 40)
	for s, want := range map[string]int{
		"sk-proj-" + body:                      168,
		"Bearer sk-" + body[:48]:               51,
		`{"key":"sk-svcacct-` + body + `"}`:    171,
		"sk-" + body[:39]:                      0, // too short
		"sk-proj-" + body + body:               0, // too long
		"sk-...":                               0,
		"sk-proj-" + strings.Repeat("x", 100):  0,
		"sk-proj-" + strings.Repeat("ab", 50):  0, // two characters
		"sk-proj-Your_Key_" + body:             0,
		"ask-" + body:                          0,
		"sk-" + body[:48] + " sk-" + body[:44]: 51,
	} {
		keys := findKeys(s)
		got := 0
		if len(keys) > 0 {
			got = len(keys[0].text)
		}
		if got != want {
			t.Errorf("findKeys(%.30q…) first key length %d, want %d", s, got, want)
		}
	}
	k := findKeys("sk-proj-" + body)[0]
	if got := k.shown(); got != "sk-pro…, 168 characters" || strings.Contains(got, body[:8]) {
		t.Errorf("shown() = %q: it must hold 6 characters and the length only", got)
	}
}
