package analysisdoc

import (
	"strings"
	"testing"
)

const sample = `// Package two documents two analyzers.
//
// # Analyzer one
//
// one: find the first thing
//
// The one analyzer finds things.
//
//	// WRONG
//	x := 1 // "first thing"
//
// # False positives
//
// None.
//
// # Analyzer two
//
// two: find the second thing
//
// Second body.
package two
`

func TestParse(t *testing.T) {
	got, err := Parse(sample, "one")
	if err != nil {
		t.Fatal(err)
	}
	want := "find the first thing\n\nThe one analyzer finds things.\n\n\t// WRONG\n\tx := 1 // \"first thing\"\n\n# False positives\n\nNone."
	if got != want {
		t.Errorf("Parse(one) =\n%q\nwant\n%q", got, want)
	}
	got, err = Parse(sample, "two")
	if err != nil {
		t.Fatal(err)
	}
	if want := "find the second thing\n\nSecond body."; got != want {
		t.Errorf("Parse(two) = %q, want %q", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		content, name, wantErr string
	}{
		{"", "x", "empty"},
		{"not go", "x", "not a Go source file"},
		{"package x\n", "x", "no package doc comment"},
		{"// Package x.\npackage x\n", "x", "no \"# Analyzer x\" heading"},
		{sample, "three", "no \"# Analyzer three\" heading"},
		{"// Package x.\n//\n// # Analyzer x\n//\n// Summary without name.\npackage x\n", "x", "not followed by"},
		// A heading for a longer name must not match a shorter one.
		{"// Package x.\n//\n// # Analyzer xy\n//\n// xy: s\npackage x\n", "x", "no \"# Analyzer x\" heading"},
	} {
		_, err := Parse(tc.content, tc.name)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("Parse(%q, %q) error = %v, want it to contain %q", tc.content, tc.name, err, tc.wantErr)
		}
	}
}

func TestExtractPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Extract did not panic on a missing section")
		}
	}()
	Extract(sample, "three")
}
