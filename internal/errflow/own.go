package errflow

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

// OwnValue reports whether every value the error-valued expression e may
// hold at the place where it is written is one the package sees and that
// is not an SDK's: nil, a package-level variable (a sentinel), the result
// of errors.New, of fmt.Errorf (every error operand, whatever its verb,
// since %v writes its text too) or errors.Join over such values, of a
// function of the package whose every returned error is such a value, or
// of a function of another package that ImportedOwn vouches for; a local
// variable every reaching definition of which is such a value. A
// parameter, a field, a call through an interface or a function value is
// out of sight. An error that is an own value is not an SDK's, whatever
// its text.
func (f *Flow) OwnValue(e ast.Expr) bool {
	return f.ownValue(e, map[ast.Node]bool{})
}

func (f *Flow) ownValue(e ast.Expr, visiting map[ast.Node]bool) bool {
	e = ast.Unparen(e)
	if visiting[e] || len(visiting) > maxVisits {
		return false
	}
	visiting[e] = true
	tv, ok := f.info.Types[e]
	if !ok {
		return false
	}
	if tv.IsNil() {
		return true
	}
	if _, ok := sdk.ErrorTypeOf(tv.Type); ok {
		return false
	}
	switch x := e.(type) {
	case *ast.Ident:
		v, ok := f.info.Uses[x].(*types.Var)
		if !ok {
			return false
		}
		if !isLocal(v) {
			return ownSentinel(v)
		}
		defs := f.Defs(v, x.Pos())
		if len(defs) == 0 {
			return false
		}
		for _, d := range defs {
			if !f.ownDef(d, visiting) {
				return false
			}
		}
		return true
	case *ast.SelectorExpr:
		v, ok := f.info.Uses[x.Sel].(*types.Var)
		return ok && ownSentinel(v)
	case *ast.CallExpr:
		return f.ownCall(x, -1, visiting)
	}
	return false
}

// ownSentinel reports whether v is a package-level variable of a package
// that is no SDK's: a sentinel error of the module or a library.
func ownSentinel(v *types.Var) bool {
	if v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
		return false
	}
	_, _, isSDK := sdk.ModuleOf(v.Pkg().Path())
	return !isSDK
}

func (f *Flow) ownDef(d Def, visiting map[ast.Node]bool) bool {
	switch {
	case d.Param:
		return false
	case d.Value == nil:
		return true // var err error, a named result: nil
	case d.Index >= 0:
		call, ok := ast.Unparen(d.Value).(*ast.CallExpr)
		return ok && f.ownCall(call, d.Index, visiting)
	}
	return f.ownValue(d.Value, visiting)
}

// ownCall reports whether result index of call (-1: its last) is an own
// value.
func (f *Flow) ownCall(call *ast.CallExpr, index int, visiting map[ast.Node]bool) bool {
	sig, ok := types.Unalias(f.info.TypeOf(call.Fun)).(*types.Signature)
	if !ok {
		return false // a conversion: of what, is out of sight
	}
	res := sig.Results()
	i := index
	if i < 0 {
		i = res.Len() - 1
	}
	if i < 0 || i >= res.Len() || !isErrorType(res.At(i).Type()) || i != res.Len()-1 {
		return false
	}
	fn, _ := typeutil.Callee(f.info, call).(*types.Func)
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	pkg := fn.Pkg()
	if pkg == nil {
		return false
	}
	if _, _, ok := sdk.ModuleOf(pkg.Path()); ok {
		return false
	}
	switch pkg.Path() + "." + fn.Name() {
	case "errors.New":
		// Unless it copies an SDK error's text (Source.Copy).
		_, copied := f.copied(call.Args, map[ast.Node]bool{})
		return !copied
	case "fmt.Errorf":
		if len(call.Args) == 0 {
			return false
		}
		if _, copied := f.copied(call.Args[1:], map[ast.Node]bool{}); copied {
			return false
		}
		tv := f.info.Types[call.Args[0]]
		if tv.Value == nil {
			return false
		}
		// Every error operand, not only those of %w: %v writes its
		// text too.
		for _, a := range call.Args[1:] {
			if t := f.info.TypeOf(a); t != nil && types.Implements(t, errorIface) && !f.ownValue(a, visiting) {
				return false
			}
		}
		return true
	case "errors.Join":
		for _, a := range call.Args {
			if !f.ownValue(a, visiting) {
				return false
			}
		}
		return true
	}
	if interfaceMethod(fn) {
		return false
	}
	if pkg == f.pkg {
		return f.OwnReturns(fn)
	}
	return f.ImportedOwn != nil && f.ImportedOwn(fn)
}

var errorIface = errorType.Underlying().(*types.Interface)

func interfaceMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil {
		return false
	}
	_, ok := recv.Type().Underlying().(*types.Interface)
	return ok
}

// OwnReturns reports whether a function or method declared in this
// package returns as its last result, an error, only own values
// (OwnValue). A function in a cycle of calls is taken not to, while it is
// being judged.
func (f *Flow) OwnReturns(fn *types.Func) bool {
	if own, ok := f.own[fn]; ok {
		return own
	}
	if f.own == nil {
		f.own = map[*types.Func]bool{}
	}
	f.own[fn] = false
	fd := f.declOf(fn)
	if fd == nil || fd.Body == nil || !returnsError(fn) {
		return false
	}
	res := fn.Signature().Results()
	n, errI := res.Len(), res.Len()-1
	own := true
	ast.Inspect(fd.Body, func(node ast.Node) bool {
		if !own {
			return false
		}
		switch x := node.(type) {
		case *ast.FuncLit:
			return false // its returns are its own
		case *ast.ReturnStmt:
			switch len(x.Results) {
			case n:
				own = f.ownValue(x.Results[errI], map[ast.Node]bool{})
			case 1:
				call, isCall := ast.Unparen(x.Results[0]).(*ast.CallExpr)
				own = isCall && f.ownCall(call, errI, map[ast.Node]bool{})
			case 0:
				v := res.At(errI)
				if v.Name() == "" {
					own = false
					break
				}
				defs := f.Defs(v, x.Pos())
				own = len(defs) > 0
				for _, d := range defs {
					if !f.ownDef(d, map[ast.Node]bool{}) {
						own = false
						break
					}
				}
			}
		}
		return true
	})
	f.own[fn] = own
	return own
}

// declOf returns the declaration of a function of this package.
func (f *Flow) declOf(fn *types.Func) *ast.FuncDecl {
	for _, file := range f.files {
		if !(file.FileStart <= fn.Pos() && fn.Pos() < file.FileEnd) {
			continue
		}
		for _, d := range file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && f.info.Defs[fd.Name] == fn {
				return fd
			}
		}
	}
	return nil
}

// MakesErrors reports whether a package imports errors or fmt, the
// packages whose functions make errors with a text of its own: a package
// of the module being analysed that reaches no SDK but does (or imports a
// package of its module that does) may hand its errors to one that does,
// so its texts are the module's own too (apicalls.OwnTexts). Judged by
// import paths alone (a package's own, not its export data's, which
// lists only what its API refers to), so that other packages cost
// nothing.
func MakesErrors(imports func(yield func(string) bool)) bool {
	for path := range imports {
		switch path {
		case "errors", "fmt":
			return true
		}
	}
	return false
}

// ImportPaths lists the paths of the packages pkg imports, for MakesErrors.
func ImportPaths(pkg *types.Package) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for _, imp := range pkg.Imports() {
			if !yield(imp.Path()) {
				return
			}
		}
	}
}
