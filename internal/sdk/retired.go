package sdk

import (
	"go/types"
	"strings"
)

// This file is oaiguard's one table of retired and deprecated APIs and
// models. What the SDKs mark themselves is generated into retired_gen.go
// from the pinned modules' source (retiredgen); what they do not mark is
// added here by hand, each entry with its source and the date it was read.
// Regenerating is the update path: bump the SDKs in go.mod, then
// `go generate ./internal/sdk`.

//go:generate go run ./retiredgen -o retired_gen.go

// ModelRetirement is what is known of a model ID's shutdown.
type ModelRetirement struct {
	// Shutdown is the announced shutdown date, YYYY-MM-DD; "" when the
	// SDK says the model is shut down and gives no date.
	Shutdown string
	// Replacement is the model the SDK names instead, if any.
	Replacement string
	// Source is the SDK module@version, or the document, that says so.
	Source string
}

// ShutDown reports whether the model is past its shutdown as of
// RetiredAsOf.
func (m ModelRetirement) ShutDown() bool { return m.Shutdown == "" || m.Shutdown <= RetiredAsOf }

// ServiceDeprecation is what openai-go says of a deprecated service.
type ServiceDeprecation struct {
	Shutdown    string // YYYY-MM-DD when the SDK gives a date
	Replacement string // what the SDK says to migrate to, if anything
	Note        string // the SDK's deprecation text
}

// RetiredAPI is an API that is shut down, or deprecated with no shutdown
// yet.
type RetiredAPI struct {
	Name        string // "the Assistants API"
	Shutdown    string // YYYY-MM-DD; "" when no shutdown is announced
	Replacement string // what to call instead
	Source      string // where the date comes from, and when it was read
}

// ShutDown reports whether the API is past its shutdown as of RetiredAsOf.
func (a RetiredAPI) ShutDown() bool { return a.Shutdown != "" && a.Shutdown <= RetiredAsOf }

// The APIs the tables below point to.
var (
	// Source: developers.openai.com/api/docs/deprecations (deprecation
	// announced 2025-08-26, sunset 2026-08-26) and
	// developers.openai.com/api/docs/assistants/migration ("officially
	// sunset on August 26, 2026"), read 2026-11-25
	// (reference/openai-sdks.md §5). Requests now get 404.
	assistantsAPI = RetiredAPI{
		Name:        "the Assistants API",
		Shutdown:    "2026-08-26",
		Replacement: "the Responses API (runs) and the Conversations API (threads)",
		Source:      "developers.openai.com/api/docs/assistants/migration, read 2026-11-25",
	}
	// Source: go-openai v1.43.0 edits.go ("migrate to GPT-3.5 Turbo by
	// January 4, 2024") and the deprecations page, read 2026-11-25
	// (reference/openai-sdks.md §5).
	editsAPI = RetiredAPI{
		Name:        "the Edits API (/v1/edits)",
		Shutdown:    "2024-01-04",
		Replacement: "CreateChatCompletion",
		Source:      "developers.openai.com/api/docs/deprecations, read 2026-11-25",
	}
	// Source: go-openai v1.43.0 fine_tunes.go (deprecation announced
	// 2023-08-22) and the deprecations page (shutdown 2024-01-04), read
	// 2026-11-25 (reference/openai-sdks.md §5).
	fineTunesAPI = RetiredAPI{
		Name:        "the legacy fine-tunes API (/v1/fine-tunes)",
		Shutdown:    "2024-01-04",
		Replacement: "the fine-tuning jobs API (CreateFineTuningJob and friends)",
		Source:      "developers.openai.com/api/docs/deprecations, read 2026-11-25",
	}
	// Source: reference/openai-sdks.md §2.1 and §5, read 2026-11-25:
	// /v1/engines is deprecated in favour of /v1/models; no shutdown date
	// is announced, and go-openai does not mark the methods.
	enginesAPI = RetiredAPI{
		Name:        "the Engines API (/v1/engines)",
		Replacement: "ListModels / GetModel (/v1/models)",
		Source:      "developers.openai.com/api/docs/deprecations, read 2026-11-25",
	}
)

// assistantsServices are openai-go's services of the Assistants API, in
// every major version (v1, v2, v3 and the charmbracelet fork name them
// alike). v3 marks them deprecated, but gives no date: the date is
// assistantsAPI's.
var assistantsServices = map[string]bool{
	"BetaAssistantService":     true,
	"BetaThreadService":        true,
	"BetaThreadRunService":     true,
	"BetaThreadRunStepService": true,
	"BetaThreadMessageService": true,
}

// goOpenAIRetired maps go-openai's Client methods that call a shut-down or
// deprecated API to it. go-openai v1.43.0 marks only Edits and the
// fine-tunes methods; the Assistants, Threads, Runs and Messages methods
// and the Engines methods carry no mark (reference/openai-sdks.md §2.1,
// read 2026-11-25).
var goOpenAIRetired = func() map[string]*RetiredAPI {
	m := map[string]*RetiredAPI{}
	for _, name := range []string{
		// assistant.go
		"CreateAssistant", "RetrieveAssistant", "ModifyAssistant", "DeleteAssistant", "ListAssistants",
		"CreateAssistantFile", "RetrieveAssistantFile", "DeleteAssistantFile", "ListAssistantFiles",
		// thread.go
		"CreateThread", "RetrieveThread", "ModifyThread", "DeleteThread",
		// run.go
		"CreateRun", "RetrieveRun", "ModifyRun", "ListRuns", "SubmitToolOutputs", "CancelRun",
		"CreateThreadAndRun", "RetrieveRunStep", "ListRunSteps",
		// messages.go
		"CreateMessage", "ListMessage", "RetrieveMessage", "ModifyMessage", "RetrieveMessageFile",
		"ListMessageFiles", "DeleteMessage",
	} {
		m[name] = &assistantsAPI
	}
	m["Edits"] = &editsAPI
	for _, name := range []string{"CreateFineTune", "CancelFineTune", "ListFineTunes", "GetFineTune", "DeleteFineTune", "ListFineTuneEvents"} {
		m[name] = &fineTunesAPI
	}
	m["ListEngines"] = &enginesAPI
	m["GetEngine"] = &enginesAPI
	return m
}()

// handModels are model shutdowns neither SDK marks. Each entry names its
// source and the date it was read.
var handModels = map[string]ModelRetirement{
	// developers.openai.com/api/docs/deprecations, read 2026-11-25
	// (reference/openai-sdks.md §5): the Edits API's models went with it.
	"text-davinci-edit-001": {Shutdown: "2024-01-04", Replacement: "gpt-4o-mini", Source: "developers.openai.com/api/docs/deprecations, read 2026-11-25"},
	"code-davinci-edit-001": {Shutdown: "2024-01-04", Replacement: "gpt-4o-mini", Source: "developers.openai.com/api/docs/deprecations, read 2026-11-25"},
	// reference/openai-sdks.md §5 (from the deprecations page, read
	// 2026-11-25) lists "curie" among the GPT-3 base models shut down on
	// 2024-01-04; go-openai v1.43.0 marks its neighbours (GPT3Davinci,
	// GPT3Ada…) but not GPT3Curie.
	"curie": {Shutdown: "2024-01-04", Replacement: "davinci-002", Source: "developers.openai.com/api/docs/deprecations (reference/openai-sdks.md §5), read 2026-11-25"},
	// The Codex models: go-openai v1.43.0 (completion.go) still lists
	// CodexCodeDavinci002, CodexCodeCushman001 and CodexCodeDavinci001
	// unmarked. Their shutdown date, 2023-03-23, is NOT in the references
	// at hand (reference/openai-sdks.md has none); it is the date the
	// deprecations page gave when the Codex API was closed, recalled, not
	// re-read: check it when the page can be read.
	"code-davinci-002": {Shutdown: "2023-03-23", Source: "developers.openai.com/api/docs/deprecations, recalled (not in reference/openai-sdks.md), read 2026-12-07"},
	"code-cushman-001": {Shutdown: "2023-03-23", Source: "developers.openai.com/api/docs/deprecations, recalled (not in reference/openai-sdks.md), read 2026-12-07"},
	"code-davinci-001": {Shutdown: "2023-03-23", Source: "developers.openai.com/api/docs/deprecations, recalled (not in reference/openai-sdks.md), read 2026-12-07"},
	// GPT-4.5 preview: go-openai v1.43.0 lists GPT4Dot5Preview and
	// GPT4Dot5Preview20250227 unmarked, openai-go v3.98.0 no longer has
	// them. The shutdown date, 2025-07-14, is NOT in the references at
	// hand; it is the date the deprecations page announced in April 2025,
	// recalled, not re-read: check it when the page can be read.
	"gpt-4.5-preview":            {Shutdown: "2025-07-14", Source: "developers.openai.com/api/docs/deprecations, recalled (not in reference/openai-sdks.md), read 2026-12-07"},
	"gpt-4.5-preview-2025-02-27": {Shutdown: "2025-07-14", Source: "developers.openai.com/api/docs/deprecations, recalled (not in reference/openai-sdks.md), read 2026-12-07"},
}

// Model returns what is known of a model ID's shutdown, if anything.
func Model(id string) (ModelRetirement, bool) {
	if m, ok := generatedModels[id]; ok {
		return m, true
	}
	m, ok := handModels[id]
	return m, ok
}

// RetiredCall returns the retired or deprecated API that calling fn, an
// SDK method, reaches.
func RetiredCall(fn *types.Func) (RetiredAPI, bool) {
	if fn == nil || fn.Pkg() == nil {
		return RetiredAPI{}, false
	}
	mod, sub, ok := ModuleOf(fn.Pkg().Path())
	if !ok || sub != "" {
		return RetiredAPI{}, false
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return RetiredAPI{}, false
	}
	named := namedOf(recv.Type())
	if named == nil {
		return RetiredAPI{}, false
	}
	name := named.Obj().Name()
	switch FamilyOfModule(mod) {
	case GoOpenAI:
		if name == "Client" {
			if a := goOpenAIRetired[fn.Name()]; a != nil {
				return *a, true
			}
		}
	case OpenAIGo:
		if assistantsServices[name] {
			return assistantsAPI, true
		}
		if s, ok := generatedServices[name]; ok {
			return RetiredAPI{
				Name:        "openai-go's " + name,
				Shutdown:    s.Shutdown,
				Replacement: s.Replacement,
				Source:      strings.SplitN(RetiredSources, ",", 2)[0],
			}, true
		}
	}
	return RetiredAPI{}, false
}
