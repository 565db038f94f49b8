module github.com/oaiguard/oaiguard/bench

go 1.26.0

require (
	github.com/alicebob/miniredis/v2 v2.40.0
	github.com/avast/retry-go/v4 v4.7.0
	github.com/aws/aws-sdk-go-v2 v1.48.0
	github.com/aws/smithy-go v1.28.9
	github.com/cenkalti/backoff/v5 v5.0.3
	github.com/hashicorp/go-retryablehttp v0.7.8
	github.com/oaiguard/oaiguard/runtime/goopenai v0.0.0
	github.com/oaiguard/oaiguard/runtime/openaigo v0.0.0
	github.com/oaiguard/oaiguard/runtime/redisstore v0.0.0
	github.com/openai/openai-go/v3 v3.98.0
	github.com/redis/go-redis/v9 v9.23.0
	github.com/sashabaranov/go-openai v1.43.0
	github.com/tidwall/gjson v1.20.0
)

require (
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.2 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/text v0.42.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/coder/websocket v1.8.15 // indirect
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/oaiguard/oaiguard v0.0.0
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.2.1 // indirect
	github.com/tidwall/sjson v1.2.5 // indirect
	github.com/yuin/gopher-lua v1.1.1 // indirect
	go.uber.org/atomic v1.12.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
)

// The runtime modules are not published with a version yet; these
// replacements (at v0.0.0 only, so that the workspace's go.work, which
// uses the same directories, does not conflict with them) let the
// benchmark build on its own, with GOWORK=off.
replace (
	github.com/oaiguard/oaiguard/runtime/goopenai v0.0.0 => ../runtime/goopenai
	github.com/oaiguard/oaiguard/runtime/openaigo v0.0.0 => ../runtime/openaigo
	github.com/oaiguard/oaiguard/runtime/redisstore v0.0.0 => ../runtime/redisstore
)

replace github.com/oaiguard/oaiguard v0.0.0 => ../
