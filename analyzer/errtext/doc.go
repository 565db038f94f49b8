// Package errtext defines an Analyzer that reports OpenAI SDK errors matched
// by their text: strings.Contains, HasPrefix, HasSuffix, EqualFold or Index
// on err.Error(), ==, != and switch on it, regexp matches, fmt.Sprint and
// Sprintf of the error, and the SDK error's Message where its status or
// code holds the fact. It says which class of error the text was meant to
// detect, whether the SDK in use can ever produce that text, and fixes the
// match into the runtime's typed predicate for that class.
package errtext

import "github.com/oaiguard/oaiguard/internal/lint"

// Doc documents the check.
var Doc = &lint.Doc{
	Name:    "errtext",
	Title:   "OpenAI API error matched by its text",
	Default: true,
	Why: `An error's text is not an API. What Error() holds differs by SDK and version:
openai-go since v3.71.0 holds only the status line ("OpenAI API error: 429 Too
Many Requests"), with no message, code or type, so a match on "rate limit",
"insufficient_quota" or "context_length_exceeded" never succeeds there; older
openai-go holds method, URL, status and the raw error JSON; go-openai holds the
status and the message but never the code or type, so "insufficient_quota"
never matches while "You exceeded your current quota" does. Names of the Python
SDK's exceptions ("RateLimitError") appear in no Go error at all. A branch that
tests such a text silently never runs, and one that tests "429" also catches
insufficient_quota, which arrives as a 429 but never succeeds when retried.

Reported: strings.Contains, HasPrefix, HasSuffix, EqualFold and Index on the
text, ==, != and switch on it, regexp matches, fmt.Sprint/Sprintf of the error
(also through strings.ToLower and local variables), and matching the SDK
error's Message or go-openai's HTTPStatus when the status or code holds the
fact. The errors checked are those that flow from an SDK call in the same
function (assigned, wrapped with %w or in a composite literal of an error
type with an Unwrap method, and read back from that type's one error field,
also after a type switch or errors.As, or peeled with errors.Unwrap, returned by the runtime, a retry helper or a
helper of the same package), copies of their text (fmt.Errorf with %v or
%s, errors.New(err.Error()): reported without a fix, since the predicate
reads the error chain that the copy breaks), values of the SDKs' error types, and
parameters of type error in packages that import an SDK, unless every call
of the function in the package passes an error from elsewhere (a helper
that classifies another service's errors). Across packages: errors
returned by functions and methods of other packages of the module (and
interface methods whose implementations in the packages imported do),
known from the facts those packages exported, with the message naming
where the error came from ("the error comes from go-openai via
example.com/m/pkg/ai.Client.Chat"); and, in a package that reaches an SDK
through others, any error matched against a text only an SDK's errors
hold (go-openai's "status code: 429", openai-go's "OpenAI API error", an
error code such as insufficient_quota, an SDK constant), unless the
module's own errors hold that text (errors.New and fmt.Errorf calls in the
packages that reach an SDK, and the sentinels declared with one that such
a package uses as a value; a sentinel only compared with, as errors.Is
does, is no error the code makes) or every value the error may hold is in sight and
none an SDK's (a package-level variable, errors.New, fmt.Errorf or
errors.Join over such values, a function of the module that returns only
such values, a function of a package that reaches no SDK and is handed
nothing that can carry an error). A text may also be the variable of a
loop over a composite literal of constants (for _, t := range
[]string{string(openai.RunErrorRateLimitExceeded), "429"}), each of which
is judged; such a match gets no fix, the loop being the code to replace.
The message
names the class the text was meant to detect and says when the SDK in use
can never produce it, or when the text is compared whole (==, !=,
strings.EqualFold) with a text no SDK error's text is alone ("rate limit",
"429"): such a comparison is never true for an SDK error, and gets no fix,
since the predicate would be.

The fix replaces the match with the runtime's predicate for that class
(oaiguard.IsRateLimited, IsQuotaExhausted, IsContextLengthExceeded, …), which
reads the status, code and type through errors.As and works on every SDK
version; for a text that errors of several classes hold, with the predicates
of all of them joined with || (parenthesised where an operator around binds
tighter): "429", "status code: 429" and "Too Many Requests" become
IsRateLimited(err) || IsQuotaExhausted(err) || IsRequestTooLarge(err), since
an exhausted quota and a request too large arrive as 429s too. Texts oaiguard does not know get the diagnostic without a fix.
An error that may come from either SDK (an interface method implemented on
both, a function or variable that returns or holds one SDK's error on one
path and the other's on another) is reported naming both, without a fix:
each runtime's predicates are false for the other SDK's errors.
A match that also accepts the text of one of the module's own errors
(errors.New or fmt.Errorf in a package of the module, however many imports
away, with fmt.Errorf's constant operands filled in and a number known only
at run time taken as any digits; what an Error method of the module returns;
a sentinel declared with one that a package uses as a value; not a
runtime's) gets no fix either, the message saying which text: that error
may be what reaches the match, and the predicate would miss it.
When a local variable keeps the text and every use of it is a match, the
last match's fix also makes the others' replacements and deletes the
variable, so that all of them apply in one run, or each alone, and build.
A text variable assigned more than once gets no fix at any of its matches:
fixing them all would leave it assigned and never read.
When the variable's declaration is not a statement of its own that
declares it alone (an if's or switch's init, several names, a var group),
the last match says so and has no fix; the others keep theirs, each of
which builds applied alone or with the others.`,
	Bad:  `if strings.Contains(err.Error(), "rate limit") {`,
	Good: `if oaiguard.IsRateLimited(err) {`,
	Options: map[string]string{
		"runtime": "import `path` of the runtime the fix uses (a copy written by oaiguard gen); default: the checked-in runtime for the error's SDK",
	},
}
