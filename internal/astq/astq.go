// Package astq holds the code queries that more than one part of oaiguard
// asks about loops: whether a block leaves the loop it is in, whether a
// call never returns, and whether code waits with package time. The
// API-call analysis asks them to recognise retry loops, and brokenretry to
// judge them; one answer keeps the two agreeing.
package astq

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// IsExit reports whether e is a call that does not return: the panic
// builtin, os.Exit and the Fatal and Panic functions of loggers.
func IsExit(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		_, builtin := info.Uses[f].(*types.Builtin)
		return builtin && f.Name == "panic"
	case *ast.SelectorExpr:
		name := f.Sel.Name
		return name == "Exit" || strings.HasPrefix(name, "Fatal") || strings.HasPrefix(name, "Panic")
	}
	return false
}

// Leaves reports whether a block always leaves the loop it is in: it ends
// in return, break or goto, in a call that does not return, or in an if
// whose every branch leaves.
func Leaves(info *types.Info, b *ast.BlockStmt) bool {
	if b == nil || len(b.List) == 0 {
		return false
	}
	switch s := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.BREAK || s.Tok == token.GOTO
	case *ast.ExprStmt:
		return IsExit(info, s.X)
	case *ast.BlockStmt:
		return Leaves(info, s)
	case *ast.IfStmt:
		switch e := s.Else.(type) {
		case *ast.BlockStmt:
			return Leaves(info, s.Body) && Leaves(info, e)
		case *ast.IfStmt:
			return Leaves(info, s.Body) && Leaves(info, &ast.BlockStmt{List: []ast.Stmt{e}})
		}
	}
	return false
}

// timerFuncs are the functions of package time that wait for a duration,
// their first argument.
var timerFuncs = map[string]bool{"Sleep": true, "After": true, "NewTimer": true, "Tick": true, "NewTicker": true}

// TimerWait reports whether call waits with package time (time.Sleep,
// time.After, a timer or ticker), and returns the function.
func TimerWait(info *types.Info, call *ast.CallExpr) (*types.Func, bool) {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "time" || fn.Signature().Recv() != nil || !timerFuncs[fn.Name()] {
		return nil, false
	}
	return fn, true
}

// Waits reports whether body waits with package time, outside function
// literals (which run elsewhere).
func Waits(info *types.Info, body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if _, ok := TimerWait(info, n); ok {
				found = true
			}
		}
		return !found
	})
	return found
}
