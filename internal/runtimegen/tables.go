package runtimegen

import (
	"sort"

	"github.com/dave/jennifer/jen"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

// Tables returns the source of tables.go for package pkg: the Class type and
// its constants, and the tables of error codes, types, statuses, message
// prefixes and header names, all emitted from internal/sdk. Every runtime
// gets this file, and so does internal/runtimegen/core, whose hand-written
// code reads the tables.
func Tables(pkg string) ([]byte, error) {
	f := newFile(pkg)
	emitClasses(f.Group)
	emitMatchTables(f.Group)
	return render(f)
}

func emitClasses(g *jen.Group) {
	doc(g, "Class is the class of a failed OpenAI API call: what went wrong, "+
		"and whether sending the same request again can help. Classify "+
		"returns it; branch on it instead of on error text, which differs "+
		"between SDK versions.")
	g.Type().Id("Class").Int()
	g.Line()
	doc(g, "The classes. The zero value is Unknown.")
	g.Const().DefsFunc(func(d *jen.Group) {
		for i, ci := range sdk.ErrorClasses {
			doc(d, string(ci.Class)+" "+ci.Doc)
			if i == 0 {
				d.Id(string(ci.Class)).Id("Class").Op("=").Iota()
			} else {
				d.Id(string(ci.Class))
			}
		}
	})
	g.Line()
	g.Var().Id("classWords").Op("=").Index(jen.Op("...")).String().ValuesFunc(func(v *jen.Group) {
		for _, ci := range sdk.ErrorClasses {
			v.Line().Lit(ci.Words)
		}
		v.Line()
	})
	g.Line()
	doc(g, "String returns the class in lower-case words, as error messages show it.")
	g.Func().Params(jen.Id("c").Id("Class")).Id("String").Params().String().Block(
		jen.If(jen.Id("c").Op(">=").Lit(0).Op("&&").Int().Call(jen.Id("c")).Op("<").Len(jen.Id("classWords"))).Block(
			jen.Return(jen.Id("classWords").Index(jen.Id("c"))),
		),
		jen.Return(jen.Lit("Class(").Op("+").Qual("strconv", "Itoa").Call(jen.Int().Call(jen.Id("c"))).Op("+").Lit(")")),
	)
	g.Line()
	doc(g, "Retryable reports whether a call that failed with class c can succeed "+
		"when it is sent again later. Quota, request and auth errors never can, "+
		"and retrying them only burns rate limit.")
	var retryable []jen.Code
	for _, ci := range sdk.ErrorClasses {
		if ci.Retryable {
			retryable = append(retryable, jen.Id(string(ci.Class)))
		}
	}
	g.Func().Params(jen.Id("c").Id("Class")).Id("Retryable").Params().Bool().Block(
		jen.Switch(jen.Id("c")).Block(
			jen.Case(retryable...).Block(jen.Return(jen.True())),
		),
		jen.Return(jen.False()),
	)
	g.Line()
}

func emitMatchTables(g *jen.Group) {
	doc(g, "classMatch is what one value of an error's code or type field means. "+
		"beatsStatus makes it win over the HTTP status: quota codes arrive with "+
		"a 429 but must not be retried like a rate limit.")
	g.Type().Id("classMatch").Struct(
		jen.Id("class").Id("Class"),
		jen.Id("beatsStatus").Bool(),
	)
	g.Line()
	matches := func(name, comment string, ms []sdk.ErrorMatch) {
		doc(g, comment)
		g.Var().Id(name).Op("=").Map(jen.String()).Id("classMatch").Values(jen.DictFunc(func(d jen.Dict) {
			for _, m := range ms {
				d[jen.Lit(m.Value)] = jen.Values(jen.Id(string(m.Class)), jen.Lit(m.BeatsStatus))
			}
		}))
		g.Line()
	}
	matches("errorCodes", "errorCodes maps the values of the API error's \"code\" field to their class.", sdk.ErrorCodes)
	matches("errorTypes", "errorTypes maps the values of the API error's \"type\" field to their class.", sdk.ErrorTypes)

	statuses := make([]int, 0, len(sdk.StatusClasses))
	for s := range sdk.StatusClasses {
		statuses = append(statuses, s)
	}
	sort.Ints(statuses)
	doc(g, "statusClasses maps the HTTP statuses with a meaning of their own to "+
		"a class; other 4xx are otherClientErrorClass, other 5xx otherServerErrorClass.")
	g.Var().Id("statusClasses").Op("=").Map(jen.Int()).Id("Class").ValuesFunc(func(v *jen.Group) {
		for _, s := range statuses {
			v.Line().Lit(s).Op(":").Id(string(sdk.StatusClasses[s]))
		}
		v.Line()
	})
	g.Line()
	g.Const().Defs(
		jen.Id("otherClientErrorClass").Op("=").Id(string(sdk.OtherClientErrorClass)),
		jen.Id("otherServerErrorClass").Op("=").Id(string(sdk.OtherServerErrorClass)),
		jen.Line(),
		jen.Comment("requestTooLargePrefix starts the message of a 429 for one request that"),
		jen.Comment("exceeds the tokens-per-minute limit by itself; retrying cannot help."),
		jen.Id("requestTooLargePrefix").Op("=").Lit(sdk.RequestTooLargePrefix),
		jen.Comment("retryHintPhrase precedes the wait named in rate-limit messages."),
		jen.Id("retryHintPhrase").Op("=").Lit(sdk.RetryHintPhrase),
		jen.Comment("streamErrorPrefix starts openai-go's error for an error event in a stream."),
		jen.Id("streamErrorPrefix").Op("=").Lit(sdk.StreamErrorPrefix),
		jen.Line(),
		jen.Id("headerRetryAfterMs").Op("=").Lit(sdk.HeaderRetryAfterMs),
		jen.Id("headerRetryAfter").Op("=").Lit(sdk.HeaderRetryAfter),
		jen.Id("headerShouldRetry").Op("=").Lit(sdk.HeaderShouldRetry),
		jen.Id("headerRequestID").Op("=").Lit(sdk.HeaderRequestID),
	)
}
