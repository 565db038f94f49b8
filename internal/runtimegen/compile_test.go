package runtimegen

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

// goLines is the go directive each SDK's own go.mod declares; the temporary
// module uses it too, so that the runtime is checked at the oldest language
// version a user of that SDK may have.
var goLines = map[string]string{
	sdk.OpenAIGoV1:   "1.21",
	sdk.OpenAIGoV2:   "1.22",
	sdk.OpenAIGoV3:   "1.26.0",
	sdk.CharmOpenAI:  "1.25.0",
	sdk.GoOpenAIPath: "1.18",
}

// pinned are the SDK versions the runtimes are checked against when this
// repository's go.mod does not require the SDK itself (it requires only the
// two with checked-in runtimes); go.mod wins when it does.
var pinned = map[string]string{
	sdk.OpenAIGoV1:   "v1.12.0",
	sdk.OpenAIGoV2:   "v2.7.1",
	sdk.OpenAIGoV3:   "v3.98.0",
	sdk.CharmOpenAI:  "v0.0.0-20260921175203-216db9e71b83",
	sdk.GoOpenAIPath: "v1.43.0",
}

// uses call every wrapper on real SDK methods, so that generic inference is
// checked against each SDK's real method shapes. MOD is the SDK's path.
var uses = map[sdk.Family]string{
	sdk.OpenAIGo: `package use

import (
	"context"
	"net/http"

	"MOD"
	"MOD/option"
	"MOD/responses"

	"example.com/rt/oaiguard"
)

func Use(ctx context.Context, client openai.Client) []error {
	ctx = oaiguard.WithPolicy(ctx, oaiguard.DefaultPolicy)
	var errs []error
	_, err := oaiguard.Call0(ctx, client.Models.List)
	errs = append(errs, err)
	_, err = oaiguard.Call(ctx, client.Chat.Completions.New, openai.ChatCompletionNewParams{}, option.WithMaxRetries(1))
	errs = append(errs, err)
	_, err = oaiguard.Call2(ctx, client.VectorStores.FileBatches.Cancel, "vs", "batch")
	errs = append(errs, err)
	_, err = oaiguard.Call3(ctx, client.VectorStores.FileBatches.ListFiles, "vs", "batch", openai.VectorStoreFileBatchListFilesParams{})
	errs = append(errs, err)
	_, err = oaiguard.Call4(ctx, client.VectorStores.FileBatches.UploadAndPoll, "vs", []openai.FileNewParams{}, []string{}, 100)
	errs = append(errs, err)
	errs = append(errs, oaiguard.Exec(ctx, client.Responses.Delete, "resp"))
	errs = append(errs, oaiguard.Exec2(ctx, client.Containers.Files.Delete, "container", "file"))
	errs = append(errs, oaiguard.Exec3(ctx, client.Post, "path", nil, nil))
	errs = append(errs, oaiguard.Exec4(ctx, client.Execute, http.MethodGet, "path", nil, nil))
	s := oaiguard.Stream(ctx, client.Chat.Completions.NewStreaming, openai.ChatCompletionNewParams{})
	errs = append(errs, s.Err())
	s2 := oaiguard.Stream2(ctx, client.Responses.GetStreaming, "resp", responses.ResponseGetParams{})
	errs = append(errs, s2.Err())
	s3 := oaiguard.Stream3(ctx, client.Beta.Threads.Runs.SubmitToolOutputsStreaming, "thread", "run", openai.BetaThreadRunSubmitToolOutputsParams{})
	errs = append(errs, s3.Err())
	_, err = oaiguard.Do(ctx, func(ctx context.Context, opts ...option.RequestOption) (*openai.ChatCompletion, error) {
		return client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{}, opts...)
	})
	errs = append(errs, err)
	if oaiguard.IsQuotaExhausted(err) || oaiguard.Classify(err).Retryable() {
		return nil
	}
	return errs
}
`,
	sdk.GoOpenAI: `package use

import (
	"context"

	"MOD"

	"example.com/rt/oaiguard"
)

func Use(ctx context.Context) []error {
	cfg := openai.DefaultConfig("key")
	cfg.HTTPClient = oaiguard.HTTPClient(nil)
	client := openai.NewClientWithConfig(cfg)
	client = openai.NewClientWithConfig(oaiguard.Configure(openai.DefaultConfig("key")))
	client = oaiguard.NewClient("key")
	var errs []error
	_, err := oaiguard.Call0(ctx, client.ListModels)
	errs = append(errs, err)
	_, err = oaiguard.Call(ctx, client.CreateChatCompletion, openai.ChatCompletionRequest{})
	errs = append(errs, err)
	stream, err := oaiguard.Call(ctx, client.CreateChatCompletionStream, openai.ChatCompletionRequest{Stream: true})
	if err == nil {
		stream.Close()
	}
	var rs *openai.ResponseStream
	rs, err = oaiguard.Stream(ctx, client.CreateResponseStream, openai.CreateResponseRequest{})
	if err == nil {
		rs.Close()
	}
	_, err = oaiguard.Call(ctx, client.CreateEmbeddings, openai.EmbeddingRequestConverter(openai.EmbeddingRequestStrings{}))
	errs = append(errs, err)
	_, err = oaiguard.Call2(ctx, client.CancelVectorStoreFileBatch, "vs", "batch")
	errs = append(errs, err)
	_, err = oaiguard.Call3(ctx, client.ListVectorStoreFilesInBatch, "vs", "batch", openai.Pagination{})
	errs = append(errs, err)
	_, err = oaiguard.Call4(ctx, client.ListAssistants, nil, nil, nil, nil)
	errs = append(errs, err)
	_, err = oaiguard.Call5(ctx, client.ListAssistantFiles, "asst", nil, nil, nil, nil)
	errs = append(errs, err)
	_, err = oaiguard.Call6(ctx, client.ListMessage, "thread", nil, nil, nil, nil, nil)
	errs = append(errs, err)
	errs = append(errs, oaiguard.Exec(ctx, client.DeleteFile, "file"))
	errs = append(errs, oaiguard.Exec2(ctx, client.DeleteVectorStoreFile, "vs", "file"))
	_, err = oaiguard.Do(ctx, func(ctx context.Context) (openai.CreateResponseResponse, error) {
		return client.GetResponse(ctx, "resp")
	})
	errs = append(errs, err)
	if oaiguard.IsQuotaExhausted(err) || oaiguard.Classify(err).Retryable() {
		return nil
	}
	return errs
}
`,
}

// TestGeneratedRuntimesCompile generates the runtime for every supported SDK
// into a temporary module that requires the SDK at its pinned version, and
// vets it together with a file that calls every
// wrapper on real methods. The first run downloads and compiles the SDKs
// (about two minutes on two cores); later runs hit the caches (about 5 s).
func TestGeneratedRuntimesCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every SDK; skipped in -short mode")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	versions := requiredVersions(t, "../../go.mod")
	for _, mod := range SDKs() {
		t.Run(strings.ReplaceAll(mod, "/", "_"), func(t *testing.T) {
			version, ok := versions[mod]
			if !ok {
				version = pinned[mod]
			}
			dir := t.TempDir()
			gomod := "module example.com/rt\n\ngo " + goLines[mod] + "\n\nrequire " + mod + " " + version + "\n"
			writeFile(t, filepath.Join(dir, "go.mod"), gomod)
			files, err := Generate(Options{SDK: mod, SDKVersion: version, Dir: sdkDir(t, mod)})
			if err != nil {
				t.Fatal(err)
			}
			if err := WriteDir(filepath.Join(dir, "oaiguard"), files); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "use", "use.go"), strings.ReplaceAll(uses[specs[mod].family], "MOD", mod))
			start := time.Now()
			for _, args := range [][]string{{"mod", "tidy"}, {"vet", "./..."}} {
				cmd := exec.Command(goBin, args...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=-buildvcs=false")
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
				}
			}
			t.Logf("%s %s: tidy and vet in %v", mod, version, time.Since(start).Round(time.Millisecond))
		})
	}
}

// requiredVersions reads the require directives of a go.mod.
func requiredVersions(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "//")
		fields := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require "))
		if len(fields) == 2 && strings.HasPrefix(fields[1], "v") {
			out[fields[0]] = fields[1]
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func writeFile(t *testing.T, path, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(src), 0o666); err != nil {
		t.Fatal(err)
	}
}
