package golangci

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/analyzers"
	"github.com/asynclint/asynclint/internal/fixtures"
)

// fake returns stand-in analyzers with flags of every kind: "one" has
// -limit (int), -strict (bool) and -funcs (string); "two" has none.
func fake(t *testing.T) (one, two *analysis.Analyzer, limit *int, strict *bool, funcs *string) {
	t.Helper()
	run := func(*analysis.Pass) (any, error) { return nil, nil }
	one = &analysis.Analyzer{Name: "one", Doc: "one", Run: run}
	limit = one.Flags.Int("limit", 3, "a limit")
	strict = one.Flags.Bool("strict", false, "be strict")
	funcs = one.Flags.String("funcs", "", "comma-separated functions")
	one.Flags.String("camelCase", "", "a flag whose name has capitals")
	two = &analysis.Analyzer{Name: "two", Doc: "two", Run: run}
	return
}

func names(list []*analysis.Analyzer) []string {
	var out []string
	for _, a := range list {
		out = append(out, a.Name)
	}
	return out
}

// decode decodes conf as golangci-lint hands it over: maps with string keys
// and YAML-typed values.
func decode(t *testing.T, conf any) (Settings, error) {
	t.Helper()
	return register.DecodeSettings[Settings](conf)
}

func TestDecodeAndSelect(t *testing.T) {
	for _, tc := range []struct {
		name    string
		conf    any
		want    []string // selected analyzers
		wantErr string   // substring of the error
	}{
		{name: "nil settings: every check", conf: nil, want: []string{"one", "two"}},
		{name: "empty settings: every check", conf: map[string]any{}, want: []string{"one", "two"}},
		{name: "enable", conf: map[string]any{"enable": []any{"two"}}, want: []string{"two"}},
		{name: "enable keeps the list's order", conf: map[string]any{"enable": []any{"two", "one"}}, want: []string{"one", "two"}},
		{name: "disable", conf: map[string]any{"disable": []any{"one"}}, want: []string{"two"}},
		{name: "enable then disable", conf: map[string]any{"enable": []any{"one"}, "disable": []any{"two"}}, want: []string{"one"}},
		{name: "empty options of a check", conf: map[string]any{"options": map[string]any{"two": map[string]any{}}}, want: []string{"one", "two"}},

		{name: "unknown field", conf: map[string]any{"enabled": []any{"one"}}, wantErr: `unknown field "enabled"`},
		{name: "enable not a list", conf: map[string]any{"enable": "one"}, wantErr: "decoding settings"},
		{name: "unknown check in enable", conf: map[string]any{"enable": []any{"three"}}, wantErr: `enable: unknown check "three" (checks: one, two)`},
		{name: "unknown check in disable", conf: map[string]any{"disable": []any{"three"}}, wantErr: `disable: unknown check "three"`},
		{name: "unknown check in options", conf: map[string]any{"options": map[string]any{"three": map[string]any{}}}, wantErr: `options: unknown check "three"`},
		{name: "enabled and disabled", conf: map[string]any{"enable": []any{"one"}, "disable": []any{"one"}}, wantErr: `check "one" is both enabled and disabled`},
		{name: "nothing left", conf: map[string]any{"disable": []any{"one", "two"}}, wantErr: "no check left"},
		{name: "unknown option", conf: map[string]any{"options": map[string]any{"one": map[string]any{"nope": 1}}}, wantErr: `options.one: unknown option "nope" (options of one: camelCase, funcs, limit, strict)`},
		{name: "check without options", conf: map[string]any{"options": map[string]any{"two": map[string]any{"limit": 1}}}, wantErr: `options.two: unknown option "limit" (options of two: none)`},
		{name: "bad value", conf: map[string]any{"options": map[string]any{"one": map[string]any{"limit": "many"}}}, wantErr: `options.one.limit: invalid value "many"`},
		{name: "map value", conf: map[string]any{"options": map[string]any{"one": map[string]any{"funcs": map[string]any{"a": 1}}}}, wantErr: "options.one.funcs: unsupported value"},
		{name: "nested list", conf: map[string]any{"options": map[string]any{"one": map[string]any{"funcs": []any{[]any{"a"}}}}}, wantErr: "only scalars"},
		{name: "null value", conf: map[string]any{"options": map[string]any{"one": map[string]any{"funcs": nil}}}, wantErr: "missing value"},
		{name: "options not a map", conf: map[string]any{"options": []any{"one"}}, wantErr: "decoding settings"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			one, two, _, _, _ := fake(t)
			s, err := decode(t, tc.conf)
			var got []*analysis.Analyzer
			if err == nil {
				got, err = Select([]*analysis.Analyzer{one, two}, s)
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(names(got), tc.want) {
				t.Errorf("selected %v, want %v", names(got), tc.want)
			}
		})
	}
}

func TestOptionsSetFlags(t *testing.T) {
	one, two, limit, strict, funcs := fake(t)
	s, err := decode(t, map[string]any{"options": map[string]any{"one": map[string]any{
		"limit":     7,
		"strict":    true,
		"funcs":     []any{"a.F", "b.G"},
		"camelcase": "lowered by golangci-lint's config loader",
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Select([]*analysis.Analyzer{one, two}, s); err != nil {
		t.Fatal(err)
	}
	if *limit != 7 || !*strict || *funcs != "a.F,b.G" {
		t.Errorf("flags: limit=%d strict=%v funcs=%q, want 7 true %q", *limit, *strict, *funcs, "a.F,b.G")
	}
	if got := one.Flags.Lookup("camelCase").Value.String(); got != "lowered by golangci-lint's config loader" {
		t.Errorf("camelCase = %q", got)
	}
}

// The real plugin: every check of analyzers.All, by default, in its order;
// each check's flags (if any) are accepted as options.
func TestNew(t *testing.T) {
	all := analyzers.All()
	p, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", got, register.LoadModeTypesInfo)
	}
	got, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, all) {
		t.Errorf("BuildAnalyzers() = %v, want analyzers.All() = %v", names(got), names(all))
	}
	if err := analysis.Validate(got); err != nil {
		t.Error(err)
	}

	// Options naming each flag with its current value are accepted.
	opts := map[string]any{}
	for _, a := range all {
		m := map[string]any{}
		a.Flags.VisitAll(func(f *flag.Flag) { m[f.Name] = f.Value.String() })
		opts[a.Name] = m
	}
	if _, err := New(map[string]any{"options": opts}); err != nil {
		t.Errorf("options of every flag at its value: %v", err)
	}

	// The checks with options, as docs/integrations.md's table lists them.
	documented := docOptions(t)
	options := map[string]any{}
	for _, o := range documented {
		c, name, _ := strings.Cut(o, ".")
		if options[c] == nil {
			options[c] = map[string]any{}
		}
		options[c].(map[string]any)[name] = true
	}
	if _, err := New(map[string]any{"options": options}); err != nil {
		t.Errorf("the documented options: %v", err)
	}
	for c, opts := range options {
		for name := range opts.(map[string]any) {
			a := slices.IndexFunc(all, func(a *analysis.Analyzer) bool { return a.Name == c })
			if f := all[a].Flags.Lookup(name); f == nil || f.Value.String() != "true" {
				t.Errorf("options.%s.%s did not set the flag", c, name)
			} else {
				f.Value.Set("false")
			}
		}
	}
	var flagged []string
	for _, a := range all {
		a.Flags.VisitAll(func(f *flag.Flag) { flagged = append(flagged, a.Name+"."+f.Name) })
	}
	slices.Sort(flagged)
	if !slices.Equal(flagged, documented) {
		t.Errorf("the checks' options are %v; docs/integrations.md lists %v", flagged, documented)
	}

	if _, err := New(map[string]any{"enable": []any{"nosuchcheck"}}); err == nil ||
		!strings.HasPrefix(err.Error(), "asynclint: enable: unknown check") {
		t.Errorf("New(unknown check) error = %v", err)
	}
	// Disabling the directive check leaves the others.
	p, err = New(map[string]any{"disable": []any{"directive"}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ = p.BuildAnalyzers()
	if slices.Contains(names(got), "directive") || len(got) != len(all)-1 {
		t.Errorf("disable directive: got %v", names(got))
	}
}

// The plugin's analyzers on the integrations fixture, which the golangci-lint
// and gopls scripts run too: the findings (cross-package included) and the
// //lint:ignore silence hold in the analysis driver the plugin hands them to.
func TestFixture(t *testing.T) {
	p, err := New(map[string]any{"enable": []any{"blockingcall"}})
	if err != nil {
		t.Fatal(err)
	}
	list, _ := p.BuildAnalyzers()
	if len(list) != 1 {
		t.Fatalf("got %v", names(list))
	}
	fixtures.Run(t, list[0], "./integrations/...")
}

// docOptions returns the CHECK.OPTION rows of docs/integrations.md's
// options table, sorted.
func docOptions(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "integrations.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 5 || !strings.HasPrefix(strings.TrimSpace(cells[3]), "`-") {
			continue
		}
		out = append(out, strings.Trim(strings.TrimSpace(cells[3]), "`-"))
	}
	slices.Sort(out)
	if len(out) == 0 {
		t.Fatal("docs/integrations.md: no options table")
	}
	return out
}
