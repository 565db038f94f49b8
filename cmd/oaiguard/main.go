// Command oaiguard checks Go code that calls the OpenAI API for calls that
// will fail in production, and fixes them.
//
//	oaiguard [-fix] [-diff] [-format=text|json|sarif] [-CHECK...] packages   check packages
//	go vet -vettool=$(which oaiguard) ./...                 as a vet tool
//	go fix -fixtool=$(which oaiguard) ./...                 apply the fixes
//	oaiguard help [CHECK]                                   documentation
//	oaiguard gen [-sdk MODULE] [-dir DIR]                   write the runtime
//	oaiguard gopls [-o FILE]                                build gopls with the checks
//
// One binary serves all of them: the go command's vet and fix protocol
// (-V=full, -flags, a single *.cfg argument) and help CHECK go to multichecker,
// which hands the protocol over to unitchecker; `oaiguard packages` is the
// standalone driver in standalone.go, which loads no test variants and never
// leaves a file that does not parse.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/oaiguard/oaiguard/analyzer"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "gen" {
		if err := gen(os.Args[2:], os.Stdout, os.Stderr); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return
			}
			fmt.Fprintf(os.Stderr, "oaiguard gen: %v\n", err)
			os.Exit(2)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "gopls" {
		if err := goplsMain(os.Args[2:], os.Stdout, os.Stderr); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return
			}
			fmt.Fprintf(os.Stderr, "oaiguard gopls: %v\n", err)
			os.Exit(2)
		}
		return
	}
	if len(os.Args) == 2 && os.Args[1] == "help" {
		if err := printOverview(os.Stdout, analyzer.Docs()); err != nil {
			os.Exit(1)
		}
		return
	}
	if vetProtocol(os.Args[1:]) {
		multichecker.Main(analyzer.All()...)
		return
	}
	os.Exit(standalone(os.Args[1:], analyzer.All(), analyzer.Docs(), os.Stdout, os.Stderr))
}
