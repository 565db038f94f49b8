package oaiguard_test

// Configure and NewClient install the transport on a real go-openai client;
// the transport's work shows in the waits: with it, a 429's retry-after-ms
// decides the wait; without it, go-openai's error keeps no header and the
// message's "try again in 200ms" does.

import (
	"context"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sashabaranov/go-openai"

	"github.com/oaiguard/oaiguard/runtime/goopenai/internal/fakeapi"
	"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
)

// countingDoer is an HTTP client of the user's own that is not an
// *http.Client.
type countingDoer struct{ n atomic.Int32 }

func (d *countingDoer) Do(req *http.Request) (*http.Response, error) {
	d.n.Add(1)
	return http.DefaultClient.Do(req)
}

// callAfter429 makes one call through client against srv, which answers
// 429 with retry-after-ms: 1500 first, and returns the waits.
func callAfter429(t *testing.T, srv *fakeapi.Server, client *openai.Client) []time.Duration {
	t.Helper()
	c := &clock{now: time.Now()}
	ctx := oaiguard.WithPolicy(context.Background(), testPolicy(c))
	if _, err := oaiguard.Call(ctx, client.CreateChatCompletion, req); err != nil {
		t.Fatal(err)
	}
	if srv.Count() != 2 {
		t.Errorf("server saw %d requests, want 2", srv.Count())
	}
	return c.Sleeps()
}

func TestConfigure(t *testing.T) {
	hinted := fakeapi.RateLimited("retry-after-ms", "1500")
	t.Run("DefaultConfig", func(t *testing.T) {
		srv := fakeapi.New(t, hinted)
		cfg := openai.DefaultConfig(apiKey)
		cfg.BaseURL = srv.URL + "/v1"
		if got := callAfter429(t, srv, openai.NewClientWithConfig(oaiguard.Configure(cfg))); len(got) != 1 || got[0] != 1500*time.Millisecond {
			t.Errorf("sleeps %v, want the header's [1.5s]", got)
		}
	})
	t.Run("without", func(t *testing.T) {
		srv := fakeapi.New(t, hinted)
		cfg := openai.DefaultConfig(apiKey)
		cfg.BaseURL = srv.URL + "/v1"
		if got := callAfter429(t, srv, openai.NewClientWithConfig(cfg)); len(got) != 1 || got[0] != 200*time.Millisecond {
			t.Errorf("sleeps %v, want the message's [200ms]: the header is out of sight", got)
		}
	})
	t.Run("HTTPDoer", func(t *testing.T) {
		srv := fakeapi.New(t, hinted)
		d := &countingDoer{}
		cfg := openai.DefaultConfig(apiKey)
		cfg.BaseURL = srv.URL + "/v1"
		cfg.HTTPClient = d
		if got := callAfter429(t, srv, openai.NewClientWithConfig(oaiguard.Configure(cfg))); len(got) != 1 || got[0] != 1500*time.Millisecond {
			t.Errorf("sleeps %v, want the header's [1.5s]", got)
		}
		if d.n.Load() != 2 {
			t.Errorf("the user's client sent %d requests, want both", d.n.Load())
		}
	})
	t.Run("nil", func(t *testing.T) {
		srv := fakeapi.New(t, hinted)
		cfg := openai.ClientConfig{BaseURL: srv.URL + "/v1", APIType: openai.APITypeOpenAI, EmptyMessagesLimit: 300}
		cfg = oaiguard.Configure(cfg)
		if cfg.HTTPClient == nil {
			t.Fatal("Configure left a nil HTTPClient")
		}
		if got := callAfter429(t, srv, openai.NewClientWithConfig(cfg)); len(got) != 1 || got[0] != 1500*time.Millisecond {
			t.Errorf("sleeps %v, want the header's [1.5s]", got)
		}
	})
}

// TestConfigureKeepsTheClient: the user's *http.Client is copied, not
// changed, keeps its settings, and a second Configure wraps nothing again.
func TestConfigureKeepsTheClient(t *testing.T) {
	base := &http.Client{Timeout: time.Minute}
	cfg := openai.DefaultConfig(apiKey)
	cfg.HTTPClient = base
	once := oaiguard.Configure(cfg)
	c1, ok := once.HTTPClient.(*http.Client)
	if !ok || c1 == base || c1.Timeout != time.Minute || base.Transport != nil || c1.Transport == nil {
		t.Fatalf("Configure: HTTPClient = %#v; want a copy of base with the transport, base untouched", once.HTTPClient)
	}
	c2 := oaiguard.Configure(once).HTTPClient.(*http.Client)
	if c2.Transport != c1.Transport {
		t.Error("a second Configure wrapped the transport again")
	}
	d := oaiguard.Configure(openai.ClientConfig{HTTPClient: &countingDoer{}}).HTTPClient
	if oaiguard.Configure(openai.ClientConfig{HTTPClient: d}).HTTPClient != d {
		t.Error("a second Configure wrapped the user's HTTPDoer again")
	}
}

// redirect sends every request to srv, for a client whose base URL cannot
// be set (NewClient's).
type redirect struct {
	to   *url.URL
	next http.RoundTripper
}

func (r redirect) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host = r.to.Scheme, r.to.Host
	return r.next.RoundTrip(req)
}

func TestNewClient(t *testing.T) {
	srv := fakeapi.New(t, fakeapi.RateLimited("retry-after-ms", "1500"))
	to, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	// NewClient's http.Client has no transport of its own below the
	// runtime's, which then sends with http.DefaultTransport.
	saved := http.DefaultTransport
	http.DefaultTransport = redirect{to: to, next: saved}
	t.Cleanup(func() { http.DefaultTransport = saved })
	if got := callAfter429(t, srv, oaiguard.NewClient(apiKey)); len(got) != 1 || got[0] != 1500*time.Millisecond {
		t.Errorf("sleeps %v, want the header's [1.5s]", got)
	}
	if p := srv.Requests()[0].Path; p != "/v1/chat/completions" {
		t.Errorf("path %q", p)
	}
}
