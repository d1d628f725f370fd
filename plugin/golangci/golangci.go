// Package golangci is asynclint's golangci-lint v2 module plugin. It
// registers one linter, "asynclint", that runs every check of
// analyzers.All (each already wrapped for //lint:ignore), so all of them
// report as "(asynclint)" and //nolint:asynclint suppresses them.
//
// A custom golangci-lint binary must blank-import this package (see
// docs/integrations.md and scripts/golangci.sh), and .golangci.yml enables it:
//
//	version: "2"
//	linters:
//	  enable: [asynclint]
//	  settings:
//	    custom:
//	      asynclint:
//	        type: module
//	        description: concurrency checks for async Go code
//	        settings:
//	          enable: [blockingcall, taskleak] # only these; default: every check
//	          disable: []                      # applied after enable
//	          options:                         # check -> analyzer flag -> value
//	            lockawait: {chans: true}
//
// The checks' options (all off by default): lockawait.chans,
// lockleak.panics, lockorder.long, taskleak.background; see
// docs/integrations.md.
//
// Settings are decoded strictly: an unknown key, an unknown check name or an
// unknown option of a check is an error that stops golangci-lint.
//
// The linter needs type information and facts (load mode "typesinfo").
package golangci

import (
	"flag"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/analyzers"
)

// Name is the linter's name in golangci-lint: in .golangci.yml, in the
// "(asynclint)" suffix of every issue, and in //nolint:asynclint.
const Name = "asynclint"

func init() {
	register.Plugin(Name, New)
}

// Settings are the plugin's settings
// (linters.settings.custom.asynclint.settings in .golangci.yml).
type Settings struct {
	// Enable lists the checks to run; empty means every check.
	Enable []string `json:"enable"`
	// Disable lists checks not to run; it is applied after Enable.
	Disable []string `json:"disable"`
	// Options sets analyzer flags: check name -> flag name -> value, the
	// same flags as the asynclint command's -CHECK.FLAG. A scalar value is
	// passed to the flag as text; a list of scalars is joined with commas.
	Options map[string]map[string]any `json:"options"`
}

// Plugin is the golangci-lint linter plugin.
type Plugin struct {
	analyzers []*analysis.Analyzer
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes and validates the settings; it is the plugin's constructor
// registered with golangci-lint.
func New(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](conf)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	list, err := Select(analyzers.All(), s)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	return &Plugin{analyzers: list}, nil
}

// BuildAnalyzers returns the selected checks.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return slices.Clone(p.analyzers), nil
}

// GetLoadMode returns "typesinfo": the checks need types and facts.
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

// Select returns the analyzers of all that s enables, in the order of all,
// after setting their flags from s.Options. It fails on an unknown check
// name, a check both enabled and disabled, an unknown option or a value a
// flag rejects, and when no check is left.
func Select(all []*analysis.Analyzer, s Settings) ([]*analysis.Analyzer, error) {
	byName := make(map[string]*analysis.Analyzer, len(all))
	var names []string
	for _, a := range all {
		byName[a.Name] = a
		names = append(names, a.Name)
	}
	known := func(field, name string) error {
		if _, ok := byName[name]; !ok {
			return fmt.Errorf("%s: unknown check %q (checks: %s)", field, name, strings.Join(names, ", "))
		}
		return nil
	}
	for _, n := range s.Enable {
		if err := known("enable", n); err != nil {
			return nil, err
		}
	}
	for _, n := range s.Disable {
		if err := known("disable", n); err != nil {
			return nil, err
		}
		if slices.Contains(s.Enable, n) {
			return nil, fmt.Errorf("check %q is both enabled and disabled", n)
		}
	}

	// Options, in a deterministic order so errors are too.
	checks := make([]string, 0, len(s.Options))
	for c := range s.Options {
		checks = append(checks, c)
	}
	sort.Strings(checks)
	for _, c := range checks {
		if err := known("options", c); err != nil {
			return nil, err
		}
		if err := setFlags(byName[c], s.Options[c]); err != nil {
			return nil, err
		}
	}

	var out []*analysis.Analyzer
	for _, a := range all {
		if len(s.Enable) > 0 && !slices.Contains(s.Enable, a.Name) {
			continue
		}
		if slices.Contains(s.Disable, a.Name) {
			continue
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no check left to run (checks: %s)", strings.Join(names, ", "))
	}
	return out, nil
}

// setFlags sets a's flags from opts (flag name -> value).
func setFlags(a *analysis.Analyzer, opts map[string]any) error {
	var flags []string
	a.Flags.VisitAll(func(f *flag.Flag) { flags = append(flags, f.Name) })
	keys := make([]string, 0, len(opts))
	for k := range opts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f := lookup(&a.Flags, k)
		if f == nil {
			avail := "none"
			if len(flags) > 0 {
				avail = strings.Join(flags, ", ")
			}
			return fmt.Errorf("options.%s: unknown option %q (options of %s: %s)", a.Name, k, a.Name, avail)
		}
		text, err := flagText(opts[k])
		if err != nil {
			return fmt.Errorf("options.%s.%s: %v", a.Name, k, err)
		}
		if err := f.Value.Set(text); err != nil {
			return fmt.Errorf("options.%s.%s: invalid value %q: %v", a.Name, k, text, err)
		}
	}
	return nil
}

// lookup finds flag name in fs. golangci-lint's configuration loader
// lower-cases map keys, so a case-insensitive match is accepted when it is
// the only one.
func lookup(fs *flag.FlagSet, name string) *flag.Flag {
	if f := fs.Lookup(name); f != nil {
		return f
	}
	var found *flag.Flag
	n := 0
	fs.VisitAll(func(f *flag.Flag) {
		if strings.EqualFold(f.Name, name) {
			found = f
			n++
		}
	})
	if n == 1 {
		return found
	}
	return nil
}

// flagText renders a decoded YAML/JSON value as a flag's text.
func flagText(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			if _, isList := e.([]any); isList {
				return "", fmt.Errorf("a list may hold only scalars")
			}
			s, err := flagText(e)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	case nil:
		return "", fmt.Errorf("missing value")
	default:
		return "", fmt.Errorf("unsupported value of type %T (want a string, number, boolean or list of them)", v)
	}
}
