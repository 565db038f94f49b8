package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/oaiguard/oaiguard/internal/lint"
)

// overview is what `oaiguard help` prints: the ways to run the tool and
// the checks. (The multichecker's own help speaks of Printf calls and
// strings.Split loops; `oaiguard help CHECK` still goes to it, for a
// check's documentation.)
const overview = `oaiguard checks Go code that calls the OpenAI API (openai-go v1-v3,
go-openai) for calls that will fail in production, and fixes them.

Usage:

	oaiguard [flags] packages                 report (exit 3 on findings)
	oaiguard -fix packages                    apply the fixes
	oaiguard -diff packages                   print the fixes as a diff, write nothing
	oaiguard -format=sarif packages           SARIF 2.1.0, with the fixes
	go vet -vettool=$(which oaiguard) ./...   as a vet tool
	go fix -fixtool=$(which oaiguard) ./...   apply the fixes through go fix
	oaiguard help CHECK                       a check's documentation
	oaiguard gen [-sdk MODULE] [-dir DIR]     write the runtime into your module
	oaiguard gopls [-o FILE]                  build gopls with the checks
	oaiguard -help                            every flag

Suppress a finding with //oaiguard:ignore CHECK reason on its line or the
line above.

Checks:

`

// printOverview prints `oaiguard help`: the overview, then one line per
// check (name, whether it is on by default, title).
func printOverview(w io.Writer, docs []*lint.Doc) error {
	if _, err := io.WriteString(w, overview); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, d := range docs {
		on := "on"
		if !d.Default {
			on = "off"
		}
		fmt.Fprintf(tw, "\t%s\t%s\t%s\n", d.Name, on, d.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nEach check's documentation, with examples: oaiguard help CHECK, or\n%s\n", lint.BaseURL)
	return err
}
