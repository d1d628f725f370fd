#!/usr/bin/env bash
# corpus.sh: run asynclint over real code that is not in the repository,
# the standard library and modules from the module proxy, and count the
# findings of each check. This is how every check is measured before it
# lands: each finding is then read and judged true or false, and every
# false one is fixed at its root and kept as a silent fixture.
#
# Usage: scripts/corpus.sh [-o DIR] [-- asynclint flags] [std | module@version ...]
#
#   scripts/corpus.sh std golang.org/x/tools@v0.52.0 golang.org/x/net@v0.61.0
#   scripts/corpus.sh -o /tmp/out -- -lockawait.chans std
#
# With no target, it runs over std, golang.org/x/tools, golang.org/x/net
# and gopls at the versions below. Each module is downloaded (go mod
# download), copied to a scratch directory so that its go.mod can be
# completed, and checked with its tests. The findings of each target go
# to DIR/<target>.txt (default: a fresh temporary directory, printed at
# the end); the summary on standard output gives, per target, the number
# of findings of each check, and the wall time.
#
# Result caches are off (-cachekey), so a second run measures the same.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=""
flags=()
while [ $# -gt 0 ]; do
	case "$1" in
	-o) out=$2; shift 2 ;;
	--) shift
		while [ $# -gt 0 ] && [ "$1" != "--" ] && [[ "$1" == -* ]]; do flags+=("$1"); shift; done
		[ "${1:-}" = "--" ] && shift ;;
	*) break ;;
	esac
done
if [ $# -eq 0 ]; then
	set -- std golang.org/x/tools@v0.52.0 golang.org/x/net@v0.61.0 golang.org/x/tools/gopls@v0.23.0
fi
[ -n "$out" ] || out=$(mktemp -d)
mkdir -p "$out"
# A module whose zip holds a go.work (a repository's workspace) is
# checked on its own, as its users build it.
export GOWORK=off
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bin="$work/asynclint"
(cd "$root" && go build -o "$bin" ./cmd/asynclint) || { echo "corpus.sh: cannot build asynclint" >&2; exit 1; }

printf '%-45s %8s  %s\n' target seconds "findings by check"
for target in "$@"; do
	name=$(echo "$target" | tr '/@' '__')
	dir=$root
	pattern=std
	if [ "$target" != std ]; then
		src=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$target" 2>/dev/null |
			sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
		if [ -z "$src" ]; then
			echo "corpus.sh: cannot download $target" >&2
			continue
		fi
		dir="$work/$name"
		cp -r "$src" "$dir" && chmod -R u+w "$dir"
		# A module from before modules: give it a go.mod of its path.
		if [ ! -f "$dir/go.mod" ]; then
			(cd "$dir" && go mod init "${target%@*}" >/dev/null 2>&1 && GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1)
		fi
		# A module of a multi-module repository may replace its siblings
		# with ../ directories that the module zip does not hold: take
		# them from the proxy instead, at the versions go.mod requires.
		sed -n 's/^[[:space:]]*\(replace[[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]\{1,\}\)[^=]*=>[[:space:]]*\(\.\{1,2\}\/[^[:space:]]*\).*/\2 \3/p' "$dir/go.mod" |
			while read -r mod path; do
				[ -d "$dir/$path" ] || (cd "$dir" && go mod edit -dropreplace="$mod")
			done
		(cd "$dir" && GOFLAGS=-mod=mod go mod download >/dev/null 2>&1)
		pattern=./...
	fi
	start=$(date +%s)
	(cd "$dir" && GOFLAGS=-mod=mod "$bin" -cachekey="corpus$RANDOM$RANDOM" ${flags[@]+"${flags[@]}"} $pattern) >"$out/$name.txt" 2>"$out/$name.err"
	end=$(date +%s)
	counts=$(sed -n 's/.*(\([a-z]*\))$/\1/p' "$out/$name.txt" | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}')
	# A crash loses a package's findings without a word in the counts.
	crashes=$(grep -c -e '^panic: ' -e 'internal error: ' "$out/$name.err")
	[ "$crashes" -gt 0 ] && counts="${counts}CRASHES=$crashes (see $name.err) "
	printf '%-45s %8s  %s\n' "$target" "$((end - start))" "${counts:-none}"
done
echo "findings in $out"
