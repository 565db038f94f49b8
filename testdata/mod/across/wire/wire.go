// Package wire gives st.Getter, through an interface that embeds it, an
// *ai.X.
package wire

import (
	"example.com/fixtures/across/ai"
	"example.com/fixtures/across/st"
)

// Full embeds st.Getter.
type Full interface {
	st.Getter
	Close() error
}

// New returns the *ai.X as a Full.
func New() Full { return &ai.X{} }

// Wrapped promotes the methods of *ai.X.
type Wrapped struct{ *ai.X }

// Embedded returns a Wrapped as an st.Fetcher.
func Embedded() st.Fetcher { return Wrapped{&ai.X{}} }
