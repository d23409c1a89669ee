#!/usr/bin/env bash
# cot log and cot log --verify: listing, JSON, and tampering of every kind.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-06-01
new_project p vitalink
for s in cert-requested cert-received vitalink-requested vitalink-contract-received; do
	"$COT" -C p done "$s" --date 2026-05-01 >/dev/null || bad "done $s"
done
j=p/.cot/journal
cp "$j" clean; cp p/.cot/journal.head cleanhead

run 0 "$COT" -C p log
out_has "vitalink-requested"
out_has "tester@cli"
run 0 "$COT" -C p log --format json
out_has '"schema": "cot.log/1"'
check "log json parses" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["records"]) == 5' "$OUT"
run 2 "$COT" -C p log --format sarif
err_has "does not write sarif"
run 0 "$COT" -C p log --verify
out_has "journal intact: 5 records"

tamper() { # DESCRIPTION EXPECTED-TEXT SED/SHELL...
	local what=$1 text=$2
	shift 2
	cp clean "$j"; cp cleanhead p/.cot/journal.head
	"$@"
	run 1 "$COT" -C p log --verify
	out_has "$text"
	run 1 "$COT" -q -C p log --verify
	out_has "$text"
}
tamper "edit a date" "record 4: the chain is broken: record 3 before it was changed" sed -i '3s/2026-05-01/2026-04-01/' "$j"
tamper "delete a line" "record 3: sequence number 4" sed -i '3d' "$j"
tamper "swap two lines" "record 3: sequence number 4" sed -i '3{h;d};4G' "$j"
tamper "remove the last line" "head says record 5" sed -i '$d' "$j"
tamper "edit the actor of the first" "record 2: the chain is broken: record 1 before it" sed -i '1s/tester@cli/someone@else/' "$j"
tamper "edit the first record's link" "record 1: the chain is broken: its 'prev' is not the journal's start" \
	sed -i '1s/"prev":"0000/"prev":"1111/' "$j"
tamper "insert a forged record" "sequence number" sed -i '2p' "$j"
tamper "garbage line" "not a JSON record" sed -i '2s/.*/garbage/' "$j"
tamper "head removed" "is missing" rm p/.cot/journal.head
run 1 "$COT" -C p log --verify --format json
out_has '"ok": false'
cp clean "$j"; cp cleanhead p/.cot/journal.head
run 0 "$COT" -C p log --verify --format json
out_has '"ok": true'
# A journal that cannot be loaded: a clear error, exit 2.
printf 'not json\n' >"$j"
run 2 "$COT" -C p log
err_has "journal:1: not a JSON record"
finish
