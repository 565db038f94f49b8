package runtimegen

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

// costFields are the JSON fields of a request whose values bound its
// output, in tokens, per choice; n is the number of choices.
var costFields = []string{"max_completion_tokens", "max_tokens", "max_output_tokens"}

// typedCost emits typedCostOf, which reads from a request of a validated
// type its model and the output it may produce, so that a call far from
// its rate limits is paced without reading the serialized body (the limiter
// estimates the prompt from the body's length then). A type whose model is
// not a plain string, and a request that sets one of those fields as raw
// JSON, tell nothing: the body is read as for any other request.
func (g gen) typedCost(f *jen.File, set *requestSet) error {
	text := "typedCostOf reads from p, when it is a request of a validated " +
		"type, its model and the output it may produce: the largest of its " +
		"maximum-token fields, and its number of choices. It reads nothing " +
		"from requests whose raw JSON may set those fields"
	params := []jen.Code{jen.Id("p").Op("*").Id("P")}
	var prologue []jen.Code
	if g.family == sdk.OpenAIGo {
		text += ", nor when the call has request options, which may rewrite the body (option.WithJSONSet, option.WithRequestBody)"
		params = append(params, jen.Id("opts").Index().Qual(g.option(), "RequestOption"))
		prologue = append(prologue, jen.If(jen.Len(jen.Id("opts")).Op(">").Lit(0)).Block(
			jen.Return(jen.Id("typedCost").Values()),
		))
	}
	doc(f.Group, text+". It takes a pointer, which costs no allocation and no copy of a large request.")
	var cases []jen.Code
	for _, rt := range set.types {
		c, err := g.typedCostCase(rt)
		if err != nil {
			return err
		}
		if c != nil {
			cases = append(cases, c)
		}
	}
	f.Func().Id("typedCostOf").Types(jen.Id("P").Any()).Params(params...).Id("typedCost").Block(append(prologue,
		jen.Switch(jen.Id("r").Op(":=").Any().Call(jen.Id("p")).Assert(jen.Type())).Block(cases...),
		jen.Return(jen.Id("typedCost").Values()),
	)...)
	f.Line()
	return nil
}

// typedCostCase returns the case of typedCostOf for rt, or nil when rt's
// model is not a string.
func (g gen) typedCostCase(rt requestType) (jen.Code, error) {
	byJSON := map[string]field{}
	for _, f := range fields(rt.st, nil) {
		byJSON[f.json] = f
	}
	model, ok := byJSON["model"]
	if !ok || g.shapeOf(model.typ).kind != shapeString {
		return nil, nil
	}
	// The selectors below start at r, the case's variable.
	at := func(f field) *jen.Statement { return selFrom("r", f) }
	var body []jen.Code
	ptr := jen.Op("*").Qual(rt.obj.Pkg().Path(), rt.Name)
	overrides, extra := rawJSON(rt, "r")
	if overrides != nil {
		body = append(body, jen.If(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Add(overrides), jen.Id("ok")).Block(
			jen.Return(jen.Id("typedCost").Values()),
		))
	}
	names := []string{"model", "n"}
	names = append(names, costFields...)
	if extra != nil {
		var raw *jen.Statement
		for _, name := range names {
			if _, ok := byJSON[name]; !ok {
				continue
			}
			c := jen.Id("overridden").Call(jen.Id("extra"), jen.Lit(name))
			if raw == nil {
				raw = c
			} else {
				raw = raw.Op("||").Add(c)
			}
		}
		body = append(body,
			jen.Id("extra").Op(":=").Add(extra),
			jen.If(jen.Len(jen.Id("extra")).Op(">").Lit(0).Op("&&").Parens(raw)).Block(
				jen.Return(jen.Id("typedCost").Values()),
			))
	}
	body = append(body, jen.Id("tc").Op(":=").Id("typedCost").Values(jen.Dict{
		jen.Id("model"): jen.String().Call(at(model)),
		jen.Id("ok"):    jen.True(),
	}))
	for _, name := range append(append([]string(nil), costFields...), "n") {
		f, ok := byJSON[name]
		if !ok {
			continue
		}
		dst := "maxOut"
		if name == "n" {
			dst = "n"
		}
		set, val, bits, ok := g.number("r", f)
		if !ok || bits != 0 {
			return nil, fmt.Errorf("runtimegen: %s.%s (%s) is a %s: typedCostOf cannot read it; extend gen_cost.go", rt.Name, f.path[len(f.path)-1], name, f.typ)
		}
		// The largest bound wins: the server reserves for it.
		var take jen.Code = jen.If(jen.Id("v").Op(":=").Int64().Call(val), jen.Id("v").Op(">").Id("tc").Dot(dst)).Block(
			jen.Id("tc").Dot(dst).Op("=").Id("v"),
		)
		if set != nil {
			take = jen.If(set).Block(take)
		}
		body = append(body, take)
	}
	body = append(body, jen.Return(jen.Id("tc")))
	return jen.Case(ptr).Block(body...), nil
}
