#!/usr/bin/env bash
# Issue 16 in Dutch and French: the report of a check, lint or validation that did not complete
# (JSON, GitHub, HTML) and the status page's broken journal; ids, keys and rule ids untranslated,
# and with LANG=C the English stays.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
# cot with the environment of a person: no LC_ALL (lib.sh sets C.UTF-8), the given variables.
person() { env -u LC_ALL -u LANGUAGE -u LC_MESSAGES "$@"; }
PY=/usr/bin/python3

# A Dutch project whose check cannot run (--route inside a project).
"$COT" init vl --name "Zorg vzw" --kbo 0809394427 --route direct --lang nl >/dev/null ||
	bad "cannot init vl"
run 2 "$COT" -C vl check --route direct --format github
out_has "cot check: niet voltooid: --route"
run 2 "$COT" -C vl check --route direct --format html -o page.html
check "html in Dutch: the title says the check did not complete" grep -q \
	'<h1>De controle is niet voltooid</h1>' vl/page.html
check "html in Dutch: lang nl" grep -q '<html lang="nl">' vl/page.html
# --lang wins over the project's language; the JSON's keys and rule ids stay as they are
run 2 "$COT" -C vl --lang fr check --route direct --format json
check "json in French: the keys and the rule id untranslated" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "cot.check/1" and d["ready"] is False and d["error"]["exit_code"] == 2, d
assert d["findings"][0]["rule"] == "check-not-run", d["findings"]
' "$OUT"
run 2 "$COT" -C vl --lang fr check --route direct --format github
out_has "cot check : inachevé : "

# Outside a project: LANG, LANGUAGE, and C.
run 2 person LANG=fr_BE.UTF-8 "$COT" lint /nonexistent.yaml --format github
out_has "cot lint : inachevé : "
out_has "title=file-unreadable::"
run 2 person LANG=nl_BE.UTF-8 LANGUAGE=nl "$COT" kmehr validate x.xml --format sarif
check "sarif in Dutch: the rule's text translated, its id not" "$PY" -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
rule = run["tool"]["driver"]["rules"][0]
assert rule["id"] == "kmehr-not-run", rule
assert rule["shortDescription"]["text"].startswith("De validatie is niet uitgevoerd"), rule
' "$OUT"
run 2 person LANG=C "$COT" lint /nonexistent.yaml --format github
out_has "cot lint: did not complete: no file could be read"

# The status page of a Dutch project whose journal was edited by hand.
sed -i '1s/"tester@cli"/"someone@else"/' vl/.cot/journal
run 1 "$COT" -C vl status --format html --exit-code -o status.html
check "the broken journal's heading in Dutch" grep -q \
	'<h2>Het logboek doorstaat de verificatie niet</h2>' vl/status.html
check "its id untranslated" grep -q 'id="journal-broken"' vl/status.html
finish
