#!/usr/bin/env bash
# cot status: text and JSON for both routes at several stages.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-09-01
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$OUT" "$1"; }
expect_json() { # PY-EXPR EXPECTED
	local got
	got=$(jget "$1")
	if [ "$got" = "$2" ]; then ok; else bad "status json $1 = '$got', expected '$2'"; fi
}

for route in vitalink direct; do
	new_project "$route" "$route"
	run 0 "$COT" -C "$route" status
	out_has "Test Org  KBO 0809.394.427"
	out_has "route $route"
	out_has "--> cert-requested"
	out_has "Elapsed: not started"
	run 0 "$COT" -C "$route" status --format json
	expect_json 'd["schema"]' cot.status/1
	expect_json 'd["organisation"]["route"]' "$route"
	expect_json 'len(d["steps"])' 9
	expect_json 'd["next"]["step"]' cert-requested
	expect_json 'd["elapsed"]' None
	expect_json 'd["complete"]' False
done

# vitalink, midway: the next action names both contracts and the address.
for s in cert-requested cert-received vitalink-requested vitalink-contract-received contract-signed; do
	"$COT" -C vitalink done "$s" --date 2026-03-01 >/dev/null || bad "done $s"
done
run 0 "$COT" -C vitalink status
out_has "[x] contract-signed"
out_has "--> submitted"
out_has "send the signed BelRAI contract and the Vitalink contract to circleoftrust@belrai.org"
out_has "184 days (6.0 months) since 2026-03-01"
out_has "longer than usual"
run 0 "$COT" -C vitalink status --format json
expect_json 'd["next"]["step"]' submitted
expect_json 'd["elapsed"]["days"]' 184
expect_json 'd["elapsed"]["overdue"]' True
expect_json '[s["done"] for s in d["steps"]].count(True)' 5

# The months, to one decimal, the same in the text and the JSON, without float noise:
# 212 days are 6.96 months (7.0, not 6.9000000000000004), 210 days 6.90 (6.9, not 6.8).
for since in 2026-02-01:212:7.0 2026-02-03:210:6.9; do
	IFS=: read -r date days months <<<"$since"
	rm -rf months
	new_project months
	"$COT" -C months done cert-requested --date "$date" >/dev/null || bad "done cert-requested"
	run 0 "$COT" -C months status
	out_has "$days days ($months months) since $date"
	run 0 "$COT" -C months status --format json
	out_has "\"months\": $months,"
	expect_json 'd["elapsed"]["months"]' "$months"
done

# direct, at the checklist, in French, and the project language used by default.
for s in cert-requested cert-received registered; do
	"$COT" -C direct done "$s" --date 2026-07-01 --ref "R-$s" >/dev/null || bad "done $s"
done
run 0 "$COT" -C direct --lang fr status
out_has "--> checklist-complete"
out_has "check-list de sécurité complète"
out_has "(réf. R-registered)"
out_has "Écoulé : 62 jours (2,0 mois) depuis le 2026-07-01 ; en général 3 à 6 mois"
out_has "Étape suivante :"
out_has "Liste blanche : pas encore vérifiée"
out_lacks "Elapsed"
out_lacks "not checked yet"
run 0 "$COT" -C direct --lang nl status
out_has "route direct, "
out_has ", taal nl"
out_has "Verstreken: 62 dagen (2,0 maanden) sinds 2026-07-01; doorgaans 3 tot 6 maanden"
out_has "Volgende stap:"
out_has "Whitelist: nog niet nagekeken"
run 0 "$COT" -C direct status
out_has "62 days (2.0 months) since 2026-07-01"
out_lacks "longer than usual"
run 0 "$COT" -C direct --lang nl status --format json
expect_json 'd["organisation"]["lang"]' nl
expect_json 'd["steps"][2]["ref"]' R-registered
expect_json 'd["steps"][3]["title"]' "veiligheidschecklist volledig"

# direct, complete: a ready checklist (the fixture's answers, with their evidence) recorded by
# 'cot check --record', the other steps by hand.
ready_checklist direct 2026-08-01
"$COT" -C direct check --record >/dev/null 2>&1 || bad "check --record"
for s in contract-signed submitted fod-validated whitelisted contract-returned; do
	"$COT" -C direct done "$s" >/dev/null || bad "done $s"
done
run 0 "$COT" -C direct status
out_has "Next: nothing: the organisation is admitted"
out_lacks "longer than usual"
run 0 "$COT" -C direct status --format json
expect_json 'd["complete"]' True
expect_json 'd["next"]' None

run 2 "$COT" -C direct status --format junit
# an operand is a project folder (cot status DIR...): this one cannot be read
run 1 "$COT" -C direct status extra
out_has "cannot read 'extra'"
finish
