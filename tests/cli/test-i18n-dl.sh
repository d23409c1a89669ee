#!/usr/bin/env bash
# cot status's deadlines and next step in Dutch and French; kinds, uids and JSON keys stay as they are.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
# lib.sh pins LC_ALL=C.UTF-8; here the environment's language is what is tested.
unset LC_ALL LANGUAGE LC_MESSAGES
export LANG=C
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$OUT" "$1"; }
expect_json() { # PY-EXPR EXPECTED
	local got
	got=$(jget "$1")
	if [ "$got" = "$2" ]; then ok; else bad "json $1 = '$got', expected '$2'"; fi
}

# A Dutch project whose certificate was requested 35 days ago.
COT_NOW=2026-12-06 run 0 "$COT" init nlp --name "WZC Test" --kbo 0809394427 --route direct --lang nl
COT_NOW=2026-12-06 run 0 "$COT" -C nlp cert request --date 2026-12-06
export COT_NOW=2027-01-10
run 0 "$COT" -C nlp status
out_has "Binnenkort en te laat:"
out_has "2026-12-16  25 dagen te laat"
out_has "het aangevraagde certificaat is niet binnen 10 dagen aangekomen: neem contact op met eHealth"
out_has "Volgende stap: neem contact op met eHealth: het certificaat aangevraagd op 2026-12-06"
out_has "Certificaat: aangevraagd op 2026-12-06, na 35 dagen niet ontvangen"
out_lacks "Upcoming"
out_lacks "overdue"
run 0 "$COT" -C nlp status --warn-days 0
out_has "25 dagen te laat"
run 1 "$COT" -C nlp status --exit-code
run 0 "$COT" -C nlp status --format json
expect_json 'd["next"]["blocked_by"]' cert-request
expect_json 'd["deadlines"][0]["kind"]' cert-request
expect_json 'd["deadlines"][0]["uid"]' cert-request-2026-12-06@0809394427
expect_json 'sorted(d["deadlines"][0])' \
	"['date', 'days', 'file', 'kind', 'line', 'opens', 'overdue', 'owner', 'subject', 'text', 'uid']"
expect_json 'd["deadlines"][0]["text"]' \
	"het aangevraagde certificaat is niet binnen 10 dagen aangekomen: neem contact op met eHealth"
run 2 "$COT" -C nlp status --warn-days x
err_has "fout: --warn-days"

# The same project with --lang fr.
run 0 "$COT" -C nlp --lang fr status
out_has "À venir et en retard :"
out_has "25 jours de retard"
out_has "le certificat demandé n'est pas arrivé dans les 10 jours : contactez eHealth"
out_has "Étape suivante : contactez eHealth : le certificat demandé le 2026-12-06"
out_has "Certificat : demandé le 2026-12-06, pas reçu après 35 jours"
run 0 "$COT" -C nlp --lang fr status --warn-days 0 --format json
expect_json 'd["deadlines"][1]["kind"]' typical-end
expect_json 'd["deadlines"][1]["text"]' \
	"la procédure prend généralement 3 à 6 mois : voyez ce qui bloque l'étape suivante"

# An English project: the environment's language does not override the project's lang...
COT_NOW=2026-12-06 run 0 "$COT" init enp --name "WZC Test" --kbo 0809394427 --route direct --lang en
LANG=fr_BE.UTF-8 run 0 "$COT" -C enp status
out_has "Upcoming and overdue: nothing within 30 days"
# ...but --help outside a project follows LANG and LANGUAGE.
LANG=fr_BE.UTF-8 run 0 "$COT" status --help
out_has "--warn-days N     liste les échéances dans les N jours (par défaut 30)"
out_has "--exit-code       termine avec 1 quand une échéance est dépassée"
LANGUAGE=nl LANG=nl_BE.UTF-8 run 0 "$COT" status --help
out_has "--warn-days N     toon de termijnen die binnen N dagen vervallen (standaard"
LANG=C run 0 "$COT" status --help
out_has "--warn-days N     list the deadlines due within N days (default 30)"

# A lapsed waiver in a French project: the next step goes to its owner, in French.
COT_NOW=2026-12-01 run 0 "$COT" init frp --name "Test Org" --kbo 0809394427 --route direct --lang fr
ready_checklist frp 2026-11-22
sed -i '0,/^    status: compliant$/s//    status: non-compliant\n    waiver: {justification: "j", approver: "a", expires: 2027-06-04}/' frp/checklist.yaml
for s in cert-requested cert-received registered; do
	COT_NOW=2026-12-06 "$COT" -C frp done "$s" --date 2026-12-06 >/dev/null || bad "done $s"
done
COT_NOW=2026-12-06 "$COT" -C frp check --record >/dev/null || bad "check --record"
COT_NOW=2026-12-06 "$COT" -C frp done contract-signed --date 2026-12-06 >/dev/null || bad "done"
COT_NOW=2027-05-10 run 0 "$COT" -C frp status
out_has "dans 25 jours"
out_has "la dérogation de GOV-01 expire : renouvelez-la ou mettez-vous en conformité (responsable Jan Peeters)"
COT_NOW=2027-06-10 run 0 "$COT" -C frp status
out_has "Étape suivante : la dérogation de GOV-01 a expiré le 2027-06-04 : demandez à Jan Peeters, son responsable"
COT_NOW=2027-06-10 run 0 "$COT" -C frp --lang nl status
out_has "Volgende stap: de uitzondering voor GOV-01 is verlopen op 2027-06-04: vraag Jan Peeters, de verantwoordelijke"
COT_NOW=2027-06-10 run 0 "$COT" -C frp status --format json
expect_json 'd["next"]["blocked_by"]' waiver
expect_json 'd["next"]["step"]' submitted
expect_json '[x["kind"] for x in d["deadlines"] if x["subject"] == "GOV-01"]' "['waiver', 'review']"

finish
