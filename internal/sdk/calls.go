package sdk

import (
	"go/ast"
	"go/types"
	"strings"
	"sync"

	"golang.org/x/tools/go/types/typeutil"
)

// Kind says how a call reaches the API, which decides what retry handling
// can look like for it.
type Kind int

const (
	// NotAPI is a call that sends no request: builders, options, accessors.
	NotAPI Kind = iota
	// Request sends one request and returns its result and error.
	Request
	// Raw is openai-go's Client.Execute/Get/Post/Put/Patch/Delete: one
	// request to a path the caller names, error-only result.
	Raw
	// Stream opens a server-sent-event stream. openai-go's ...Streaming
	// methods return no error (it surfaces through Err()); go-openai's
	// Create...Stream methods return (stream, error).
	Stream
	// Pager is openai-go's ...AutoPaging: it fetches the first page eagerly
	// and reports errors later through Err().
	Pager
	// Poll is an openai-go polling helper: several requests in a loop.
	Poll
	// NextPage is openai-go's GetNextPage: a lazy request that reuses the
	// options of the call that produced the page.
	NextPage
)

func (k Kind) String() string {
	switch k {
	case Request:
		return "request"
	case Raw:
		return "raw request"
	case Stream:
		return "stream"
	case Pager:
		return "auto-pager"
	case Poll:
		return "polling helper"
	case NextPage:
		return "next-page request"
	}
	return "not an API call"
}

// Result is the shape of what an API method returns.
type Result int

const (
	// ValueAndError is (T, error).
	ValueAndError Result = iota
	// ErrorOnly is (error).
	ErrorOnly
	// ValueOnly is a single non-error result (openai-go streams and pagers).
	ValueOnly
)

// Call describes a call expression that reaches the OpenAI API.
type Call struct {
	Kind   Kind
	Family Family
	Module string      // SDK module path, e.g. OpenAIGoV3
	Func   *types.Func // the SDK method called
	// Arity counts the arguments between the context and the request
	// options: the arguments a runtime wrapper passes through.
	Arity  int
	Result Result
	// Options is true when the method ends in ...option.RequestOption.
	Options bool
	// Variadic is true when the method ends in a variadic parameter that
	// is not request options (a few go-openai methods): no wrapper fits.
	Variadic bool
	// OneShot is true when an argument carries an io.Reader (an upload:
	// audio, images, files). The first attempt drains it, so sending the
	// same arguments again uploads nothing; only a closure that reopens
	// the reader can retry such a call.
	OneShot bool
	// Via is the interface method the call goes through when the code
	// calls the SDK behind an interface of its own (for testing), nil
	// for a direct call.
	Via *types.Func
}

// Name returns a short name for messages, such as
// "ChatCompletionService.New" or "Client.CreateChatCompletion".
func (c *Call) Name() string {
	recv := c.Func.Signature().Recv()
	if recv == nil {
		return c.Func.Name()
	}
	if n := namedOf(recv.Type()); n != nil {
		return n.Obj().Name() + "." + c.Func.Name()
	}
	return c.Func.Name()
}

// Classify reports whether call reaches the OpenAI API, and how. Whether
// the call is OneShot is decided by the values it passes too: a parameter
// declared as an interface (go-openai's EmbeddingRequestConverter) carries
// a reader only if the value given for it does.
func Classify(info *types.Info, call *ast.CallExpr) (*Call, bool) {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok {
		return nil, false
	}
	c, ok := ClassifyFunc(fn)
	if ok && !c.OneShot {
		c.OneShot = ArgsCarryReader(info, fn, call)
	}
	return c, ok
}

// ArgsCarryReader reports whether a value the call passes, after the
// context, for a parameter of interface type carries an io.Reader.
func ArgsCarryReader(info *types.Info, fn *types.Func, call *ast.CallExpr) bool {
	params := fn.Signature().Params()
	args := call.Args
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodExpr && len(args) > 0 {
			args = args[1:] // the receiver
		}
	}
	for i := 1; i < len(args) && i < params.Len(); i++ {
		if !types.IsInterface(params.At(i).Type()) {
			continue
		}
		if t := info.TypeOf(args[i]); t != nil && !types.IsInterface(t) && carriesReader(t, 0, map[types.Type]bool{}) {
			return true
		}
	}
	return false
}

// ClassifyFunc reports whether calling fn reaches the OpenAI API, and how.
//
// A method of an interface declared outside the SDKs counts as the SDK
// method it mirrors: code often puts the client behind an interface of its
// own for tests, and an interface method with the name and signature of an
// SDK client method, SDK request and response types included, is there to
// be implemented by that client.
func ClassifyFunc(fn *types.Func) (*Call, bool) {
	if fn.Pkg() == nil {
		return nil, false
	}
	mod, sub, ok := ModuleOf(fn.Pkg().Path())
	if !ok {
		if m := mirroredMethod(fn); m != nil {
			if c, ok := ClassifyFunc(m); ok {
				c.Via = fn
				return c, true
			}
		}
		return nil, false
	}
	sig := fn.Signature()
	if sig.Recv() == nil {
		return nil, false // package-level functions only build values
	}
	recv := namedOf(sig.Recv().Type())
	if recv == nil {
		return nil, false
	}
	fn = fn.Origin()
	var c *Call
	switch FamilyOfModule(mod) {
	case OpenAIGo:
		c, ok = classifyOpenAIGo(mod, sub, recv, fn)
	case GoOpenAI:
		c, ok = classifyGoOpenAI(mod, sub, recv, fn)
	}
	if !ok {
		return nil, false
	}
	c.OneShot = oneShot(fn)
	return c, true
}

// oneShots caches oneShot: request types are large, and a package calls
// the same methods many times.
var oneShots sync.Map // *types.Func → bool

// oneShot reports whether an argument of fn, after the context, carries an
// io.Reader.
func oneShot(fn *types.Func) bool {
	if v, ok := oneShots.Load(fn); ok {
		return v.(bool)
	}
	found := false
	params := fn.Signature().Params()
	for i := 1; i < params.Len() && !found; i++ {
		found = carriesReader(params.At(i).Type(), 0, map[types.Type]bool{})
	}
	oneShots.Store(fn, found)
	return found
}

// readerIface is io.Reader, built here so that the check needs no import
// of the io package's type information.
var readerIface = func() *types.Interface {
	buf := types.NewVar(0, nil, "p", types.NewSlice(types.Typ[types.Byte]))
	n := types.NewVar(0, nil, "n", types.Typ[types.Int])
	err := types.NewVar(0, nil, "err", types.Universe.Lookup("error").Type())
	sig := types.NewSignatureType(nil, nil, nil, types.NewTuple(buf), types.NewTuple(n, err), false)
	read := types.NewFunc(0, nil, "Read", sig)
	return types.NewInterfaceType([]*types.Func{read}, nil).Complete()
}()

// carriesReader reports whether a value of type t holds an io.Reader: it is
// one, or a struct field, slice element or pointer target (a few levels
// down) is one.
func carriesReader(t types.Type, depth int, seen map[types.Type]bool) bool {
	if depth > 4 || seen[t] {
		return false
	}
	seen[t] = true
	if types.Implements(t, readerIface) {
		return true
	}
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Pointer:
		return carriesReader(u.Elem(), depth+1, seen)
	case *types.Slice:
		return carriesReader(u.Elem(), depth+1, seen)
	case *types.Struct:
		for f := range u.Fields() {
			if carriesReader(f.Type(), depth+1, seen) {
				return true
			}
		}
	}
	return false
}

// serviceSubpackages are the openai-go packages that hold services, beside
// the module root (reference: openai-sdks.md §1.1).
var serviceSubpackages = map[string]bool{
	"": true, "responses": true, "conversations": true, "realtime": true,
	"webhooks": true, "live": true,
}

// rawMethods are openai-go's Client methods that send a request to a path.
var rawMethods = map[string]bool{
	"Execute": true, "Get": true, "Post": true, "Put": true, "Patch": true, "Delete": true,
}

func classifyOpenAIGo(mod, sub string, recv *types.Named, fn *types.Func) (*Call, bool) {
	sig := fn.Signature()
	name := recv.Obj().Name()
	c := &Call{Family: OpenAIGo, Module: mod, Func: fn}
	switch {
	case sub == "packages/pagination" && fn.Name() == "GetNextPage":
		c.Kind, c.Result = NextPage, ValueAndError
		return c, true
	case !serviceSubpackages[sub] || !firstIsContext(sig):
		return nil, false
	case sub == "" && name == "Client" && rawMethods[fn.Name()]:
		c.Kind = Raw
	case sub == "" && name == "BetaAgentResultArtifacts" && (fn.Name() == "Download" || fn.Name() == "Find"):
		c.Kind = Request
	case strings.HasSuffix(name, "Service"):
		c.Kind = Request
	default:
		// WebSocket connections, token sources and the like have their
		// own reconnect logic and are not REST calls.
		return nil, false
	}
	c.Options = sig.Variadic() && isRequestOption(sig.Params().At(sig.Params().Len()-1).Type())
	c.Variadic = sig.Variadic() && !c.Options
	c.Arity = sig.Params().Len() - 1
	if c.Options {
		c.Arity--
	}
	c.Result = resultShape(sig)
	if c.Kind == Request {
		switch {
		case isPoll(name, fn.Name()):
			c.Kind = Poll
		case c.Result == ValueOnly && isNamedIn(sig.Results().At(0).Type(), "packages/ssestream", "Stream"):
			c.Kind = Stream
		case c.Result == ValueOnly && strings.HasSuffix(typeName(sig.Results().At(0).Type()), "AutoPager"):
			c.Kind = Pager
		case c.Result == ValueOnly:
			// BetaAgentSessionService.Stream returns its own stream type
			// with no error result; treat it like the SSE streams.
			c.Kind = Stream
		}
	}
	return c, true
}

// isPoll reports openai-go's polling helpers (polling.go, *_helpers.go): they
// send several requests, each with the SDK's retries.
func isPoll(recv, method string) bool {
	if strings.Contains(method, "Poll") {
		return true
	}
	return method == "Upload" && strings.HasPrefix(recv, "VectorStoreFile")
}

func classifyGoOpenAI(mod, sub string, recv *types.Named, fn *types.Func) (*Call, bool) {
	// Every exported ctx-first method of *openai.Client sends a request
	// (reference: openai-sdks.md §2.1); nothing else in the package does.
	if sub != "" || recv.Obj().Name() != "Client" || !fn.Exported() || !firstIsContext(fn.Signature()) {
		return nil, false
	}
	sig := fn.Signature()
	c := &Call{Family: GoOpenAI, Module: mod, Func: fn, Kind: Request, Arity: sig.Params().Len() - 1, Result: resultShape(sig), Variadic: sig.Variadic()}
	if strings.HasSuffix(fn.Name(), "Stream") {
		c.Kind = Stream
	}
	return c, true
}

func resultShape(sig *types.Signature) Result {
	res := sig.Results()
	switch {
	case res.Len() == 1 && isError(res.At(0).Type()):
		return ErrorOnly
	case res.Len() == 1:
		return ValueOnly
	}
	return ValueAndError
}

func firstIsContext(sig *types.Signature) bool {
	if sig.Params().Len() == 0 {
		return false
	}
	n := namedOf(sig.Params().At(0).Type())
	return n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// isRequestOption matches the variadic []option.RequestOption parameter.
// option.RequestOption aliases internal/requestconfig.RequestOption.
func isRequestOption(t types.Type) bool {
	s, ok := t.(*types.Slice)
	if !ok {
		return false
	}
	n := namedOf(s.Elem())
	if n == nil || n.Obj().Pkg() == nil || n.Obj().Name() != "RequestOption" {
		return false
	}
	_, sub, ok := ModuleOf(n.Obj().Pkg().Path())
	return ok && (sub == "internal/requestconfig" || sub == "option")
}

var errorType = types.Universe.Lookup("error").Type()

func isError(t types.Type) bool { return types.Identical(t, errorType) }

// namedOf returns the named type of t, looking through pointers and aliases.
func namedOf(t types.Type) *types.Named {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	return n
}

func typeName(t types.Type) string {
	if n := namedOf(t); n != nil {
		return n.Obj().Name()
	}
	return ""
}

// isNamedIn reports whether t is (a pointer to) the named type name declared
// in the SDK subpackage sub.
func isNamedIn(t types.Type, sub, name string) bool {
	n := namedOf(t)
	if n == nil || n.Obj().Pkg() == nil || n.Obj().Name() != name {
		return false
	}
	_, s, ok := ModuleOf(n.Obj().Pkg().Path())
	return ok && s == sub
}

// mirrors caches mirroredMethod: analyzers run on many packages at once.
var mirrors sync.Map // *types.Func → *types.Func (nil: none)

// mirroredMethod returns the SDK method that fn, an interface method
// declared outside the SDKs, has the name and signature of, or nil. It
// looks in the SDK packages that declare the types of fn's parameters and
// results, which is where the method's receiver lives; for a method with no
// SDK type in its signature (DeleteFile(ctx, id) error), in the package of
// a sibling method of the same interface that mirrors the SDK.
func mirroredMethod(fn *types.Func) *types.Func {
	sig := fn.Signature()
	if sig.Recv() == nil || !types.IsInterface(sig.Recv().Type()) {
		return nil
	}
	if m, ok := mirrors.Load(fn); ok {
		return m.(*types.Func)
	}
	found := directMirror(fn)
	if found == nil {
		iface := sig.Recv().Type().Underlying().(*types.Interface)
		for sib := range iface.Methods() {
			if sib == fn {
				continue
			}
			if m := directMirror(sib); m != nil {
				found = methodIn(m.Pkg(), fn.Name(), sig)
				break
			}
		}
	}
	mirrors.Store(fn, found)
	return found
}

// directMirror is mirroredMethod looking only at fn's own signature.
func directMirror(fn *types.Func) *types.Func {
	sig := fn.Signature()
	seen := map[*types.Package]bool{}
	for _, tuple := range []*types.Tuple{sig.Params(), sig.Results()} {
		for v := range tuple.Variables() {
			pkg := sdkPackageOf(v.Type())
			if pkg == nil || seen[pkg] {
				continue
			}
			seen[pkg] = true
			if m := methodIn(pkg, fn.Name(), sig); m != nil {
				return m
			}
		}
	}
	return nil
}

// sdkPackageOf returns the SDK package that declares t (or its element,
// for pointers and slices), or nil.
func sdkPackageOf(t types.Type) *types.Package {
	for {
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Slice:
			t = u.Elem()
			continue
		case *types.Named:
			pkg := u.Obj().Pkg()
			if pkg == nil {
				return nil
			}
			if _, _, ok := ModuleOf(pkg.Path()); ok {
				return pkg
			}
		}
		return nil
	}
}

// methodIn returns the method of a type declared in pkg with the given
// name and signature, or nil.
func methodIn(pkg *types.Package, name string, sig *types.Signature) *types.Func {
	scope := pkg.Scope()
	for _, n := range scope.Names() {
		tn, ok := scope.Lookup(n).(*types.TypeName)
		if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
			continue
		}
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(tn.Type()), true, pkg, name)
		if m, ok := obj.(*types.Func); ok && types.Identical(m.Signature(), sig) {
			return m
		}
	}
	return nil
}
