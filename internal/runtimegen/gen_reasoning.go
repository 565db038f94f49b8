package runtimegen

import (
	"go/types"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

// modelSetVar emits a modelSet variable (core's modelSet) holding s.
func modelSetVar(f *jen.File, name, comment string, s sdk.ModelSet) {
	lits := func(ss []string) jen.Code {
		return jen.Index().String().ValuesFunc(func(g *jen.Group) {
			for _, x := range ss {
				g.Lit(x)
			}
		})
	}
	doc(f.Group, comment)
	f.Var().Id(name).Op("=").Id("modelSet").Values(jen.Dict{
		jen.Id("prefixes"): lits(s.Prefixes),
		jen.Id("whole"):    jen.Lit(s.Whole),
		jen.Id("except"):   lits(s.Except),
	})
	f.Line()
}

// modelSets emits the model sets the reasoning rules read, from
// sdk.ReasoningModels and, for go-openai, sdk.GoOpenAIReasoningModels.
func (g gen) modelSets(f *jen.File) {
	modelSetVar(f, "reasoningModels", "reasoningModels are the models the API treats as reasoning models (from oaiguard's internal/sdk table).", sdk.ReasoningModels)
	if g.family == sdk.GoOpenAI {
		modelSetVar(f, "sdkReasoningModels", "sdkReasoningModels are the models whose chat completion requests go-openai's own ReasoningValidator checks (from oaiguard's internal/sdk table).", sdk.GoOpenAIReasoningModels)
	}
}

// reasoning emits the reasoning-model rules of sdk.ReasoningRules that
// apply to the request type: inside `if model is a reasoning model`, each
// field sent with a value the model rejects fails, wrapping the SDK's own
// error where the SDK rejects it on the client too.
func (c *check) reasoning(byJSON map[string]field) error {
	model, ok := byJSON["model"]
	if !ok {
		return nil
	}
	ms := c.g.shapeOf(model.typ)
	if ms.kind != shapeString {
		return nil // a union of models (no version so far): nothing to match
	}
	_, sdkCheck := sdk.ReasoningModel(c.g.family, c.rt.Kind, "")
	set := "reasoningModels"
	if sdkCheck {
		set = "sdkReasoningModels"
	}
	var body []jen.Code
	for _, r := range sdk.ReasoningRules {
		if !r.Applies(c.rt.Kind, sdkCheck) {
			continue
		}
		f, ok := byJSON[r.Field]
		if !ok {
			continue // this SDK version has no such field
		}
		var sdkErr jen.Code = jen.Nil()
		if sdkCheck && r.SDKError != "" {
			if obj, ok := c.rt.obj.Pkg().Scope().Lookup(r.SDKError).(*types.Var); ok {
				sdkErr = jen.Qual(obj.Pkg().Path(), obj.Name())
			}
		}
		reason := reasoningWords(r)
		ret := jen.Id("reasoningRejected").Call(jen.Lit(r.Field), jen.Lit(reason), jen.Id("model"), sdkErr)
		var cond *jen.Statement
		if isTrue, ok := c.truth(f); ok && r.Forbidden {
			cond = isTrue
			if c.g.shapeOf(f.typ).kind != shapeBool {
				cond = jen.Parens(isTrue)
			}
		} else {
			fset, value, _, ok := c.number(f)
			if !ok {
				return c.unsupported(f, "a reasoning-model limit")
			}
			cond = jen.Op("!").Parens(reasoningCond(jen.Float64().Call(value), r))
			if fset != nil {
				cond = fset.Op("&&").Add(cond)
			}
		}
		body = append(body, c.failIf(cond, r.Field, ret))
	}
	if len(body) == 0 {
		return nil
	}
	modelCond := jen.Id(set).Dot("match").Call(jen.Id("model"))
	if c.extra != nil {
		modelCond = jen.Op("!").Id("overridden").Call(jen.Id("extra"), jen.Lit("model")).Op("&&").Add(modelCond)
	}
	c.body = append(c.body, jen.If(jen.Id("model").Op(":=").String().Call(sel(model)), modelCond).Block(body...))
	c.reasoned = true
	return nil
}

// reasoningCond is the condition that v passes r.
func reasoningCond(v *jen.Statement, r sdk.ReasoningRule) *jen.Statement {
	if r.Forbidden {
		return v.Op("<=").Lit(0)
	}
	return rangeCond(v, sdk.FieldRule{Min: r.Min, Max: r.Max})
}

// reasoningWords says what a reasoning model accepts of the field.
func reasoningWords(r sdk.ReasoningRule) string {
	switch {
	case r.Forbidden && r.Use != "":
		return "is not supported by reasoning models; use " + r.Use
	case r.Forbidden:
		return "is not supported by reasoning models"
	case r.Min.Set && r.Max.Set && r.Min.Value == r.Max.Value:
		return "must be " + number(r.Min.Value) + " (or not sent) for reasoning models"
	}
	return "must be " + rangeWords(sdk.FieldRule{Min: r.Min, Max: r.Max}) + " for reasoning models"
}

// words emits the rules of sdk.WordRules that apply to the request type:
// a response_format of type json_object needs the word in the messages.
func (c *check) words(byJSON map[string]field) error {
	for _, w := range sdk.WordRules {
		if w.Kind != c.rt.Kind {
			continue
		}
		f, ok := byJSON[w.Field]
		msgs, ok2 := byJSON[w.Messages]
		if !ok || !ok2 {
			continue
		}
		var isType *jen.Statement
		s := c.g.shapeOf(f.typ)
		switch s.kind {
		case shapeUnion:
			// openai-go: the variant OfJSONObject.
			variant := "Of" + unionName(w.Type)
			found := false
			for _, v := range unionVariants(f.typ.Underlying().(*types.Struct)) {
				if v.Name() == variant {
					found = true
				}
			}
			if !found {
				return c.unsupported(f, "the type "+w.Type)
			}
			isType = sel(f).Dot(variant).Op("!=").Nil()
		case shapePointer:
			// go-openai: a pointer to a struct whose Type is a string.
			st, ok := s.value.typ.Underlying().(*types.Struct)
			if !ok || !hasStringField(st, "Type") {
				return c.unsupported(f, "the type "+w.Type)
			}
			isType = sel(f).Op("!=").Nil().Op("&&").Add(sel(f)).Dot("Type").Op("==").Lit(w.Type)
		default:
			return c.unsupported(f, "the type "+w.Type)
		}
		// The costly scan of the messages comes last.
		cond := isType
		if c.extra != nil {
			for _, name := range []string{w.Field, w.Messages} {
				cond = cond.Op("&&").Op("!").Id("overridden").Call(jen.Id("extra"), jen.Lit(name))
			}
		}
		cond = cond.Op("&&").Op("!").Id("mentions").Call(sel(msgs), jen.Lit(w.Word))
		c.body = append(c.body, jen.If(cond).Block(jen.Return(jen.Id("missingWord").Call(jen.Lit(w.Messages), jen.Lit(w.Word), jen.Lit(w.Field+" "+w.Type)))))
		c.worded = true
	}
	return nil
}

// unionName is the Go name of an openai-go union variant for a JSON type
// name: json_object → JSONObject.
func unionName(t string) string {
	var b strings.Builder
	for _, part := range strings.Split(t, "_") {
		switch part {
		case "json", "url", "id":
			b.WriteString(strings.ToUpper(part))
		default:
			if part != "" {
				b.WriteString(strings.ToUpper(part[:1]) + part[1:])
			}
		}
	}
	return b.String()
}

func hasStringField(st *types.Struct, name string) bool {
	for i := 0; i < st.NumFields(); i++ {
		if v := st.Field(i); v.Name() == name {
			b, ok := v.Type().Underlying().(*types.Basic)
			return ok && b.Info()&types.IsString != 0
		}
	}
	return false
}
