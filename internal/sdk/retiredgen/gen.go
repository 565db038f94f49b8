package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dave/jennifer/jen"
)

// The modules read, as pinned by the go.mod of the directory Generate runs in.
const (
	openAIGo = "github.com/openai/openai-go/v3"
	goOpenAI = "github.com/sashabaranov/go-openai"
)

// module is what `go list -m -json` says of a module.
type module struct {
	Path    string
	Version string
	Time    *time.Time
	Dir     string
}

// model is one model ID's entry.
type model struct {
	shutdown    string // YYYY-MM-DD, or "" for "shut down" with no date
	replacement string
	source      string // module@version
}

// service is a deprecated openai-go service.
type service struct {
	shutdown    string // YYYY-MM-DD when the SDK gives one
	replacement string // what the SDK says to migrate to
	note        string // the SDK's deprecation text
}

var (
	announced  = regexp.MustCompile(`^Deprecated: Announced shutdown date: (\d{4}-\d{2}-\d{2})\b`)
	shutModel  = regexp.MustCompile(`^Deprecated: (?:Model is shutdown|The following block is shut down)\.(?: Use (\S+) instead\.)?`)
	shutDownOn = regexp.MustCompile(`(?:shut down|retired) on ([A-Z][a-z]+ \d{1,2}, \d{4})`)
	useInstead = regexp.MustCompile(`Use (.+?) instead\.`)
	migrateTo  = regexp.MustCompile("Migrate to `([^`]+)`")
)

// Generate reads the SDK modules required by the module in dir and returns
// the source of retired_gen.go.
func Generate(dir string) ([]byte, error) {
	mods, err := listModules(dir, openAIGo, goOpenAI)
	if err != nil {
		return nil, err
	}
	og, gg := mods[openAIGo], mods[goOpenAI]
	if og.Time == nil {
		return nil, fmt.Errorf("go list -m gave no release time for %s@%s", og.Path, og.Version)
	}
	models := map[string]model{}
	services := map[string]service{}
	if err := readOpenAIGo(og, models, services); err != nil {
		return nil, err
	}
	if err := readGoOpenAI(gg, models); err != nil {
		return nil, err
	}
	if len(models) == 0 || len(services) == 0 {
		return nil, fmt.Errorf("found %d deprecated models and %d deprecated services in %s@%s and %s@%s: the SDKs' markings changed; update retiredgen",
			len(models), len(services), og.Path, og.Version, gg.Path, gg.Version)
	}
	return render(og, gg, models, services)
}

func listModules(dir string, paths ...string) (map[string]module, error) {
	cmd := exec.Command("go", append([]string{"list", "-m", "-json"}, paths...)...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -m %s: %v: %s", strings.Join(paths, " "), err, strings.TrimSpace(stderr.String()))
	}
	mods := map[string]module{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var m module
		if err := dec.Decode(&m); err != nil {
			return nil, fmt.Errorf("go list -m: %v", err)
		}
		mods[m.Path] = m
	}
	for _, p := range paths {
		m, ok := mods[p]
		switch {
		case !ok:
			return nil, fmt.Errorf("go list -m does not list %s", p)
		case m.Dir == "":
			return nil, fmt.Errorf("%s@%s is not in the module cache: run go mod download %s", p, m.Version, p)
		}
	}
	return mods, nil
}

// parseDir parses the non-test Go files of one directory.
func parseDir(fset *token.FileSet, dir string) ([]*ast.File, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// deprecation returns the "Deprecated:" paragraph of a doc comment, its
// lines joined by spaces, or "".
func deprecation(doc *ast.CommentGroup) string {
	if doc == nil {
		return ""
	}
	var para []string
	in := false
	for _, line := range strings.Split(doc.Text(), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "Deprecated:"):
			in = true
			para = append(para, line)
		case in && line == "":
			in = false
		case in:
			para = append(para, line)
		}
	}
	return strings.Join(para, " ")
}

// stringValue returns the value of a string literal.
func stringValue(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// readOpenAIGo reads the model constants of every package of openai-go and
// the services of its root package.
func readOpenAIGo(m module, models map[string]model, services map[string]service) error {
	fset := token.NewFileSet()
	source := m.Path + "@" + m.Version
	type methods struct{ all, deprecated int }
	counts := map[string]*methods{}
	notes := map[string]string{}
	docs := map[string]string{} // a deprecated method's whole doc, per service
	err := filepath.WalkDir(m.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if rel, _ := filepath.Rel(m.Dir, path); rel != "." {
			if base := d.Name(); base == "internal" || base == "examples" || base == "testdata" || strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") {
				return filepath.SkipDir
			}
		}
		root := path == m.Dir
		files, err := parseDir(fset, path)
		if err != nil {
			return err
		}
		for _, f := range files {
			for _, decl := range f.Decls {
				switch decl := decl.(type) {
				case *ast.GenDecl:
					for _, spec := range decl.Specs {
						doc := specDoc(decl, spec)
						switch spec := spec.(type) {
						case *ast.ValueSpec:
							if decl.Tok != token.CONST || len(spec.Values) != len(spec.Names) {
								continue
							}
							entry, ok, err := openAIGoModel(deprecation(doc), source)
							if err != nil {
								return fmt.Errorf("%s: %v", fset.Position(spec.Pos()), err)
							}
							if !ok {
								continue
							}
							for _, v := range spec.Values {
								if id, ok := stringValue(v); ok {
									addModel(models, id, entry)
								}
							}
						case *ast.TypeSpec:
							if !root || !strings.HasSuffix(spec.Name.Name, "Service") {
								continue
							}
							if counts[spec.Name.Name] == nil {
								counts[spec.Name.Name] = &methods{}
							}
							if note := deprecation(doc); note != "" {
								notes[spec.Name.Name] = note
							}
						}
					}
				case *ast.FuncDecl:
					recv := receiverName(decl)
					if !root || recv == "" || !decl.Name.IsExported() || !ctxFirst(decl) {
						continue
					}
					if counts[recv] == nil {
						counts[recv] = &methods{}
					}
					counts[recv].all++
					if note := deprecation(decl.Doc); note != "" {
						counts[recv].deprecated++
						if _, ok := notes[recv+"."]; !ok {
							notes[recv+"."] = note
							docs[recv] = decl.Doc.Text()
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading %s: %v", source, err)
	}
	for name, c := range counts {
		note, ok := notes[name]
		if !ok && c.all > 0 && c.deprecated == c.all {
			note, ok = notes[name+"."], true
		}
		if !ok {
			continue
		}
		s := service{note: strings.TrimSpace(strings.TrimPrefix(note, "Deprecated:"))}
		// The date and the way out are in the Deprecated paragraph, or
		// else in the method's doc (AudioTranslationService.New).
		text := note
		if !shutDownOn.MatchString(text) {
			text = strings.Join(strings.Fields(docs[name]), " ")
		}
		date, err := shutdownDate(text)
		if err != nil {
			return fmt.Errorf("%s: %s: %v", source, name, err)
		}
		s.shutdown = date
		if sub := migrateTo.FindStringSubmatch(text); sub != nil {
			s.replacement = sub[1]
		}
		services[name] = s
	}
	return nil
}

// openAIGoModel reads a model constant's Deprecated paragraph: an
// announced shutdown date, or a shutdown in the past tense ("was shut down
// on October 23, 2026. Use … instead.").
func openAIGoModel(text, source string) (model, bool, error) {
	if sub := announced.FindStringSubmatch(text); sub != nil {
		return model{shutdown: sub[1], source: source}, true, nil
	}
	if !shutDownOn.MatchString(text) {
		return model{}, false, nil
	}
	date, err := shutdownDate(text)
	if err != nil {
		return model{}, false, err
	}
	m := model{shutdown: date, source: source}
	if sub := useInstead.FindStringSubmatch(text); sub != nil {
		m.replacement = strings.ReplaceAll(sub[1], "`", "")
	}
	return m, true, nil
}

// shutdownDate returns the date of "shut down on January 2, 2006" or
// "retired on …" in text as YYYY-MM-DD, or "" if text has none.
func shutdownDate(text string) (string, error) {
	sub := shutDownOn.FindStringSubmatch(text)
	if sub == nil {
		return "", nil
	}
	t, err := time.Parse("January 2, 2006", sub[1])
	if err != nil {
		return "", fmt.Errorf("a shutdown date in %q: %v", text, err)
	}
	return t.Format(time.DateOnly), nil
}

// readGoOpenAI reads go-openai's shut-down model constants: each marked one,
// and every one of a block marked as a whole (up to its first blank line).
func readGoOpenAI(m module, models map[string]model) error {
	fset := token.NewFileSet()
	source := m.Path + "@" + m.Version
	files, err := parseDir(fset, m.Dir)
	if err != nil {
		return fmt.Errorf("reading %s: %v", source, err)
	}
	for _, f := range files {
		for _, decl := range f.Decls {
			decl, ok := decl.(*ast.GenDecl)
			if !ok || decl.Tok != token.CONST {
				continue
			}
			var block *model // the entry of a "following block", while it lasts
			lastLine := 0
			for _, spec := range decl.Specs {
				spec := spec.(*ast.ValueSpec)
				line := fset.Position(spec.Pos()).Line
				if spec.Doc != nil {
					line = fset.Position(spec.Doc.Pos()).Line
				}
				if block != nil && line != lastLine+1 {
					block = nil // a blank line ends the block
				}
				lastLine = fset.Position(spec.End()).Line
				var entry *model
				text := deprecation(specDoc(decl, spec))
				if sub := shutModel.FindStringSubmatch(text); sub != nil {
					entry = &model{replacement: sub[1], source: source}
					if strings.Contains(text, "following block") {
						block = entry
					}
				} else if text != "" {
					block = nil
				} else {
					entry = block
				}
				if entry == nil {
					continue
				}
				for _, v := range spec.Values {
					if id, ok := stringValue(v); ok {
						addModel(models, id, *entry)
					}
				}
			}
		}
	}
	return nil
}

// addModel records an entry; a model marked twice keeps its earliest date
// (openai-go's date before go-openai's undated "shut down"), and takes a
// replacement from whichever SDK names one.
func addModel(models map[string]model, id string, m model) {
	old, ok := models[id]
	if !ok {
		models[id] = m
		return
	}
	if old.replacement == "" {
		old.replacement = m.replacement
	}
	if m.shutdown != "" && (old.shutdown == "" && old.source != m.source || m.shutdown < old.shutdown) {
		old.shutdown, old.source = m.shutdown, m.source
	}
	models[id] = old
}

// specDoc returns a spec's doc comment, or its declaration's when the
// declaration has the one spec and no parentheses.
func specDoc(decl *ast.GenDecl, spec ast.Spec) *ast.CommentGroup {
	var doc *ast.CommentGroup
	switch spec := spec.(type) {
	case *ast.ValueSpec:
		doc = spec.Doc
	case *ast.TypeSpec:
		doc = spec.Doc
	}
	if doc == nil && !decl.Lparen.IsValid() {
		doc = decl.Doc
	}
	return doc
}

func receiverName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) != 1 {
		return ""
	}
	t := fn.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func ctxFirst(fn *ast.FuncDecl) bool {
	params := fn.Type.Params.List
	if len(params) == 0 {
		return false
	}
	sel, ok := params[0].Type.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "context" && sel.Sel.Name == "Context"
}

func render(og, gg module, models map[string]model, services map[string]service) ([]byte, error) {
	asOf := og.Time.UTC().Format(time.DateOnly)
	f := jen.NewFile("sdk")
	f.HeaderComment(fmt.Sprintf("Code generated by retiredgen from %s@%s and %s@%s; DO NOT EDIT.", og.Path, og.Version, gg.Path, gg.Version))
	f.Comment(fmt.Sprintf("RetiredAsOf is the date the tables speak for: the release date of %s@%s,", og.Path, og.Version))
	f.Comment("the newest SDK they were read from. A shutdown date on or before it is past.")
	f.Const().Id("RetiredAsOf").Op("=").Lit(asOf)
	f.Line()
	f.Comment("RetiredSources names the SDK versions the generated tables were read from.")
	f.Const().Id("RetiredSources").Op("=").Lit(og.Path + "@" + og.Version + ", " + gg.Path + "@" + gg.Version)
	f.Line()
	f.Comment("generatedModels maps a model ID to what the SDKs say of its shutdown.")
	ids := make([]string, 0, len(models))
	for id := range models {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var items []jen.Code
	for _, id := range ids {
		m := models[id]
		fields := jen.Dict{jen.Id("Source"): jen.Lit(m.source)}
		if m.shutdown != "" {
			fields[jen.Id("Shutdown")] = jen.Lit(m.shutdown)
		}
		if m.replacement != "" {
			fields[jen.Id("Replacement")] = jen.Lit(m.replacement)
		}
		items = append(items, jen.Line().Lit(id).Op(":").Values(fields))
	}
	items = append(items, jen.Line())
	f.Var().Id("generatedModels").Op("=").Map(jen.String()).Id("ModelRetirement").Values(items...)
	f.Line()
	f.Comment("generatedServices maps an openai-go service type (root package) that the SDK")
	f.Comment("marks deprecated, on the type or on every method, to what it says.")
	names := make([]string, 0, len(services))
	for n := range services {
		names = append(names, n)
	}
	slices.Sort(names)
	items = nil
	for _, n := range names {
		s := services[n]
		fields := jen.Dict{jen.Id("Note"): jen.Lit(s.note)}
		if s.shutdown != "" {
			fields[jen.Id("Shutdown")] = jen.Lit(s.shutdown)
		}
		if s.replacement != "" {
			fields[jen.Id("Replacement")] = jen.Lit(s.replacement)
		}
		items = append(items, jen.Line().Lit(n).Op(":").Values(fields))
	}
	items = append(items, jen.Line())
	f.Var().Id("generatedServices").Op("=").Map(jen.String()).Id("ServiceDeprecation").Values(items...)
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, errors.New("rendering retired_gen.go: " + err.Error())
	}
	return buf.Bytes(), nil
}
