#!/usr/bin/env bash
# A fuzz harness's inputs without libFuzzer: the seeds (committed and generated) and every
# regression input, each once through the harness's entry point, built as a normal program.
#
# usage: replay.sh REPLAY_EXE NAME COT SRCDIR
set -euo pipefail
exe=$1 name=$2 cot=$3 src=$4
tmp=$(mktemp -d /tmp/cot-replay-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
bash "$src/tests/fuzz/seeds.sh" "$name" "$tmp/seeds" "$cot" "$src"
dirs=("$tmp/seeds")
if [ -d "$src/tests/fuzz/regress/$name" ]; then
	dirs+=("$src/tests/fuzz/regress/$name")
fi
"$exe" "${dirs[@]}"
