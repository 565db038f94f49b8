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
