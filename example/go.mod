module example.com/chatbot

go 1.26.0

tool github.com/oaiguard/oaiguard/cmd/oaiguard

require (
	github.com/openai/openai-go/v3 v3.98.0
	github.com/sashabaranov/go-openai v1.43.0
)

require (
	github.com/aymanbagabas/go-udiff v0.4.2 // indirect
	github.com/coder/websocket v1.8.15 // indirect
	github.com/dave/jennifer v1.7.1 // indirect
	github.com/oaiguard/oaiguard v0.0.0 // indirect
	github.com/oaiguard/oaiguard/runtime/goopenai v0.0.0-00010101000000-000000000000 // indirect
	github.com/oaiguard/oaiguard/runtime/openaigo v0.0.0-00010101000000-000000000000 // indirect
	github.com/tidwall/gjson v1.20.0 // indirect
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.2.1 // indirect
	github.com/tidwall/sjson v1.2.5 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
)

replace github.com/oaiguard/oaiguard => ../

// The runtime modules that the fixes import are required ahead of the
// fixes (`go mod tidy` before them drops them), so that the fixed copies the
// tests make build; until they are published, this checkout's directories.
replace github.com/oaiguard/oaiguard/runtime/openaigo => ../runtime/openaigo

replace github.com/oaiguard/oaiguard/runtime/goopenai => ../runtime/goopenai
