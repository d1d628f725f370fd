package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestBuildSARIF covers what the fixtures' checks do not produce: related
// locations, multi-file fixes, columns after non-ASCII text, and files
// outside %SRCROOT%.
func TestBuildSARIF(t *testing.T) {
	root := t.TempDir()
	other := t.TempDir()
	srcA := "package a\n\nvar s = \"héllo😀\"; var x = 1\n"
	srcB := "package b\n\nvar y = 2\n"
	fa, fb := filepath.Join(root, "dir with space", "a.go"), filepath.Join(other, "b.go")
	for name, src := range map[string]string{fa: srcA, fb: srcB} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	xOff := strings.Index(srcA, "x = 1")
	yOff := strings.Index(srcB, "y")
	// x is on line 3 at byte column 27; y on line 3 at column 5.
	check := &analysis.Analyzer{Name: "demo", Doc: "find demos\n\nLong text."}
	res := &result{
		findings: []finding{{
			check: check.Name,
			posn:  parsePosn(fa + ":3:27"),
			diag: jsonDiagnostic{
				Posn:    fa + ":3:27",
				End:     fa + ":3:28",
				Message: "x is a demo",
				Related: []jsonRelatedInformation{{Posn: fb + ":3:5", End: fb + ":3:5", Message: "y is the other end"}},
				SuggestedFixes: []jsonSuggestedFix{{
					Message: "Rename both",
					Edits: []jsonTextEdit{
						{Filename: fb, Start: yOff, End: yOff + 1, New: "z"},
						{Filename: fa, Start: xOff, End: xOff + 1, New: "z"},
					},
				}},
			},
		}},
		errors: []string{"some/pkg: demo: it failed"},
	}
	log := buildSARIF(res, []*analysis.Analyzer{check}, root)
	var buf bytes.Buffer
	if err := writeSARIF(&buf, log); err != nil {
		t.Fatal(err)
	}
	var back sarifLog
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	run := back.Runs[0]
	rule := run.Tool.Driver.Rules[0]
	if rule.ShortDescription.Text != "find demos" || rule.FullDescription.Text != "find demos\n\nLong text." ||
		rule.HelpURI != "https://github.com/asynclint/asynclint/blob/main/analyzers/demo/doc.go" {
		t.Errorf("rule = %+v", rule)
	}
	r := run.Results[0]
	loc := r.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "dir%20with%20space/a.go" || loc.ArtifactLocation.URIBaseID != srcRoot {
		t.Errorf("artifact = %+v", loc.ArtifactLocation)
	}
	// `var s = "héllo😀"; var ` is 26 bytes but 23 UTF-16 units.
	if loc.Region.StartLine != 3 || loc.Region.StartColumn != 24 || loc.Region.EndColumn != 25 {
		t.Errorf("region = %+v, want line 3, columns 24-25", loc.Region)
	}
	if len(r.RelatedLocations) != 1 {
		t.Fatalf("related = %+v", r.RelatedLocations)
	}
	rel := r.RelatedLocations[0]
	if rel.ID == nil || *rel.ID != 1 || rel.Message == nil || rel.Message.Text != "y is the other end" ||
		rel.PhysicalLocation.ArtifactLocation.URI != "file://"+filepath.ToSlash(fb) || rel.PhysicalLocation.ArtifactLocation.URIBaseID != "" {
		t.Errorf("related = %+v", rel)
	}
	if len(r.Fixes) != 1 || len(r.Fixes[0].ArtifactChanges) != 2 {
		t.Fatalf("fixes = %+v", r.Fixes)
	}
	// Changes are ordered by URI: the relative one sorts before file://.
	ch := r.Fixes[0].ArtifactChanges[0]
	if d := ch.Replacements[0].DeletedRegion; ch.ArtifactLocation.URI != "dir%20with%20space/a.go" ||
		d.ByteOffset == nil || *d.ByteOffset != xOff || *d.ByteLength != 1 || ch.Replacements[0].InsertedContent.Text != "z" ||
		d.StartLine != 3 || d.StartColumn != 24 || d.EndColumn != 25 {
		t.Errorf("change = %+v", ch)
	}
	if d := r.Fixes[0].ArtifactChanges[1].Replacements[0].DeletedRegion; d.StartLine != 3 || d.StartColumn != 5 || *d.ByteOffset != yOff {
		t.Errorf("change in %s = %+v", fb, d)
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful || inv.ExitCode != exitError || inv.Notifications[0].Message.Text != "some/pkg: demo: it failed" {
		t.Errorf("invocation = %+v", inv)
	}
}
