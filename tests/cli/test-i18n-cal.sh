#!/usr/bin/env bash
# cot calendar and the broken-journal messages in Dutch and French; UIDs, categories and
# iCalendar property names stay as they are.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-09-01
# lib.sh pins LC_ALL=C.UTF-8; here the environment's language is what is tested.
unset LC_ALL LANGUAGE LC_MESSAGES
export LANG=C
PY=/usr/bin/python3
# summaries FILE: each event's UID, CATEGORIES and SUMMARY, unfolded and unescaped (icalendar)
summaries() {
	$PY -c 'import sys, icalendar
for e in icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read()).walk("VEVENT"):
    print(e["UID"], e["CATEGORIES"].to_ical().decode(), "|", e["SUMMARY"], "|", e.walk("VALARM")[0]["DESCRIPTION"])' "$1" >sum.txt ||
		bad "cannot parse $1"
}
sum_has() { if grep -qF -- "$1" sum.txt; then ok; else bad "calendar lacks '$1'"; sed 's/^/  | /' sum.txt | head -5; fi; }

# A Dutch project: Dutch summaries and alarms; UIDs and categories untranslated.
run 0 "$COT" init nlp --name "WZC Test" --kbo 0809394427 --route direct --lang nl
"$COT" -C nlp done cert-requested --date 2026-08-25 >/dev/null || bad "done cert-requested"
run 0 "$COT" -C nlp calendar -o "$WORK/nl.ics"
summaries nl.ics
sum_has "cert-request-2026-08-25@0809394427@cot cert-request | cot: eHealth moet het aangevraagde certificaat leveren | cot: eHealth moet"
sum_has "typical-end@0809394427@cot typical-end | cot: de gebruikelijke 3 tot 6 maanden van de procedure lopen af"
check "property names stay" grep -q $'^BEGIN:VALARM\r$' nl.ics
# --lang fr over the project's language: French typography too
run 0 "$COT" -C nlp --lang fr calendar -o "$WORK/fr.ics"
summaries fr.ics
sum_has "cert-request-2026-08-25@0809394427@cot cert-request | cot : eHealth doit livrer le certificat demandé"
sum_has "typical-end@0809394427@cot typical-end | cot : les 3 à 6 mois habituels de la procédure prennent fin"
# --lang en: English stays
run 0 "$COT" -C nlp --lang en calendar -o "$WORK/en.ics"
summaries en.ics
sum_has "cot: the requested certificate is due from eHealth"

# outside a project: --help and the refusal in the environment's language
LANG=fr_BE.UTF-8 run 0 "$COT" calendar --help
out_has "écrire le calendrier dans FILE (atomiquement) au lieu de"
out_has "cot calendar [-o FILE]"
LANGUAGE=nl LANG=nl_BE.UTF-8 run 0 "$COT" calendar --help
out_has "de kalender naar FILE schrijven (atomair) in plaats van"
LANG=C run 0 "$COT" calendar --help
out_has "write the calendar to FILE (atomically) instead of stdout"
LANG=fr_BE.UTF-8 run 0 "$COT" help --commands
out_has "calendar"

# A broken journal, in Dutch (the project's) and French: first bad record, how to recover
sed -i '2s/2026-08-25/2026-08-24/' nlp/.cot/journal
cp nlp/.cot/journal before
run 0 "$COT" -C nlp status
check "Dutch first line" grep -q "^het logboek is beschadigd: .*:2: record 2 .*'cot log --verify' vertelt meer" "$OUT"
run 1 "$COT" -C nlp done cert-received
err_has "er werd niets vastgelegd, het logboek is beschadigd: "
run 1 "$COT" -C nlp --lang fr done cert-received
err_has "rien n'a été enregistré, le journal est endommagé : "
err_has "'cot log --verify' en dit plus ; pour le rétablir"
same before nlp/.cot/journal
LANG=C run 1 "$COT" -C nlp --lang en done cert-received
err_has "nothing was recorded, the journal is broken: "

finish
