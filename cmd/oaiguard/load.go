package main

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/internal/factgraph"
)

// loaded is what the standalone driver analyses.
type loaded struct {
	// Roots are the packages the patterns name, as go/packages returned
	// them (their errors and imports, for the error lines).
	Roots []*packages.Package
	// Checked are the same packages for checker.Analyze, index for index:
	// with facts, copies whose Imports reach only the packages the
	// fact-using analyzer learns something from (see load).
	Checked []*packages.Package
	// All is what go/packages returned: the patterns' packages, and the
	// packages loaded from source for their facts.
	All []*packages.Package
}

// load loads the packages that patterns name, with syntax and types
// (packages.LoadSyntax): the patterns' packages from source, their
// dependencies from the go command's export data.
//
// With fact-using analyzers (apicalls exports facts bottom-up), that is
// not enough by itself: a dependency's facts need its syntax. But only a
// package that calls an SDK or imports, directly or not, one that does
// ("reaches" an SDK, as apicalls' Reaches fact says; the SDK's own packages
// are known by path) has any: every other package returns at once and
// exports nothing. Loading every dependency from source, as
// packages.LoadAllSyntax does, cost 11–15 times the memory for nothing
// (README, "Across packages"). So load looks, in the loaded import graph,
// for the packages below the roots that reach an SDK and are not roots
// themselves. Usually there are none (`./...` names every package of the
// module) and the one load is all. Otherwise it loads again with those
// packages added to the patterns, so that they come from source with their
// function bodies (go/packages type-checks only its roots' bodies), and
// all else still from export data. When the patterns name .go files,
// which the go command does not take together with package paths, that
// second load is LoadAllSyntax instead.
//
// The packages handed to the checker are copies whose Imports keep only
// the packages that reach an SDK and were type-checked from source with
// their bodies: the checker runs a fact-using analyzer on every package
// Imports leads to, and the others have nothing to tell (no syntax, no
// facts). The facts each analysed package sees are the same as with
// everything from source.
//
// Test variants of dependencies ("q [p.test]", with -test) cannot be named
// as patterns: go/packages loads them from source anyway (they import a
// root), but without function bodies, so they are left out of the graph.
// Only test files, which are never checked, import them.
func load(cfg *packages.Config, patterns []string, facts bool) (*loaded, error) {
	c := *cfg
	c.Mode = packages.LoadSyntax | packages.NeedModule
	pkgs, err := packages.Load(&c, patterns...)
	if err != nil || !facts || len(pkgs) == 0 {
		return &loaded{Roots: pkgs, Checked: pkgs, All: pkgs}, err
	}
	all := pkgs
	if extra := factgraph.Outside(pkgs); len(extra) > 0 {
		rootIDs := map[string]int{}
		for i, p := range pkgs {
			rootIDs[p.ID] = i
		}
		more := patterns
		if namesFiles(patterns) {
			c.Mode |= packages.NeedDeps
		} else {
			more = append(append([]string(nil), patterns...), extra...)
		}
		all, err = packages.Load(&c, more...)
		if err != nil {
			return nil, err
		}
		pkgs = make([]*packages.Package, len(rootIDs))
		for _, p := range all {
			if i, ok := rootIDs[p.ID]; ok {
				pkgs[i] = p
			}
		}
		for id, i := range rootIDs {
			if pkgs[i] == nil {
				return nil, fmt.Errorf("package %s missing from the second load", id)
			}
		}
	}
	initial := map[*packages.Package]bool{}
	for _, p := range all {
		initial[p] = true
	}
	reach := factgraph.Reacher()
	keep := func(p *packages.Package) bool {
		bodies := initial[p] || c.Mode&packages.NeedDeps != 0 && p.Syntax != nil
		return bodies && reach(p)
	}
	return &loaded{Roots: pkgs, Checked: factgraph.Prune(pkgs, keep), All: all}, nil
}

// namesFiles reports whether the patterns name .go files, as the go
// command judges them.
func namesFiles(patterns []string) bool {
	for _, p := range patterns {
		if strings.HasSuffix(p, ".go") {
			return true
		}
	}
	return false
}
