package runtimegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

// classifyFile emits Classify for the SDK's error types, sdkFacts (what
// the retry loop reads from them) and one predicate per class.
func (g gen) classifyFile() ([]byte, error) {
	f := newFile(g.pkg)
	switch g.family {
	case sdk.OpenAIGo:
		g.openAIGoFacts(f.Group)
	case sdk.GoOpenAI:
		g.goOpenAIFacts(f.Group)
	}
	g.predicates(f.Group)
	return render(f)
}

func (g gen) openAIGoFacts(grp *jen.Group) {
	root, sse := g.module, g.module+"/packages/ssestream"
	types := "*openai.Error from the API"
	if g.streamError {
		types += ", *ssestream.StreamError from an error event in a stream"
	}
	doc(grp, "Classify returns the class of err, looking through wrapping: "+types+
		", the *Error of a call made through this package, and context, "+
		"timeout and connection errors. Anything else is Unknown. Use the "+
		"Is... predicates rather than the text of err, which says less in "+
		"newer SDK versions.")
	classifyFunc(grp)

	doc(grp, "sdkFacts reads what openai-go's errors say about a failed call.")
	body := []jen.Code{
		jen.Var().Id("apiErr").Op("*").Qual(root, "Error"),
		jen.If(jen.Qual("errors", "As").Call(jen.Id("err"), jen.Op("&").Id("apiErr")).Op("&&").Id("apiErr").Op("!=").Nil()).Block(
			jen.Id("f").Op(":=").Id("apiFacts").Values(jen.Dict{
				jen.Id("status"):  jen.Id("apiErr").Dot("StatusCode"),
				jen.Id("code"):    jen.Id("apiErr").Dot("Code"),
				jen.Id("typ"):     jen.Id("apiErr").Dot("Type"),
				jen.Id("message"): jen.Id("apiErr").Dot("Message"),
			}),
			jen.If(jen.Id("apiErr").Dot("Response").Op("!=").Nil()).Block(
				jen.Id("f").Dot("header").Op("=").Id("apiErr").Dot("Response").Dot("Header"),
			),
			jen.Return(jen.Id("f"), jen.True()),
		),
	}
	if g.streamError {
		body = append(body,
			jen.Var().Id("streamErr").Op("*").Qual(sse, "StreamError"),
			jen.If(jen.Qual("errors", "As").Call(jen.Id("err"), jen.Op("&").Id("streamErr")).Op("&&").Id("streamErr").Op("!=").Nil()).Block(
				jen.If(jen.List(jen.Id("f"), jen.Id("ok")).Op(":=").Id("parseErrorJSON").Call(jen.Id("streamErr").Dot("Event").Dot("Data")), jen.Id("ok")).Block(
					jen.Return(jen.Id("f"), jen.True()),
				),
			),
		)
	}
	body = append(body,
		jen.Comment("Older versions report an error event as plain text."),
		jen.Return(jen.Id("streamErrorFacts").Call(jen.Id("err"))),
	)
	grp.Func().Id("sdkFacts").Params(jen.Id("err").Error()).Params(jen.Id("apiFacts"), jen.Bool()).Block(body...)
	grp.Line()
}

func (g gen) goOpenAIFacts(grp *jen.Group) {
	root := g.module
	doc(grp, "Classify returns the class of err, looking through wrapping: "+
		"*openai.APIError and *openai.RequestError from the API or a stream, "+
		"go-openai's errors for requests it refuses to send (InvalidRequest), "+
		"the *Error of a call made through this package, and context, "+
		"timeout and connection errors. Anything else is Unknown. Use the "+
		"Is... predicates rather than the text of err: go-openai's text "+
		"never holds the error code or type.")
	classifyFunc(grp)

	doc(grp, "clientErrors are the errors go-openai returns for requests it "+
		"refuses to send; sending them again cannot help.")
	grp.Var().Id("clientErrors").Op("=").Index().Error().ValuesFunc(func(v *jen.Group) {
		for _, name := range sdk.GoOpenAIClientErrors {
			// Only those the SDK version declares: the runtime is
			// generated from the oldest version it supports, and must
			// compile with it.
			if g.rootNames[name] {
				v.Line().Qual(root, name)
			}
		}
		v.Line()
	})
	grp.Line()

	doc(grp, "sdkFacts reads what go-openai's errors say about a failed call. "+
		"APIError.Code is a string or, when the server sent a number, an int.")
	grp.Func().Id("sdkFacts").Params(jen.Id("err").Error()).Params(jen.Id("apiFacts"), jen.Bool()).Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("e")).Op(":=").Range().Id("clientErrors")).Block(
			jen.If(jen.Qual("errors", "Is").Call(jen.Id("err"), jen.Id("e"))).Block(
				jen.Return(jen.Id("apiFacts").Values(jen.Dict{jen.Id("class"): jen.Id(string(sdk.ClassInvalidRequest))}), jen.True()),
			),
		),
		jen.Var().Id("f").Id("apiFacts"),
		jen.Id("found").Op(":=").False(),
		jen.Var().Id("apiErr").Op("*").Qual(root, "APIError"),
		jen.If(jen.Qual("errors", "As").Call(jen.Id("err"), jen.Op("&").Id("apiErr")).Op("&&").Id("apiErr").Op("!=").Nil()).Block(
			jen.Id("f").Op("=").Id("apiFacts").Values(jen.Dict{
				jen.Id("status"):  jen.Id("apiErr").Dot("HTTPStatusCode"),
				jen.Id("code"):    jen.Id("codeText").Call(jen.Id("apiErr").Dot("Code")),
				jen.Id("typ"):     jen.Id("apiErr").Dot("Type"),
				jen.Id("message"): jen.Id("apiErr").Dot("Message"),
			}),
			jen.Id("found").Op("=").True(),
		),
		jen.Comment("A RequestError holds the status of a body go-openai could not"),
		jen.Comment("decode, such as an HTML error page or {\"error\":\"text\"}."),
		jen.Var().Id("reqErr").Op("*").Qual(root, "RequestError"),
		jen.If(jen.Qual("errors", "As").Call(jen.Id("err"), jen.Op("&").Id("reqErr")).Op("&&").Id("reqErr").Op("!=").Nil()).Block(
			jen.If(jen.Op("!").Id("found")).Block(
				jen.List(jen.Id("f"), jen.Id("_")).Op("=").Id("parseErrorJSON").Call(jen.Id("reqErr").Dot("Body")),
				jen.Id("found").Op("=").True(),
			),
			jen.If(jen.Id("f").Dot("status").Op("==").Lit(0)).Block(
				jen.Id("f").Dot("status").Op("=").Id("reqErr").Dot("HTTPStatusCode"),
			),
		),
		jen.Return(jen.Id("f"), jen.Id("found")),
	)
	grp.Line()
}

func classifyFunc(grp *jen.Group) {
	grp.Func().Id("Classify").Params(jen.Id("err").Error()).Id("Class").Block(
		jen.List(jen.Id("c"), jen.Id("_")).Op(":=").Id("classify").Call(jen.Id("err"), jen.Id("sdkFacts"), jen.Nil()),
		jen.Return(jen.Id("c")),
	)
	grp.Line()
}

// predicates emits IsX for every class but Unknown, and IsRetryable.
func (g gen) predicates(grp *jen.Group) {
	for _, ci := range sdk.ErrorClasses {
		if ci.Class == sdk.ClassUnknown {
			continue
		}
		name := "Is" + string(ci.Class)
		doc(grp, name+" reports whether Classify(err) is "+string(ci.Class)+". "+
			string(ci.Class)+" "+ci.Doc)
		grp.Func().Id(name).Params(jen.Id("err").Error()).Bool().Block(
			jen.Return(jen.Id("Classify").Call(jen.Id("err")).Op("==").Id(string(ci.Class))),
		)
		grp.Line()
	}
	doc(grp, "IsRetryable reports whether the class of err is one that can "+
		"succeed when the request is sent again later. For the *Error of a "+
		"call that gave up, it says whether the work may be scheduled again.")
	grp.Func().Id("IsRetryable").Params(jen.Id("err").Error()).Bool().Block(
		jen.Return(jen.Id("Classify").Call(jen.Id("err")).Dot("Retryable").Call()),
	)
}
