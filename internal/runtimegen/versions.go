package runtimegen

import (
	"fmt"
	"go/version"
	"strings"
)

// MinGo is the lowest go line of a module a runtime can be generated
// into: the runtime logs with log/slog, new in Go 1.21.
const MinGo = "1.21"

// randV2Go is the first go line with math/rand/v2. For an older line the
// core's import of math/rand/v2 becomes math/rand (randV1Funcs).
const randV2Go = "1.22"

// randV1Funcs are the functions math/rand/v2 and math/rand both have with
// the same signature and meaning (both seeded at random, safe for
// concurrent use); the core may use only these where the import is
// rewritten.
var randV1Funcs = map[string]bool{"Float64": true, "Float32": true, "ExpFloat64": true, "NormFloat64": true, "Perm": true, "Shuffle": true, "Uint32": true, "Uint64": true}

// VersionError says that the user's module is too old for the runtime:
// its go line, the SDK version it requires, or both. Each problem names
// what the module has, the lowest supported, and the command that raises
// it.
type VersionError struct {
	GoMod    string // the go.mod file; "" is "the module's go.mod"
	Problems []VersionProblem
}

// VersionProblem is one thing a module has too old.
type VersionProblem struct {
	What string // "go" for the go line, else the SDK module path
	Have string // what the go.mod says; "" for go: no go line
	Min  string // the lowest supported
	Why  string // what needs Min
	Fix  string // the command that raises it
}

func (e *VersionError) Error() string {
	gomod := e.GoMod
	if gomod == "" {
		gomod = "the module's go.mod"
	}
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; and it ")
		} else {
			b.WriteString(gomod + " ")
		}
		if p.What == "go" && p.Have == "" {
			fmt.Fprintf(&b, "has no go line, which the go command reads as go 1.16: the runtime needs go %s or later (%s)", p.Min, p.Why)
		} else if p.What == "go" {
			fmt.Fprintf(&b, "says go %s: the runtime needs go %s or later (%s)", p.Have, p.Min, p.Why)
		} else {
			fmt.Fprintf(&b, "requires %s %s: the runtime needs %s or later (%s)", p.What, p.Have, p.Min, p.Why)
		}
	}
	b.WriteString(". Nothing was written. Upgrade with\n")
	for _, p := range e.Problems {
		b.WriteString("\t" + p.Fix + "\n")
	}
	b.WriteString("and run oaiguard gen again")
	return b.String()
}

// checkVersions refuses what the runtime cannot be generated for: a go
// line below MinGo, an SDK version below the spec's minVersion.
func checkVersions(opts Options, sp spec) error {
	e := &VersionError{GoMod: opts.GoMod}
	if opts.GoVersion != "" && version.Compare("go"+opts.GoVersion, "go"+MinGo) < 0 {
		have := opts.GoVersion
		if opts.NoGoLine {
			have = ""
		}
		e.Problems = append(e.Problems, VersionProblem{What: "go", Have: have, Min: MinGo,
			Why: "it logs with log/slog, new in Go 1.21", Fix: "go mod edit -go=" + MinGo})
	}
	if sp.minVersion != "" && opts.SDKVersion != "" {
		ok, err := versionAtLeast(opts.SDKVersion, sp.minVersion)
		if err != nil {
			return fmt.Errorf("runtimegen: SDK version: %w", err)
		}
		if !ok {
			why := sp.minWhy
			if sp.fullSince != "" {
				why += "; " + sp.fullSince + " or later " + sp.fullWhy
			}
			e.Problems = append(e.Problems, VersionProblem{What: opts.SDK, Have: opts.SDKVersion, Min: sp.minVersion,
				Why: why, Fix: "go get " + opts.SDK + "@" + sp.fixVersion()})
		}
	}
	if len(e.Problems) > 0 {
		return e
	}
	return nil
}

// fixVersion is the version an upgrade command names: the one from which
// the runtime is complete, else the lowest supported.
func (sp spec) fixVersion() string {
	if sp.fullSince != "" {
		return sp.fullSince
	}
	return sp.minVersion
}

// oldRand reports whether a module on go line goVersion ("" means the
// newest) lacks math/rand/v2.
func oldRand(goVersion string) bool {
	return goVersion != "" && version.Compare("go"+goVersion, "go"+randV2Go) < 0
}

// Notes returns what a runtime generated for opts leaves out or does
// differently from the checked-in one, one sentence each, for gen to tell
// the user.
func Notes(opts Options) []string {
	var notes []string
	sp, ok := specs[opts.SDK]
	if !ok {
		return nil
	}
	if sp.fullSince != "" && opts.SDKVersion != "" {
		if full, err := versionAtLeast(opts.SDKVersion, sp.fullSince); err == nil && !full {
			notes = append(notes, fmt.Sprintf("%s %s %s (%s and later: all)", opts.SDK, opts.SDKVersion, sp.partial, sp.fullSince))
		}
	}
	if oldRand(opts.GoVersion) {
		notes = append(notes, "go "+opts.GoVersion+": the runtime's jitter uses math/rand (math/rand/v2 needs go 1.22)")
	}
	return notes
}
