// Package use calls lib with no retry.
package use

import (
	"context"
	"log"

	"example.com/fixtures/across/ignored/lib"
)

func run(ctx context.Context) {
	log.Println(lib.Telemetry(ctx)) // suppressed in lib: silent
	log.Println(lib.Ask(ctx))       // want `lib.Ask has no retry handling`
	log.Println(lib.Both(ctx))      // want `lib.Both has no retry handling, here or in example.com/fixtures/across/ignored/lib.Both, where it calls C.CreateChatCompletion in example.com/fixtures/across/ignored/lib.Ask`
}
