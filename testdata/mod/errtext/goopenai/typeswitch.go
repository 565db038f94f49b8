package goopenai

import (
	"context"
	"errors"
	"fmt"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// wrapErr unwraps to its one error field: the SDK's error it holds stays in
// that field's chain.
type wrapErr struct {
	Op  string
	Err error
}

func (w *wrapErr) Error() string { return w.Op + ": " + w.Err.Error() }
func (w *wrapErr) Unwrap() error { return w.Err }

// fieldOfCase matches the text of a type switch value's field.
func fieldOfCase(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	var wrapped error = &wrapErr{Op: "chat", Err: err}
	switch v := wrapped.(type) {
	case *wrapErr:
		return strings.Contains(v.Err.Error(), "Unauthorized") // want `v.Err.Error\(\) matched against "Unauthorized" to detect an authentication failure; use oaiguard.IsAuth\(v.Err\)$`
	}
	return false
}

// fieldOfAs matches the text of errors.As's target's field.
func fieldOfAs(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	err = &wrapErr{Op: "chat", Err: err}
	var w *wrapErr
	if errors.As(err, &w) {
		return strings.Contains(w.Err.Error(), "Forbidden") // want `w.Err.Error\(\) matched against "Forbidden" to detect a permission error; use oaiguard.IsPermission\(w.Err\)$`
	}
	return false
}

// unwrapTwice matches the text of the error two layers down.
func unwrapTwice(ctx context.Context, client *openai.Client) bool {
	_, err := client.CreateChatCompletion(ctx, req)
	err = fmt.Errorf("b: %w", fmt.Errorf("a: %w", err))
	return strings.Contains(errors.Unwrap(errors.Unwrap(err)).Error(), "Not Found") // want `matched against "Not Found" to detect a missing model or object; use oaiguard.IsNotFound\(errors.Unwrap\(errors.Unwrap\(err\)\)\)$`
}
