package runtimegen

import (
	"errors"
	"strings"
	"testing"
)

func TestRewriteRandV1(t *testing.T) {
	const ok = "package core\n\nimport \"math/rand/v2\"\n\nvar f = rand.Float64\n"
	out, err := rewritePackage("ok.go", []byte(ok), "oaiguard", true)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "\"math/rand\"\n") || strings.Contains(string(out), "math/rand/v2") {
		t.Errorf("math/rand/v2 not rewritten:\n%s", out)
	}
	if out, err := rewritePackage("ok.go", []byte(ok), "oaiguard", false); err != nil || !strings.Contains(string(out), "math/rand/v2") {
		t.Errorf("without randV1 the import must stay math/rand/v2: %v\n%s", err, out)
	}
	// rand.N is math/rand/v2's alone: the rewrite must refuse it.
	const bad = "package core\n\nimport \"math/rand/v2\"\n\nvar n = rand.N(10)\n"
	if _, err := rewritePackage("bad.go", []byte(bad), "oaiguard", true); err == nil || !strings.Contains(err.Error(), "N") {
		t.Errorf("rewriting a use of rand.N: err = %v, want a refusal naming N", err)
	}
}

func TestCheckVersions(t *testing.T) {
	sp := specs["github.com/sashabaranov/go-openai"]
	for _, tc := range []struct {
		opts Options
		want []string // nil: accepted
	}{
		{Options{SDK: sp.module, GoVersion: "1.21", SDKVersion: "v1.36.0"}, nil},
		{Options{SDK: sp.module, GoVersion: "1.21.0", SDKVersion: "v1.43.0"}, nil},
		{Options{SDK: sp.module, SDKVersion: "v1.41.2"}, nil},
		{Options{SDK: sp.module, GoVersion: "1.20", SDKVersion: "v1.42.0", GoMod: "/m/go.mod"}, []string{"/m/go.mod says go 1.20", "go 1.21 or later", "go mod edit -go=1.21"}},
		{Options{SDK: sp.module, GoVersion: "1.16", SDKVersion: "v1.42.0"}, []string{"go 1.16", "go mod edit -go=1.21"}},
		{Options{SDK: sp.module, GoVersion: "1.16", NoGoLine: true, SDKVersion: "v1.42.0"}, []string{"has no go line, which the go command reads as go 1.16", "go mod edit -go=1.21"}},
		{Options{SDK: sp.module, GoVersion: "1.22", SDKVersion: "v1.35.9"}, []string{"requires github.com/sashabaranov/go-openai v1.35.9", "v1.36.0 or later", "go get github.com/sashabaranov/go-openai@v1.42.0"}},
		{Options{SDK: sp.module, GoVersion: "1.22", SDKVersion: "v1.36.0-rc.1"}, []string{"v1.36.0 or later"}},
		// Both too old: one message with both commands.
		{Options{SDK: sp.module, GoVersion: "1.20", SDKVersion: "v1.20.2"}, []string{"says go 1.20", "requires github.com/sashabaranov/go-openai v1.20.2", "\tgo mod edit -go=1.21\n\tgo get github.com/sashabaranov/go-openai@v1.42.0\n"}},
	} {
		err := checkVersions(tc.opts, sp)
		if tc.want == nil {
			if err != nil {
				t.Errorf("%+v: %v; want it accepted", tc.opts, err)
			}
			continue
		}
		var ve *VersionError
		if !errors.As(err, &ve) {
			t.Errorf("%+v: err = %v; want a *VersionError", tc.opts, err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%+v: %q lacks %q", tc.opts, err, w)
			}
		}
	}
}
