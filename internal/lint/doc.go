// Package lint holds what every oaiguard check shares with the others but
// not with the SDK knowledge: structured check documentation, the
// //oaiguard:ignore directive, and the rules for which files are checked.
package lint

import (
	"fmt"
	"strings"
)

// BaseURL is where the check documentation lives; each check's anchor is its
// name.
const BaseURL = "https://github.com/oaiguard/oaiguard/blob/main/docs/checks.md"

// Doc is a check's documentation. It becomes the analyzer's Doc string, the
// output of `oaiguard help CHECK` and docs/checks.md.
type Doc struct {
	Name    string // stable: flag, //oaiguard:ignore name, anchor
	Title   string // one line, lower-case, no period
	Why     string // why it matters, a paragraph
	Bad     string // code that is reported
	Good    string // the same code, fixed
	Default bool   // on by default
	// Options documents the check's flags, name → meaning.
	Options map[string]string
	// Categories are the problems the check tells apart, each a
	// Diagnostic.Category: drivers link a finding to the check's URL with
	// the category as the anchor, and //oaiguard:ignore takes a category
	// as it takes a check. None means one problem, whose category is the
	// check's name.
	Categories []Category
}

// Category is one problem a check reports: Diagnostic.Category, an anchor
// in docs/checks.md, a name //oaiguard:ignore takes. Names are unique
// across checks.
type Category struct {
	Name  string // stable, lower-case, one word
	Title string // one line, lower-case, no period
}

// CategoryNames returns the categories a diagnostic of the check may have.
func (d *Doc) CategoryNames() []string {
	if len(d.Categories) == 0 {
		return []string{d.Name}
	}
	names := make([]string, len(d.Categories))
	for i, c := range d.Categories {
		names[i] = c.Name
	}
	return names
}

// URL is the check's documentation anchor.
func (d *Doc) URL() string { return BaseURL + "#" + d.Name }

// String renders the doc as an analysis.Analyzer Doc: the title, a blank
// line, then the rest (go/analysis takes the first paragraph as the title).
func (d *Doc) String() string {
	var b strings.Builder
	b.WriteString(d.Title)
	b.WriteString("\n\n")
	b.WriteString(strings.TrimSpace(d.Why))
	b.WriteString("\n")
	if d.Bad != "" {
		fmt.Fprintf(&b, "\nReported:\n\n%s\n", indent(d.Bad))
	}
	if d.Good != "" {
		fmt.Fprintf(&b, "\nFixed:\n\n%s\n", indent(d.Good))
	}
	if !d.Default {
		b.WriteString("\nOff by default.\n")
	}
	if len(d.Categories) > 0 {
		b.WriteString("\nProblems (diagnostic categories):\n\n")
		for _, c := range d.Categories {
			fmt.Fprintf(&b, "    %-10s %s\n", c.Name, c.Title)
		}
	}
	fmt.Fprintf(&b, "\nSuppress one finding with a comment on the line or the line above (or above a statement of several lines that holds it):\n\n    //oaiguard:ignore %s reason\n", d.Name)
	if len(d.Categories) > 0 {
		fmt.Fprintf(&b, "\nor one problem only, by its category:\n\n    //oaiguard:ignore %s reason\n", d.Categories[len(d.Categories)-1].Name)
	}
	return b.String()
}

// Markdown renders the doc as a section of docs/checks.md.
func (d *Doc) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n**%s**", d.Name, d.Title)
	if !d.Default {
		b.WriteString(" (off by default)")
	}
	fmt.Fprintf(&b, "\n\n%s\n", strings.TrimSpace(d.Why))
	if d.Bad != "" {
		fmt.Fprintf(&b, "\nReported:\n\n```go\n%s\n```\n", strings.TrimSpace(d.Bad))
	}
	if d.Good != "" {
		fmt.Fprintf(&b, "\nFixed:\n\n```go\n%s\n```\n", strings.TrimSpace(d.Good))
	}
	if len(d.Categories) > 0 {
		b.WriteString("\nProblems, each a diagnostic category that `//oaiguard:ignore` also takes:\n")
		for _, c := range d.Categories {
			fmt.Fprintf(&b, "\n### %s\n\n%s.\n", c.Name, capitalize(c.Title))
		}
	}
	if len(d.Options) > 0 {
		b.WriteString("\nFlags:\n\n")
		for _, k := range sortedKeys(d.Options) {
			fmt.Fprintf(&b, "- `-%s.%s`: %s\n", d.Name, k, d.Options[k])
		}
	}
	fmt.Fprintf(&b, "\nSuppress: `//oaiguard:ignore %s reason`", d.Name)
	if len(d.Categories) > 0 {
		c := d.Categories[len(d.Categories)-1].Name
		fmt.Fprintf(&b, ", or one problem by its category: `//oaiguard:ignore %s reason` (or `%s/%s`, as SARIF names it)", c, d.Name, c)
	}
	b.WriteString("\n")
	return b.String()
}

func indent(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "    " + l
		}
	}
	return strings.Join(lines, "\n")
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
