// Package openaigo writes fake, key-shaped strings where openai-go takes a
// key. The keys are repeated "A1b2" patterns: never real keys.
package openaigo

import (
	"fmt"
	"os"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

const projectKey = "sk-proj-A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2" // want `string constant holds an OpenAI API key \(sk-pro…, 168 characters\) and reaches option.WithAPIKey \(line 16\)`

func direct() openai.Client {
	return openai.NewClient(option.WithAPIKey(projectKey))
}

func header() openai.Client {
	return openai.NewClient(option.WithHeader("Authorization", "Bearer sk-svcacct-B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3B2c3")) // want `\(sk-svc…, 171 characters\) and reaches an Authorization header \(option.WithHeader\)`
}

func viaVariable() openai.Client {
	key := "sk-A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2" // want `\(sk-A1b…, 51 characters\) and reaches option.WithAPIKey`
	return openai.NewClient(option.WithAPIKey(key))
}

func sprintf() openai.Client {
	k := "sk-admin-C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4C3d4" // want `\(sk-adm…, 169 characters\) and reaches an Authorization header`
	return openai.NewClient(option.WithHeader("Authorization", fmt.Sprintf("Bearer %s", k)))
}

func setenv() {
	os.Setenv("OPENAI_API_KEY", "sk-proj-"+"A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2") // want `reaches the OPENAI_API_KEY environment variable`
}

// Anywhere in a package that imports an SDK.
var keys = map[string]string{
	"prod": "sk-proj-A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2", // want `sits in a package that imports github.com/openai/openai-go/v3`
}

// Negatives.

func fromEnv() openai.Client {
	return openai.NewClient(option.WithAPIKey(os.Getenv("OPENAI_API_KEY")))
}

var placeholders = []string{
	"sk-...",
	"sk-xxxx",
	"sk-test",
	"sk-" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	"sk-proj-your-key-here-A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2",
	"sk-proj-EXAMPLEA1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2",
	"sk-proj-0000000000000000000000000000000000000000000000000000000",
	"sk-A1b2A1b2", // too short to be a key
	"task-A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2", // "sk-" inside a word
	"disk-A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2",
}

//oaiguard:ignore keyinsource a deliberate fake, for the recorded responses
const recordedKey = "sk-proj-A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2"

func use() {
	_, _, _, _ = keys, placeholders, recordedKey, fromEnv
}
