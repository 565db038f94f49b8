package drivers_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

// lspClient drives a language server over stdio the way an editor does:
// JSON-RPC 2.0 messages framed by Content-Length headers. It answers the
// server's requests (configuration: none; applyEdit: recorded and
// accepted) and keeps the latest diagnostics published per document.
type lspClient struct {
	t     *testing.T
	cmd   *exec.Cmd
	in    io.WriteCloser
	wmu   sync.Mutex
	mu    sync.Mutex
	cond  *sync.Cond
	next  int
	resps map[int]rpcMessage
	diags map[string]publishedDiagnostics // by URI
	edits []json.RawMessage               // workspace/applyEdit params
	done  bool
	err   error
	// settings answers each item of workspace/configuration (nil: none).
	settings any
}

type rpcMessage struct {
	JSONRPC string           `json:"jsonrpc"`
	ID      *json.RawMessage `json:"id,omitempty"`
	Method  string           `json:"method,omitempty"`
	Params  json.RawMessage  `json:"params,omitempty"`
	Result  json.RawMessage  `json:"result,omitempty"`
	Error   *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

type lspPosition struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start lspPosition `json:"start"`
	End   lspPosition `json:"end"`
}

type lspDiagnostic struct {
	Range    lspRange        `json:"range"`
	Severity int             `json:"severity,omitempty"`
	Code     json.RawMessage `json:"code,omitempty"`
	CodeDesc *struct {
		Href string `json:"href"`
	} `json:"codeDescription,omitempty"`
	Source  string          `json:"source,omitempty"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data,omitempty"`
}

type publishedDiagnostics struct {
	URI         string          `json:"uri"`
	Version     *int            `json:"version,omitempty"`
	Diagnostics []lspDiagnostic `json:"diagnostics"`
	seq         int             // how many publications came before, for this URI
}

type lspTextEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

type workspaceEdit struct {
	Changes         map[string][]lspTextEdit `json:"changes,omitempty"`
	DocumentChanges []struct {
		TextDocument struct {
			URI string `json:"uri"`
		} `json:"textDocument"`
		Edits []lspTextEdit `json:"edits"`
		Kind  string        `json:"kind,omitempty"` // create, rename, delete: not expected
	} `json:"documentChanges,omitempty"`
}

type codeAction struct {
	Title       string          `json:"title"`
	Kind        string          `json:"kind,omitempty"`
	Diagnostics []lspDiagnostic `json:"diagnostics,omitempty"`
	Edit        *workspaceEdit  `json:"edit,omitempty"`
	Command     *struct {
		Title     string            `json:"title"`
		Command   string            `json:"command"`
		Arguments []json.RawMessage `json:"arguments,omitempty"`
	} `json:"command,omitempty"`
	Data json.RawMessage `json:"data,omitempty"`
}

func startLSP(t *testing.T, dir string, settings any, server string, args ...string) *lspClient {
	t.Helper()
	cmd := exec.Command(server, args...)
	cmd.Dir = dir
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &lspClient{t: t, cmd: cmd, in: in, resps: map[int]rpcMessage{}, diags: map[string]publishedDiagnostics{}, settings: settings}
	c.cond = sync.NewCond(&c.mu)
	go c.read(bufio.NewReader(out))
	t.Cleanup(func() {
		in.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() && stderr.Len() > 0 {
			t.Logf("%s stderr:\n%s", server, stderr.String())
		}
	})
	return c
}

// read reads the server's messages until its output ends.
func (c *lspClient) read(r *bufio.Reader) {
	fail := func(err error) {
		c.mu.Lock()
		c.done, c.err = true, err
		c.cond.Broadcast()
		c.mu.Unlock()
	}
	for {
		n := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				fail(err)
				return
			}
			line = strings.TrimRight(line, "\r\n")
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length:"); ok {
				n, err = strconv.Atoi(strings.TrimSpace(v))
				if err != nil {
					fail(fmt.Errorf("bad header %q", line))
					return
				}
			}
		}
		if n < 0 {
			fail(fmt.Errorf("message without Content-Length"))
			return
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			fail(err)
			return
		}
		var m rpcMessage
		if err := json.Unmarshal(body, &m); err != nil {
			fail(fmt.Errorf("bad message %s: %v", body, err))
			return
		}
		switch {
		case m.Method != "" && m.ID != nil: // a request of the server's
			c.answer(m)
		case m.Method == "textDocument/publishDiagnostics":
			var p publishedDiagnostics
			if err := json.Unmarshal(m.Params, &p); err != nil {
				fail(err)
				return
			}
			c.mu.Lock()
			p.seq = c.diags[p.URI].seq + 1
			c.diags[p.URI] = p
			c.cond.Broadcast()
			c.mu.Unlock()
		case m.Method == "": // a response
			var id int
			if err := json.Unmarshal(*m.ID, &id); err != nil {
				fail(fmt.Errorf("response id %s: %v", *m.ID, err))
				return
			}
			c.mu.Lock()
			c.resps[id] = m
			c.cond.Broadcast()
			c.mu.Unlock()
		}
	}
}

// answer answers a request of the server's as a minimal editor does.
func (c *lspClient) answer(m rpcMessage) {
	var result any
	switch m.Method {
	case "workspace/configuration": // the user settings, one per item
		var p struct{ Items []json.RawMessage }
		json.Unmarshal(m.Params, &p)
		items := make([]any, len(p.Items))
		for i := range items {
			items[i] = c.settings
		}
		result = items
	case "workspace/applyEdit":
		var p struct{ Edit json.RawMessage }
		json.Unmarshal(m.Params, &p)
		c.mu.Lock()
		c.edits = append(c.edits, p.Edit)
		c.cond.Broadcast()
		c.mu.Unlock()
		result = map[string]any{"applied": true}
	}
	c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": result})
}

func (c *lspClient) send(msg any) {
	c.t.Helper()
	body, err := json.Marshal(msg)
	if err != nil {
		c.t.Fatal(err)
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if _, err := fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		c.t.Errorf("writing to the server: %v", err)
	}
}

func (c *lspClient) notify(method string, params any) {
	c.t.Helper()
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// call sends a request and waits for its result, decoded into result.
func (c *lspClient) call(method string, params, result any) {
	c.t.Helper()
	c.mu.Lock()
	c.next++
	id := c.next
	c.mu.Unlock()
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	m := c.wait(method, 5*time.Minute, func() (rpcMessage, bool) {
		m, ok := c.resps[id]
		return m, ok
	})
	if m.Error != nil {
		c.t.Fatalf("%s: error %d: %s", method, m.Error.Code, m.Error.Message)
	}
	if result != nil {
		if err := json.Unmarshal(m.Result, result); err != nil {
			c.t.Fatalf("%s: result %s: %v", method, m.Result, err)
		}
	}
}

// waitFor waits, holding c.mu between checks, until cond holds.
func waitFor[T any](c *lspClient, what string, timeout time.Duration, cond func() (T, bool)) T {
	c.t.Helper()
	timer := time.AfterFunc(timeout, func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	deadline := time.Now().Add(timeout)
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if v, ok := cond(); ok {
			return v
		}
		if c.done {
			c.t.Fatalf("waiting for %s: the server's output ended: %v", what, c.err)
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("waiting for %s: no answer in %v", what, timeout)
		}
		c.cond.Wait()
	}
}

func (c *lspClient) wait(what string, timeout time.Duration, cond func() (rpcMessage, bool)) rpcMessage {
	c.t.Helper()
	return waitFor(c, what, timeout, cond)
}

// diagnostics waits for a publication for uri after the seq-th whose
// diagnostics satisfy ok, and returns it.
func (c *lspClient) diagnostics(uri string, after int, ok func(publishedDiagnostics) bool) publishedDiagnostics {
	c.t.Helper()
	return waitFor(c, "diagnostics for "+uri, 5*time.Minute, func() (publishedDiagnostics, bool) {
		p, found := c.diags[uri]
		return p, found && p.seq > after && ok(p)
	})
}

func (c *lspClient) published(uri string) publishedDiagnostics {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.diags[uri]
}

func (c *lspClient) appliedEdits() []json.RawMessage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]json.RawMessage(nil), c.edits...)
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// offset returns the byte offset of an LSP position (UTF-16 columns) in src.
func offset(t *testing.T, src string, p lspPosition) int {
	t.Helper()
	off := 0
	for range p.Line {
		i := strings.IndexByte(src[off:], '\n')
		if i < 0 {
			t.Fatalf("position %+v: past the end", p)
		}
		off += i + 1
	}
	units := 0
	for i, r := range src[off:] {
		if units >= p.Character || r == '\n' {
			return off + i
		}
		units += len(utf16.Encode([]rune{r}))
	}
	return len(src)
}

// applyTextEdits applies LSP edits, which never overlap, to src.
func applyTextEdits(t *testing.T, src string, edits []lspTextEdit) string {
	t.Helper()
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		spans = append(spans, span{offset(t, src, e.Range.Start), offset(t, src, e.Range.End), e.NewText})
	}
	// In order of their starts; equal starts keep their order (inserts at
	// one point).
	slices.SortStableFunc(spans, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	prev := 0
	for _, s := range spans {
		if s.start < prev {
			t.Fatalf("overlapping edits: %+v", edits)
		}
		b.WriteString(src[prev:s.start])
		b.WriteString(s.text)
		prev = s.end
	}
	b.WriteString(src[prev:])
	return b.String()
}
