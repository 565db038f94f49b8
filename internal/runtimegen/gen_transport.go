package runtimegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/oaiguard/oaiguard/internal/runtimeapi"
)

// transportFile emits Transport and HTTPClient for go-openai, whose errors
// keep no response headers: a transport records them per attempt.
func (g gen) transportFile() ([]byte, error) {
	f := newFile(g.pkg)
	h := "net/http"
	doc(f.Group, "Transport returns an http.RoundTripper that paces the requests "+
		"of calls of this package and records the status and headers of each "+
		"response for the call that sent it: each request waits for the rate "+
		"limiter of its API key and model, which learns the limits from the "+
		"x-ratelimit-* headers, and retries honour retry-after-ms and "+
		"Retry-After, which go-openai's errors do not keep. Without it, Call "+
		"only retries: it neither paces nor latches keys. base nil means "+
		"http.DefaultTransport. Requests not sent through this package pass "+
		"through untouched.")
	f.Func().Id(runtimeapi.Transport).Params(jen.Id("base").Qual(h, "RoundTripper")).Qual(h, "RoundTripper").Block(
		jen.If(jen.List(jen.Id("t"), jen.Id("ok")).Op(":=").Id("base").Assert(jen.Op("*").Id("recordingTransport")), jen.Id("ok")).Block(
			jen.Return(jen.Id("t")),
		),
		jen.Return(jen.Op("&").Id("recordingTransport").Values(jen.Dict{jen.Id("base"): jen.Id("base")})),
	)
	f.Line()
	doc(f.Group, "HTTPClient returns a copy of base (nil: a new http.Client) whose "+
		"transport is Transport(base.Transport). Give it to the client:"+
		"\n\n\tcfg := openai.DefaultConfig(key)\n\tcfg.HTTPClient = "+g.pkg+".HTTPClient(nil)\n\tclient := openai.NewClientWithConfig(cfg)")
	f.Func().Id(runtimeapi.HTTPClient).Params(jen.Id("base").Op("*").Qual(h, "Client")).Op("*").Qual(h, "Client").Block(
		jen.Id("c").Op(":=").Op("&").Qual(h, "Client").Values(),
		jen.If(jen.Id("base").Op("!=").Nil()).Block(
			jen.Op("*").Id("c").Op("=").Op("*").Id("base"),
		),
		jen.Id("c").Dot("Transport").Op("=").Id("Transport").Call(jen.Id("c").Dot("Transport")),
		jen.Return(jen.Id("c")),
	)
	f.Line()
	doc(f.Group, "recordingTransport records responses into the record that the "+
		"call's context carries.")
	f.Type().Id("recordingTransport").Struct(jen.Id("base").Qual(h, "RoundTripper"))
	f.Line()
	doc(f.Group, "RoundTrip sends req with the base transport once its rate "+
		"limiter lets it, and records the response. "+
		"For a call of this package that opens a stream, it reads the first event "+
		"too (openStream), so that an error there is retried.")
	f.Func().Params(jen.Id("t").Op("*").Id("recordingTransport")).Id("RoundTrip").Params(
		jen.Id("req").Op("*").Qual(h, "Request"),
	).Params(jen.Op("*").Qual(h, "Response"), jen.Error()).Block(
		jen.Return(jen.Id("roundTrip").Call(jen.Id("req"), jen.Id("t").Dot("transport").Call().Dot("RoundTrip"))),
	)
	f.Line()
	doc(f.Group, "roundTrip sends req with next once its rate limiter lets it, and, "+
		"for a call of this package, reads a stream's first event.")
	f.Func().Id("roundTrip").Params(
		jen.Id("req").Op("*").Qual(h, "Request"),
		jen.Id("next").Func().Params(jen.Op("*").Qual(h, "Request")).Params(jen.Op("*").Qual(h, "Response"), jen.Error()),
	).Params(jen.Op("*").Qual(h, "Response"), jen.Error()).Block(
		jen.List(jen.Id("res"), jen.Id("err")).Op(":=").Id("send").Call(jen.Id("req"), jen.Id("next")),
		jen.Id("rec").Op(":=").Id("recordFrom").Call(jen.Id("req").Dot("Context").Call()),
		jen.If(jen.Id("err").Op("==").Nil().Op("&&").Id("rec").Op("!=").Nil()).Block(
			jen.Comment("A call of this package: read a stream's first event inside the attempt."),
			jen.If(jen.Id("err").Op(":=").Id("openStream").Call(jen.Id("res")), jen.Id("err").Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Id("err")),
			),
		),
		jen.Return(jen.Id("res"), jen.Id("err")),
	)
	f.Line()
	doc(f.Group, "CloseIdleConnections closes the idle connections of the base "+
		"transport, as http.Client.CloseIdleConnections expects.")
	f.Func().Params(jen.Id("t").Op("*").Id("recordingTransport")).Id("CloseIdleConnections").Params().Block(
		jen.If(jen.List(jen.Id("c"), jen.Id("ok")).Op(":=").Id("t").Dot("transport").Call().Assert(
			jen.Interface(jen.Id("CloseIdleConnections").Params()),
		), jen.Id("ok")).Block(
			jen.Id("c").Dot("CloseIdleConnections").Call(),
		),
	)
	f.Line()
	f.Func().Params(jen.Id("t").Op("*").Id("recordingTransport")).Id("transport").Params().Qual(h, "RoundTripper").Block(
		jen.If(jen.Id("t").Dot("base").Op("!=").Nil()).Block(jen.Return(jen.Id("t").Dot("base"))),
		jen.Return(jen.Qual(h, "DefaultTransport")),
	)
	g.configure(f)
	return render(f)
}

// configure emits Configure and NewClient, which install Transport on a
// go-openai client. ClientConfig.HTTPClient is an *http.Client in old
// go-openai versions and the HTTPDoer interface since v1.2x, so
// cfg.HTTPClient = HTTPClient(cfg.HTTPClient) compiles only with the old; the
// generic withTransport does, whatever the field's type.
func (g gen) configure(f *jen.File) {
	h := "net/http"
	sdkPkg := g.spec.module
	doc(f.Group, "Configure returns cfg with Transport installed on its HTTP client, "+
		"so that the client's calls through this package are paced and see the "+
		"server's Retry-After and x-ratelimit-* headers:"+
		"\n\n\tclient := openai.NewClientWithConfig("+g.pkg+".Configure(cfg))"+
		"\n\nAn *http.Client is copied with its transport wrapped, as HTTPClient does; "+
		"another HTTP client (an openai.HTTPDoer) is wrapped so that its requests go "+
		"through the same pacing and recording; nil becomes HTTPClient(nil). "+
		"Configuring twice installs the transport once.")
	f.Func().Id(runtimeapi.Configure).Params(jen.Id("cfg").Qual(sdkPkg, "ClientConfig")).Qual(sdkPkg, "ClientConfig").Block(
		jen.Id("cfg").Dot("HTTPClient").Op("=").Id("withTransport").Call(jen.Id("cfg").Dot("HTTPClient")),
		jen.Return(jen.Id("cfg")),
	)
	f.Line()
	doc(f.Group, "NewClient is openai.NewClient with Transport installed: "+
		"openai.NewClientWithConfig(Configure(openai.DefaultConfig(authToken))).")
	f.Func().Id(runtimeapi.NewClient).Params(jen.Id("authToken").String()).Op("*").Qual(sdkPkg, "Client").Block(
		jen.Return(jen.Qual(sdkPkg, "NewClientWithConfig").Call(
			jen.Id(runtimeapi.Configure).Call(jen.Qual(sdkPkg, "DefaultConfig").Call(jen.Id("authToken"))),
		)),
	)
	f.Line()
	doc(f.Group, "withTransport returns c with Transport installed. C is the type of "+
		"ClientConfig.HTTPClient: *http.Client or openai.HTTPDoer, depending on the "+
		"go-openai version. A client it cannot wrap is returned as it is.")
	f.Func().Id("withTransport").Types(jen.Id("C").Any()).Params(jen.Id("c").Id("C")).Id("C").Block(
		jen.Var().Id("out").Any(),
		jen.Switch(jen.Id("v").Op(":=").Id("any").Call(jen.Id("c")).Assert(jen.Type())).Block(
			jen.Case(jen.Nil()).Block(jen.Id("out").Op("=").Id("HTTPClient").Call(jen.Nil())),
			jen.Case(jen.Op("*").Qual(h, "Client")).Block(jen.Id("out").Op("=").Id("HTTPClient").Call(jen.Id("v"))),
			jen.Case(jen.Op("*").Id("recordingDoer")).Block(jen.Return(jen.Id("c"))),
			jen.Case(jen.Id("doer")).Block(jen.Id("out").Op("=").Op("&").Id("recordingDoer").Values(jen.Dict{jen.Id("base"): jen.Id("v")})),
			jen.Default().Block(jen.Return(jen.Id("c"))),
		),
		jen.If(jen.List(jen.Id("w"), jen.Id("ok")).Op(":=").Id("out").Assert(jen.Id("C")), jen.Id("ok")).Block(
			jen.Return(jen.Id("w")),
		),
		jen.Return(jen.Id("c")),
	)
	f.Line()
	doc(f.Group, "doer is what go-openai's ClientConfig.HTTPClient must be (HTTPDoer).")
	f.Type().Id("doer").Interface(
		jen.Id("Do").Params(jen.Op("*").Qual(h, "Request")).Params(jen.Op("*").Qual(h, "Response"), jen.Error()),
	)
	f.Line()
	doc(f.Group, "recordingDoer is Transport for an HTTP client that is not an "+
		"*http.Client: its requests are paced and recorded the same way.")
	f.Type().Id("recordingDoer").Struct(jen.Id("base").Id("doer"))
	f.Line()
	doc(f.Group, "Do sends req with the base client once its rate limiter lets it, and records the response.")
	f.Func().Params(jen.Id("d").Op("*").Id("recordingDoer")).Id("Do").Params(
		jen.Id("req").Op("*").Qual(h, "Request"),
	).Params(jen.Op("*").Qual(h, "Response"), jen.Error()).Block(
		jen.Return(jen.Id("roundTrip").Call(jen.Id("req"), jen.Id("d").Dot("base").Dot("Do"))),
	)
}
