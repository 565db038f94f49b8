package main

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

// loaded is what the standalone driver analyses.
type loaded struct {
	// Roots are the packages the patterns name, for checker.Analyze. With
	// facts, each is a copy whose Imports reach only the packages the
	// fact-using analyzer learns something from (see load).
	Roots []*packages.Package
	// All is what go/packages returned, unpruned: the patterns' packages,
	// and the packages loaded from source for their facts.
	All []*packages.Package
}

// load loads the packages that patterns name, with syntax and types.
//
// Without fact-using analyzers, that is one packages.LoadSyntax: the
// dependencies come from the go command's export data.
//
// With them (apicalls exports facts bottom-up), a package's facts can only
// come from a package that calls an SDK or imports, directly or not, one
// that does ("reaches" an SDK, as apicalls' Reaches fact says; the SDK's own
// packages are known by path): every other package returns at once and
// exports nothing. Loading every dependency from source for them, as
// packages.LoadAllSyntax does, cost 11–15 times the memory (README, "Across
// packages"). So load works in two steps:
//
//  1. A graph load (names and imports only, no type checking, no export
//     data) finds the packages below the roots that reach an SDK.
//  2. LoadSyntax with those packages added to the patterns, so that they
//     are roots too, from source with function bodies (go/packages type-
//     checks its roots' bodies only), and every other dependency comes
//     from export data.
//
// The packages handed to the checker are copies whose Imports keep only
// the packages that reach an SDK and have syntax: the checker runs a
// fact-using analyzer on every package Imports leads to, and the others
// would tell it nothing (no syntax, no facts). The facts each analysed
// package sees are the same as with everything loaded from source.
//
// Test variants of dependencies ("q [p.test]", with -test) cannot be named
// as patterns; go/packages loads them from source anyway (they import a
// root), but without function bodies, so they are left out of the graph:
// only test files (never checked) import them.
//
// When the patterns name .go files, which the go command does not take
// together with package paths, and packages outside them reach an SDK,
// load falls back to LoadAllSyntax.
func load(cfg *packages.Config, patterns []string, facts bool) (*loaded, error) {
	if !facts {
		c := *cfg
		c.Mode = packages.LoadSyntax | packages.NeedModule
		pkgs, err := packages.Load(&c, patterns...)
		return &loaded{Roots: pkgs, All: pkgs}, err
	}

	// 1. The import graph.
	g := *cfg
	g.Mode = packages.NeedName | packages.NeedImports | packages.NeedDeps
	graph, err := packages.Load(&g, patterns...)
	if err != nil {
		return nil, err
	}
	if len(graph) == 0 {
		return &loaded{}, nil
	}
	rootIDs := map[string]int{}
	for i, p := range graph {
		rootIDs[p.ID] = i
	}
	reach := reacher()
	var extra []string
	seen := map[string]bool{}
	packages.Visit(graph, nil, func(p *packages.Package) {
		if _, root := rootIDs[p.ID]; root || !reach(p) || p.ID != p.PkgPath || seen[p.PkgPath] {
			return
		}
		seen[p.PkgPath] = true
		extra = append(extra, p.PkgPath)
	})

	// 2. Syntax and types.
	c := *cfg
	c.Mode = packages.LoadSyntax | packages.NeedModule
	all := patterns
	if len(extra) > 0 {
		if namesFiles(patterns) {
			c.Mode |= packages.NeedDeps
		} else {
			all = append(append([]string(nil), patterns...), extra...)
		}
	}
	pkgs, err := packages.Load(&c, all...)
	if err != nil {
		return nil, err
	}
	byID := map[string]*packages.Package{}
	initial := map[*packages.Package]bool{}
	for _, p := range pkgs {
		byID[p.ID] = p
		initial[p] = true
	}
	roots := make([]*packages.Package, len(graph))
	for id, i := range rootIDs {
		if roots[i] = byID[id]; roots[i] == nil {
			return nil, fmt.Errorf("package %s missing from the second load", id)
		}
	}
	fromSource := func(p *packages.Package) bool {
		return p.Syntax != nil && (initial[p] || c.Mode&packages.NeedDeps != 0)
	}
	keep := func(p *packages.Package) bool { return reach(p) && fromSource(p) }
	return &loaded{Roots: prune(roots, keep), All: pkgs}, nil
}

// reacher returns whether a package reaches an SDK: it is not one of the
// SDK's own packages, and it imports one, or a package that reaches one.
func reacher() func(*packages.Package) bool {
	memo := map[*packages.Package]bool{}
	var reach func(p *packages.Package) bool
	reach = func(p *packages.Package) bool {
		if r, ok := memo[p]; ok {
			return r
		}
		memo[p] = false // import cycles are errors; do not loop on them
		r := false
		if _, _, ok := sdk.ModuleOf(p.PkgPath); !ok {
			for _, imp := range p.Imports {
				if _, _, ok := sdk.ModuleOf(imp.PkgPath); ok || reach(imp) {
					r = true
					break
				}
			}
		}
		memo[p] = r
		return r
	}
	return reach
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

// prune copies the graph below roots, keeping in each copy's Imports only
// the packages keep accepts (the roots are copied whatever keep says).
func prune(roots []*packages.Package, keep func(*packages.Package) bool) []*packages.Package {
	copies := map[*packages.Package]*packages.Package{}
	var cp func(p *packages.Package) *packages.Package
	cp = func(p *packages.Package) *packages.Package {
		if c, ok := copies[p]; ok {
			return c
		}
		c := new(packages.Package)
		*c = *p
		copies[p] = c
		c.Imports = map[string]*packages.Package{}
		for path, imp := range p.Imports {
			if keep(imp) {
				c.Imports[path] = cp(imp)
			}
		}
		return c
	}
	out := make([]*packages.Package, len(roots))
	for i, p := range roots {
		out[i] = cp(p)
	}
	return out
}
