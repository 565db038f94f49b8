// Package retired defines an Analyzer that reports calls into OpenAI APIs
// that are shut down or deprecated (the Assistants API, Edits, legacy
// fine-tunes, Engines, and the services openai-go marks), and model IDs
// past or near their announced shutdown that reach a request's model
// field. Dates come from internal/sdk's table, generated from the pinned
// SDKs' source and dated by it, never from today's date.
package retired
