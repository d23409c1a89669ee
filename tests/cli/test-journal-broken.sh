#!/usr/bin/env bash
# A journal that fails verification: cot status says so first, every command that would
# append to it refuses and changes nothing; a record dated in the future is warned about.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-09-01
IAM=$SRCDIR/tests/fixtures/certs/example_org_cert_CBE0809394427_IAM_prod_2021.pem

new_project p
for s in cert-requested cert-received registered; do
	"$COT" -C p done "$s" --date 2026-03-01 >/dev/null || bad "done $s"
done
ready_checklist p 2026-08-01
run 0 "$COT" -C p log --verify
# record 3 ('cert-requested') edited: its date moved; record 4 no longer chains to it
sed -i '2s/2026-03-01/2026-02-01/' p/.cot/journal
run 1 "$COT" -C p log --verify
err_lacks "cot: error"
snapshot p >before

# cot status: the first line names the first bad record and how to recover
run 0 "$COT" -C p status
first=$(head -1 "$OUT")
case $first in
"the journal is broken: "*":3: record 3: the chain is broken"*"'cot log --verify' tells more"*backup) ok ;;
*) bad "status's first line: '$first'" ;;
esac
out_has "--> checklist-complete"
COT_NOW=2026-09-01 run 0 "$COT" -C p --color always status
check "the first line is red" test "$(head -c 5 "$OUT")" = $'\e[31m'
# in JSON, stdout stays one JSON document and the warning goes to stderr
run 0 "$COT" -C p status --format json
check "status json parses" /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT"
err_has "warning: the journal is broken: "

# every command that appends to the journal refuses: exit 1, the record named, nothing changed
refused() { # WHAT CMD...
	local what=$1
	shift
	run 1 "$@"
	err_has "nothing was recorded, the journal is broken: "
	err_has ":3: record 3:"
	err_has "'cot log --verify' tells more"
	snapshot p >after
	if cmp -s before after; then ok; else bad "$what changed the project"; diff before after | head -5; fi
}
refused "done" "$COT" -C p done submitted
refused "done --date" "$COT" -C p done submitted --date 2026-08-30
refused "done --revoke" "$COT" -C p done --revoke registered --note "typo"
refused "cert request" "$COT" -C p cert request --ref REQ-2
COT_NOW=2021-06-01 refused "cert import" "$COT" -C p cert import "$IAM"
refused "check --record" "$COT" -C p check --record

# garbage instead of a record: status still says so first, then cannot go on
cp -a p g
sed -i '2s/.*/garbage/' g/.cot/journal
run 2 "$COT" -C g status
check "first line names record 2" grep -q "^the journal is broken: .*:2: record 2: not a JSON record" "$OUT"
run 1 "$COT" -C g done submitted
err_has "record 2: not a JSON record"

# a removed last record: the head says more than the journal holds
new_project t
"$COT" -C t done cert-requested --date 2026-03-01 >/dev/null || bad "done cert-requested"
sed -i '$d' t/.cot/journal
cp t/.cot/journal t.before
run 1 "$COT" -C t done cert-received --date 2026-03-02
err_has "its head says record 2: records at the end were removed"
same t/.cot/journal t.before

# an intact journal is not flagged
new_project ok
run 0 "$COT" -C ok status
out_lacks "journal is broken"
err_lacks "warning"

# a record dated in the future (written by a machine whose clock ran ahead): the chain is
# intact, so nothing refuses, but cot status warns, naming it (cmd-status.c's warning)
new_project f
COT_NOW=2030-01-01T12:00:00Z "$COT" -C f done cert-requested --date 2026-08-01 >/dev/null ||
	bad "done at 2030"
run 0 "$COT" -C f log --verify
run 0 "$COT" -C f status
err_has "warning: journal record 2 (line 2) is dated 2030-01-01T12:00:00Z, after today (2026-09-01)"
out_lacks "journal is broken"
run 0 "$COT" -C f done cert-received --date 2026-08-20
COT_NOW=2030-01-02 run 0 "$COT" -C f status
err_lacks "after today"
finish
