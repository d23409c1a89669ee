#!/usr/bin/env bash
# cot demo: runs every step on sample data and leaves a project that verifies.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
run 0 "$COT" demo "$WORK/demo"
out_has "$ cot init $WORK/demo --example"
out_has "journal intact"
out_has "--> checklist-complete"
run 0 "$COT" -C demo log --verify
run 2 "$COT" demo "$WORK/demo"
err_has "exists already"
# Without a directory it makes a temporary one and says where.
run 0 "$COT" demo
dir=$(sed -n 's/^The demo project is in \(.*\): look around.*/\1/p' "$OUT")
check "temporary demo directory exists" test -f "$dir/cot.yaml"
rm -rf "$(dirname "$dir")"
finish
