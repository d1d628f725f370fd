#!/usr/bin/env bash
# bench.sh: run asynclint, go vet and staticcheck one after another on the
# same packages, with their result caches off, and print each one's wall
# time and peak memory, and asynclint's ratios to the other two.
#
# Usage: scripts/bench.sh [-n ROUNDS] [packages...]     (default: 1, std)
#
# Patterns are resolved in the current directory, as for go vet. With
# -n, the three tools run one after another ROUNDS times, and each one's
# median wall time and largest peak memory are printed: on a shared
# machine a single run's wall time varies by as much as the budget's
# margin.
#
# What "caches off" means here:
#   - go vet replays cached results; only -a skips that cache, but -a also
#     recompiles every dependency, which would measure the compiler. So each
#     run gets a vet flag that changes nothing but is part of vet's cache key
#     (-printf.funcs=<unique name>): every package is vetted again, against
#     export data from the build cache.
#   - asynclint runs its checks under go vet (asynclint as the vet tool), so
#     it has go vet's result cache too, keyed by the tool's build ID and
#     flags among others. It gets -cachekey=<unique name>, a flag that only
#     changes that key: every package is analysed again, as for go vet.
#   - staticcheck gets STATICCHECK_CACHE pointed at a fresh directory.
# The build cache is warmed first (go list -export -deps -test), so no tool
# pays for compiling the packages, their test variants or dependencies.
# All three check test files too (their default).
#
# Peak memory is GNU time's maximum resident set size: for a tool that runs
# subprocesses (go vet, and so asynclint, run one process per package),
# that of the largest single process, not their sum.
#
# Needs: go, GNU time (installed with apt-get if missing), staticcheck
# v0.8.2 (installed with go install if missing). Findings do not stop it.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
rounds=1
if [ "${1:-}" = "-n" ]; then
	rounds=$2
	shift 2
	[ "$rounds" -ge 1 ] 2>/dev/null || { echo "bench.sh: -n wants a positive count" >&2; exit 2; }
fi
if [ $# -eq 0 ]; then
	set -- std
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

die() { echo "bench.sh: $*" >&2; exit 1; }

# GNU time.
TIME=/usr/bin/time
if ! "$TIME" -f %e true >/dev/null 2>&1; then
	echo "bench.sh: installing GNU time" >&2
	{ apt-get install -y time || { apt-get update && apt-get install -y time; }; } >/dev/null 2>&1 ||
		die "GNU time (/usr/bin/time) is missing and apt-get could not install it"
fi

# staticcheck v0.8.2.
staticcheck_version=v0.8.2
gobin=$(go env GOBIN)
gobin=${gobin:-$(go env GOPATH)/bin}
staticcheck=$(command -v staticcheck || echo "$gobin/staticcheck")
if ! "$staticcheck" -version 2>/dev/null | grep -q "${staticcheck_version#v}"; then
	echo "bench.sh: installing staticcheck $staticcheck_version in $gobin" >&2
	go install "honnef.co/go/tools/cmd/staticcheck@$staticcheck_version" ||
		die "could not install staticcheck"
	staticcheck=$gobin/staticcheck
fi

# asynclint, from this repository.
go -C "$root" build -o "$work/asynclint" ./cmd/asynclint || die "could not build asynclint"

echo "bench.sh: warming the build cache for: $*" >&2
go list -export -deps -test "$@" >/dev/null || echo "bench.sh: go list failed; measuring anyway" >&2

# measure NAME CMD...: run CMD under GNU time, output discarded.
measure() {
	local name=$1
	shift
	echo "bench.sh: running $name" >&2
	"$TIME" -f '%e %M %x' -o "$work/time.$name" "$@" >"$work/out.$name" 2>&1
	# GNU time writes "Command exited with non-zero status N" first.
	read -r wall rss code < <(tail -n 1 "$work/time.$name")
	printf '%s %s %s\n' "$wall" "$rss" "$code" >>"$work/runs.$name"
}

for round in $(seq "$rounds"); do
	salt=asynclintbench$$$(date +%s)r$round
	measure asynclint "$work/asynclint" "-cachekey=$salt" "$@"
	measure vet go vet "-printf.funcs=$salt" "$@"
	rm -rf "$work/staticcheck-cache"
	STATICCHECK_CACHE=$work/staticcheck-cache measure staticcheck "$staticcheck" "$@"
done

# The median wall time (the lower middle one for an even count), the
# largest peak memory, the last exit code.
for name in asynclint vet staticcheck; do
	wall=$(awk '{print $1}' "$work/runs.$name" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	rss=$(awk '{print $2}' "$work/runs.$name" | sort -n | tail -n 1)
	code=$(tail -n 1 "$work/runs.$name" | awk '{print $3}')
	printf '%s %s %s\n' "$wall" "$rss" "$code" >"$work/result.$name"
done

echo
echo "packages: $*"
[ "$rounds" -gt 1 ] && echo "rounds: $rounds (median wall time, largest peak memory); walls in s: $(for name in asynclint vet staticcheck; do printf '%s %s; ' "$name" "$(awk '{print $1}' "$work/runs.$name" | tr '\n' ' ')"; done)"
printf '%-12s %10s %14s %6s %10s\n' tool wall_s peak_rss_MiB exit out_lines
for name in asynclint vet staticcheck; do
	read -r wall rss code <"$work/result.$name"
	printf '%-12s %10.2f %14.1f %6s %10s\n' "$name" "$wall" "$(echo "$rss" | awk '{print $1/1024}')" "$code" "$(wc -l <"$work/out.$name")"
done
read -r aw ar _ <"$work/result.asynclint"
for other in vet staticcheck; do
	read -r ow or _ <"$work/result.$other"
	awk -v aw="$aw" -v ar="$ar" -v ow="$ow" -v or="$or" -v n="$other" 'BEGIN {
		printf "asynclint/%-12s wall %.2fx   peak RSS %.2fx\n", n, (ow > 0 ? aw/ow : 0), (or > 0 ? ar/or : 0)
	}'
done
