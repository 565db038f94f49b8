package runtimegen

import (
	"fmt"
	"go/types"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

// requestSet is what the validators are derived from: the request types
// of one SDK as go/types sees them in the module that requires it.
type requestSet struct {
	module, version string
	types           []requestType
	// rootNames are the names the SDK's root package declares in this
	// version: the generator names only those of its tables that exist
	// (go-openai's sentinel errors grew over time).
	rootNames map[string]bool
	// ifaces are the interfaces the SDK declares that request types
	// implement: a method that takes one (go-openai's CreateEmbeddings
	// takes an EmbeddingRequestConverter) gets the request inside it.
	ifaces []*types.TypeName
}

// requestType is one request type, loaded.
type requestType struct {
	sdk.RequestType
	obj *types.TypeName
	st  *types.Struct
}

// loads caches loadRequests by directory and module: tests generate many
// runtimes, and each load runs the go command.
var loads sync.Map // loadKey → *loadResult

type loadKey struct{ dir, module string }

type loadResult struct {
	once sync.Once
	set  *requestSet
	err  error
}

// loadRequests loads the request types sdk.RequestTypes lists for module,
// as the module around dir requires it ("" is the current directory).
func loadRequests(dir, module string, fam sdk.Family) (*requestSet, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	v, _ := loads.LoadOrStore(loadKey{abs, module}, &loadResult{})
	r := v.(*loadResult)
	r.once.Do(func() { r.set, r.err = load(abs, module, fam) })
	return r.set, r.err
}

func load(dir, module string, fam sdk.Family) (*requestSet, error) {
	wanted := sdk.RequestTypes[fam]
	if len(wanted) == 0 {
		return nil, fmt.Errorf("no request types are known for %s", module)
	}
	var paths []string
	seen := map[string]bool{}
	for _, rt := range wanted {
		p := pkgPath(module, rt.Package)
		if !seen[p] {
			seen[p] = true
			paths = append(paths, p)
		}
	}
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedModule,
		Dir:  dir,
	}
	pkgs, err := packages.Load(cfg, paths...)
	if err != nil {
		return nil, fmt.Errorf("load the request types of %s in %s: %w", module, dir, err)
	}
	byPath := map[string]*packages.Package{}
	var errs []string
	for _, p := range pkgs {
		byPath[p.PkgPath] = p
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("load the request types of %s in %s (the module there must require it): %s", module, dir, strings.Join(errs, "; "))
	}
	set := &requestSet{module: module, rootNames: map[string]bool{}}
	if root := byPath[module]; root != nil && root.Types != nil {
		for _, name := range root.Types.Scope().Names() {
			set.rootNames[name] = true
		}
	}
	for _, rt := range wanted {
		p := byPath[pkgPath(module, rt.Package)]
		if p == nil || p.Types == nil {
			return nil, fmt.Errorf("load %s in %s: no type information", pkgPath(module, rt.Package), dir)
		}
		if p.Module != nil && set.version == "" {
			set.version = p.Module.Version
			if p.Module.Replace != nil {
				set.version += " (replaced by " + p.Module.Replace.Path + " " + p.Module.Replace.Version + ")"
			}
		}
		obj, _ := p.Types.Scope().Lookup(rt.Name).(*types.TypeName)
		if obj == nil && optionalKinds[rt.Kind] {
			// An older version without this API (go-openai before
			// v1.42.0 has no Responses API): no validator for it.
			continue
		}
		if obj == nil {
			return nil, fmt.Errorf("%s %s has no type %s: update sdk.RequestTypes for this version", module, set.version, rt.Name)
		}
		st, ok := obj.Type().Underlying().(*types.Struct)
		if !ok {
			return nil, fmt.Errorf("%s.%s is not a struct", p.PkgPath, rt.Name)
		}
		set.types = append(set.types, requestType{RequestType: rt, obj: obj, st: st})
	}
	for _, path := range paths {
		scope := byPath[path].Types.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || !tn.Exported() || tn.IsAlias() {
				continue
			}
			iface, ok := tn.Type().Underlying().(*types.Interface)
			if !ok || iface.NumMethods() == 0 {
				continue
			}
			for _, rt := range set.types {
				if types.Implements(rt.obj.Type(), iface) {
					set.ifaces = append(set.ifaces, tn)
					break
				}
			}
		}
	}
	sort.Slice(set.ifaces, func(i, j int) bool { return set.ifaces[i].Id() < set.ifaces[j].Id() })
	return set, nil
}

func pkgPath(module, sub string) string {
	if sub == "" {
		return module
	}
	return module + "/" + sub
}
