#!/usr/bin/env bash
# Times cot lint against yamllint and a bare libyaml event loop on 200 answer files
# (about 5 MB) of the shipped requirement set, and prints a markdown table.
#
#   bench/lint.sh [BUILDDIR]      (default: build, next to this script's parent)
#
# Needs a built cot, cc and libyaml's headers (pkg-config yaml-0.1), /usr/bin/python3
# with python3-yaml, yamllint, and /usr/bin/time (apt-get install time) for peak memory.
# Each tool reads the same files in one process; the time is the best of RUNS runs
# (RUNS=7, yamllint once unless YAMLLINT_RUNS is set), wall clock including process
# start (and /usr/bin/time's), warm page cache.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
COT=$BUILD/cot
RUNS=${RUNS:-7}
YAMLLINT_RUNS=${YAMLLINT_RUNS:-1}
W=$(mktemp -d /tmp/cot-bench-XXXXXX)
trap 'rm -rf "$W"' EXIT

[ -x "$COT" ] || { echo "bench: no cot at $COT (build it first)" >&2; exit 2; }
command -v yamllint >/dev/null || { echo "bench: yamllint is needed (apt-get install yamllint)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

/usr/bin/python3 "$SRC/bench/gen-answers.py" "$SRC/checklists/belrai-security-1.0.yaml" "$W/answers" 200
cc -O2 -o "$W/yaml-parse" "$SRC/bench/yaml-parse.c" $(pkg-config --cflags --libs yaml-0.1)
FILES=("$W"/answers/*.yaml)
BYTES=$(cat "${FILES[@]}" | wc -c)

# Sanity: the files are valid, so every tool does its whole normal work.
"$COT" lint "${FILES[@]}" >"$W/cot.out" || { tail -5 "$W/cot.out" >&2; echo "bench: cot lint found problems" >&2; exit 1; }
"$W/yaml-parse" "${FILES[@]}" 2>/dev/null || { echo "bench: libyaml could not parse the files" >&2; exit 1; }

# best RUNS CMD...: prints "seconds peak-RSS-KiB": the fastest wall clock of RUNS runs
# (nanosecond clock) and the largest peak resident set (/usr/bin/time) seen.
best() {
	local runs=$1 i t0 t1 t m bt= bm=0
	shift
	for ((i = 0; i < runs; i++)); do
		t0=$(date +%s%N)
		/usr/bin/time -f '%M' -o "$W/time" "$@" >/dev/null 2>&1 || true
		t1=$(date +%s%N)
		t=$(((t1 - t0) / 1000))
		m=$(tail -1 "$W/time")
		if [ -z "$bt" ] || [ "$t" -lt "$bt" ]; then bt=$t; fi
		[ "$m" -gt "$bm" ] && bm=$m
	done
	awk -v us="$bt" -v kb="$bm" 'BEGIN { printf "%.3f %d\n", us / 1e6, kb }'
}

read -r t_yaml m_yaml < <(best "$RUNS" "$W/yaml-parse" "${FILES[@]}")
read -r t_cot m_cot < <(best "$RUNS" "$COT" lint "${FILES[@]}")
read -r t_yl m_yl < <(best "$YAMLLINT_RUNS" yamllint -f parsable "${FILES[@]}")

awk -v bytes="$BYTES" -v n="${#FILES[@]}" -v ty="$t_yaml" -v my="$m_yaml" -v tc="$t_cot" \
	-v mc="$m_cot" -v tl="$t_yl" -v ml="$m_yl" -v yl="$(yamllint --version)" -v cpu="$(nproc)" '
function rate(t) { return t > 0 ? sprintf("%.1f", bytes / 1048576 / t) : "-" }
function secs(t) { return sprintf("%.3f", t) }
BEGIN {
	printf "%d answer files, %.1f MB in all; best of runs, wall clock, %d CPUs\n\n", n, bytes / 1048576, cpu
	print "| tool | time (s) | MB/s | peak RSS (MB) | time vs libyaml |"
	print "|---|---:|---:|---:|---:|"
	printf "| libyaml event loop (bench/yaml-parse.c) | %s | %s | %.1f | 1.0x |\n", secs(ty), rate(ty), my / 1024
	printf "| cot lint | %s | %s | %.1f | %.1fx |\n", secs(tc), rate(tc), mc / 1024, (ty > 0 ? tc / ty : 0)
	printf "| %s (default config) | %s | %s | %.1f | %.1fx |\n", yl, secs(tl), rate(tl), ml / 1024, (ty > 0 ? tl / ty : 0)
	printf "\ncot lint is %.0fx faster than yamllint and takes %.1fx the time of the bare libyaml parse.\n", (tc > 0 ? tl / tc : 0), (ty > 0 ? tc / ty : 0)
}'
