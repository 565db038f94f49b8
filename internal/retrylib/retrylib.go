// Package retrylib knows the retry libraries and retrying HTTP clients that
// Go code wraps OpenAI calls with, so that checks recognise them as retry
// handling and know how many attempts they make by default.
package retrylib

import "go/types"

// Helper is a function that runs its function arguments repeatedly.
type Helper struct {
	Pkg  string // import path
	Recv string // receiver type name for methods, "" for functions
	Name string
	// Display is how messages name it, e.g. "backoff.Retry".
	Display string
	// Attempts is how many times it calls the function by default; 0 means
	// bounded only by time or by configuration we do not read.
	Attempts int
	// Config says where a call sets the attempts, if it can.
	Config AttemptsConfig
}

// AttemptsConfig says how a call of a helper sets its attempts, so that
// messages state the real count where a constant is given.
type AttemptsConfig struct {
	// Option is a function of the helper's package whose constant
	// argument is the number of attempts, passed among the call's
	// arguments or, for a method, its receiver's constructor's
	// (retry-go's retry.Attempts(4), retry.New(retry.Attempts(4)).Do;
	// backoff v5's backoff.WithMaxTries(4)). Zero means no bound.
	Option string
	// Unbounded is an option of the helper's package that removes the
	// bound (retry-go's retry.UntilSucceeded()).
	Unbounded string
	// Constructor is the function of the helper's package that builds
	// the receiver of a method (retry-go v5's retry.New).
	Constructor []string
	// BackOff is set when the second argument holds the backoff policy
	// (cenkalti/backoff v1–v4's b).
	BackOff bool
	// MaxRetries is a function of the helper's package that bounds a
	// policy by retries, its constant second argument (backoff's
	// WithMaxRetries(b, 5): 5 retries, 6 attempts).
	MaxRetries string
	// Wrappers are the functions of the helper's package that wrap a
	// policy as their first argument and keep its bound
	// (backoff.WithContext(b, ctx)).
	Wrappers []string
	// Zero says what a constant 0 given to Option means: ZeroNoBound
	// (backoff v5's WithMaxTries(0), bounded by time alone), ZeroUnbounded
	// (retry-go v4 and v5's Attempts(0): it retries until the function
	// succeeds, as UntilSucceeded) or ZeroNoCall (retry-go v3.0.0's
	// Attempts(0): its loop, `for n < attempts`, never calls the
	// function, so it retries nothing).
	Zero ZeroMeaning
	// Stops are the policy types of the helper's package that never
	// retry (cenkalti/backoff's StopBackOff, whose NextBackOff is always
	// Stop): a call given one, as its policy (BackOff) or through
	// PolicyOption, makes one attempt, whatever bounds wrap it.
	Stops []string
	// PolicyOption is the option of the helper's package that takes the
	// policy as its one argument (backoff v5's WithBackOff(b)).
	PolicyOption string
}

// ZeroMeaning is what a constant 0 attempts option means.
type ZeroMeaning int

const (
	// ZeroNoBound: no bound on attempts, time may bound them.
	ZeroNoBound ZeroMeaning = iota
	// ZeroUnbounded: it retries until the function succeeds.
	ZeroUnbounded
	// ZeroNoCall: it never calls the function.
	ZeroNoCall
)

var (
	avastV3Config   = AttemptsConfig{Option: "Attempts", Zero: ZeroNoCall}
	avastConfig     = AttemptsConfig{Option: "Attempts", Unbounded: "UntilSucceeded", Zero: ZeroUnbounded}
	avastV5Config   = AttemptsConfig{Option: "Attempts", Unbounded: "UntilSucceeded", Zero: ZeroUnbounded, Constructor: []string{"New", "NewWithData"}}
	backoffConfig   = AttemptsConfig{BackOff: true, MaxRetries: "WithMaxRetries", Wrappers: []string{"WithContext"}, Stops: []string{"StopBackOff"}}
	backoffV5Config = AttemptsConfig{Option: "WithMaxTries", Zero: ZeroNoBound, Stops: []string{"StopBackOff"}, PolicyOption: "WithBackOff"}
)

// Helpers lists the retry entry points that oaiguard recognises.
var Helpers = []Helper{
	// cenkalti/backoff v1 and v2 (the unversioned path; v2 is
	// +incompatible) and v3: ExponentialBackOff stops after 15 minutes.
	{Pkg: "github.com/cenkalti/backoff", Name: "Retry", Display: "backoff.Retry", Config: backoffConfig},
	{Pkg: "github.com/cenkalti/backoff", Name: "RetryNotify", Display: "backoff.RetryNotify", Config: backoffConfig},
	{Pkg: "github.com/cenkalti/backoff/v3", Name: "Retry", Display: "backoff.Retry", Config: backoffConfig},
	{Pkg: "github.com/cenkalti/backoff/v3", Name: "RetryNotify", Display: "backoff.RetryNotify", Config: backoffConfig},
	{Pkg: "github.com/cenkalti/backoff/v3", Name: "RetryNotifyWithTimer", Display: "backoff.RetryNotifyWithTimer", Config: backoffConfig},
	// cenkalti/backoff v4: same default.
	{Pkg: "github.com/cenkalti/backoff/v4", Name: "Retry", Display: "backoff.Retry", Config: backoffConfig},
	{Pkg: "github.com/cenkalti/backoff/v4", Name: "RetryWithData", Display: "backoff.RetryWithData", Config: backoffConfig},
	{Pkg: "github.com/cenkalti/backoff/v4", Name: "RetryNotify", Display: "backoff.RetryNotify", Config: backoffConfig},
	{Pkg: "github.com/cenkalti/backoff/v4", Name: "RetryNotifyWithData", Display: "backoff.RetryNotifyWithData", Config: backoffConfig},
	{Pkg: "github.com/cenkalti/backoff/v4", Name: "RetryNotifyWithTimer", Display: "backoff.RetryNotifyWithTimer", Config: backoffConfig},
	{Pkg: "github.com/cenkalti/backoff/v4", Name: "RetryNotifyWithTimerAndData", Display: "backoff.RetryNotifyWithTimerAndData", Config: backoffConfig},
	// cenkalti/backoff v5: same 15-minute default.
	{Pkg: "github.com/cenkalti/backoff/v5", Name: "Retry", Display: "backoff.Retry", Config: backoffV5Config},
	// avast/retry-go: 10 attempts by default. v3 lives at the unversioned
	// path (v3.0.0+incompatible).
	{Pkg: "github.com/avast/retry-go", Name: "Do", Display: "retry.Do", Attempts: 10, Config: avastV3Config},
	{Pkg: "github.com/avast/retry-go/v4", Name: "Do", Display: "retry.Do", Attempts: 10, Config: avastConfig},
	{Pkg: "github.com/avast/retry-go/v4", Name: "DoWithData", Display: "retry.DoWithData", Attempts: 10, Config: avastConfig},
	{Pkg: "github.com/avast/retry-go/v5", Recv: "Retrier", Name: "Do", Display: "retry.Retrier.Do", Attempts: 10, Config: avastV5Config},
	{Pkg: "github.com/avast/retry-go/v5", Recv: "RetrierWithData", Name: "Do", Display: "retry.RetrierWithData.Do", Attempts: 10, Config: avastV5Config},
	// sethvargo/go-retry: the caller builds the backoff.
	{Pkg: "github.com/sethvargo/go-retry", Name: "Do", Display: "retry.Do"},
	{Pkg: "github.com/sethvargo/go-retry", Name: "DoValue", Display: "retry.DoValue"},
	// k8s.io/client-go/util/retry.
	{Pkg: "k8s.io/client-go/util/retry", Name: "OnError", Display: "retry.OnError"},
	{Pkg: "k8s.io/client-go/util/retry", Name: "RetryOnConflict", Display: "retry.RetryOnConflict"},
	// k8s.io/apimachinery wait: backoff and polling until a condition holds.
	{Pkg: waitPkg, Name: "ExponentialBackoff", Display: "wait.ExponentialBackoff"},
	{Pkg: waitPkg, Name: "ExponentialBackoffWithContext", Display: "wait.ExponentialBackoffWithContext"},
	{Pkg: waitPkg, Name: "PollUntilContextCancel", Display: "wait.PollUntilContextCancel"},
	{Pkg: waitPkg, Name: "PollUntilContextTimeout", Display: "wait.PollUntilContextTimeout"},
	{Pkg: waitPkg, Name: "Poll", Display: "wait.Poll"},
	{Pkg: waitPkg, Name: "PollWithContext", Display: "wait.PollWithContext"},
	{Pkg: waitPkg, Name: "PollUntil", Display: "wait.PollUntil"},
	{Pkg: waitPkg, Name: "PollUntilWithContext", Display: "wait.PollUntilWithContext"},
	{Pkg: waitPkg, Name: "PollInfinite", Display: "wait.PollInfinite"},
	{Pkg: waitPkg, Name: "PollInfiniteWithContext", Display: "wait.PollInfiniteWithContext"},
	{Pkg: waitPkg, Name: "PollImmediate", Display: "wait.PollImmediate"},
	{Pkg: waitPkg, Name: "PollImmediateWithContext", Display: "wait.PollImmediateWithContext"},
	{Pkg: waitPkg, Name: "PollImmediateUntil", Display: "wait.PollImmediateUntil"},
	{Pkg: waitPkg, Name: "PollImmediateUntilWithContext", Display: "wait.PollImmediateUntilWithContext"},
	{Pkg: waitPkg, Name: "PollImmediateInfinite", Display: "wait.PollImmediateInfinite"},
	{Pkg: waitPkg, Name: "PollImmediateInfiniteWithContext", Display: "wait.PollImmediateInfiniteWithContext"},
}

const waitPkg = "k8s.io/apimachinery/pkg/util/wait"

// RetryableHTTP is hashicorp/go-retryablehttp, whose Client.StandardClient
// and RoundTripper retry 429 and 5xx responses.
const RetryableHTTP = "github.com/hashicorp/go-retryablehttp"

// RetryableHTTPAttempts is go-retryablehttp's default: RetryMax 4, so 5
// attempts.
const RetryableHTTPAttempts = 5

// RetryableHTTPRetryMax is the field of go-retryablehttp's Client that
// bounds its retries: RetryMax+1 attempts, none retried when it is 0 or
// less.
const RetryableHTTPRetryMax = "RetryMax"

type key struct{ pkg, recv, name string }

var byKey = func() map[key]*Helper {
	m := make(map[key]*Helper, len(Helpers))
	for i := range Helpers {
		h := &Helpers[i]
		m[key{h.Pkg, h.Recv, h.Name}] = h
	}
	return m
}()

// Lookup returns the retry helper fn is, if any.
func Lookup(fn *types.Func) (*Helper, bool) {
	if fn == nil || fn.Pkg() == nil {
		return nil, false
	}
	fn = fn.Origin()
	recv := ""
	if r := fn.Signature().Recv(); r != nil {
		t := types.Unalias(r.Type())
		if p, ok := t.(*types.Pointer); ok {
			t = types.Unalias(p.Elem())
		}
		n, ok := t.(*types.Named)
		if !ok {
			return nil, false
		}
		recv = n.Obj().Name()
	}
	h, ok := byKey[key{fn.Pkg().Path(), recv, fn.Name()}]
	return h, ok
}

// MayBuildClients reports whether a package that reaches no SDK may still
// build retrying HTTP clients for packages that do: it imports
// go-retryablehttp. Judged from its imports alone, so that the test costs
// no syntax walk. (A package's own retrying RoundTripper is not looked
// for: every package with a transport, net/http first, would qualify.)
func MayBuildClients(pkg *types.Package) bool {
	if pkg == nil {
		return false
	}
	for _, imp := range pkg.Imports() {
		if imp.Path() == RetryableHTTP {
			return true
		}
	}
	return false
}
