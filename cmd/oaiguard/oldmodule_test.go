package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/oaiguard/oaiguard/internal/testenv"
)

// The oldest Go line and openai-go v3 version the openai-go runtime module
// supports (runtime/openaigo/go.mod); a user's module there must take the
// fixes without either being raised.
const (
	oldGoLine   = "1.22"
	oldOpenAIGo = "v3.17.0"
)

// TestOldModuleKeepsVersions is the path of a user on an old Go line and an
// old openai-go v3 with an unretried call: oaiguard -fix wraps it with the
// runtime, go mod tidy adds the runtime module (replaced by this checkout's
// directory, since it is not published) and must leave the go directive and
// the SDK version as they were; the result builds, vets and passes its test,
// which needs the retry the fix added.
func TestOldModuleKeepsVersions(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool and runs the go command")
	}
	t.Parallel()
	bin := buildTool(t)
	mod := t.TempDir()
	write(t, mod, "go.mod", "module example.com/olduser\n\ngo "+oldGoLine+"\n\nrequire github.com/openai/openai-go/v3 "+oldOpenAIGo+"\n\n"+
		"replace github.com/oaiguard/oaiguard/runtime/openaigo => "+filepath.Join(testenv.Root, "runtime", "openaigo")+"\n")
	write(t, mod, "chat.go", `package main

import (
	"context"
	"fmt"
	"os"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

func main() {
	answer, err := ask(context.Background(), os.Getenv("OPENAI_BASE_URL"), "hello")
	fmt.Println(answer, err)
}

// ask sends one question with the SDK's own retries off.
func ask(ctx context.Context, baseURL, q string) (string, error) {
	client := openai.NewClient(option.WithBaseURL(baseURL), option.WithAPIKey("test"), option.WithMaxRetries(0))
	resp, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(q)},
	})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}
`)
	write(t, mod, "chat_test.go", `package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// The server rate-limits the first request; only a retried call succeeds.
func TestAskIsRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if n.Add(1) == 1 {
			w.Header().Set("retry-after-ms", "10")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `+"`"+`{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}`+"`"+`)
			return
		}
		fmt.Fprint(w, `+"`"+`{"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"hi"}}]}`+"`"+`)
	}))
	defer srv.Close()
	got, err := ask(context.Background(), srv.URL, "hello")
	if err != nil || got != "hi" {
		t.Fatalf("ask = %q, %v; want hi after one retry", got, err)
	}
	if n.Load() != 2 {
		t.Errorf("server saw %d requests, want 2", n.Load())
	}
}
`)
	run(t, mod, "go", "mod", "tidy")
	before := readMod(t, mod)
	if before.Go == nil || before.Go.Version != oldGoLine {
		t.Fatalf("the user's module is not on go %s before the fix: %v", oldGoLine, before.Go)
	}
	// Before the fix, the test fails: nothing retries the 429.
	if _, code := testenv.RunCode(t, mod, "go", "test", "./..."); code == 0 {
		t.Fatal("the module's test passes before the fix; it must need the retry")
	}

	out, code := testenv.RunCode(t, mod, bin, "-fix", "./...")
	if code != 0 && code != 1 {
		t.Fatalf("oaiguard -fix: exit %d\n%s", code, out)
	}
	src, err := os.ReadFile(filepath.Join(mod, "chat.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), `"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"`) || !strings.Contains(string(src), "oaiguard.Call(ctx, client.Chat.Completions.New,") {
		t.Fatalf("the fix did not wrap the call with the runtime:\n%s\noaiguard output:\n%s", src, out)
	}

	run(t, mod, "go", "mod", "tidy")
	after := readMod(t, mod)
	if after.Go == nil || after.Go.Version != oldGoLine {
		t.Errorf("go mod tidy after the fix changed the go directive to %v; want %s", after.Go, oldGoLine)
	}
	if after.Toolchain != nil {
		t.Errorf("go mod tidy after the fix added a toolchain line %q", after.Toolchain.Name)
	}
	reqs := map[string]string{}
	for _, r := range after.Require {
		reqs[r.Mod.Path] = r.Mod.Version
	}
	if v := reqs["github.com/openai/openai-go/v3"]; v != oldOpenAIGo {
		t.Errorf("go mod tidy after the fix changed openai-go/v3 to %s; want %s", v, oldOpenAIGo)
	}
	if _, ok := reqs["github.com/oaiguard/oaiguard/runtime/openaigo"]; !ok {
		t.Errorf("go mod tidy did not add the runtime module: %v", reqs)
	}
	if _, ok := reqs["github.com/oaiguard/oaiguard"]; ok {
		t.Errorf("the user's module requires the analyzer module: %v", reqs)
	}
	run(t, mod, "go", "build", "./...")
	run(t, mod, "go", "vet", "./...")
	run(t, mod, "go", "test", "-count=1", "./...")
}

func readMod(t *testing.T, dir string) *modfile.File {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
