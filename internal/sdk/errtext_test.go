package sdk_test

import (
	"slices"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/internal/sdk"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestClassOfErrorText(t *testing.T) {
	for _, tc := range []struct {
		text string
		want sdk.ErrorClass // "" means none
	}{
		{"429", sdk.ClassRateLimited},
		{"status code: 429", sdk.ClassRateLimited},
		{"4290", ""},
		{"rate limit", sdk.ClassRateLimited},
		{"RATE-LIMIT", sdk.ClassRateLimited},
		{"rate limited", sdk.ClassRateLimited},
		{"RateLimitError", sdk.ClassRateLimited},
		{"openai.error.RateLimitError", sdk.ClassRateLimited},
		{"Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM)", sdk.ClassRateLimited},
		{"rate_limit_exceeded", sdk.ClassRateLimited},
		{"Too Many Requests", sdk.ClassRateLimited},
		{"quota", sdk.ClassQuotaExhausted},
		{"insufficient_quota", sdk.ClassQuotaExhausted},
		{"429 You exceeded your current quota", sdk.ClassQuotaExhausted}, // wording beats the status
		{"rate limit: quota", sdk.ClassQuotaExhausted},                   // the specific class wins
		{"Request too large for gpt-4o", sdk.ClassRequestTooLarge},
		{"429 Request too large", sdk.ClassRequestTooLarge},
		{"context_length_exceeded", sdk.ClassContextLengthExceeded},
		{"This model's maximum context length is 8192 tokens", sdk.ClassContextLengthExceeded},
		{"400 context_length_exceeded", sdk.ClassContextLengthExceeded},
		{"401", sdk.ClassAuth},
		{"invalid_api_key", sdk.ClassAuth},
		{"Incorrect API key provided", sdk.ClassAuth},
		{"403", sdk.ClassPermission},
		{"model_not_found", sdk.ClassNotFound},
		{"The model `gpt-9` does not exist", sdk.ClassNotFound},
		{"InvalidRequestError", sdk.ClassInvalidRequest},
		{"409", sdk.ClassConflict},
		{"500", sdk.ClassServer},
		{"Internal Server Error", sdk.ClassServer},
		{"InternalServerError", sdk.ClassServer},
		{"Gateway Timeout", sdk.ClassServer}, // not a timeout: the longer text decides
		{"503", sdk.ClassOverloaded},
		{"overloaded", sdk.ClassOverloaded},
		{"server_is_overloaded", sdk.ClassOverloaded},
		{"timeout", sdk.ClassTimeout},
		{"Client.Timeout exceeded while awaiting headers", sdk.ClassTimeout},
		{"context deadline exceeded", sdk.ClassTimeout},
		{"Request Timeout", sdk.ClassTimeout},
		{"connection refused", sdk.ClassConnection},
		{"unexpected EOF", sdk.ClassConnection},
		{"context canceled", sdk.ClassCanceled},
		{"EOF", ""},
		{"", ""},
		{"   ", ""},
		{"error", ""},
		{"something went wrong", ""},
		{"timeout or quota", ""}, // two classes, neither refines the other
	} {
		got, ok := sdk.ClassOfErrorText(tc.text)
		if tc.want == "" {
			if ok {
				t.Errorf("ClassOfErrorText(%q) = %s, want none", tc.text, got)
			}
			continue
		}
		if !ok || got != tc.want {
			t.Errorf("ClassOfErrorText(%q) = %s, %v; want %s", tc.text, got, ok, tc.want)
		}
	}
}

// TestErrorTextEntries checks the table against itself: each text means its
// own class, and each class but Unknown has texts.
func TestErrorTextEntries(t *testing.T) {
	classes := map[sdk.ErrorClass]bool{}
	for _, e := range sdk.ErrorTextEntries {
		classes[e.Class] = true
		if got, ok := sdk.ClassOfErrorText(e.Text); !ok || got != e.Class {
			t.Errorf("entry %q (%s) is read as %s, %v", e.Text, e.Class, got, ok)
		}
	}
	for _, ci := range sdk.ErrorClasses {
		if ci.Class != sdk.ClassUnknown && !classes[ci.Class] {
			t.Errorf("no text for class %s", ci.Class)
		}
	}
}

func TestErrorTextCanHold(t *testing.T) {
	all := sdk.ErrorText{Status: true, Message: true, CodeAndType: true}
	goOpenAI := sdk.ErrorTextOf(sdk.GoOpenAIPath, "")
	statusOnly := sdk.ErrorText{Status: true}
	for _, tc := range []struct {
		text string
		et   sdk.ErrorText
		want bool
	}{
		{"RateLimitError", all, false},
		{"rate_limit_error", all, true},
		{"rate limit error", goOpenAI, true}, // could be wording
		{"insufficient_quota", all, true},
		{"insufficient_quota", goOpenAI, false},
		{"insufficient_quota", statusOnly, false},
		{"You exceeded your current quota", goOpenAI, true},
		{"You exceeded your current quota", statusOnly, false},
		{"429", statusOnly, true},
		{"Too Many Requests", statusOnly, true},
		{"429 rate limit", statusOnly, true}, // not sure: the status is there
		{"connection refused", statusOnly, true},
		{"timeout", statusOnly, true},
	} {
		m, ok := sdk.LookupErrorText(tc.text)
		if !ok {
			t.Fatalf("LookupErrorText(%q) found nothing", tc.text)
		}
		if got := sdk.ErrorTextCanHold(tc.et, tc.text, m); got != tc.want {
			t.Errorf("ErrorTextCanHold(%+v, %q) = %v, want %v", tc.et, tc.text, got, tc.want)
		}
	}
}

// TestErrorTextOfType reads what Error() holds from the real modules' types:
// v3.98.0 (in testdata/mod) holds only the status; v3.70.0 (testdata/modold),
// v2, v1 and the charmbracelet fork hold everything; go-openai never the
// code or type.
func TestErrorTextOfType(t *testing.T) {
	statusOnly := sdk.ErrorText{Status: true}
	all := sdk.ErrorText{Status: true, Message: true, CodeAndType: true}
	for _, tc := range []struct {
		mod, pkg, module string
		want             sdk.ErrorText
	}{
		{"testdata/mod", "example.com/fixtures/sdks", sdk.OpenAIGoV3, statusOnly},
		{"testdata/mod", "example.com/fixtures/sdks", sdk.OpenAIGoV2, all},
		{"testdata/mod", "example.com/fixtures/sdks", sdk.OpenAIGoV1, all},
		{"testdata/mod", "example.com/fixtures/sdks", sdk.CharmOpenAI, all},
		{"testdata/mod", "example.com/fixtures/sdks", sdk.GoOpenAIPath, sdk.ErrorText{Status: true, Message: true}},
		{"testdata/modold", "example.com/fixturesold/errtext/old", sdk.OpenAIGoV3, all},
	} {
		cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo, Dir: testenv.Module(t, tc.mod)}
		pkgs, err := packages.Load(cfg, tc.pkg)
		if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
			t.Fatalf("load %s: %v %v", tc.pkg, err, pkgs)
		}
		et, ok := sdk.APIErrorTypeOf(pkgs[0].Types, tc.module)
		if !ok {
			t.Errorf("%s: no API error type of %s", tc.mod, tc.module)
			continue
		}
		if got := sdk.ErrorTextOfType(et); got != tc.want {
			t.Errorf("%s: ErrorTextOfType(%s) = %+v, want %+v", tc.mod, tc.module, got, tc.want)
		}
	}
}

// TestErrorTextCovers: a match on a 429's status alone accepts the
// quota and request-too-large errors that arrive as 429s too; wording
// that names one class accepts only it.
func TestErrorTextCovers(t *testing.T) {
	all429 := []sdk.ErrorClass{sdk.ClassRateLimited, sdk.ClassQuotaExhausted, sdk.ClassRequestTooLarge}
	for _, c := range []struct {
		text string
		want []sdk.ErrorClass
	}{
		{"429", all429},
		{"status code: 429", all429},
		{"Too Many Requests", all429},
		{"429 Too Many Requests", all429},
		{"rate limit", []sdk.ErrorClass{sdk.ClassRateLimited}},
		{"429 You exceeded your current quota", []sdk.ErrorClass{sdk.ClassQuotaExhausted}},
		{"503", []sdk.ErrorClass{sdk.ClassOverloaded}},
	} {
		m, ok := sdk.LookupErrorText(c.text)
		if !ok || !slices.Equal(m.Covers, c.want) {
			t.Errorf("LookupErrorText(%q).Covers = %v, %v; want %v", c.text, m.Covers, ok, c.want)
		}
	}
}

// TestCanBeWholeErrorText: == and EqualFold on an SDK error's text are
// true only for a text an error may have whole.
func TestCanBeWholeErrorText(t *testing.T) {
	for text, want := range map[string]bool{
		"rate limit":                false,
		"429":                       false,
		"Too Many Requests":         false,
		"Not Found":                 false,
		"context canceled":          true,
		"Context Deadline Exceeded": true,
		"unexpected EOF":            true,
		"error, status code: 401, status: 401 Unauthorized": true,
		"OpenAI API error: 429 Too Many Requests":           true,
		"something of our own":                              true, // unknown: not certain
	} {
		if got := sdk.CanBeWholeErrorText(text); got != want {
			t.Errorf("CanBeWholeErrorText(%q) = %v, want %v", text, got, want)
		}
	}
}
