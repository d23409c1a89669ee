#!/usr/bin/env bash
# cot kmehr validate on N KMEHR sample messages against xmllint --schema on the same files and XSD.
#
# usage: bench/kmehr.sh [PATH_TO_COT] [SCHEMA_DIR]   (defaults: build/cot, ../shared/reference/kmehr-1.32)
#   N=1000 RUNS=3 bench/kmehr.sh build-release/cot   messages, runs per measurement (best shown)
#
# The messages are the fixture tests/fixtures/kmehr/belrai-report.xml, each with its own ids.
# xmllint gets kmehr_elements-1_32.xsd, the schema that declares kmehrmessage and includes
# kmehr-1_32.xsd (given kmehr-1_32.xsd itself, xmllint finds no declaration for the root and
# fails every file): the same XSD files cot compiles. Measured: cot once over all files (it
# compiles the schema once and adds the BelRAI rules), the same with -j 2, xmllint once over all files (it too
# compiles once), and the loop a CI would write, one xmllint per file (one compile each).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
SRC=$here
COT=$(realpath "${1:-$here/build/cot}")
XSD=$(realpath "${2:-$here/../shared/reference/kmehr-1.32}")
N=${N:-1000}
RUNS=${RUNS:-3}
W=$(mktemp -d /tmp/cot-bench-kmehr-XXXXXX)
trap 'rm -rf "$W"' EXIT
. "$SRC/bench/lib.sh"
export LC_ALL=C NO_COLOR=1
TOP=$XSD/ehealth-kmehr/XSD/kmehr_elements-1_32.xsd
[ -r "$TOP" ] || { echo "bench: no $TOP: give the KMEHR 1.32 schema folder" >&2; exit 2; }
command -v xmllint >/dev/null || { echo "bench: xmllint missing (apt-get install libxml2-utils)" >&2; exit 2; }

/usr/bin/python3 - "$SRC/tests/fixtures/kmehr/belrai-report.xml" "$W" "$N" <<'PY'
import sys
text = open(sys.argv[1]).read()
for i in range(int(sys.argv[3])):
    t = text.replace("0809394427.20260701.1", "0809394427.20260701.%d" % (i + 1))
    open("%s/m%04d.xml" % (sys.argv[2], i), "w").write(t)
PY
FILES=("$W"/m*.xml)
BYTES=$(cat "${FILES[@]}" | wc -c)
printf '%s\n' "${FILES[@]}" >"$W/list"

# Sanity: every tool accepts every file, so each does its whole normal work.
"$COT" kmehr validate --schemas "$XSD" "${FILES[@]}" >/dev/null ||
	{ echo "bench: cot found problems" >&2; exit 1; }
xmllint --noout --schema "$TOP" "${FILES[@]}" 2>/dev/null ||
	{ echo "bench: xmllint found problems" >&2; exit 1; }

read -r tc cc mc < <(best "$RUNS" "$COT" kmehr validate --schemas "$XSD" "${FILES[@]}")
read -r tj cj mj < <(best "$RUNS" "$COT" kmehr validate -j 2 --schemas "$XSD" "${FILES[@]}")
read -r tx cx mx < <(best "$RUNS" xmllint --noout --schema "$TOP" "${FILES[@]}")
read -r tl cl ml < <(best 1 bash -c 'while read -r f; do xmllint --noout --schema "$1" "$f"; done <"$2"' \
	loop "$TOP" "$W/list")

awk -v n="$N" -v bytes="$BYTES" -v tc="$tc" -v cc="$cc" -v mc="$mc" -v tx="$tx" -v cx="$cx" \
	-v mx="$mx" -v tj="$tj" -v cj="$cj" -v mj="$mj" -v tl="$tl" -v cl="$cl" -v ml="$ml" -v cpu="$(nproc)" \
	-v load="$(cut -d' ' -f1 /proc/loadavg)" -v xv="$(xmllint --version 2>&1 | head -1)" '
function ratio(a, b) { return b > 0 ? sprintf("%.1fx", a / b) : "-" }
BEGIN {
	printf "%d KMEHR messages, %.1f MB in all; best of runs (the loop: one run); %d CPUs, load %s; %s\n\n", n, bytes / 1048576, cpu, load, xv
	print "| command | wall (s) | CPU (s) | peak RSS (MB) | wall vs cot | CPU vs cot |"
	print "|---|---:|---:|---:|---:|---:|"
	printf "| cot kmehr validate FILE... | %.3f | %.3f | %.1f | 1.0x | 1.0x |\n", tc, cc, mc / 1024
	printf "| cot kmehr validate -j 2 FILE... | %.3f | %.3f | %.1f | %s | %s |\n", tj, cj, mj / 1024, ratio(tj, tc), ratio(cj, cc)
	printf "| xmllint --noout --schema XSD FILE... | %.3f | %.3f | %.1f | %s | %s |\n", tx, cx, mx / 1024, ratio(tx, tc), ratio(cx, cc)
	printf "| for f: xmllint --noout --schema XSD f | %.3f | %.3f | %.1f | %s | %s |\n", tl, cl, ml / 1024, ratio(tl, tc), ratio(cl, cc)
}'
