// Package shape calls st's interfaces, and imports ai for something else:
// only the interface that ai.X is seen to be given calls the API.
package shape

import (
	"context"
	"strings"

	"example.com/fixtures/across/ai"
	"example.com/fixtures/across/db"
	"example.com/fixtures/across/st"
	_ "example.com/fixtures/across/wire"
)

// An st.Store is only ever a db.DB: its Get neither calls the API nor
// returns go-openai's errors.
func lookup(ctx context.Context, s st.Store) bool {
	_, err := s.Get(ctx, ai.Model)
	return err != nil && strings.Contains(err.Error(), "Too Many Requests")
}

func run(ctx context.Context) bool { return lookup(ctx, &db.DB{}) }

// An st.Getter may be an *ai.X: package wire makes one.
func fetch(ctx context.Context, g st.Getter) bool {
	_, err := g.Get(ctx, ai.Model)                                          // want `g.Get has no retry handling, here or in example.com/fixtures/across/ai.X.Get \(reached through the interface method example.com/fixtures/across/st.Getter.Get\), where it calls x.c.CreateChatCompletion: .*, or inside example.com/fixtures/across/ai.X.Get$`
	return err != nil && strings.Contains(err.Error(), "Too Many Requests") // want `matched against "Too Many Requests".*\(the error comes from go-openai via example.com/fixtures/across/st.Getter.Get\)`
}

// An st.Fetcher may be an *ai.X, embedded in what package wire makes.
func fetchEmbedded(ctx context.Context, f st.Fetcher) error {
	_, err := f.Get(ctx, ai.Model) // want `f.Get has no retry handling, here or in example.com/fixtures/across/ai.X.Get \(reached through the interface method example.com/fixtures/across/st.Fetcher.Get\)`
	return err
}
