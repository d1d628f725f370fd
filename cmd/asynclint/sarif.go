package main

import (
	"cmp"
	"encoding/json"
	"go/token"
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
	b := &sarifBuilder{root: root, files: make(map[string][]byte)}
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
			RuleID:    f.check.Name,
			RuleIndex: index[f.check.Name],
			Level:     "warning",
			Message:   sarifText{f.diag.Message},
		}
		if loc, ok := b.location(f.fset, f.diag.Pos, f.diag.End); ok {
			r.Locations = []sarifLocation{loc}
		}
		for i, rel := range f.diag.Related {
			loc, ok := b.location(f.fset, rel.Pos, rel.End)
			if !ok {
				continue
			}
			id := i + 1
			loc.ID = &id
			loc.Message = &sarifText{rel.Message}
			r.RelatedLocations = append(r.RelatedLocations, loc)
		}
		for _, fix := range f.diag.SuggestedFixes {
			if sf, ok := b.fix(f.fset, fix); ok {
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
	files map[string][]byte // contents, for UTF-16 columns; nil if unreadable
}

// location returns the physical location of [pos, end).
func (b *sarifBuilder) location(fset *token.FileSet, pos, end token.Pos) (sarifLocation, bool) {
	if !pos.IsValid() || fset.File(pos) == nil {
		return sarifLocation{}, false
	}
	if !end.IsValid() {
		end = pos
	}
	art, region := b.region(fset, pos, end)
	return sarifLocation{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: art, Region: region}}, true
}

// region returns the artifact and region of [pos, end), with positions as
// compiler messages give them (after //line directives).
func (b *sarifBuilder) region(fset *token.FileSet, pos, end token.Pos) (sarifArtifactLoc, sarifRegion) {
	start, stop := fset.Position(pos), fset.Position(end)
	if stop.Filename != start.Filename || stop.Offset < start.Offset {
		stop = start
	}
	// UTF-16 columns need the text; only where //line did not remap.
	raw := fset.PositionFor(pos, false)
	var content []byte
	if raw.Filename == start.Filename {
		content = b.content(start.Filename)
	}
	return b.artifact(start.Filename), sarifRegion{
		StartLine:   start.Line,
		StartColumn: utf16Column(content, start),
		EndLine:     stop.Line,
		EndColumn:   utf16Column(content, stop),
	}
}

func (b *sarifBuilder) fix(fset *token.FileSet, fix analysis.SuggestedFix) (sarifFix, bool) {
	byFile := make(map[string]*sarifArtifactChange)
	var order []string
	for _, e := range fix.TextEdits {
		if !e.Pos.IsValid() || fset.File(e.Pos) == nil {
			return sarifFix{}, false
		}
		end := e.End
		if !end.IsValid() {
			end = e.Pos
		}
		art, region := b.region(fset, e.Pos, end)
		// The byte range, exact whatever the columns: in the file
		// as it is on disk.
		p, q := fset.PositionFor(e.Pos, false), fset.PositionFor(end, false)
		if p.Filename == fset.Position(e.Pos).Filename {
			off, n := p.Offset, q.Offset-p.Offset
			region.ByteOffset, region.ByteLength = &off, &n
		}
		c := byFile[art.URI]
		if c == nil {
			c = &sarifArtifactChange{ArtifactLocation: art}
			byFile[art.URI] = c
			order = append(order, art.URI)
		}
		c.Replacements = append(c.Replacements, sarifReplacement{DeletedRegion: region, InsertedContent: sarifText{string(e.NewText)}})
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

func (b *sarifBuilder) content(filename string) []byte {
	data, ok := b.files[filename]
	if !ok {
		data, _ = os.ReadFile(filename)
		b.files[filename] = data
	}
	return data
}

// utf16Column converts the byte column of posn to UTF-16 code units, given
// the file's content; without it, or if it does not match, the byte column.
func utf16Column(content []byte, posn token.Position) int {
	lineStart := posn.Offset - (posn.Column - 1)
	if content == nil || lineStart < 0 || posn.Offset > len(content) {
		return posn.Column
	}
	n := 0
	for s := content[lineStart:posn.Offset]; len(s) > 0; {
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
