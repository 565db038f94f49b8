package runtimegen

import (
	"fmt"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/oaiguard/oaiguard/internal/runtimeapi"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// validateFile emits validate_sdk.go: validateRequest, which the
// one-argument wrappers call before the first attempt, typedCostOf
// (gen_cost.go), and one validator per request type in set. The checks
// come from the types' fields (their JSON tags, what the SDK marks
// required, their Go types) combined with sdk's table of required fields
// and documented ranges, so that a new SDK version gets validators that
// fit it by regenerating.
func (g gen) validateFile(set *requestSet) ([]byte, error) {
	f := newFile(g.pkg)
	var names []string
	seen := map[string]bool{}
	for _, rt := range set.types {
		if seen[rt.Name] {
			return nil, fmt.Errorf("runtimegen: two request types are named %s; their validators would clash", rt.Name)
		}
		seen[rt.Name] = true
		names = append(names, rt.Name)
	}
	from := set.module
	if set.version != "" {
		from += " " + set.version
	}
	which := "one of the request types " + strings.Join(names, ", ")
	if len(set.ifaces) > 0 {
		which += ", or one of them inside an interface the SDK declares for them"
	}
	doc(f.Group, "validateRequest checks p before the first attempt when it is "+which+
		"; p of any other type passes. It takes a pointer, which costs no "+
		"allocation and no copy of a large request. The validators below were "+
		"derived from the request types of "+from+": regenerate the runtime "+
		"when the SDK changes.")
	f.Func().Id("validateRequest").Types(jen.Id("P").Any()).Params(jen.Id("p").Op("*").Id("P")).Error().Block(
		jen.Switch(jen.Id("r").Op(":=").Any().Call(jen.Id("p")).Assert(jen.Type())).BlockFunc(func(sw *jen.Group) {
			for _, rt := range set.types {
				sw.Case(jen.Op("*").Qual(rt.obj.Pkg().Path(), rt.Name)).Block(
					jen.Return(jen.Id(validatorName(rt)).Call(jen.Id("r"))),
				)
			}
			for _, tn := range set.ifaces {
				sw.Case(jen.Op("*").Qual(tn.Pkg().Path(), tn.Name())).Block(
					jen.Return(jen.Id("validateRequestValue").Call(jen.Op("*").Id("r"))),
				)
			}
		}),
		jen.Return(jen.Nil()),
	)
	f.Line()
	if len(set.ifaces) > 0 {
		doc(f.Group, "validateRequestValue checks a request held in an interface.")
		f.Func().Id("validateRequestValue").Params(jen.Id("v").Any()).Error().Block(
			jen.Switch(jen.Id("r").Op(":=").Id("v").Assert(jen.Type())).BlockFunc(func(sw *jen.Group) {
				for _, rt := range set.types {
					if !implementsAny(rt, set.ifaces) {
						continue
					}
					sw.Case(jen.Qual(rt.obj.Pkg().Path(), rt.Name)).Block(
						jen.Return(jen.Id(validatorName(rt)).Call(jen.Op("&").Id("r"))),
					)
					sw.Case(jen.Op("*").Qual(rt.obj.Pkg().Path(), rt.Name)).Block(
						jen.If(jen.Id("r").Op("!=").Nil()).Block(
							jen.Return(jen.Id(validatorName(rt)).Call(jen.Id("r"))),
						),
					)
				}
			}),
			jen.Return(jen.Nil()),
		)
		f.Line()
	}
	g.modelSets(f)
	if err := g.typedCost(f, set); err != nil {
		return nil, err
	}
	for _, rt := range set.types {
		if err := g.validator(f.Group, rt); err != nil {
			return nil, err
		}
	}
	return render(f)
}

// validateArg returns the statements that validate p, the request argument
// of a one-argument wrapper, before the first attempt, and return the
// failure as a wrapper of result r does.
func (g gen) validateArg(r runtimeapi.Result) []jen.Code {
	fail := jen.Id("rejected").Call(jen.Id("err"))
	var ret jen.Code
	switch {
	case r == runtimeapi.ValueAndError:
		ret = jen.Block(jen.Var().Id("zero").Id("R"), jen.Return(jen.Id("zero"), fail))
	case r == runtimeapi.Stream && g.family == sdk.OpenAIGo:
		ret = jen.Block(jen.Return(jen.Qual(g.sse(), "NewStream").Index(jen.Id("T")).Call(jen.Nil(), fail)))
	default:
		ret = jen.Block(jen.Return(jen.Nil(), fail))
	}
	return []jen.Code{
		jen.If(jen.Id("err").Op(":=").Id("validateRequest").Call(jen.Op("&").Id("p")), jen.Id("err").Op("!=").Nil().Op("&&").Op("!").Id("skipValidation").Call(jen.Id("ctx"))).Add(ret),
	}
}

func validatorName(rt requestType) string { return "validate" + rt.Name }

// implementsAny reports whether rt or a pointer to it implements one of
// ifaces.
func implementsAny(rt requestType, ifaces []*types.TypeName) bool {
	for _, tn := range ifaces {
		iface := tn.Type().Underlying().(*types.Interface)
		if types.Implements(rt.obj.Type(), iface) || types.Implements(types.NewPointer(rt.obj.Type()), iface) {
			return true
		}
	}
	return false
}

// field is one JSON field of a request type.
type field struct {
	json      string
	path      []string // selectors from the request to the field
	typ       types.Type
	omitEmpty bool // omitempty: zero, "", nil and empty are not sent
	omitZero  bool // omitzero: the zero value is not sent
	// sdkRequired is set when the SDK marks the field required:
	// openai-go's api:"required", or ",required" in its json tag.
	sdkRequired bool
}

// fields returns the JSON fields of st in order, including those of
// embedded structs that encoding/json flattens.
func fields(st *types.Struct, prefix []string) []field {
	var out []field
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		tag := reflect.StructTag(st.Tag(i))
		name, opts, _ := strings.Cut(tag.Get("json"), ",")
		path := append(append([]string(nil), prefix...), v.Name())
		if v.Embedded() && name == "" {
			// A pointer would make the promoted fields' selectors able to
			// panic; no request type embeds one.
			if est, ok := v.Type().Underlying().(*types.Struct); ok {
				out = append(out, fields(est, path)...)
			}
			continue
		}
		if !v.Exported() || name == "-" {
			continue
		}
		if name == "" {
			name = v.Name()
		}
		f := field{json: name, path: path, typ: v.Type(), sdkRequired: tag.Get("api") == "required"}
		for _, o := range strings.Split(opts, ",") {
			switch o {
			case "omitempty":
				f.omitEmpty = true
			case "omitzero":
				f.omitZero = true
			case "required":
				f.sdkRequired = true
			}
		}
		out = append(out, f)
	}
	return out
}

// shapeKind is how generated code tests and reads a field of some type.
type shapeKind int

const (
	shapeOther  shapeKind = iota
	shapeNumber           // an integer or float
	shapeBool
	shapeString
	shapeOpt       // openai-go's param.Opt[T]: Valid(), Value
	shapePointer   // *T: nil or not
	shapeSlice     // []T
	shapeMap       // map[string]T
	shapeInterface // any and other interfaces
	shapeUnion     // an openai-go union: a struct of Of... variants
)

// shape is what a field's type says about testing and reading it.
type shape struct {
	kind shapeKind
	// value is the shape of the value itself: of T for an Opt or a
	// pointer, of the map's values for a map.
	value *shape
	bits  int // 32 or 64 for floats, 0 for integers
	typ   types.Type
}

func (g gen) shapeOf(t types.Type) shape {
	s := shape{typ: t}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil &&
		n.Obj().Pkg().Path() == g.module+"/packages/param" && n.Obj().Name() == "Opt" && n.TypeArgs().Len() == 1 {
		v := g.shapeOf(n.TypeArgs().At(0))
		s.kind, s.value = shapeOpt, &v
		return s
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsInteger != 0:
			s.kind = shapeNumber
		case u.Info()&types.IsFloat != 0:
			s.kind, s.bits = shapeNumber, 64
			if u.Kind() == types.Float32 {
				s.bits = 32
			}
		case u.Info()&types.IsBoolean != 0:
			s.kind = shapeBool
		case u.Info()&types.IsString != 0:
			s.kind = shapeString
		}
	case *types.Pointer:
		v := g.shapeOf(u.Elem())
		s.kind, s.value = shapePointer, &v
	case *types.Slice:
		s.kind = shapeSlice
	case *types.Map:
		if k, ok := u.Key().Underlying().(*types.Basic); ok && k.Info()&types.IsString != 0 {
			v := g.shapeOf(u.Elem())
			s.kind, s.value = shapeMap, &v
		}
	case *types.Interface:
		s.kind = shapeInterface
	case *types.Struct:
		if g.family == sdk.OpenAIGo && len(unionVariants(u)) > 0 {
			s.kind = shapeUnion
		}
	}
	return s
}

// unionVariants returns the Of... fields of an openai-go union, or nil
// when st has exported fields of other names.
func unionVariants(st *types.Struct) []*types.Var {
	var out []*types.Var
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		if !v.Exported() || v.Embedded() {
			continue
		}
		if !strings.HasPrefix(v.Name(), "Of") {
			return nil
		}
		out = append(out, v)
	}
	return out
}

// check builds the checks of one validator.
type check struct {
	g  gen
	rt requestType
	// extra is the expression of the map whose keys the caller sends as
	// raw JSON, overriding the typed fields (openai-go's ExtraFields(),
	// go-openai's ExtraBody); nil when the type has none.
	extra jen.Code
	body  []jen.Code
	// reasoned and worded are set when the validator checks the
	// reasoning-model rules and the word rules.
	reasoned, worded bool
	// zeroDropped are the fields whose 0 is not sent although the server's
	// default is 1 (go-openai's Temperature and TopP).
	zeroDropped []string
}

// validator emits the validator of one request type.
func (g gen) validator(grp *jen.Group, rt requestType) error {
	c := &check{g: g, rt: rt}
	all := fields(rt.st, nil)
	byJSON := map[string]field{}
	for _, f := range all {
		byJSON[f.json] = f
	}
	overrides, extra := rawJSON(rt, "p")
	var prologue []jen.Code
	if overrides != nil {
		prologue = append(prologue,
			jen.If(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Add(overrides), jen.Id("ok")).Block(
				jen.Comment("param.Override: the body is raw JSON the caller chose."),
				jen.Return(jen.Nil()),
			))
	}
	if extra != nil {
		c.extra = extra
	}

	for _, f := range all {
		if err := c.required(f); err != nil {
			return err
		}
	}
	if g.family == sdk.GoOpenAI {
		for _, r := range sdk.RequiredFields {
			if _, ok := byJSON[r.Field]; r.Kind == rt.Kind && !ok {
				return fmt.Errorf("runtimegen: %s has no field %q, which the API requires of %s requests: update sdk.RequiredFields or sdk.RequestTypes", rt.obj.Name(), r.Field, rt.Kind)
			}
		}
	}
	for _, f := range all {
		for _, r := range sdk.Rules(rt.Kind, f.json) {
			if err := c.rule(f, r, byJSON); err != nil {
				return err
			}
		}
	}

	if err := c.reasoning(byJSON); err != nil {
		return err
	}
	if err := c.words(byJSON); err != nil {
		return err
	}

	text := validatorName(rt) + " checks " + rt.Name + ", a request for " + string(rt.Kind)
	switch {
	case len(c.body) == 0:
		text += "; nothing in this version of the SDK can be checked."
	case c.reasoned && c.worded:
		text += ": required fields, documented ranges, the limits of reasoning models, and the words some settings need in the messages."
	case c.reasoned:
		text += ": required fields, documented ranges and the limits of reasoning models."
	default:
		text += ": required fields and documented ranges."
	}
	if c.extra != nil {
		text += " A field the caller also sets as raw JSON is not checked."
	}
	if len(c.zeroDropped) > 0 {
		verb := " is not sent when it is 0"
		if len(c.zeroDropped) > 1 {
			verb = " are not sent when they are 0"
		}
		text += "\n\n" + strings.Join(c.zeroDropped, " and ") + verb +
			" (omitempty), so the server uses its default of 1 instead. Go cannot tell an " +
			"explicit 0 from an unset field, and neither can this check: for the lowest " +
			"value write math.SmallestNonzeroFloat32, which passes and is sent."
	}
	doc(grp, text)
	var body []jen.Code
	body = append(body, prologue...)
	if c.extra != nil && len(c.body) > 0 {
		body = append(body, jen.Id("extra").Op(":=").Add(c.extra))
	}
	body = append(body, c.body...)
	body = append(body, jen.Return(jen.Nil()))
	grp.Func().Id(validatorName(rt)).Params(jen.Id("p").Op("*").Qual(rt.obj.Pkg().Path(), rt.Name)).Error().Block(body...)
	grp.Line()
	return nil
}

func hasMethod(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	_, ok := obj.(*types.Func)
	return ok
}

func hasField(st *types.Struct, name string) bool {
	for i := 0; i < st.NumFields(); i++ {
		if v := st.Field(i); v.Name() == name {
			if m, ok := v.Type().Underlying().(*types.Map); ok {
				_, isIface := m.Elem().Underlying().(*types.Interface)
				return isIface
			}
		}
	}
	return false
}

// sel returns the selector expression of f from the request p.
func sel(f field) *jen.Statement { return selFrom("p", f) }

// selFrom returns the selector expression of f from the request recv.
func selFrom(recv string, f field) *jen.Statement {
	s := jen.Id(recv)
	for _, n := range f.path {
		s = s.Dot(n)
	}
	return s
}

// rawJSON returns, for the request recv of type rt, the call that says
// whether the whole body is raw JSON the caller chose (openai-go's
// Overrides(), returning the value and whether it is set), and the map
// whose keys the caller sends as raw JSON over the typed fields
// (openai-go's ExtraFields(), go-openai's ExtraBody); nil for either that
// the type lacks.
func rawJSON(rt requestType, recv string) (overrides, extra *jen.Statement) {
	ptr := types.NewPointer(rt.obj.Type())
	if hasMethod(ptr, "Overrides") {
		overrides = jen.Id(recv).Dot("Overrides").Call()
	}
	switch {
	case hasMethod(ptr, "ExtraFields"):
		extra = jen.Id(recv).Dot("ExtraFields").Call()
	case hasField(rt.st, "ExtraBody"):
		extra = jen.Id(recv).Dot("ExtraBody")
	}
	return overrides, extra
}

// fail appends: if cond (and the caller did not send the field as raw
// JSON), return ret.
func (c *check) fail(cond *jen.Statement, json string, ret jen.Code) {
	c.body = append(c.body, c.failIf(cond, json, ret))
}

func (c *check) failIf(cond *jen.Statement, json string, ret jen.Code) jen.Code {
	return c.failIfInit(nil, cond, json, ret)
}

// failIfInit is failIf with an init statement: if init; cond {...}.
func (c *check) failIfInit(init jen.Code, cond *jen.Statement, json string, ret jen.Code) jen.Code {
	if c.extra != nil {
		cond = cond.Op("&&").Op("!").Id("overridden").Call(jen.Id("extra"), jen.Lit(json))
	}
	if init != nil {
		return jen.If(init, cond).Block(jen.Return(ret))
	}
	return jen.If(cond).Block(jen.Return(ret))
}

func (c *check) unsupported(f field, what string) error {
	return fmt.Errorf("runtimegen: %s.%s (%s): no way to check %s on type %s; extend gen_validate.go", c.rt.obj.Name(), strings.Join(f.path, "."), f.json, what, f.typ)
}

// required emits the checks of a required field: it must be sent, and
// when the table says so, not empty.
func (c *check) required(f field) error {
	entry, inTable := sdk.Required(c.rt.Kind, f.json)
	required := f.sdkRequired
	if c.g.family == sdk.GoOpenAI {
		required = inTable
	}
	if !required {
		return nil
	}
	nonEmpty := inTable && entry.NonEmpty
	x := func() *jen.Statement { return sel(f) }
	missing := jen.Id("missingField").Call(jen.Lit(f.json))
	empty := jen.Id("emptyField").Call(jen.Lit(f.json))
	s := c.g.shapeOf(f.typ)
	switch s.kind {
	case shapeString:
		c.fail(x().Op("==").Lit(""), f.json, missing)
	case shapeOpt:
		c.fail(jen.Op("!").Add(x()).Dot("Valid").Call(), f.json, missing)
		if nonEmpty && s.value.kind == shapeString {
			c.fail(x().Dot("Value").Op("==").Lit(""), f.json, empty)
		}
	case shapePointer, shapeInterface:
		c.fail(x().Op("==").Nil(), f.json, missing)
		if nonEmpty && s.kind == shapeInterface {
			c.fail(jen.Id("emptyJSON").Call(x()), f.json, empty)
		}
	case shapeSlice, shapeMap:
		if f.omitEmpty {
			// Not sent when empty: empty is missing.
			c.fail(jen.Len(x()).Op("==").Lit(0), f.json, missing)
			break
		}
		c.fail(x().Op("==").Nil(), f.json, missing)
		if nonEmpty {
			c.fail(jen.Len(x()).Op("==").Lit(0), f.json, empty)
		}
	case shapeUnion:
		return c.requiredUnion(f, nonEmpty)
	default:
		return c.unsupported(f, "that it is set")
	}
	return nil
}

// requiredUnion checks a required openai-go union: a variant must be set
// (the SDK refuses to send more than one), and when nonEmpty, not to "" or
// [].
func (c *check) requiredUnion(f field, nonEmpty bool) error {
	st := f.typ.Underlying().(*types.Struct)
	var cases []jen.Code
	for _, v := range unionVariants(st) {
		x := func() *jen.Statement { return sel(f).Dot(v.Name()) }
		vs := c.g.shapeOf(v.Type())
		var set, isEmpty *jen.Statement
		switch vs.kind {
		case shapeOpt:
			set = x().Dot("Valid").Call()
			if vs.value.kind == shapeString {
				isEmpty = x().Dot("Value").Op("==").Lit("")
			}
		case shapeSlice:
			set = x().Op("!=").Nil()
			isEmpty = jen.Len(x()).Op("==").Lit(0)
		case shapePointer:
			set = x().Op("!=").Nil()
		default:
			return c.unsupported(f, "which variant is set in "+v.Name())
		}
		var block []jen.Code
		if nonEmpty && isEmpty != nil {
			block = append(block, c.failIf(isEmpty, f.json, jen.Id("emptyField").Call(jen.Lit(f.json))))
		}
		cases = append(cases, jen.Case(set).Block(block...))
	}
	missing := jen.Return(jen.Id("missingField").Call(jen.Lit(f.json)))
	var def jen.Code = missing
	switch {
	case hasMethod(types.NewPointer(f.typ), "Overrides"):
		// param.Override on the union itself sends its raw JSON.
		def = c.failIfInit(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Add(sel(f)).Dot("Overrides").Call(),
			jen.Op("!").Id("ok"), f.json, jen.Id("missingField").Call(jen.Lit(f.json)))
	case c.extra != nil:
		def = jen.If(jen.Op("!").Id("overridden").Call(jen.Id("extra"), jen.Lit(f.json))).Block(missing)
	}
	cases = append(cases, jen.Default().Block(def))
	c.body = append(c.body, jen.Switch().Block(cases...))
	return nil
}

// number returns how to test that a numeric field is sent and read its
// value, or ok false when f is not a number.
func (c *check) number(f field) (set, value *jen.Statement, bits int, ok bool) {
	return c.g.number("p", f)
}

// number is check.number for the field f of the request recv; set is nil
// when the field is always sent.
func (g gen) number(recv string, f field) (set, value *jen.Statement, bits int, ok bool) {
	s := g.shapeOf(f.typ)
	x := selFrom(recv, f)
	switch s.kind {
	case shapeNumber:
		if f.omitEmpty || f.omitZero {
			// Zero is not sent, whatever its range says.
			return selFrom(recv, f).Op("!=").Lit(0), x, s.bits, true
		}
		return nil, x, s.bits, true
	case shapeOpt, shapePointer:
		if s.value.kind != shapeNumber {
			return nil, nil, 0, false
		}
		if s.kind == shapeOpt {
			return selFrom(recv, f).Dot("Valid").Call(), x.Dot("Value"), s.value.bits, true
		}
		return selFrom(recv, f).Op("!=").Nil(), jen.Op("*").Add(x), s.value.bits, true
	}
	return nil, nil, 0, false
}

// truth returns the expression that a boolean field is sent as true.
func (c *check) truth(f field) (*jen.Statement, bool) {
	s := c.g.shapeOf(f.typ)
	switch {
	case s.kind == shapeBool:
		return sel(f), true
	case s.kind == shapeOpt && s.value.kind == shapeBool:
		return sel(f).Dot("Valid").Call().Op("&&").Add(sel(f)).Dot("Value"), true
	case s.kind == shapePointer && s.value.kind == shapeBool:
		return sel(f).Op("!=").Nil().Op("&&").Op("*").Add(sel(f)), true
	}
	return nil, false
}

// rule emits the checks of one documented limit.
func (c *check) rule(f field, r sdk.FieldRule, byJSON map[string]field) error {
	want := rangeWords(r)
	limits := r.MaxEntries > 0 || r.MaxKeyChars > 0 || r.MaxValueChars > 0
	if want == "" && !limits {
		return fmt.Errorf("runtimegen: the rule for %s has neither bounds nor limits", r.Field)
	}
	switch {
	case r.Values:
		s := c.g.shapeOf(f.typ)
		if s.kind != shapeMap || s.value.kind != shapeNumber {
			return c.unsupported(f, "the range of map values")
		}
		cond := jen.Op("!").Parens(rangeCond(jen.Id("f"), r))
		if c.extra != nil {
			cond = cond.Op("&&").Op("!").Id("overridden").Call(jen.Id("extra"), jen.Lit(f.json))
		}
		c.body = append(c.body, jen.For(jen.List(jen.Id("k"), jen.Id("v")).Op(":=").Range().Add(sel(f))).Block(
			jen.If(jen.Id("f").Op(":=").Float64().Call(jen.Id("v")), cond).Block(
				jen.Return(jen.Id("mapValueOutOfRange").Call(jen.Lit(f.json), jen.Id("k"), jen.Lit(want), jen.Id("f"))),
			),
		))
	case limits:
		return c.mapLimits(f, r)
	default:
		set, value, bits, ok := c.number(f)
		if !ok {
			return c.unsupported(f, "a range")
		}
		if bits == 0 {
			bits = 64
		}
		cond := jen.Op("!").Parens(rangeCond(jen.Id("v"), r))
		if c.extra != nil {
			cond = cond.Op("&&").Op("!").Id("overridden").Call(jen.Id("extra"), jen.Lit(f.json))
		}
		check := jen.If(jen.Id("v").Op(":=").Float64().Call(value), cond).Block(
			jen.Return(jen.Id("outOfRange").Call(jen.Lit(f.json), jen.Lit(want), jen.Id("v"), jen.Lit(bits))),
		)
		if set != nil {
			check = jen.If(set).Block(check)
		}
		c.body = append(c.body, check)
		if s := c.g.shapeOf(f.typ); s.kind == shapeNumber && (f.omitEmpty || f.omitZero) && r.HasDefault && r.Default == 1 && r.InRange(0) {
			c.zeroDropped = append(c.zeroDropped, strings.Join(f.path, "."))
		}
	}
	if r.RequiresTrue != "" {
		dep, ok := byJSON[r.RequiresTrue]
		if !ok {
			return nil // this SDK version has no such field to set
		}
		isTrue, ok := c.truth(dep)
		if !ok {
			return c.unsupported(dep, "that it is true")
		}
		set, value, _, ok := c.number(f)
		if !ok {
			return c.unsupported(f, "a dependency on "+r.RequiresTrue)
		}
		notTrue := jen.Op("!").Add(isTrue)
		if c.g.shapeOf(dep.typ).kind != shapeBool {
			notTrue = jen.Op("!").Parens(isTrue)
		}
		cond := value.Clone().Op(">").Lit(0).Op("&&").Add(notTrue)
		if set != nil && c.g.shapeOf(f.typ).kind != shapeNumber {
			// A number's set test is != 0, which > 0 implies.
			cond = set.Op("&&").Add(cond)
		}
		if c.extra != nil {
			cond = cond.Op("&&").Op("!").Id("overridden").Call(jen.Id("extra"), jen.Lit(r.RequiresTrue))
		}
		c.body = append(c.body, jen.If(cond).Block(
			jen.Return(jen.Id("needsTrue").Call(jen.Lit(f.json), jen.Lit(r.RequiresTrue))),
		))
	}
	return nil
}

// mapLimits emits the limits of a map of strings (metadata).
func (c *check) mapLimits(f field, r sdk.FieldRule) error {
	s := c.g.shapeOf(f.typ)
	if s.kind != shapeMap || s.value.kind != shapeString && s.value.kind != shapeInterface {
		return c.unsupported(f, "entry limits")
	}
	if r.MaxEntries > 0 {
		c.body = append(c.body, c.failIfInit(jen.Id("n").Op(":=").Len(sel(f)), jen.Id("n").Op(">").Lit(r.MaxEntries), f.json,
			jen.Id("tooManyEntries").Call(jen.Lit(f.json), jen.Id("n"), jen.Lit(r.MaxEntries))))
	}
	var loop []jen.Code
	if r.MaxKeyChars > 0 {
		// Runes never outnumber bytes: count them only for long keys.
		loop = append(loop, c.failIf(
			jen.Len(jen.Id("k")).Op(">").Lit(r.MaxKeyChars).Op("&&").Qual("unicode/utf8", "RuneCountInString").Call(jen.Id("k")).Op(">").Lit(r.MaxKeyChars),
			f.json, jen.Id("keyTooLong").Call(jen.Lit(f.json), jen.Id("k"), jen.Lit(r.MaxKeyChars))))
	}
	if r.MaxValueChars > 0 {
		long := jen.Len(jen.Id("s")).Op(">").Lit(r.MaxValueChars).Op("&&").Qual("unicode/utf8", "RuneCountInString").Call(jen.Id("s")).Op(">").Lit(r.MaxValueChars)
		ret := jen.Id("valueTooLong").Call(jen.Lit(f.json), jen.Id("k"), jen.Lit(r.MaxValueChars))
		if s.value.kind == shapeString {
			long := jen.Len(jen.Id("v")).Op(">").Lit(r.MaxValueChars).Op("&&").Qual("unicode/utf8", "RuneCountInString").Call(jen.Id("v")).Op(">").Lit(r.MaxValueChars)
			loop = append(loop, c.failIf(long, f.json, ret))
		} else {
			// Only strings have a length; the API rejects other values.
			loop = append(loop, c.failIfInit(jen.List(jen.Id("s"), jen.Id("ok")).Op(":=").Id("v").Assert(jen.String()), jen.Id("ok").Op("&&").Add(long), f.json, ret))
		}
	}
	if len(loop) > 0 {
		vars := jen.List(jen.Id("k"), jen.Id("v"))
		if r.MaxValueChars == 0 {
			vars = jen.Id("k")
		}
		c.body = append(c.body, jen.For(vars.Op(":=").Range().Add(sel(f))).Block(loop...))
	}
	return nil
}

// rangeCond is the condition that v lies within the rule's bounds.
func rangeCond(v *jen.Statement, r sdk.FieldRule) *jen.Statement {
	var parts []*jen.Statement
	if r.Min.Set {
		parts = append(parts, v.Clone().Op(">=").Id(number(r.Min.Value)))
	}
	if r.Max.Set {
		parts = append(parts, v.Clone().Op("<=").Id(number(r.Max.Value)))
	}
	out := parts[0]
	for _, p := range parts[1:] {
		out = out.Op("&&").Add(p)
	}
	return out
}

// rangeWords says a rule's bounds in words: "between 0 and 2".
func rangeWords(r sdk.FieldRule) string {
	switch {
	case r.Min.Set && r.Max.Set:
		return "between " + number(r.Min.Value) + " and " + number(r.Max.Value)
	case r.Min.Set:
		return "at least " + number(r.Min.Value)
	case r.Max.Set:
		return "at most " + number(r.Max.Value)
	}
	return ""
}

func number(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
