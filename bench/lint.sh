#!/usr/bin/env bash
# Times cot lint against yamllint and a bare libyaml event loop on 200 answer files
# (about 5 MB) of the shipped requirement set, and prints a markdown table.
#
#   bench/lint.sh [BUILDDIR]      (default: build, next to this script's parent)
#
# Needs a built cot, cc and libyaml's headers (pkg-config yaml-0.1), /usr/bin/python3
# with python3-yaml, and yamllint. Each tool reads the same files in one process; the
# times are the best of RUNS runs (RUNS=7, yamllint once unless YAMLLINT_RUNS is set),
# wall clock including process start, and CPU time (user + system), warm page cache;
# CPU time from getrusage, peak RSS from /usr/bin/time (bench/measure.py; install
# "time" for it). On a busy machine trust the CPU column more than the wall one.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
COT=$BUILD/cot
RUNS=${RUNS:-7}
YAMLLINT_RUNS=${YAMLLINT_RUNS:-1}
W=$(mktemp -d /tmp/cot-bench-XXXXXX)
trap 'rm -rf "$W"' EXIT
. "$SRC/bench/lib.sh"

[ -x "$COT" ] || { echo "bench: no cot at $COT (build it first)" >&2; exit 2; }
command -v yamllint >/dev/null || { echo "bench: yamllint is needed (apt-get install yamllint)" >&2; exit 2; }

/usr/bin/python3 "$SRC/bench/gen-answers.py" "$SRC/checklists/belrai-security-1.0.yaml" "$W/answers" 200
cc -O2 -o "$W/yaml-parse" "$SRC/bench/yaml-parse.c" $(pkg-config --cflags --libs yaml-0.1)
FILES=("$W"/answers/*.yaml)
BYTES=$(cat "${FILES[@]}" | wc -c)

# Sanity: the files are valid, so every tool does its whole normal work.
"$COT" lint "${FILES[@]}" >"$W/cot.out" || { tail -5 "$W/cot.out" >&2; echo "bench: cot lint found problems" >&2; exit 1; }
"$W/yaml-parse" "${FILES[@]}" 2>/dev/null || { echo "bench: libyaml could not parse the files" >&2; exit 1; }

read -r t_yaml c_yaml m_yaml < <(best "$RUNS" "$W/yaml-parse" "${FILES[@]}")
read -r t_cot c_cot m_cot < <(best "$RUNS" "$COT" lint "${FILES[@]}")
read -r t_yl c_yl m_yl < <(best "$YAMLLINT_RUNS" yamllint -f parsable "${FILES[@]}")
read -r t_ver c_ver m_ver < <(best "$RUNS" "$COT" --version)

awk -v bytes="$BYTES" -v n="${#FILES[@]}" -v ty="$t_yaml" -v cy="$c_yaml" -v my="$m_yaml" \
	-v tc="$t_cot" -v cc="$c_cot" -v mc="$m_cot" -v tl="$t_yl" -v cl="$c_yl" -v ml="$m_yl" \
	-v tv="$t_ver" -v mv="$m_ver" -v yl="$(yamllint --version)" -v cpu="$(nproc)" \
	-v load="$(cut -d' ' -f1 /proc/loadavg)" '
function rate(t) { return t > 0 ? sprintf("%.1f", bytes / 1048576 / t) : "-" }
function ratio(a, b) { return b > 0 ? sprintf("%.1fx", a / b) : "-" }
BEGIN {
	printf "%d answer files, %.1f MB in all; best of runs; %d CPUs, load %s\n\n", n, bytes / 1048576, cpu, load
	print "| tool | wall (s) | CPU (s) | MB/s (CPU) | peak RSS (MB) | wall vs libyaml | CPU vs libyaml |"
	print "|---|---:|---:|---:|---:|---:|---:|"
	printf "| libyaml event loop (bench/yaml-parse.c) | %.3f | %.3f | %s | %.1f | 1.0x | 1.0x |\n", ty, cy, rate(cy), my / 1024
	printf "| cot lint | %.3f | %.3f | %s | %.1f | %s | %s |\n", tc, cc, rate(cc), mc / 1024, ratio(tc, ty), ratio(cc, cy)
	printf "| %s (default config) | %.3f | %.3f | %s | %.1f | %s | %s |\n", yl, tl, cl, rate(cl), ml / 1024, ratio(tl, ty), ratio(cl, cy)
	printf "\ncot lint is %s faster than yamllint (wall), %s (CPU); it takes %s the wall time and %s the CPU time of the bare libyaml parse.\n", ratio(tl, tc), ratio(cl, cc), ratio(tc, ty), ratio(cc, cy)
	printf "Of that, starting cot (44 shared libraries, for every command) takes %.3f s wall and %.1f MB: cot --version.\n", tv, mv / 1024
}'
