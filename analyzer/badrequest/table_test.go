package badrequest_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/oaiguard/oaiguard/analyzer/badrequest"
	"github.com/oaiguard/oaiguard/internal/sdk"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

// runtimeOnly are the table's rules the check leaves to the runtime, and
// why: map values are almost never literal, and their limits need every
// entry known.
var runtimeOnly = map[string]string{
	"logit_bias": "a map's values",
	"metadata":   "a map's entries",
}

// TestTableCoveredByBothSides enumerates the one table of request rules
// (internal/sdk/requests.go) and asserts that the check reports a
// violation of each rule in the fixtures and that each checked-in
// runtime's generated validators check it, so that the two never
// disagree about what the API rejects.
func TestTableCoveredByBothSides(t *testing.T) {
	results := testenv.Analyze(t, "testdata/mod", badrequest.Analyzer,
		"example.com/fixtures/badrequest/goopenai",
		"example.com/fixtures/badrequest/openaigo",
		"example.com/fixtures/badrequest/oldsdks")
	var msgs []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			msgs = append(msgs, d.Category+": "+d.Message)
		}
	}
	all := strings.Join(msgs, "\n")
	reported := func(re string) bool { return regexp.MustCompile(`(?m)` + re).MatchString(all) }

	runtimes := map[sdk.Family]string{}
	for fam, d := range map[sdk.Family]string{sdk.GoOpenAI: "goopenai", sdk.OpenAIGo: "openaigo"} {
		b, err := os.ReadFile(filepath.Join(testenv.Root, "runtime", d, "oaiguard", "validate_sdk.go"))
		if err != nil {
			t.Fatal(err)
		}
		runtimes[fam] = string(b)
	}
	validates := func(fam sdk.Family, call string) bool { return strings.Contains(runtimes[fam], call) }

	for _, r := range sdk.RequiredFields {
		if !reported(`^missingfield: .* has no ` + r.Field + `,`) {
			t.Errorf("required %s of %s: no finding in the fixtures", r.Field, r.Kind)
		}
		for fam := range runtimes {
			if !validates(fam, `missingField("`+r.Field+`")`) {
				t.Errorf("required %s: the %v runtime does not check it", r.Field, fam)
			}
		}
	}
	for _, r := range sdk.FieldRules {
		if why, ok := runtimeOnly[r.Field]; ok {
			if !validates(sdk.OpenAIGo, `"`+r.Field+`"`) {
				t.Errorf("%s is left to the runtime (%s), which does not check it", r.Field, why)
			}
			continue
		}
		if !reported(`^outofrange: .* sets ` + r.Field + ` to `) {
			t.Errorf("range of %s %v: no finding in the fixtures", r.Field, r.Kinds)
		}
		if r.RequiresTrue != "" && !reported(`^outofrange: .* sets `+r.Field+` without `+r.RequiresTrue) {
			t.Errorf("%s without %s: no finding in the fixtures", r.Field, r.RequiresTrue)
		}
		for fam := range runtimes {
			if !validates(fam, `outOfRange("`+r.Field+`"`) {
				t.Errorf("range of %s: the %v runtime does not check it", r.Field, fam)
			}
			if r.RequiresTrue != "" && !validates(fam, `needsTrue("`+r.Field+`", "`+r.RequiresTrue+`")`) {
				t.Errorf("%s without %s: the %v runtime does not check it", r.Field, r.RequiresTrue, fam)
			}
		}
	}
	for _, r := range sdk.ReasoningRules {
		if !r.SDKOnly && !reported(`^reasoning: .* sets `+r.Field+`( to [^ ]+)? for reasoning model .*which the API rejects`) {
			t.Errorf("reasoning %s: no finding for openai-go in the fixtures", r.Field)
		}
		if r.SDKError != "" && !reported(`^reasoning: .* sets `+r.Field+`( to [^ ]+)? for reasoning model .*\(openai.`+r.SDKError+`\)`) {
			t.Errorf("reasoning %s: no finding naming go-openai's %s in the fixtures", r.Field, r.SDKError)
		}
		call := `reasoningRejected("` + r.Field + `"`
		if !validates(sdk.GoOpenAI, call) || !r.SDKOnly && !validates(sdk.OpenAIGo, call) {
			t.Errorf("reasoning %s: a runtime does not check it", r.Field)
		}
		if r.SDKOnly && validates(sdk.OpenAIGo, call) {
			t.Errorf("reasoning %s is go-openai's rule only, yet the openai-go runtime checks it", r.Field)
		}
		if r.SDKError != "" && !validates(sdk.GoOpenAI, `openai.`+r.SDKError+`)`) {
			t.Errorf("reasoning %s: the go-openai runtime does not wrap openai.%s", r.Field, r.SDKError)
		}
	}
	for _, w := range sdk.WordRules {
		if !reported(`^jsonword: .* sets ` + w.Field + ` ` + w.Type + ` but no message mentions`) {
			t.Errorf("word rule %s %s: no finding in the fixtures", w.Field, w.Type)
		}
		for fam := range runtimes {
			if !validates(fam, `missingWord("`+w.Messages+`", "`+w.Word+`"`) {
				t.Errorf("word rule %s %s: the %v runtime does not check it", w.Field, w.Type, fam)
			}
		}
	}
}
