// Package sarif is the part of SARIF 2.1.0 (OASIS Static Analysis Results
// Interchange Format) that oaiguard writes: one run of one tool, its rules,
// and results with locations and fixes. It knows nothing of go/analysis;
// cmd/oaiguard fills it in.
package sarif

import (
	"bytes"
	"encoding/json"
	"io"
	"unicode/utf8"
)

// Version and Schema go in every log.
const (
	Version = "2.1.0"
	Schema  = "https://json.schemastore.org/sarif-2.1.0.json"
)

// SrcRoot is the uriBaseId of every relative artifact URI: the root the
// driver analysed, given in Run.OriginalURIBaseIDs.
const SrcRoot = "%SRCROOT%"

// ColumnKind is how columns are counted: UTF-16 code units, the SARIF
// default and what GitHub code scanning expects. Written out explicitly.
const ColumnKind = "utf16CodeUnits"

type Log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []Run  `json:"runs"`
}

type Run struct {
	Tool               Tool                        `json:"tool"`
	Invocations        []Invocation                `json:"invocations,omitempty"`
	OriginalURIBaseIDs map[string]ArtifactLocation `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                      `json:"columnKind,omitempty"`
	// Results is never omitted: an empty list says the tool ran and found
	// nothing, where a missing one says nothing.
	Results []Result `json:"results"`
}

type Tool struct {
	Driver Driver `json:"driver"`
}

type Driver struct {
	Name           string `json:"name"`
	Version        string `json:"version,omitempty"`
	InformationURI string `json:"informationUri,omitempty"`
	Rules          []Rule `json:"rules"`
}

type Rule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     *Message       `json:"shortDescription,omitempty"`
	FullDescription      *Message       `json:"fullDescription,omitempty"`
	HelpURI              string         `json:"helpUri,omitempty"`
	Help                 *Message       `json:"help,omitempty"`
	DefaultConfiguration *Configuration `json:"defaultConfiguration,omitempty"`
}

type Configuration struct {
	Enabled bool   `json:"enabled"`
	Level   string `json:"level,omitempty"`
}

// Message is a text with an optional Markdown rendering.
type Message struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type Invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []Notification `json:"toolExecutionNotifications,omitempty"`
}

type Notification struct {
	Level   string  `json:"level,omitempty"`
	Message Message `json:"message"`
}

type Result struct {
	RuleID    string     `json:"ruleId"`
	RuleIndex int        `json:"ruleIndex"`
	Level     string     `json:"level,omitempty"`
	Message   Message    `json:"message"`
	Locations []Location `json:"locations"`
	Fixes     []Fix      `json:"fixes,omitempty"`
}

type Location struct {
	PhysicalLocation PhysicalLocation `json:"physicalLocation"`
}

type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           *Region          `json:"region,omitempty"`
}

type ArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// Region is a text region (lines and UTF-16 columns, 1-based, the end
// column exclusive) that also gives its bytes (0-based offset, length), so
// that a consumer need not count UTF-16 to apply a fix.
type Region struct {
	StartLine   int  `json:"startLine"`
	StartColumn int  `json:"startColumn"`
	EndLine     int  `json:"endLine"`
	EndColumn   int  `json:"endColumn"`
	ByteOffset  *int `json:"byteOffset,omitempty"`
	ByteLength  *int `json:"byteLength,omitempty"`
}

type Fix struct {
	Description     *Message         `json:"description,omitempty"`
	ArtifactChanges []ArtifactChange `json:"artifactChanges"`
}

type ArtifactChange struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Replacements     []Replacement    `json:"replacements"`
}

type Replacement struct {
	DeletedRegion   Region           `json:"deletedRegion"`
	InsertedContent *ArtifactContent `json:"insertedContent,omitempty"`
}

type ArtifactContent struct {
	Text string `json:"text"`
}

// Write encodes the log, indented, with a final newline.
func (l *Log) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(l)
}

// TextRegion returns the region of src[start:end]: 1-based lines, 1-based
// columns in UTF-16 code units (end exclusive), and the bytes. start and
// end are byte offsets, clamped to src.
func TextRegion(src []byte, start, end int) Region {
	start = min(max(start, 0), len(src))
	end = min(max(end, start), len(src))
	sl, sc := lineCol(src, start)
	el, ec := lineCol(src, end)
	n := end - start
	return Region{StartLine: sl, StartColumn: sc, EndLine: el, EndColumn: ec, ByteOffset: &start, ByteLength: &n}
}

// lineCol returns the 1-based line and UTF-16 column of byte offset off.
// An invalid UTF-8 byte counts as one unit (it decodes to U+FFFD).
func lineCol(src []byte, off int) (line, col int) {
	line = 1 + bytes.Count(src[:off], []byte{'\n'})
	lineStart := bytes.LastIndexByte(src[:off], '\n') + 1
	col = 1
	for b := src[lineStart:off]; len(b) > 0; {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r >= 0x10000 {
			col += 2 // a surrogate pair
		} else {
			col++
		}
	}
	return line, col
}

// Offset is the inverse of TextRegion's start: the byte offset of a 1-based
// line and UTF-16 column, for consumers (and tests) that apply fixes. ok is
// false if the line or column is past the text or inside a character.
func Offset(src []byte, line, col int) (off int, ok bool) {
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return 0, false
		}
		off += i + 1
	}
	for c := 1; c < col; {
		if off >= len(src) || src[off] == '\n' {
			return 0, false
		}
		r, size := utf8.DecodeRune(src[off:])
		off += size
		if r >= 0x10000 {
			c += 2
		} else {
			c++
		}
		if c > col {
			return 0, false
		}
	}
	return off, true
}
