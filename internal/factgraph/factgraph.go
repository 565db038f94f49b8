// Package factgraph decides which packages a driver of oaiguard's checks
// loads from source and hands the checker: those that can carry a fact of
// the API-call analysis (they reach an SDK, or build retrying HTTP
// clients), with every other dependency left to export data. The
// standalone driver and the tests' fixture loader share it, so that the
// tests load as the driver does.
package factgraph

import (
	"maps"

	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/internal/errflow"
	"github.com/oaiguard/oaiguard/internal/retrylib"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// Outside returns the paths of the packages below roots that reach an SDK
// but are not roots (test variants aside, which no pattern names).
func Outside(roots []*packages.Package) []string {
	initial := map[*packages.Package]bool{}
	for _, p := range roots {
		initial[p] = true
	}
	reach := Reacher()
	var paths []string
	seen := map[string]bool{}
	packages.Visit(roots, nil, func(p *packages.Package) {
		if initial[p] || p.ID != p.PkgPath || seen[p.PkgPath] || !reach(p) {
			return
		}
		seen[p.PkgPath] = true
		paths = append(paths, p.PkgPath)
	})
	return paths
}

// Reacher returns whether a package reaches an SDK: it is not one of the
// SDK's own packages, and it imports one, or a package that reaches one;
// or it is a package of the main module that may build retrying HTTP
// clients (retrylib.MayBuildClients), whose facts the packages that give
// them to an SDK need, or that makes errors (errflow.MakesErrors), whose
// texts the packages that return them with an SDK's need.
func Reacher() func(*packages.Package) bool {
	memo := map[*packages.Package]bool{}
	var reach func(p *packages.Package) bool
	reach = func(p *packages.Package) bool {
		if r, ok := memo[p]; ok {
			return r
		}
		memo[p] = false // import cycles are errors; do not loop on them
		r := false
		if _, _, ok := sdk.ModuleOf(p.PkgPath); !ok {
			// A package that builds retrying HTTP clients has facts for
			// those that give them to an SDK (apicalls' Func.Retrying).
			// A package of the main module that makes errors has
			// facts for those that return them (apicalls' OwnTexts).
			r = p.Module != nil && p.Module.Main && (retrylib.MayBuildClients(p.Types) || errflow.MakesErrors(maps.Keys(p.Imports)))
			for _, imp := range p.Imports {
				if r {
					break
				}
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

// Prune copies the graph below roots, keeping in each copy's Imports only
// the packages keep accepts (the roots are copied whatever keep says).
func Prune(roots []*packages.Package, keep func(*packages.Package) bool) []*packages.Package {
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
