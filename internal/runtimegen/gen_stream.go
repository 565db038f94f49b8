package runtimegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/oaiguard/oaiguard/internal/runtimeapi"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// streamPlumbing emits what streams need beside the wrappers. A stream can
// be opened again with nothing delivered twice until its first event
// reaches the caller, so each attempt reads the first event before the SDK
// sees the response (core's peekFirstEvent): an error event or a broken
// connection there fails the attempt and is retried. openai-go does it in
// a middleware of the Stream wrappers; go-openai, whose streams are opened
// by Call and Stream alike, in the recording transport.
func (g gen) streamPlumbing(grp *jen.Group) {
	if g.family == sdk.OpenAIGo {
		g.openAIGoStreams(grp)
	} else {
		g.goOpenAIStreams(grp)
	}
}

func (g gen) openAIGoStreams(grp *jen.Group) {
	opt := g.option()
	doc(grp, "streamAttemptOptions are contextOptions and openStream, which reads "+
		"the stream's first event inside the attempt.")
	grp.Func().Id("streamAttemptOptions").Params(jen.Id("opts").Index().Qual(opt, "RequestOption")).Index().Qual(opt, "RequestOption").Block(
		jen.Return(jen.Append(jen.Id("contextOptions").Call(jen.Id("opts")), jen.Qual(opt, "WithMiddleware").Call(jen.Id("openStream")))),
	)
	grp.Line()

	var eventErr jen.Code
	if g.streamError {
		eventErr = jen.Op("&").Qual(g.sse(), "StreamError").Values(jen.Dict{
			jen.Id("Message"): jen.Id("ev").Dot("message").Call(),
			jen.Id("Event"): jen.Qual(g.sse(), "Event").Values(jen.Dict{
				jen.Id("Type"): jen.Id("ev").Dot("name"),
				jen.Id("Data"): jen.Id("ev").Dot("data"),
			}),
		})
	} else {
		// This version builds its error for an error event with
		// fmt.Errorf; sdkFacts reads the same text.
		eventErr = jen.Qual("errors", "New").Call(jen.Id("ev").Dot("message").Call())
	}
	errType := "an error with the text openai-go gives an error event"
	if g.streamError {
		errType = "the *ssestream.StreamError that Next would have returned"
	}
	doc(grp, "openStream reads the first event of an event stream before the SDK "+
		"sees the response. A first event that is an error fails the attempt with "+
		errType+"; a connection that ends before it, with the read error.")
	grp.Func().Id("openStream").Params(
		jen.Id("req").Op("*").Qual("net/http", "Request"),
		jen.Id("next").Qual(opt, "MiddlewareNext"),
	).Params(jen.Op("*").Qual("net/http", "Response"), jen.Error()).Block(
		jen.List(jen.Id("res"), jen.Id("err")).Op(":=").Id("next").Call(jen.Id("req")),
		jen.If(jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Id("res"), jen.Id("err"))),
		jen.Comment("Keep the status and headers (x-request-id) for the error."),
		jen.Id("recordFrom").Call(jen.Id("req").Dot("Context").Call()).Dot("observe").Call(jen.Id("res")),
		jen.List(jen.Id("ev"), jen.Id("err")).Op(":=").Id("peekFirstEvent").Call(jen.Id("res")),
		jen.If(jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id("err"))),
		jen.If(jen.Id("ev").Op("!=").Nil()).Block(jen.Return(jen.Nil(), eventErr)),
		jen.Return(jen.Id("res"), jen.Nil()),
	)
	grp.Line()

	doc(grp, "closeStream closes the stream of a failed attempt before the next one.")
	grp.Func().Id("closeStream").Types(jen.Id("T").Any()).Params(jen.Id("s").Op("*").Qual(g.sse(), "Stream").Types(jen.Id("T"))).Block(
		jen.If(jen.Id("s").Op("!=").Nil()).Block(
			jen.Id("_").Op("=").Id("s").Dot("Close").Call(),
		),
	)
	grp.Line()
}

func (g gen) goOpenAIStreams(grp *jen.Group) {
	ctxParam := jen.Id("ctx").Qual("context", "Context")
	streamType := func() *jen.Statement {
		return jen.Interface(jen.Op("*").Id("T"), jen.Id("Close").Params().Error())
	}
	doc(grp, "Stream opens a stream with fn, a ...Stream method with one argument after "+
		"the context such as client.CreateChatCompletionStream, and retries it until "+
		"its first event has arrived; nothing after the first event is retried, so no "+
		"event is delivered twice. The request is validated first, and a failed "+
		"attempt's stream is closed."+
		"\n\n\tstream, err := "+g.pkg+".Stream(ctx, client.CreateChatCompletionStream, req)"+
		"\n\nWith the client's HTTPClient from this package, each attempt reads the "+
		"first event before fn returns, so that a first event that is an error "+
		"(a rate limit, server_error) or a connection that breaks before it is "+
		"retried too; without it, only a failure to open the stream is. Call "+
		"behaves the same on these methods; Stream says at the call site that "+
		"the result is a stream. Errors inside the stream after that come from "+
		"Recv, and Classify reads them.")
	grp.Func().Id("Stream").Types(jen.List(jen.Id("P"), jen.Id("T")).Any(), jen.Id("S").Add(streamType())).Params(
		ctxParam,
		jen.Id("fn").Func().Params(jen.Qual("context", "Context"), jen.Id("P")).Params(jen.Id("S"), jen.Error()),
		jen.Id("p").Id("P"),
	).Params(jen.Id("S"), jen.Error()).Block(append(g.validateArg(runtimeapi.Stream),
		jen.Return(jen.Id("retry").Call(
			jen.Id("ctx"), jen.Id("sdkFacts"), jen.Id("typedCostOf").Call(jen.Op("&").Id("p")),
			jen.Func().Params(ctxParam.Clone()).Params(jen.Id("S"), jen.Error()).Block(
				jen.Return(jen.Id("fn").Call(jen.Id("ctx"), jen.Id("p"))),
			),
			jen.Id("closeStream").Index(jen.List(jen.Id("T"), jen.Id("S"))),
		)),
	)...)
	grp.Line()

	doc(grp, "closeStream closes the stream of a failed attempt before the next one.")
	grp.Func().Id("closeStream").Types(jen.Id("T").Any(), jen.Id("S").Add(streamType())).Params(jen.Id("s").Id("S")).Block(
		jen.If(jen.Id("s").Op("!=").Nil()).Block(
			jen.Id("_").Op("=").Id("s").Dot("Close").Call(),
		),
	)
	grp.Line()

	doc(grp, "openStream reads the first event of an event stream that a call of "+
		"this package opens, for Transport. A first event that is an error fails "+
		"the attempt with the *openai.APIError that Recv would have returned, "+
		"wrapped as Recv wraps it; a connection that ends before it, with the "+
		"read error. Other responses pass untouched.")
	grp.Func().Id("openStream").Params(jen.Id("res").Op("*").Qual("net/http", "Response")).Error().Block(
		jen.List(jen.Id("ev"), jen.Id("err")).Op(":=").Id("peekFirstEvent").Call(jen.Id("res")),
		jen.If(jen.Id("err").Op("!=").Nil().Op("||").Id("ev").Op("==").Nil()).Block(jen.Return(jen.Id("err"))),
		jen.Id("apiErr").Op(":=").New(jen.Qual(g.module, "APIError")),
		jen.If(jen.Id("apiErr").Dot("UnmarshalJSON").Call(jen.Id("ev").Dot("errorJSON")).Op("!=").Nil()).Block(
			jen.Id("apiErr").Op("=").Op("&").Qual(g.module, "APIError").Values(jen.Dict{
				jen.Id("Message"): jen.String().Call(jen.Id("ev").Dot("errorJSON")),
			}),
		),
		jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("error, %w"), jen.Id("apiErr"))),
	)
	grp.Line()
}
