package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
)

// The subset of SARIF 2.1.0 that asynclint writes.
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Invocations        []sarifInvocation           `json:"invocations"`
	Results            []sarifResult               `json:"results"`
	ColumnKind         string                      `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string        `json:"id"`
	Name                 string        `json:"name"`
	ShortDescription     sarifText     `json:"shortDescription"`
	FullDescription      sarifText     `json:"fullDescription"`
	Help                 sarifText     `json:"help"`
	HelpURI              string        `json:"helpUri"`
	DefaultConfiguration sarifRuleConf `json:"defaultConfiguration"`
}

type sarifRuleConf struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	ExitCode            int                 `json:"exitCode"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string    `json:"level"`
	Message sarifText `json:"message"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifText       `json:"message"`
	Locations        []sarifLocation `json:"locations,omitempty"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	Fixes            []sarifFix      `json:"fixes,omitempty"`
}

type sarifLocation struct {
	ID               *int                  `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifText            `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           sarifRegion      `json:"region"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int  `json:"startLine"`
	StartColumn int  `json:"startColumn"`
	EndLine     int  `json:"endLine"`
	EndColumn   int  `json:"endColumn"`
	ByteOffset  *int `json:"byteOffset,omitempty"`
	ByteLength  *int `json:"byteLength,omitempty"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLoc   `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent sarifText   `json:"insertedContent"`
}

const srcRoot = "%SRCROOT%"

// buildSARIF turns the result of a run into a SARIF log whose file URIs
// are relative to root (the %SRCROOT% base) when the file is below it.
func buildSARIF(res *result, checks []*analysis.Analyzer, root string) *sarifLog {
	b := &sarifBuilder{root: root, files: make(map[string]*srcFile)}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "asynclint",
			Version:        version(),
			InformationURI: repoURL,
			Rules:          []sarifRule{},
		}},
		Invocations: []sarifInvocation{{
			ExecutionSuccessful: len(res.errors) == 0,
			ExitCode:            res.exitCode(),
		}},
		Results:    []sarifResult{},
		ColumnKind: "utf16CodeUnits",
	}
	if root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{srcRoot: {URI: fileURI(root) + "/"}}
	}
	index := make(map[string]int)
	for _, a := range checks {
		index[a.Name] = len(run.Tool.Driver.Rules)
		doc := strings.TrimSpace(a.Doc)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID:                   a.Name,
			Name:                 a.Name,
			ShortDescription:     sarifText{summary(a)},
			FullDescription:      sarifText{doc},
			Help:                 sarifText{doc},
			HelpURI:              docURL(a),
			DefaultConfiguration: sarifRuleConf{Level: "warning"},
		})
	}
	for _, e := range res.errors {
		run.Invocations[0].Notifications = append(run.Invocations[0].Notifications,
			sarifNotification{Level: "error", Message: sarifText{e}})
	}
	for _, f := range res.findings {
		r := sarifResult{
			RuleID:    f.check,
			RuleIndex: index[f.check],
			Level:     "warning",
			Message:   sarifText{f.diag.Message},
		}
		if loc, ok := b.location(f.diag.Posn, f.diag.End); ok {
			r.Locations = []sarifLocation{loc}
		}
		for i, rel := range f.diag.Related {
			loc, ok := b.location(rel.Posn, rel.End)
			if !ok {
				continue
			}
			id := i + 1
			loc.ID = &id
			loc.Message = &sarifText{rel.Message}
			r.RelatedLocations = append(r.RelatedLocations, loc)
		}
		for _, fix := range f.diag.SuggestedFixes {
			if sf, ok := b.fix(fix); ok {
				r.Fixes = append(r.Fixes, sf)
			}
		}
		run.Results = append(run.Results, r)
	}
	return &sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
}

func writeSARIF(w io.Writer, log *sarifLog) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

type sarifBuilder struct {
	root  string
	files map[string]*srcFile // nil if unreadable
}

// location returns the physical location of the "file:line:col" range
// [start, end), as compiler messages give it (after //line directives).
func (b *sarifBuilder) location(start, end string) (sarifLocation, bool) {
	p, q := parsePosn(start), parsePosn(end)
	if !p.valid() {
		return sarifLocation{}, false
	}
	if q.file != p.file || q.line < p.line || q.line == p.line && q.col < p.col {
		q = p
	}
	f := b.file(p.file)
	region := sarifRegion{
		StartLine:   p.line,
		StartColumn: f.utf16Column(p.line, p.col),
		EndLine:     q.line,
		EndColumn:   f.utf16Column(q.line, q.col),
	}
	return sarifLocation{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: b.artifact(p.file), Region: region}}, true
}

// fix converts a suggested fix; its edits are byte ranges of files as
// they are on disk.
func (b *sarifBuilder) fix(fix jsonSuggestedFix) (sarifFix, bool) {
	byFile := make(map[string]*sarifArtifactChange)
	var order []string
	for _, e := range fix.Edits {
		f := b.file(e.Filename)
		if f == nil || e.Start < 0 || e.Start > e.End || e.End > len(f.content) {
			return sarifFix{}, false
		}
		art := b.artifact(e.Filename)
		region := f.region(e.Start, e.End)
		c := byFile[art.URI]
		if c == nil {
			c = &sarifArtifactChange{ArtifactLocation: art}
			byFile[art.URI] = c
			order = append(order, art.URI)
		}
		c.Replacements = append(c.Replacements, sarifReplacement{DeletedRegion: region, InsertedContent: sarifText{e.New}})
	}
	slices.Sort(order)
	sf := sarifFix{Description: sarifText{fix.Message}}
	for _, uri := range order {
		c := byFile[uri]
		slices.SortStableFunc(c.Replacements, func(x, y sarifReplacement) int {
			return cmp.Or(cmp.Compare(x.DeletedRegion.StartLine, y.DeletedRegion.StartLine),
				cmp.Compare(x.DeletedRegion.StartColumn, y.DeletedRegion.StartColumn))
		})
		sf.ArtifactChanges = append(sf.ArtifactChanges, *c)
	}
	return sf, len(sf.ArtifactChanges) > 0
}

// artifact is the location of a file: relative to %SRCROOT% when below
// the root, else an absolute file URI.
func (b *sarifBuilder) artifact(filename string) sarifArtifactLoc {
	if rel := relTo(b.root, filename); rel != filename {
		return sarifArtifactLoc{URI: (&url.URL{Path: filepath.ToSlash(rel)}).EscapedPath(), URIBaseID: srcRoot}
	}
	if filepath.IsAbs(filename) {
		return sarifArtifactLoc{URI: fileURI(filename)}
	}
	return sarifArtifactLoc{URI: (&url.URL{Path: filepath.ToSlash(filename)}).EscapedPath()}
}

func (b *sarifBuilder) file(filename string) *srcFile {
	f, ok := b.files[filename]
	if !ok {
		if data, err := os.ReadFile(filename); err == nil {
			f = &srcFile{content: data, lines: []int{0}}
			for i, c := range data {
				if c == '\n' {
					f.lines = append(f.lines, i+1)
				}
			}
		}
		b.files[filename] = f
	}
	return f
}

// A srcFile is a file's content and the offsets at which its lines start.
type srcFile struct {
	content []byte
	lines   []int
}

// region returns the region of the byte range [start, end), which must be
// in the file.
func (f *srcFile) region(start, end int) sarifRegion {
	n := end - start
	sl, sc := f.position(start)
	el, ec := f.position(end)
	return sarifRegion{
		StartLine: sl, StartColumn: f.utf16Column(sl, sc),
		EndLine: el, EndColumn: f.utf16Column(el, ec),
		ByteOffset: &start, ByteLength: &n,
	}
}

// position returns the line and byte column of offset.
func (f *srcFile) position(offset int) (line, col int) {
	line, found := slices.BinarySearch(f.lines, offset)
	if !found {
		line-- // the line before the next line start
	}
	return line + 1, offset - f.lines[line] + 1
}

// utf16Column converts a byte column to UTF-16 code units; if f is nil or
// the column is not in the file, it returns the byte column.
func (f *srcFile) utf16Column(line, col int) int {
	if f == nil || line < 1 || line > len(f.lines) || col < 1 {
		return col
	}
	start := f.lines[line-1]
	stop := start + col - 1
	if stop > len(f.content) || bytes.IndexByte(f.content[start:stop], '\n') >= 0 {
		return col
	}
	n := 0
	for s := f.content[start:stop]; len(s) > 0; {
		r, size := utf8.DecodeRune(s)
		s = s[size:]
		if w := utf16.RuneLen(r); w > 0 {
			n += w
		} else {
			n++ // invalid UTF-8: one unit per byte, as decoders do
		}
	}
	return n + 1
}

func fileURI(path string) string {
	path = filepath.ToSlash(path)
	if !strings.HasPrefix(path, "/") {
		path = "/" + path // C:/x -> /C:/x
	}
	return "file://" + (&url.URL{Path: path}).EscapedPath()
}

// version is the asynclint module's version, if the binary knows it.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return ""
}
