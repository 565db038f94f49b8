package runtimeapi

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func TestPathFlag(t *testing.T) {
	for path, ok := range map[string]bool{
		"":                                  true,
		"example.com/you/internal/oaiguard": true,
		"internal/oaiguard":                 true,
		"not a path":                        false,
		"example.com/x/":                    false,
		"../oaiguard":                       false,
	} {
		fs := flag.NewFlagSet("oaiguard", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var v string
		fs.Var((*PathFlag)(&v), "unretried.runtime", "import `path`")
		err := fs.Parse([]string{"-unretried.runtime=" + path})
		switch {
		case ok && (err != nil || v != path):
			t.Errorf("%q: %v, value %q", path, err, v)
		case !ok && (err == nil || !strings.Contains(err.Error(), "-unretried.runtime") || !strings.Contains(err.Error(), "is not an import path")):
			t.Errorf("%q: error %v, want one naming the flag and saying why", path, err)
		}
	}
}
