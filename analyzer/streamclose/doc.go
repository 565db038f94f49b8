// Package streamclose defines an Analyzer that reports SDK streams that are
// never closed: go-openai's *ChatCompletionStream and *CompletionStream and
// openai-go's *ssestream.Stream, from the SDK or from oaiguard's runtime,
// held in a local variable that no Close call, return, store or call
// argument lets go. Its fix is defer stream.Close() after the usual error
// check.
package streamclose
