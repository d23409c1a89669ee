#!/usr/bin/env bash
# Times the start-up of cot (--version, status, lint on one file) against an empty C
# program: each command in turn, RUNS rounds, median wall clock of each; prints a table.
#
#   bench/startup.sh [BUILDDIR]      (default: build-rel, next to this script's parent)
#
# Needs a built cot (measure a release build) and cc. A busy machine adds the same to
# every command: read the difference to the empty program more than the ratio.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build-rel}" && pwd)
COT=$BUILD/cot
RUNS=${RUNS:-300}
W=$(mktemp -d /tmp/cot-bench-XXXXXX)
trap 'rm -rf "$W"' EXIT

[ -x "$COT" ] || { echo "bench: no cot at $COT (build it first)" >&2; exit 2; }

printf 'int main(void) { return 0; }\n' >"$W/empty.c"
cc -O2 -o "$W/empty" "$W/empty.c"
cc -O2 -o "$W/run" "$SRC/bench/startup-run.c"
"$COT" init "$W/p" --name "Bench Org" --kbo 0809394427 --route direct >/dev/null
ANSWERS=$(ls "$W"/p/*.yaml | grep -v '/cot.yaml$' | head -1)
[ -n "$ANSWERS" ] || { echo "bench: cot init wrote no answers file" >&2; exit 1; }
export LC_ALL=C.UTF-8

# The commands in the order they run in each round; none has a space in its arguments.
NAMES=("empty C program" "cot --version" "cot status" "cot lint FILE")
CMDS=("$W/empty" "$COT --version" "$COT -C $W/p status" "$COT lint $ANSWERS")
mapfile -t MS < <("$W/run" "$RUNS" "${CMDS[@]}")

echo "median of $RUNS runs, load average $(cut -d' ' -f1 /proc/loadavg), $(nproc) cores"
echo
echo "| command | median | minus empty | ratio |"
echo "|---|---:|---:|---:|"
for i in "${!NAMES[@]}"; do
	awk -v n="${NAMES[$i]}" -v m="${MS[$i]}" -v e="${MS[0]}" 'BEGIN {
		printf "| `%s` | %.2f ms | %+.2f ms | %.2fx |\n", n, m, m - e, m / e }'
done
