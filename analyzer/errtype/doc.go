// Package errtype defines an Analyzer that reports SDK errors handled by
// type the wrong way: type assertions and type switches that miss wrapped
// errors, errors.As targets that make errors.As panic, go-openai's Code
// (type any) compared as if it were always a string, discarded errors of
// API calls, and openai-go streams and pagers whose Err is never read.
package errtype
