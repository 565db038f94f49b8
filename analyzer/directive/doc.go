// Package directive defines an Analyzer that reports //oaiguard:ignore
// comments that suppress nothing because they name no check, or a check
// that does not exist (a misspelt name), as staticcheck reports a
// malformed //lint:ignore.
package directive
