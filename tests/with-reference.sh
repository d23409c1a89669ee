#!/usr/bin/env bash
# Runs a test that needs other parties' files (schemas cot does not ship) from $COT_REFERENCE,
# or skips it (meson's SKIP) with one line naming what is missing and how to provide it: exit 77,
# or with --tap (a TAP test, whose exit status must be 0) the plan "1..0 # SKIP why".
# usage: with-reference.sh [--tap] FILE... -- PROGRAM [ARGS]   (FILEs relative to $COT_REFERENCE)
set -u
tap=
if [ "${1:-}" = --tap ]; then
	tap=1
	shift
fi
need=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	need+=("$1")
	shift
done
[ $# -gt 1 ] || { echo "usage: with-reference.sh [--tap] FILE... -- PROGRAM [ARGS]" >&2; exit 2; }
shift
for f in "${need[@]}"; do
	if [ ! -r "${COT_REFERENCE:-}/$f" ]; then
		why="missing ${COT_REFERENCE:-(COT_REFERENCE unset)}/$f: give the folder that holds it with meson configure BUILD -Dreference=DIR (default ../shared/reference beside the source)"
		if [ -n "$tap" ]; then
			echo "1..0 # SKIP $why"
			exit 0
		fi
		echo "SKIP: $why"
		exit 77
	fi
done
exec "$@"
