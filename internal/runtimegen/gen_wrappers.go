package runtimegen

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/oaiguard/oaiguard/internal/runtimeapi"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// examples name a method of each shape, for the doc comments; the compile
// test in this package calls the same methods.
var examples = map[sdk.Family]map[string]string{
	sdk.OpenAIGo: {
		"Call0":   "client.Models.List",
		"Call":    "client.Chat.Completions.New",
		"Call2":   "client.VectorStores.FileBatches.Cancel",
		"Call3":   "client.VectorStores.FileBatches.ListFiles",
		"Call4":   "client.VectorStores.FileBatches.UploadAndPoll",
		"Exec":    "client.Responses.Delete",
		"Exec2":   "client.Containers.Files.Delete",
		"Exec3":   "client.Post",
		"Exec4":   "client.Execute",
		"Stream":  "client.Chat.Completions.NewStreaming",
		"Stream2": "client.Responses.GetStreaming",
	},
	sdk.GoOpenAI: {
		"Call0": "client.ListModels",
		"Call":  "client.CreateChatCompletion",
		"Call2": "client.CancelVectorStoreFileBatch",
		"Call3": "client.ListVectorStoreFilesInBatch",
		"Call4": "client.ListAssistants",
		"Call5": "client.ListAssistantFiles",
		"Call6": "client.ListMessage",
		"Exec":  "client.DeleteFile",
		"Exec2": "client.DeleteVectorStoreFile",
	},
}

// wrappersFile emits Call0..CallN, Exec0..ExecN, Do and, for openai-go,
// Stream..StreamN, with the plumbing each attempt needs.
func (g gen) wrappersFile() ([]byte, error) {
	f := newFile(g.pkg)
	if g.family == sdk.OpenAIGo {
		g.attemptPlumbing(f.Group)
	}
	for n := 0; n <= g.arity; n++ {
		g.wrapper(f.Group, runtimeapi.ValueAndError, n)
	}
	g.do(f.Group)
	for n := 0; n <= g.arity; n++ {
		g.wrapper(f.Group, runtimeapi.ErrorOnly, n)
	}
	if g.family == sdk.OpenAIGo {
		for n := 1; n <= g.streamArity; n++ {
			g.wrapper(f.Group, runtimeapi.Stream, n)
		}
	}
	g.streamPlumbing(f.Group)
	return render(f)
}

func (g gen) option() string { return g.module + "/option" }
func (g gen) sse() string    { return g.module + "/packages/ssestream" }

// attemptPlumbing emits the request options every openai-go attempt gets:
// the SDK's retries off, and a middleware that paces each request and
// records its response. Calls get the middleware bound to their state
// (attemptOptions), so that the state can be reused; streams and Do, whose
// results or closures may keep the options, get one that finds the state
// in the request's context (contextOptions).
func (g gen) attemptPlumbing(grp *jen.Group) {
	opt := g.option()
	optSlice := jen.Index().Qual(opt, "RequestOption")
	doc(grp, "sdkRetriesOff, pace and sharedOptions are made once: options are "+
		"closures, and making them per call would allocate. The SDK's own "+
		"retries are off because retrying in both places multiplies attempts "+
		"(3 × 4).")
	grp.Var().Defs(
		jen.Id("sdkRetriesOff").Op("=").Qual(opt, "WithMaxRetries").Call(jen.Lit(0)),
		jen.Id("pace").Op("=").Qual(opt, "WithMiddleware").Call(jen.Id("recordResponse")),
		jen.Id("sharedOptions").Op("=").Index(jen.Lit(2)).Qual(opt, "RequestOption").Values(jen.Id("sdkRetriesOff"), jen.Id("pace")),
	)
	grp.Line()
	doc(grp, "attemptOptions appends to the caller's options sdkRetriesOff and "+
		"the middleware of c, made once per call state and kept when the state "+
		"is reused. The caller's slice is not modified, and the one returned "+
		"when there are none cannot be appended to in place.")
	grp.Func().Id("attemptOptions").Params(jen.Id("c").Op("*").Id("call"), jen.Id("opts").Add(optSlice)).Add(optSlice).Block(
		jen.List(jen.Id("own"), jen.Id("ok")).Op(":=").Id("c").Dot("ext").Assert(jen.Op("*").Index(jen.Lit(2)).Qual(opt, "RequestOption")),
		jen.If(jen.Op("!").Id("ok")).Block(
			jen.Id("own").Op("=").Op("&").Index(jen.Lit(2)).Qual(opt, "RequestOption").Values(
				jen.Id("sdkRetriesOff"), jen.Qual(opt, "WithMiddleware").Call(jen.Id("c").Dot("middleware")),
			),
			jen.Id("c").Dot("ext").Op("=").Id("own"),
		),
		jen.Return(jen.Id("appendOptions").Call(jen.Id("opts"), jen.Id("own"))),
	)
	grp.Line()
	doc(grp, "contextOptions appends sdkRetriesOff and pace to the caller's "+
		"options, for attempts whose context is the call.")
	grp.Func().Id("contextOptions").Params(jen.Id("opts").Add(optSlice)).Add(optSlice).Block(
		jen.Return(jen.Id("appendOptions").Call(jen.Id("opts"), jen.Op("&").Id("sharedOptions"))),
	)
	grp.Line()
	doc(grp, "appendOptions returns opts followed by own, without modifying "+
		"either: own itself, capped, when opts is empty.")
	grp.Func().Id("appendOptions").Params(jen.Id("opts").Add(optSlice), jen.Id("own").Op("*").Index(jen.Lit(2)).Qual(opt, "RequestOption")).Add(optSlice).Block(
		jen.If(jen.Len(jen.Id("opts")).Op("==").Lit(0)).Block(
			jen.Return(jen.Id("own").Index(jen.Op(":").Lit(2).Op(":").Lit(2))),
		),
		jen.Return(jen.Append(
			jen.Id("opts").Index(jen.Op(":").Len(jen.Id("opts")).Op(":").Len(jen.Id("opts"))),
			jen.Id("own").Index(jen.Op(":")).Op("..."),
		)),
	)
	grp.Line()
	doc(grp, "recordResponse sends each request of a call of this package "+
		"through send: it takes the request's turn at the rate limiter of its "+
		"API key and model (when the request must wait, the retry loop waits, "+
		"outside the SDK's per-attempt timeout), and records the response into "+
		"the call, so that the limiter learns from its headers and the status "+
		"and retry hints are known even when the SDK's error lost them.")
	grp.Func().Id("recordResponse").Params(
		jen.Id("req").Op("*").Qual("net/http", "Request"),
		jen.Id("next").Qual(opt, "MiddlewareNext"),
	).Params(jen.Op("*").Qual("net/http", "Response"), jen.Error()).Block(
		jen.Return(jen.Id("send").Call(jen.Id("req"), jen.Id("next"))),
	)
	grp.Line()
}

// typeParams returns the names of the argument type parameters of a
// wrapper of arity n: P alone, or A, B, C...
func typeParams(n int) []string {
	if n == 1 {
		return []string{"P"}
	}
	out := make([]string, n)
	for i := range out {
		out[i] = string(rune('A' + i))
	}
	return out
}

func (g gen) wrapper(grp *jen.Group, r runtimeapi.Result, n int) {
	name := runtimeapi.Wrapper(r, n)
	tps := typeParams(n)
	opts := g.family == sdk.OpenAIGo

	// Signature of fn.
	var fnParams []jen.Code
	fnParams = append(fnParams, jen.Qual("context", "Context"))
	for _, t := range tps {
		fnParams = append(fnParams, jen.Id(t))
	}
	if opts {
		fnParams = append(fnParams, jen.Op("...").Qual(g.option(), "RequestOption"))
	}
	var fnResults, results []jen.Code
	var typeList []jen.Code
	for _, t := range tps {
		typeList = append(typeList, jen.Id(t))
	}
	switch r {
	case runtimeapi.ValueAndError:
		typeList = append(typeList, jen.Id("R"))
		fnResults = []jen.Code{jen.Id("R"), jen.Error()}
		results = fnResults
	case runtimeapi.ErrorOnly:
		fnResults = []jen.Code{jen.Error()}
		results = fnResults
	case runtimeapi.Stream:
		typeList = append(typeList, jen.Id("T"))
		fnResults = []jen.Code{jen.Op("*").Qual(g.sse(), "Stream").Types(jen.Id("T"))}
		results = fnResults
	}
	if len(typeList) > 0 {
		typeList[len(typeList)-1] = jen.Add(typeList[len(typeList)-1]).Any()
	}

	params := []jen.Code{
		jen.Id("ctx").Qual("context", "Context"),
		jen.Id("fn").Func().Params(fnParams...).Params(fnResults...),
	}
	var args []jen.Code
	args = append(args, jen.Id("ctx"))
	for _, t := range tps {
		a := strings.ToLower(t)
		params = append(params, jen.Id(a).Id(t))
		args = append(args, jen.Id(a))
	}
	// openai-go calls reach their state through their own middleware and
	// get the caller's context; streams, and go-openai calls, through the
	// context.
	own := opts && r != runtimeapi.Stream
	// The call's state is st: c may be an argument.
	if own {
		args[0] = jen.Id("st").Dot("Context")
	}
	if opts {
		params = append(params, jen.Id("opts").Op("...").Qual(g.option(), "RequestOption"))
		if own {
			args = append(args, jen.Id("attemptOptions").Call(jen.Id("st"), jen.Id("opts")).Op("..."))
		} else {
			args = append(args, jen.Id("streamAttemptOptions").Call(jen.Id("opts")).Op("..."))
		}
	}
	call := jen.Id("fn").Call(args...)

	doc(grp, g.wrapperDoc(r, n, name))
	decl := grp.Func().Id(name)
	if len(typeList) > 0 {
		decl.Types(typeList...)
	}
	decl.Params(params...)
	if len(results) == 1 {
		decl.Add(results[0])
	} else {
		decl.Params(results...)
	}

	ctxParam := jen.Id("ctx").Qual("context", "Context")
	// retry's last argument is discard (nil: calls have nothing to close);
	// retryOwn's is whether the state may be reused.
	retryFn, attemptParam, lastArg := "retry", ctxParam, jen.Code(jen.Nil())
	if own {
		retryFn, attemptParam = "retryOwn", jen.Id("st").Op("*").Id("call")
		lastArg = jen.Id("plainData").Index(jen.Id("R")).Call()
		if r == runtimeapi.ErrorOnly {
			lastArg = jen.True()
		}
	}
	// What the request says about its cost: requests are the one argument
	// of their methods.
	tc := jen.Id("typedCost").Values()
	if n == 1 && r != runtimeapi.ErrorOnly {
		tc = jen.Id("typedCostOf").Call(jen.Op("&").Id("p"))
		if opts {
			tc = jen.Id("typedCostOf").Call(jen.Op("&").Id("p"), jen.Id("opts"))
		}
	}
	// Requests are the one argument of their methods: validate it first.
	var validate []jen.Code
	if n == 1 && r != runtimeapi.ErrorOnly {
		validate = g.validateArg(r)
	}
	switch r {
	case runtimeapi.ValueAndError:
		decl.Block(append(validate, jen.Return(jen.Id(retryFn).Call(
			jen.Id("ctx"), jen.Id("sdkFacts"), tc,
			jen.Func().Params(attemptParam).Params(jen.Id("R"), jen.Error()).Block(jen.Return(call)),
			lastArg,
		)))...)
	case runtimeapi.ErrorOnly:
		decl.Block(
			jen.List(jen.Id("_"), jen.Id("err")).Op(":=").Id(retryFn).Call(
				jen.Id("ctx"), jen.Id("sdkFacts"), tc,
				jen.Func().Params(attemptParam).Params(jen.Struct(), jen.Error()).Block(
					jen.Return(jen.Struct().Values(), call),
				),
				lastArg,
			),
			jen.Return(jen.Id("err")),
		)
	case runtimeapi.Stream:
		stream := jen.Op("*").Qual(g.sse(), "Stream").Types(jen.Id("T"))
		decl.Block(append(validate,
			jen.List(jen.Id("s"), jen.Id("err")).Op(":=").Id("retry").Call(
				jen.Id("ctx"), jen.Id("sdkFacts"), tc,
				jen.Func().Params(ctxParam).Params(stream, jen.Error()).Block(
					jen.Id("s").Op(":=").Add(call),
					jen.If(jen.Id("s").Op("==").Nil()).Block(jen.Return(jen.Nil(), jen.Nil())),
					jen.Comment("The request and the first event are read inside fn (openStream);"),
					jen.Comment("their failure shows here, before any event reaches the caller."),
					jen.Return(jen.Id("s"), jen.Id("s").Dot("Err").Call()),
				),
				jen.Id("closeStream").Index(jen.Id("T")),
			),
			jen.If(jen.Id("err").Op("!=").Nil()).Block(
				jen.Return(jen.Qual(g.sse(), "NewStream").Index(jen.Id("T")).Call(jen.Nil(), jen.Id("err"))),
			),
			jen.Return(jen.Id("s")),
		)...)
	}
	grp.Line()
}

func (g gen) wrapperDoc(r runtimeapi.Result, n int, name string) string {
	var args string
	switch n {
	case 0:
		args = "no argument"
	case 1:
		args = "one argument"
	default:
		args = []string{"", "", "two", "three", "four", "five", "six", "seven"}[n] + " arguments"
	}
	args += " between the context and"
	if g.family == sdk.OpenAIGo {
		args += " the request options"
	} else {
		args = strings.TrimSuffix(args, " between the context and") + " after the context"
	}
	var s string
	switch r {
	case runtimeapi.ValueAndError:
		s = name + " calls fn, an SDK method with " + args + ", and retries it under the Policy of ctx; fn is a method value"
	case runtimeapi.ErrorOnly:
		s = name + " is Call" + strings.TrimPrefix(name, "Exec") + " for methods that return only an error. fn takes " + args + "; it is a method value"
		if n == 1 {
			s = name + " is Call for methods that return only an error. fn takes " + args + "; it is a method value"
		}
	case runtimeapi.Stream:
		s = name + " opens a stream with fn, a ...Streaming method with " + args + ", and retries it until its first event has arrived: a failed request, a connection that breaks before the first event, and a first event that is an error (a rate limit, server_error) are retried like failed calls; nothing after the first event is, so no event is delivered twice. A stream that cannot be opened comes back with Err() returning an *Error"
	}
	if ex, ok := examples[g.family][name]; ok {
		s += " such as " + ex + "."
	} else {
		s += "."
	}
	if n == 1 && r == runtimeapi.ValueAndError {
		if g.family == sdk.OpenAIGo {
			s += "\n\n\tresp, err := " + g.pkg + ".Call(ctx, client.Chat.Completions.New, params)"
		} else {
			s += "\n\n\tresp, err := " + g.pkg + ".Call(ctx, client.CreateChatCompletion, req)"
		}
		s += "\n\nA failure returns an *Error that wraps the SDK's last error and counts the attempts."
		if g.family == sdk.OpenAIGo {
			s += " The SDK's own retries are off during the call."
		} else {
			s += " go-openai's errors keep no headers: give the client HTTPClient(nil) so that Retry-After is honoured."
		}
	}
	return s
}

// do emits Do, the wrapper for closures.
func (g gen) do(grp *jen.Group) {
	var fn *jen.Statement
	if g.family == sdk.OpenAIGo {
		doc(grp, "Do calls fn under the Policy of ctx, for calls no Call wrapper "+
			"fits. fn must pass its options on to the SDK method it calls: they "+
			"switch the SDK's own retries off and record each response.")
		fn = jen.Func().Params(jen.Qual("context", "Context"), jen.Op("...").Qual(g.option(), "RequestOption")).Params(jen.Id("R"), jen.Error())
	} else {
		doc(grp, "Do calls fn under the Policy of ctx, for calls no Call wrapper "+
			"fits, such as methods with variadic options. fn must use the "+
			"context it is given, which carries the attempt's response record.")
		fn = jen.Func().Params(jen.Qual("context", "Context")).Params(jen.Id("R"), jen.Error())
	}
	var call *jen.Statement
	if g.family == sdk.OpenAIGo {
		// The closure may keep its options: they find the call in the
		// context, which is never reused.
		call = jen.Id("fn").Call(jen.Id("ctx"), jen.Id("contextOptions").Call(jen.Nil()).Op("..."))
	} else {
		call = jen.Id("fn").Call(jen.Id("ctx"))
	}
	grp.Func().Id("Do").Types(jen.Id("R").Any()).Params(
		jen.Id("ctx").Qual("context", "Context"), jen.Id("fn").Add(fn),
	).Params(jen.Id("R"), jen.Error()).Block(
		jen.Return(jen.Id("retry").Call(
			jen.Id("ctx"), jen.Id("sdkFacts"), jen.Id("typedCost").Values(),
			jen.Func().Params(jen.Id("ctx").Qual("context", "Context")).Params(jen.Id("R"), jen.Error()).Block(jen.Return(call)),
			jen.Nil(),
		)),
	)
	grp.Line()
}
