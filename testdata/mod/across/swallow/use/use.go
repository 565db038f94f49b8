// Package use calls lib with no retry.
package use

import (
	"context"
	"log"

	"example.com/fixtures/across/swallow/lib"
)

func run(ctx context.Context) {
	log.Println(lib.Swallow(ctx, "")) // judged in lib: silent
	log.Println(lib.Quiet(ctx))       // judged in lib: silent
	log.Println(lib.Wrapped(ctx))     // want `lib.Wrapped has no retry handling`
}
