// Package flow is internal/errflow's test: the comment after each
// check(...) says whether its argument holds an error from the SDK ("sdk")
// or not ("not").
package flow

import (
	"context"
	"errors"
	"fmt"
	"os"

	retry "github.com/avast/retry-go/v4"
	oaiguard "github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
	openai "github.com/sashabaranov/go-openai"
)

var req = openai.ChatCompletionRequest{Model: openai.GPT4oMini}

func check(error) {}

var global error

func direct(ctx context.Context, c *openai.Client) {
	_, err := c.CreateChatCompletion(ctx, req)
	check(err) // sdk
	_, err = os.ReadFile("x")
	check(err) // not
	err = c.DeleteFile(ctx, "f")
	check(err)                    // sdk
	check(c.DeleteFile(ctx, "f")) // sdk
	global = err
	check(global) // not
}

func branches(ctx context.Context, c *openai.Client, b bool) {
	var err error
	if b {
		_, err = c.ListModels(ctx)
	} else {
		err = os.Remove("x")
	}
	check(err) // sdk
	if _, err := os.ReadFile("x"); err != nil {
		check(err) // not
	}
	check(err) // sdk
}

func loops(ctx context.Context, c *openai.Client) {
	var err error
	for range 3 {
		check(err) // sdk
		_, err = c.ListModels(ctx)
	}
	err = nil
	check(err) // not
}

func closures(ctx context.Context, c *openai.Client) {
	var err error
	func() { _, err = c.ListModels(ctx) }()
	check(err)                                            // sdk
	pred := func(e error) bool { check(e); return false } // sdk
	_ = pred
}

func wrapping(ctx context.Context, c *openai.Client) {
	_, err := c.ListModels(ctx)
	check(fmt.Errorf("list: %w", err))               // sdk
	check(fmt.Errorf("list: %v", err))               // copy
	check(fmt.Errorf("%s: %w", "list", err))         // sdk
	check(fmt.Errorf("%w: %v", os.ErrNotExist, err)) // copy
	check(fmt.Errorf("%s", err.Error()))             // copy
	check(errors.New(err.Error()))                   // copy
	msg := "list: " + err.Error()
	check(errors.New(msg))                        // copy
	check(fmt.Errorf("%s", os.ErrClosed.Error())) // not
	check(&apiError{Op: "list", Err: err})        // sdk
	check(apiError{Op: "list", Err: err})         // sdk
	check(&apiError{Op: "list"})                  // not
	check(&plainError{Err: err})                  // not
	check(ptrError{Err: err})                     // not
	check(&ptrError{Err: err})                    // sdk
	check(errors.Join(os.ErrClosed, err))         // sdk
	check(fmt.Errorf("%[1]w", err))               // sdk
	check(errors.New("rate limit"))               // not
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		check(apiErr) // sdk
	}
	switch e := err.(type) {
	case interface {
		error
		Timeout() bool
	}:
		check(e) // sdk
	}
}

// apiError unwraps to the error it holds: an SDK error stays in its chain.
type apiError struct {
	Op  string
	Err error
}

func (e apiError) Error() string { return e.Op + ": " + e.Err.Error() }
func (e apiError) Unwrap() error { return e.Err }

// ptrError unwraps through its pointer only: errors.As does not reach
// inside a value of it.
type ptrError struct{ Err error }

func (e ptrError) Error() string  { return e.Err.Error() }
func (e *ptrError) Unwrap() error { return e.Err }

// plainError does not unwrap: errors.As finds nothing in it.
type plainError struct{ Err error }

func (e *plainError) Error() string { return e.Err.Error() }

func list(ctx context.Context, c *openai.Client) (int, error) {
	l, err := c.ListModels(ctx)
	if err != nil {
		return 0, fmt.Errorf("list: %w", err)
	}
	return len(l.Models), nil
}

func listTwice(ctx context.Context, c *openai.Client) (n int, err error) {
	n, err = list(ctx, c)
	return
}

type svc struct{ c *openai.Client }

func (s svc) list(ctx context.Context) error {
	_, err := listTwice(ctx, s.c)
	return err
}

func wrapAny(err error) error { return fmt.Errorf("wrapped: %w", err) }

func helpers(ctx context.Context, c *openai.Client) {
	_, err := list(ctx, c)
	check(err) // sdk
	_, err = listTwice(ctx, c)
	check(err)                   // sdk
	check(svc{c}.list(ctx))      // sdk
	check(wrapAny(os.ErrClosed)) // not
}

func wrappers(ctx context.Context, c *openai.Client) {
	_, err := oaiguard.Call(ctx, c.CreateChatCompletion, req)
	check(err) // sdk
	err = retry.Do(func() error {
		_, err := c.ListModels(ctx)
		return err
	})
	check(err) // sdk
	err = retry.Do(func() error { return os.Remove("x") })
	check(err) // not
}

func stream(ctx context.Context, c *openai.Client) {
	s, err := c.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return
	}
	_, err = s.Recv()
	check(err) // sdk
}

// twoErrors unwraps, but to which of its two errors is out of sight.
type twoErrors struct{ First, Second error }

func (e *twoErrors) Error() string { return e.First.Error() }
func (e *twoErrors) Unwrap() error { return e.Second }

// fields: the one error field of a type that unwraps holds the chain.
func fields(ctx context.Context, c *openai.Client) {
	_, err := c.CreateChatCompletion(ctx, req)
	var wrapped error = &ptrError{Err: err}
	switch v := wrapped.(type) {
	case *ptrError:
		check(v.Err) // sdk
	}
	a := apiError{Op: "chat", Err: err}
	check(a.Err) // sdk
	p := &plainError{Err: err}
	check(p.Err) // not
	two := &twoErrors{First: errors.New("x"), Second: err}
	check(two.First) // not
	own := apiError{Op: "own", Err: errors.New("own")}
	check(own.Err) // not
}

// asTarget: errors.As's target holds the error found in the chain, and
// its one error field what lies below it.
func asTarget(ctx context.Context, c *openai.Client) {
	_, err := c.CreateChatCompletion(ctx, req)
	err = fmt.Errorf("chat: %w", &ptrError{Err: err})
	var p *ptrError
	if errors.As(err, &p) {
		check(p.Err) // sdk
	}
	var q *ptrError
	if errors.As(errors.New("own"), &q) {
		check(q.Err) // not
	}
}

// unwrapped: errors.Unwrap peels layers off; the SDK's error is below.
func unwrapped(ctx context.Context, c *openai.Client) {
	_, err := c.CreateChatCompletion(ctx, req)
	err = fmt.Errorf("b: %w", fmt.Errorf("a: %w", err))
	check(errors.Unwrap(errors.Unwrap(err))) // sdk
	check(errors.Unwrap(errors.New("own")))  // not
}
