// Package goopenai holds go-openai errors handled by type, wrongly and
// rightly.
package goopenai

import (
	"context"
	"errors"
	"io"
	"log"

	"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
	openai "github.com/sashabaranov/go-openai"
)

// Type assertions: fixed to errors.As.

func assertIf(err error) bool {
	if apiErr, ok := err.(*openai.APIError); ok && apiErr.HTTPStatusCode == 429 { // want `type assertion err.\(\*openai.APIError\) misses a wrapped \*openai.APIError \(fmt.Errorf with %w, retry helpers, oaiguard's runtime\); use errors.As`
		return true
	}
	return false
}

func assertElseIf(err error, quiet bool) int {
	if quiet {
		return 0
	} else if reqErr, ok := err.(*openai.RequestError); ok { // want `type assertion err.\(\*openai.RequestError\) misses a wrapped`
		return reqErr.HTTPStatusCode
	}
	return -1
}

func assertShadow(err error) int {
	e := 1
	if e, ok := err.(*openai.APIError); ok { // want `type assertion err.\(\*openai.APIError\) misses a wrapped`
		return e.HTTPStatusCode
	}
	return e
}

func assertStmt(err error) int {
	apiErr, ok := err.(*openai.APIError) // want `type assertion err.\(\*openai.APIError\) misses a wrapped`
	if !ok {
		return 0
	}
	return apiErr.HTTPStatusCode
}

func assertBlank(err error) bool {
	if _, ok := err.(*openai.APIError); ok { // want `type assertion err.\(\*openai.APIError\) misses a wrapped`
		return true
	}
	return false
}

// Type assertions reported without a fix.

func assertPanics(err error) int {
	return err.(*openai.APIError).HTTPStatusCode // want `type assertion err.\(\*openai.APIError\) panics when err holds another error and misses a wrapped \*openai.APIError; use errors.As`
}

func okReadInBody(err error) {
	if apiErr, ok := err.(*openai.APIError); ok { // want `type assertion err.\(\*openai.APIError\) misses a wrapped`
		log.Print(ok, apiErr.Message)
	}
}

// Type switches: the simple one is fixed.

func switchSimple(err error) int {
	switch e := err.(type) { // want `type switch on err takes the \*openai.APIError case only when the error is not wrapped`
	case *openai.APIError:
		return e.HTTPStatusCode
	default:
		return 0
	}
}

func switchNoVar(err error) bool {
	switch err.(type) { // want `type switch on err takes the \*openai.RequestError case only when the error is not wrapped`
	case *openai.RequestError:
		return true
	}
	return false
}

func switchTwoTypes(err error) int {
	switch e := err.(type) { // want `type switch on err takes the \*openai.APIError case only`
	case *openai.APIError:
		return e.HTTPStatusCode
	case *openai.RequestError:
		return e.HTTPStatusCode
	}
	return 0
}

// errors.As targets that panic: fixed to the pointer form.

func asValueTarget(err error) int {
	var apiErr openai.APIError
	if errors.As(err, &apiErr) && apiErr.HTTPStatusCode >= 500 { // want `errors.As target &apiErr is a \*openai.APIError, so errors.As panics: only \*openai.APIError implements error; the target must be a \*\*openai.APIError`
		return apiErr.HTTPStatusCode
	}
	return 0
}

func asLiteralTarget(err error) string {
	apiErr := openai.APIError{}
	if errors.As(err, &apiErr) { // want `errors.As target &apiErr is a \*openai.APIError, so errors.As panics`
		return apiErr.Message
	}
	return apiErr.Type
}

func asPointerTarget(err error) string {
	reqErr := &openai.RequestError{}
	if errors.As(err, reqErr) { // want `errors.As target reqErr is a \*openai.RequestError, so errors.As panics`
		return reqErr.HTTPStatus
	}
	return ""
}

// Code is any: a numeric code is an int.

func codeCompare(apiErr *openai.APIError) bool {
	return apiErr.Code == "429" // want `apiErr.Code == "429" is never true: go-openai stores a numeric code as an int, so apiErr.Code holds 429, not "429"; compare fmt.Sprint\(apiErr.Code\)`
}

func codeSwitch(apiErr *openai.APIError) bool {
	switch apiErr.Code { // want `case "500" never matches: go-openai stores a numeric code as an int, so apiErr.Code holds 500; switch on fmt.Sprint\(apiErr.Code\)`
	case "500", "server_error":
		return true
	}
	return false
}

func codeAssert(apiErr *openai.APIError) string {
	return apiErr.Code.(string) // want `apiErr.Code.\(string\) panics when the API sends a numeric code \(go-openai stores it as an int\) or none; use fmt.Sprint\(apiErr.Code\)`
}

// Two assertions that bind the same name in one block: hoisting both would
// declare it twice, so both keep it in the if.
func assertTwice(err error) error {
	if e, ok := err.(*openai.APIError); ok { // want `type assertion err.\(\*openai.APIError\) misses a wrapped`
		return e
	}
	if e, ok := err.(*openai.APIError); ok { // want `type assertion err.\(\*openai.APIError\) misses a wrapped`
		return e
	}
	return err
}

// A forward goto across the if: a declaration hoisted above it would be
// jumped over, so e stays in the if.
func assertAfterGoto(err error) error {
	if err == nil {
		goto end
	}
	if e, ok := err.(*openai.APIError); ok { // want `type assertion err.\(\*openai.APIError\) misses a wrapped`
		return e
	}
end:
	return err
}

// A backward goto does not jump over the hoisted declaration.
func assertBeforeLabel(err error) error {
again:
	if err == nil {
		return nil
	}
	if e, ok := err.(*openai.APIError); ok { // want `type assertion err.\(\*openai.APIError\) misses a wrapped`
		if e.HTTPStatusCode == 429 {
			err = nil
			goto again
		}
		return e
	}
	return err
}

// Discarded errors of API calls.

func discarded(ctx context.Context, client *openai.Client, req openai.ChatCompletionRequest) string {
	resp, _ := client.CreateChatCompletion(ctx, req) // want `the error of client.CreateChatCompletion is discarded \(it is assigned to _\): a failed call, a 429 included, goes unnoticed; handle the error`
	client.CreateChatCompletion(ctx, req)            // want `the error of client.CreateChatCompletion is discarded \(its result is dropped\)`
	_, _ = client.ListModels(ctx)                    // want `the error of client.ListModels is discarded`
	defer client.DeleteFile(ctx, "file-1")           // want `the error of client.DeleteFile is discarded \(go and defer drop its result\)`
	_, _ = client.ListModels(ctx)                    //oaiguard:ignore discarded a category names one problem
	return resp.ID
}

// The runtime's error is the API's, and as easily discarded.
func discardedWrapped(ctx context.Context, client *openai.Client, req openai.ChatCompletionRequest) string {
	resp, _ := oaiguard.Call(ctx, client.CreateChatCompletion, req) // want `the error of oaiguard.Call\(ctx, client.CreateChatCompletion, req\) is discarded \(it is assigned to _\)`
	return resp.ID
}

// Right: no reports.

func asRight(err error) bool {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) && apiErr.HTTPStatusCode == 429 {
		return true
	}
	var reqErr *openai.RequestError
	return errors.As(err, &reqErr)
}

func codeRight(apiErr *openai.APIError) bool {
	if code, ok := apiErr.Code.(string); ok && code == "insufficient_quota" {
		return true
	}
	return apiErr.Code == "rate_limit_exceeded" || apiErr.Code == 429
}

func notSDK(err error) bool {
	_, ok := err.(interface{ Timeout() bool })
	return ok
}

func streamLoop(ctx context.Context, client *openai.Client, req openai.ChatCompletionRequest) (string, error) {
	stream, err := client.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return "", err
	}
	defer stream.Close()
	var out string
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, err
		}
		out += resp.Choices[0].Delta.Content
	}
	return out, nil
}
