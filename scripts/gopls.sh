#!/usr/bin/env bash
# scripts/gopls.sh: build gopls v0.23.0 with asynclint's checks compiled in,
# offline (module proxy only), and prove it on the integrations fixture.
#
#   scripts/gopls.sh            build (if needed) and test
#   scripts/gopls.sh build      build only; prints the binary's path, alone on
#                               standard output (progress goes to standard
#                               error), so that BIN=$(scripts/gopls.sh build) works
#
# The binary is $BUILD/gopls/gopls, where BUILD is $ASYNCLINT_BUILD_DIR,
# default ${XDG_CACHE_HOME:-$HOME/.cache}/asynclint-build (outside the
# repository; kept between runs so the next build is warm).
#
# gopls has no plugin mechanism: its analyzers are a fixed list
# (settings.AllAnalyzers). So: copy gopls's module from the module cache,
# add one file to its internal/settings package whose init appends
# analyzers.All() to that list, require our module with a replace to this
# repository, and pin golang.org/x/tools to the version gopls itself
# requires (gopls v0.23.0 does not compile against newer x/tools, whose
# internal packages it uses; our analyzers must compile against it).
#
# Exits non-zero, with a FAIL line, if the build or any assertion fails.
set -euo pipefail

GOPLS_VERSION=v0.23.0
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${ASYNCLINT_BUILD_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/asynclint-build}
DIR=$BUILD/gopls
SRC=$DIR/src
BIN=$DIR/gopls
FIX=$REPO/testdata/src/integrations
export GOWORK=off GOFLAGS=-mod=mod
export GOPLSCACHE=$DIR/cache # gopls's analysis cache, keyed by its binary

fail() { echo "FAIL gopls: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# The fixture's lines, found by their comments (see testdata/src/integrations/a/a.go).
fixline() { grep -n -- "$1" "$FIX/a/a.go" | head -n 1 | cut -d: -f1; }
L_DIRECT=$(fixline 'time.Sleep(time.Millisecond) // want')   # a finding
L_CROSS=$(fixline 'helper.Pause() // want')                   # a finding through facts
L_NOLINT=$(fixline ') //nolint:asynclint')                    # silent under golangci-lint
L_IGNORE=$(($(fixline '^[[:space:]]*//lint:ignore blockingcall') + 1)) # silent everywhere
L_FMT=$(fixline 'time.Sleep(50 \* time.Millisecond) // want')     # a fix that gofmt rewrites
L_STALE=$(fixline '//lint:ignore blockingcall stale:')          # a stale directive
[ -n "$L_DIRECT" ] && [ -n "$L_CROSS" ] && [ -n "$L_NOLINT" ] && [ "$L_IGNORE" -gt 1 ] && [ -n "$L_FMT" ] && [ -n "$L_STALE" ] ||
	fail "the marked lines of $FIX/a/a.go are missing"

build() {
	local t mod tools
	t=$(now)
	mod=$(go mod download -json "golang.org/x/tools/gopls@$GOPLS_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[ -d "$mod" ] || fail "go mod download golang.org/x/tools/gopls@$GOPLS_VERSION"
	# The same directory every time, so that the build cache stays warm.
	rm -rf "$SRC"
	mkdir -p "$DIR"
	cp -R "$mod" "$SRC"
	chmod -R u+w "$SRC"

	cat >"$SRC/internal/settings/asynclint.go" <<'EOF'
// Added by asynclint's scripts/gopls.sh: asynclint's checks, each wrapped
// for //lint:ignore, join gopls's analyzers (on by default, severity
// warning; "analyses": {"blockingcall": false} turns one off).
package settings

import "github.com/asynclint/asynclint/analyzers"

func init() {
	for _, a := range analyzers.All() {
		AllAnalyzers = append(AllAnalyzers, &Analyzer{analyzer: a})
	}
}
EOF

	# x/tools at the version gopls requires, whatever our module requires.
	tools=$(cd "$SRC" && go mod edit -json | awk '/"Path": "golang.org\/x\/tools"/ { getline; gsub(/[ \t",]/, ""); sub(/Version:/, ""); print; exit }')
	[ -n "$tools" ] || fail "no golang.org/x/tools requirement in gopls's go.mod"
	(cd "$SRC" && go mod edit \
		-require=github.com/asynclint/asynclint@v0.0.0 \
		-replace=github.com/asynclint/asynclint="$REPO" \
		-replace=golang.org/x/tools=golang.org/x/tools@"$tools" &&
		go mod tidy) || fail "go mod tidy in $SRC"
	echo "gopls: copy gopls $GOPLS_VERSION, pin golang.org/x/tools $tools, go mod tidy $(since "$t")"

	t=$(now)
	if ! (cd "$SRC" && go build -o "$BIN" .) >"$DIR/build.txt" 2>&1; then
		cat "$DIR/build.txt"
		fail "go build of gopls with asynclint's analyzers (against golang.org/x/tools $tools); see above"
	fi
	cat "$DIR/build.txt"
	echo "gopls: go build $(since "$t") -> $BIN"
	"$BIN" version || fail "$BIN version"
}

check() {
	local t rc=0 out=$DIR/out.txt
	t=$(now)
	echo "gopls: gopls check $FIX/a/a.go $FIX/a/generated.go"
	(cd "$FIX" && "$BIN" check "$FIX/a/a.go" "$FIX/a/generated.go") >"$out" 2>&1 || rc=$?
	sed 's/^/    /' "$out"
	echo "gopls: check $(since "$t"), exit $rc"
	grep -Eq "^$FIX/a/a.go:$L_DIRECT:[0-9]+(-[0-9]+)?: blocking call inside task: time.Sleep holds the worker slot" "$out" ||
		fail "no blockingcall diagnostic at a/a.go:$L_DIRECT"
	grep -Eq "^$FIX/a/a.go:$L_CROSS:[0-9]+(-[0-9]+)?: blocking call inside task: helper.Pause " "$out" ||
		fail "no cross-package blockingcall diagnostic at a/a.go:$L_CROSS (facts)"
	grep -q "^$FIX/a/a.go:$L_NOLINT:" "$out" || fail "no diagnostic at a/a.go:$L_NOLINT (//nolint is golangci-lint's, not gopls's)"
	! grep -q "a/a.go:$L_IGNORE:" "$out" || fail "//lint:ignore above a/a.go:$L_IGNORE did not silence the diagnostic"
	grep -Eq "^$FIX/a/a.go:$L_STALE:[0-9]+(-[0-9]+)?: stale //lint:ignore: blockingcall reports nothing" "$out" ||
		fail "no stale-directive diagnostic at a/a.go:$L_STALE"
	! grep -q "generated.go:" "$out" || fail "a diagnostic in the generated file a/generated.go"
	echo "gopls: diagnostics at a.go:$L_DIRECT, :$L_CROSS (cross-package), :$L_NOLINT (//nolint is not gopls's), :$L_STALE (stale //lint:ignore); //lint:ignore (:$L_IGNORE) and generated.go silent"

	cp "$out" "$DIR/check.txt"

	# The suggested fix is a quick fix, at the diagnostic's position.
	local col
	col=$(sed -En "s|^$FIX/a/a.go:$L_DIRECT:([0-9]+).*|\1|p" "$out" | head -n 1)
	t=$(now)
	rc=0
	echo "gopls: gopls codeaction -kind=quickfix -title=runtime.Sleep -exec -diff $FIX/a/a.go:$L_DIRECT:$col"
	(cd "$FIX" && "$BIN" codeaction -kind=quickfix -title=runtime.Sleep -exec -diff "$FIX/a/a.go:$L_DIRECT:$col") >"$out" 2>&1 || rc=$?
	sed 's/^/    /' "$out"
	echo "gopls: codeaction $(since "$t"), exit $rc"
	grep -q '^+.*runtime.Sleep(ctx, time.Millisecond)' "$out" || fail "no quick fix to runtime.Sleep at a/a.go:$L_DIRECT"
	echo "gopls: quick fix rewrites time.Sleep to runtime.Sleep(ctx, ...)"

	# The fix's text is gofmt'd: 50 * time.Millisecond becomes 50*time.Millisecond.
	col=$(sed -En "s|^$FIX/a/a.go:$L_FMT:([0-9]+).*|\1|p" "$DIR/check.txt" | head -n 1)
	rc=0
	echo "gopls: gopls codeaction -kind=quickfix -title=runtime.Sleep -exec -diff $FIX/a/a.go:$L_FMT:$col"
	(cd "$FIX" && "$BIN" codeaction -kind=quickfix -title=runtime.Sleep -exec -diff "$FIX/a/a.go:$L_FMT:$col") >"$out" 2>&1 || rc=$?
	sed 's/^/    /' "$out"
	grep -q '^+.*runtime.Sleep(ctx, 50\*time.Millisecond)' "$out" || fail "the quick fix at a/a.go:$L_FMT is not gofmt'd"
	echo "gopls: the quick fix's text is gofmt'd (50*time.Millisecond)"
}

case ${1:-all} in
build)
	build >&2
	echo "$BIN"
	;;
all)
	build
	check
	echo "PASS gopls"
	;;
*) echo "usage: $0 [build]" >&2; exit 2 ;;
esac
