module github.com/oaiguard/oaiguard/internal/crosstest

go 1.26.0

require (
	github.com/oaiguard/oaiguard v0.0.0
	github.com/oaiguard/oaiguard/runtime/goopenai v0.0.0
	github.com/oaiguard/oaiguard/runtime/openaigo v0.0.0
	github.com/openai/openai-go/v3 v3.98.0
	github.com/sashabaranov/go-openai v1.43.0
	golang.org/x/tools v0.52.0
)

require (
	github.com/coder/websocket v1.8.15 // indirect
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.2 // indirect
	github.com/tidwall/gjson v1.20.0 // indirect
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.2.1 // indirect
	github.com/tidwall/sjson v1.2.5 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/text v0.42.0 // indirect
)

// Nothing here is published; these replacements (at v0.0.0 only, so that
// the workspace's go.work, which uses the same directories, does not
// conflict with them) let the module build on its own, with GOWORK=off.
replace (
	github.com/oaiguard/oaiguard v0.0.0 => ../..
	github.com/oaiguard/oaiguard/runtime/goopenai v0.0.0 => ../../runtime/goopenai
	github.com/oaiguard/oaiguard/runtime/openaigo v0.0.0 => ../../runtime/openaigo
)
