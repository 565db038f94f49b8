// Package logic decides at run time whether its Doer retries.
package logic

import (
	"context"
	"log"
	"time"

	"example.com/fixtures/across/chosen/ai"
)

// retrying retries the Doer it decorates.
type retrying struct{ d ai.Doer }

func (r retrying) Do(ctx context.Context, q string) (string, error) { // want Do:`returns github.com/sashabaranov/go-openai errors`
	var err error
	for attempt := range 3 { // want `retry loop around r.d.Do: it retries every error`
		var out string
		out, err = r.d.Do(ctx, q)
		if err == nil {
			return out, nil
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(time.Duration(attempt+1) * time.Second):
		}
	}
	return "", err
}

// logged only logs.
type logged struct{ d ai.Doer }

func (l logged) Do(ctx context.Context, q string) (string, error) { // want Do:`calls p.C.CreateChatCompletion \(go-openai\)`
	out, err := l.d.Do(ctx, q)
	if err != nil {
		log.Print(err)
	}
	return out, err
}

// Retried or not as configured: nothing says it is not, so silent.
func chosen(ctx context.Context, p ai.Plain, retry bool) (string, error) {
	var d ai.Doer = p
	if retry {
		d = retrying{d}
	}
	return d.Do(ctx, "q")
}

// Never retried: reported, decorated or not.
func plain(ctx context.Context, p ai.Plain, verbose bool) (string, error) {
	var d ai.Doer = p
	if verbose {
		d = logged{d}
	}
	return d.Do(ctx, "q") // want `d.Do has no retry handling, here or in example.com/fixtures/across/chosen/ai.Plain.Do \(reached through the interface method example.com/fixtures/across/chosen/ai.Doer.Do\), where it calls p.C.CreateChatCompletion`
}

// ai's own retrying decorator, chosen at run time: silent.
func chosenAI(ctx context.Context, p ai.Plain, retry bool) (string, error) {
	var d ai.Doer = p
	if retry {
		d = ai.Retrying{D: d}
	}
	return d.Do(ctx, "q")
}

// newDoer chooses the decorator.
func newDoer(p ai.Plain, retry bool) ai.Doer {
	var d ai.Doer = p
	if retry {
		d = retrying{d}
	}
	return d
}

// The choice made in newDoer: silent.
func chosenInFunc(ctx context.Context, p ai.Plain, retry bool) (string, error) {
	d := newDoer(p, retry)
	return d.Do(ctx, "q")
}

// newLogged never retries: reported.
func newLogged(p ai.Plain) ai.Doer { return logged{p} }

func loggedInFunc(ctx context.Context, p ai.Plain) (string, error) {
	return newLogged(p).Do(ctx, "q") // want `newLogged\(p\).Do has no retry handling, here or in example.com/fixtures/across/chosen/ai.Plain.Do \(reached through the interface method example.com/fixtures/across/chosen/ai.Doer.Do\)`
}
