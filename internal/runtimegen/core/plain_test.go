package core

import (
	"context"
	"net/http"
	"testing"
)

type plainResult struct {
	ID      string
	Choices []struct {
		Text   string
		Scores map[string]float64
	}
	Extra map[string]any
	Err   error
	Next  *plainResult // recursive
}

type pagerResult struct {
	Data []string
	cfg  *struct{ ctx context.Context }
}

type hookResult struct {
	Name string
	done func()
}

func TestPlainData(t *testing.T) {
	for _, c := range []struct {
		name  string
		plain bool
		got   func() bool
	}{
		{"struct{}", true, plainData[struct{}]},
		{"string", true, plainData[string]},
		{"data with maps, any, error and recursion", true, plainData[*plainResult]},
		{"a pager that keeps its configuration", false, plainData[*pagerResult]},
		{"a result with a func", false, plainData[hookResult]},
		{"an *http.Response", false, plainData[*http.Response]},
		{"a channel", false, plainData[chan int]},
	} {
		// Twice: the second answer comes from the cache.
		for range 2 {
			if got := c.got(); got != c.plain {
				t.Errorf("%s: plainData = %v, want %v", c.name, got, c.plain)
			}
		}
	}
}
