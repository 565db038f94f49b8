package sdk

import (
	"go/types"
	"slices"
	"strings"
	"unicode"
)

// This file is oaiguard's one table of the texts people match error strings
// against ("429", "rate limit", "insufficient_quota", "RateLimitError"), the
// class each text means, and where such a text can appear in a real error.
// Checks use it to say what a text match meant to detect and which runtime
// predicate replaces it, and whether the SDK in use can produce that text at
// all.

// TextSource says where a text comes from in a real error's Error() string.
type TextSource int

const (
	// StatusText is the HTTP status: "429", "Too Many Requests". Every
	// SDK's API error text holds it.
	StatusText TextSource = iota
	// CodeText is a value of the error object's "code" or "type" field:
	// "insufficient_quota". Only old openai-go error texts hold it.
	CodeText
	// MessageText is wording of the error object's "message": "Rate limit
	// reached", "You exceeded your current quota". go-openai and old
	// openai-go error texts hold it.
	MessageText
	// TransportText is wording of Go's own network and context errors,
	// which both SDKs return unwrapped: "connection refused", "context
	// deadline exceeded".
	TransportText
	// ForeignText is an exception class name of OpenAI's Python SDK
	// ("RateLimitError"), as ported advice matches it. No Go error holds it.
	ForeignText
)

// ErrorTextEntry is one text of the table.
type ErrorTextEntry struct {
	Text   string
	Class  ErrorClass
	Source TextSource
}

// codeText is the entry for a value of the error object's "code" or "type"
// field, with the class that ErrorCodes or ErrorTypes gives it: what a code
// means is kept in one place.
func codeText(code string) ErrorTextEntry {
	for _, table := range [][]ErrorMatch{ErrorCodes, ErrorTypes} {
		for _, m := range table {
			if m.Value == code {
				return ErrorTextEntry{Text: code, Class: m.Class, Source: CodeText}
			}
		}
	}
	panic("sdk: " + code + " is in neither ErrorCodes nor ErrorTypes")
}

// ErrorTextEntries is the table: every text oaiguard knows people match
// error strings against, with the class it means. Texts are compared by
// words, ignoring case, punctuation and CamelCase (see ClassOfErrorText).
var ErrorTextEntries = []ErrorTextEntry{
	{"429", ClassRateLimited, StatusText},
	{"Too Many Requests", ClassRateLimited, StatusText},
	{"rate limit", ClassRateLimited, MessageText},
	{"ratelimit", ClassRateLimited, MessageText},
	{"Rate limit reached", ClassRateLimited, MessageText},
	{"tokens per min", ClassRateLimited, MessageText},
	{"requests per min", ClassRateLimited, MessageText},
	codeText("rate_limit_exceeded"),
	codeText("rate_limit_error"),
	codeText("slow_down"),
	{"RateLimitError", ClassRateLimited, ForeignText},

	{"quota", ClassQuotaExhausted, MessageText},
	{"exceeded your current quota", ClassQuotaExhausted, MessageText},
	{"billing", ClassQuotaExhausted, MessageText},
	{"spend limit", ClassQuotaExhausted, MessageText},
	codeText("insufficient_quota"),
	codeText("credit_balance_exhausted"),
	codeText("organization_spend_limit_exceeded"),
	codeText("project_spend_limit_exceeded"),
	codeText("organization_usage_limit_exceeded"),

	{"Request too large", ClassRequestTooLarge, MessageText},
	{"413", ClassRequestTooLarge, StatusText},
	{"Request Entity Too Large", ClassRequestTooLarge, StatusText},

	codeText("context_length_exceeded"),
	{"maximum context length", ClassContextLengthExceeded, MessageText},
	{"context length", ClassContextLengthExceeded, MessageText},
	{"context window", ClassContextLengthExceeded, MessageText},
	{"reduce the length", ClassContextLengthExceeded, MessageText},

	{"401", ClassAuth, StatusText},
	{"Unauthorized", ClassAuth, StatusText},
	codeText("invalid_api_key"),
	{"Incorrect API key", ClassAuth, MessageText},
	{"API key", ClassAuth, MessageText},
	{"authentication", ClassAuth, MessageText},
	{"AuthenticationError", ClassAuth, ForeignText},

	{"403", ClassPermission, StatusText},
	{"Forbidden", ClassPermission, StatusText},
	{"permission", ClassPermission, MessageText},
	codeText("unsupported_country_region_territory"),
	{"PermissionDeniedError", ClassPermission, ForeignText},

	{"404", ClassNotFound, StatusText},
	{"Not Found", ClassNotFound, StatusText},
	{"does not exist", ClassNotFound, MessageText},
	codeText("model_not_found"),
	{"NotFoundError", ClassNotFound, ForeignText},

	{"400", ClassInvalidRequest, StatusText},
	{"Bad Request", ClassInvalidRequest, StatusText},
	{"422", ClassInvalidRequest, StatusText},
	{"Unprocessable Entity", ClassInvalidRequest, StatusText},
	{"invalid request", ClassInvalidRequest, MessageText},
	codeText("invalid_request_error"),
	{"InvalidRequestError", ClassInvalidRequest, ForeignText},
	{"BadRequestError", ClassInvalidRequest, ForeignText},
	{"UnprocessableEntityError", ClassInvalidRequest, ForeignText},

	{"409", ClassConflict, StatusText},
	{"Conflict", ClassConflict, StatusText},
	{"ConflictError", ClassConflict, ForeignText},

	{"500", ClassServer, StatusText},
	{"Internal Server Error", ClassServer, StatusText},
	{"502", ClassServer, StatusText},
	{"Bad Gateway", ClassServer, StatusText},
	{"504", ClassServer, StatusText},
	{"Gateway Timeout", ClassServer, StatusText},
	{"server had an error", ClassServer, MessageText},
	codeText("server_error"),
	{"InternalServerError", ClassServer, ForeignText},

	{"503", ClassOverloaded, StatusText},
	{"Service Unavailable", ClassOverloaded, StatusText},
	{"overloaded", ClassOverloaded, MessageText},
	codeText("server_is_overloaded"),
	codeText("service_unavailable_error"),
	{"ServiceUnavailableError", ClassOverloaded, ForeignText},

	{"408", ClassTimeout, StatusText},
	{"Request Timeout", ClassTimeout, StatusText},
	{"timeout", ClassTimeout, TransportText},
	{"timed out", ClassTimeout, TransportText},
	{"deadline exceeded", ClassTimeout, TransportText},
	{"APITimeoutError", ClassTimeout, ForeignText},

	{"connection refused", ClassConnection, TransportText},
	{"connection reset", ClassConnection, TransportText},
	{"broken pipe", ClassConnection, TransportText},
	{"no such host", ClassConnection, TransportText},
	{"unexpected EOF", ClassConnection, TransportText},
	{"APIConnectionError", ClassConnection, ForeignText},

	{"context canceled", ClassCanceled, TransportText},
	{"canceled", ClassCanceled, TransportText},
}

// refines lists the classes a more specific class beats when one text names
// both: "429 insufficient_quota" is a quota error that arrives as a 429.
var refines = map[ErrorClass]ErrorClass{
	ClassQuotaExhausted:        ClassRateLimited,
	ClassRequestTooLarge:       ClassRateLimited,
	ClassContextLengthExceeded: ClassInvalidRequest,
	ClassNotFound:              ClassInvalidRequest,
}

// textCovers lists, for a text that errors of several classes hold,
// every class an error holding it may be: a 429 is a rate limit, an
// exhausted quota (insufficient_quota) or a request too large for the
// tokens-per-minute limit ("Request too large for gpt-4o … on tokens per
// min (TPM)"), each its own class in the runtime; a 400 may be an
// exceeded context length. A text not listed is held by errors of its
// entry's class only. internal/crosstest's TestFixKeepsMatches holds the
// table to the real SDKs' errors.
var textCovers = map[string][]ErrorClass{
	"429":               {ClassRateLimited, ClassQuotaExhausted, ClassRequestTooLarge},
	"Too Many Requests": {ClassRateLimited, ClassQuotaExhausted, ClassRequestTooLarge},
	"tokens per min":    {ClassRateLimited, ClassRequestTooLarge},
	"400":               {ClassInvalidRequest, ClassContextLengthExceeded},
	"Bad Request":       {ClassInvalidRequest, ClassContextLengthExceeded},
}

// ClassAlsoHolds names, for a class that a text's fix tests because the
// text covers it (textCovers), errors of that class whose text the match
// did not accept: the runtime's RequestTooLarge is a 429 "Request too
// large" and a 413 alike, and "429" matches only the first.
var ClassAlsoHolds = map[ErrorClass]string{
	ClassRequestTooLarge: "a 413 (request entity too large)",
}

// ErrorTextMatch is what ClassOfErrorText and LookupErrorText find in a text.
type ErrorTextMatch struct {
	Class ErrorClass
	// Covers are the classes of the errors whose text the match accepts,
	// Class first: more than Class alone when every entry found is one
	// that several classes' errors hold ("429": a rate limit, an
	// exhausted quota or a request too large; textCovers). A test that
	// replaces the match must accept them all.
	Covers []ErrorClass
	// Entries are the table entries found in the text, the longer of
	// overlapping ones only.
	Entries []ErrorTextEntry
}

// ClassOfErrorText returns the class of error a text to match error
// strings against means, and false when the text means none or several.
//
// The text and the table's entries are compared as words: case,
// punctuation and CamelCase do not matter ("RATE-LIMIT" and "RateLimit"
// are "rate limit"), an entry's last word may be the start of a longer
// word ("rate limit" is found in "rate limited"), numbers must be whole
// ("429" is not in "4290"). Any entry the text contains counts, so "Rate
// limit reached for gpt-4o" is a rate limit. Where entries overlap, the
// longer decides ("Gateway Timeout" is a server error, not a timeout);
// wording beats a status number ("429 You exceeded your current quota" is
// quota) and a specific class beats the general one it refines.
func ClassOfErrorText(text string) (ErrorClass, bool) {
	m, ok := LookupErrorText(text)
	return m.Class, ok
}

// LookupErrorText is ClassOfErrorText with the entries that decided.
func LookupErrorText(text string) (ErrorTextMatch, bool) {
	words := splitWords(text)
	if len(words) == 0 {
		return ErrorTextMatch{}, false
	}
	type found struct {
		e          ErrorTextEntry
		start, end int // word span in words
	}
	var hits []found
	for _, e := range ErrorTextEntries {
		ew := entryWords(e.Text)
		for i := 0; i+len(ew) <= len(words); i++ {
			if wordsMatch(words[i:i+len(ew)], ew) {
				hits = append(hits, found{e, i, i + len(ew)})
			}
		}
	}
	// Keep hits that no longer hit covers.
	var kept []found
	for _, h := range hits {
		covered := false
		for _, o := range hits {
			if o.start <= h.start && h.end <= o.end && o.end-o.start > h.end-h.start {
				covered = true
				break
			}
		}
		if !covered {
			kept = append(kept, h)
		}
	}
	if len(kept) == 0 {
		return ErrorTextMatch{}, false
	}
	var m ErrorTextMatch
	wording := false
	for _, h := range kept {
		m.Entries = append(m.Entries, h.e)
		if !isNumber(h.e.Text) {
			wording = true
		}
	}
	classes := map[ErrorClass]bool{}
	for _, e := range m.Entries {
		if wording && isNumber(e.Text) {
			continue
		}
		classes[e.Class] = true
	}
	for c := range classes {
		if general, ok := refines[c]; ok && classes[general] {
			delete(classes, general)
		}
	}
	if len(classes) != 1 {
		return ErrorTextMatch{}, false
	}
	for c := range classes {
		m.Class = c
	}
	// An error the text matches holds every entry found: its class is
	// one each entry allows (textCovers).
	m.Covers = []ErrorClass{m.Class}
	var common []ErrorClass
	for i, e := range m.Entries {
		allows := textCovers[e.Text]
		if allows == nil {
			allows = []ErrorClass{e.Class}
		}
		if i == 0 {
			common = slices.Clone(allows)
			continue
		}
		common = slices.DeleteFunc(common, func(c ErrorClass) bool { return !slices.Contains(allows, c) })
	}
	if slices.Contains(common, m.Class) {
		for _, c := range common {
			if c != m.Class {
				m.Covers = append(m.Covers, c)
			}
		}
	}
	return m, true
}

// ErrorTextCanHold reports whether the Error() text described by et can
// contain text, a string that LookupErrorText matched as m. It is false
// only when that is certain: an exception name of another language's SDK,
// a code or type value where the text holds none, wording of the API's
// message where the text holds neither message nor codes. Case is not
// considered: a match the text only misses by case is not reported here.
func ErrorTextCanHold(et ErrorText, text string, m ErrorTextMatch) bool {
	lower := strings.ToLower(text)
	allMessage := len(m.Entries) > 0
	for _, e := range m.Entries {
		switch e.Source {
		case ForeignText:
			if strings.Contains(text, e.Text) {
				return false
			}
		case CodeText:
			if !et.CodeAndType && strings.Contains(lower, e.Text) {
				return false
			}
		}
		if e.Source != MessageText {
			allMessage = false
		}
	}
	return !(allMessage && !et.Message && !et.CodeAndType)
}

// ErrorTextOfType says what Error() holds for an SDK API error type, read
// from the type itself, so that it needs no module version: openai-go v3
// v3.71.0, the release that cut Error() down to the status line, also gave
// apierror.Error String, GoString, Format and LogValue methods, which no
// earlier openai-go version or fork has. Types other than API errors get
// the cautious answer of ErrorTextOf with an unknown version.
func ErrorTextOfType(e ErrorType) ErrorText {
	if e.Kind == APIError && e.Family == OpenAIGo && hasMethod(e.Named, "LogValue") && hasMethod(e.Named, "GoString") {
		return ErrorText{Status: true}
	}
	return ErrorTextOf(e.Module, "")
}

// APIErrorTypeOf finds the API error type of an SDK module among the
// packages pkg imports, directly or through other packages of that module,
// and reports false if pkg cannot see it. It reads only type information,
// so it works in every analysis driver (export data holds the methods).
func APIErrorTypeOf(pkg *types.Package, module string) (ErrorType, bool) {
	seen := map[*types.Package]bool{}
	var visit func(p *types.Package) (ErrorType, bool)
	visit = func(p *types.Package) (ErrorType, bool) {
		if seen[p] {
			return ErrorType{}, false
		}
		seen[p] = true
		for _, name := range []string{"Error", "APIError"} {
			if tn, ok := p.Scope().Lookup(name).(*types.TypeName); ok {
				if et, ok := ErrorTypeOf(tn.Type()); ok && et.Kind == APIError && et.Module == module {
					return et, true
				}
			}
		}
		for _, imp := range p.Imports() {
			if mod, _, ok := ModuleOf(imp.Path()); ok && mod == module {
				if et, ok := visit(imp); ok {
					return et, true
				}
			}
		}
		return ErrorType{}, false
	}
	for _, imp := range pkg.Imports() {
		if mod, _, ok := ModuleOf(imp.Path()); ok && mod == module {
			if et, ok := visit(imp); ok {
				return et, true
			}
		}
	}
	return ErrorType{}, false
}

func hasMethod(n *types.Named, name string) bool {
	for m := range n.Methods() {
		if m.Name() == name {
			return true
		}
	}
	return false
}

// splitWords lower-cases text and splits it into words at anything that is
// not a letter or digit, at lower-to-upper case changes ("RateLimit") and
// before the last capital of a run followed by a lower-case letter
// ("APIConnection" → "api", "connection").
func splitWords(text string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(text)
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if len(cur) > 0 && unicode.IsUpper(r) {
			prev := cur[len(cur)-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush()
			}
		}
		if len(cur) > 0 && unicode.IsDigit(r) != unicode.IsDigit(cur[len(cur)-1]) {
			flush() // "gpt4" → "gpt", "4": numbers stand alone
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

var entryWordCache = map[string][]string{}

func init() {
	for _, e := range ErrorTextEntries {
		entryWordCache[e.Text] = splitWords(e.Text)
	}
}

func entryWords(text string) []string {
	if w, ok := entryWordCache[text]; ok {
		return w
	}
	return splitWords(text)
}

// wordsMatch compares a text's words with an entry's: equal, except that
// the entry's last word, if not a number, may start the text's word.
func wordsMatch(text, entry []string) bool {
	for i, w := range entry {
		last := i == len(entry)-1
		switch {
		case text[i] == w:
		case last && !isNumber(w) && strings.HasPrefix(text[i], w):
		default:
			return false
		}
	}
	return true
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// SDKOnlyText reports whether text takes a form that only an SDK's error
// text takes, and the family of that SDK (NoFamily when any SDK's could):
// go-openai's "error, status code: 429, status: …" (`status code: 429`),
// openai-go's "OpenAI API error: 429 Too Many Requests", or a value of the
// error object's code or type field ("insufficient_quota"), which only the
// API sends. Such a text matched against an error is evidence that the
// error is an SDK's, wherever it came from.
func SDKOnlyText(text string) (Family, bool) {
	lower := strings.ToLower(text)
	if i := strings.Index(lower, "status code: "); i >= 0 {
		rest := lower[i+len("status code: "):]
		if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			return GoOpenAI, true
		}
	}
	if strings.Contains(lower, "openai api error") {
		return OpenAIGo, true
	}
	if m, ok := LookupErrorText(text); ok {
		for _, e := range m.Entries {
			if e.Source == CodeText && strings.Contains(text, "_") {
				return NoFamily, true
			}
		}
	}
	return NoFamily, false
}

// wholeErrorTexts are texts of Go's own errors that the SDKs return
// unwrapped, so that an SDK call's error may be exactly one of them.
var wholeErrorTexts = []string{"context canceled", "context deadline exceeded", "EOF", "unexpected EOF"}

// CanBeWholeErrorText reports whether the Error() of an error an SDK call
// returns may be exactly text, ignoring case, as == or strings.EqualFold
// on it require. It is false only when that is certain: a text of the
// table that is no whole error's (an SDK's text holds "429" or "rate
// limit" among other words, never alone), as opposed to one of Go's own
// errors ("context canceled") or a text in an SDK's own form (go-openai's
// "error, status code: 401, …", openai-go's "OpenAI API error: …", or a
// request line, as older openai-go's starts).
func CanBeWholeErrorText(text string) bool {
	if _, ok := LookupErrorText(text); !ok {
		return true
	}
	for _, w := range wholeErrorTexts {
		if strings.EqualFold(text, w) {
			return true
		}
	}
	if f, ok := SDKOnlyText(text); ok && f != NoFamily {
		return true
	}
	lower := strings.ToLower(strings.TrimSpace(text))
	for _, m := range []string{"get ", "post ", "put ", "patch ", "delete "} {
		if strings.HasPrefix(lower, m) {
			return true
		}
	}
	return false
}
