// Command retiredgen writes internal/sdk/retired_gen.go: the model IDs and
// services that the pinned SDK modules mark as deprecated or shut down, read
// from their source with go/parser. `go generate ./internal/sdk` runs it; a
// test fails when the checked-in file differs from what it would write now.
//
// openai-go marks model constants
//
//	// Deprecated: Announced shutdown date: 2026-10-23. See …
//
// and deprecated services either on the type or on every method;
// go-openai marks shut-down model constants "Deprecated: Model is
// shutdown. Use X instead." (or a block of them, "The following block is
// shut down"). The table's as-of date is the openai-go version's release
// date, so that findings depend on the pinned SDK, never on today's date.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	out := flag.String("o", "retired_gen.go", "the file to write")
	flag.Parse()
	src, err := Generate(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, "retiredgen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "retiredgen:", err)
		os.Exit(1)
	}
}
