// Package keyinsource defines an Analyzer that reports OpenAI API keys
// written into Go source: string constants shaped like a key that reach a
// client's key, an Authorization header or OPENAI_API_KEY, or sit anywhere
// in a package that imports an SDK. Test files are checked too.
package keyinsource
