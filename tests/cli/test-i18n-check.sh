#!/usr/bin/env bash
# cot check and cot lint in Dutch and French: text, findings, plurals, every format, --help.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-07-01
PY=/usr/bin/python3
FIX=$SRCDIR/tests/fixtures/checklist
MINI=$FIX/valid/mini-requirements.yaml
# in LANG: cot outside a project in that locale (lib.sh pins LC_ALL=C.UTF-8).
in_lang() { local l=$1; shift; env -u LC_ALL -u LANGUAGE LANG="$l" "$@"; }

"$COT" init p --name "Woonzorgcentrum De Linde vzw" --kbo 0123456749 --route direct \
	--lang nl >/dev/null || bad "cot init"

# --- a Dutch project: every line of cot check in Dutch ---------------------------------
run 1 "$COT" -C p check
out_has "GOV-01 (Informatieveiligheidsbeleid goedgekeurd door de directie) is verplicht en nog open [answer-missing]"
out_has "geen van de 80 toepasselijke vereisten is beantwoord: antwoorden die niets beantwoorden, zijn nooit klaar [nothing-answered]"
out_has "NIET KLAAR om in te dienen: 68 fouten op te lossen; 0 van 80 vereisten beantwoord."
check "no English finding text, no English title" bash -c \
	"! grep -Eq 'is mandatory|is recommended|still open|applicable requirements|Information security policy' '$OUT'"
check "every finding still ends with its rule id" bash -c \
	"test \"\$(grep -Ec ' \\[[a-z-]+\\]\$' '$OUT')\" = 81"

# --lang fr: French titles, messages and verdict, with French typography.
run 1 "$COT" -C p check --lang fr
out_has "Check-list de sécurité : Woonzorgcentrum De Linde vzw (BCE 0123.456.749)"
out_has "réponses : p/checklist.yaml ; route direct ; type organisation ; date 2026-07-01"
out_has "GOV-01 (Politique de sécurité de l'information approuvée par la direction) est obligatoire et encore ouverte [answer-missing]"
out_has "PAS PRÊT pour l'envoi : 68 erreurs à corriger ; 0 sur 80 exigences applicables répondues."
out_lacks "Informatieveiligheidsbeleid"
# the global --lang as well; --lang en gives the English back
run 1 "$COT" -C p --lang fr check
out_has "est obligatoire et encore ouverte [answer-missing]"
run 1 "$COT" -C p --lang en check
out_has "GOV-01 (Information security policy approved by management) is mandatory and still open [answer-missing]"
out_has "NOT READY for submission: 68 errors to fix; 0 of 80 applicable requirements answered."

# --- machine formats: the human text translated, keys, ids and states not --------------
run 1 "$COT" -C p check --format json
check "json: keys and ids in English, messages and titles in Dutch" "$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["schema"] == "cot.check/1" and j["ready"] is False, j["schema"]
f = [x for x in j["findings"] if x.get("requirement") == "GOV-01"][0]
assert set(f) == {"rule", "severity", "file", "line", "column", "message", "requirement"}, f
assert f["rule"] == "answer-missing" and f["severity"] == "error", f
assert f["message"] == "GOV-01 (Informatieveiligheidsbeleid goedgekeurd door de directie) is verplicht en nog open", f
r = [x for x in j["results"] if x["id"] == "GOV-01"][0]
assert r["state"] == "open" and r["level"] == "mandatory" and r["status"] == "open", r
assert r["title"] == "Informatieveiligheidsbeleid goedgekeurd door de directie", r
assert "percent_done" in j["summary"] and "not_applicable" in j["summary"], j["summary"]
' "$OUT"
run 1 "$COT" -C p check --format sarif --lang fr
check "sarif: rule ids in English, rule descriptions and messages in French" "$PY" -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
rule = [r for r in run["tool"]["driver"]["rules"] if r["id"] == "answer-missing"][0]
assert rule["name"] == "answer-missing", rule
assert rule["shortDescription"]["text"] == "Une exigence applicable est sans réponse, ou encore ouverte.", rule
res = [r for r in run["results"] if r["ruleId"] == "answer-missing"][0]
assert res["level"] == "error" and "est obligatoire et encore ouverte" in res["message"]["text"], res
' "$OUT"
run 1 "$COT" -C p check --format junit
check "junit: element names as JUnit has them, the failure message in Dutch" "$PY" -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
case = [c for c in root.iter("testcase") if c.get("name", "").startswith("GOV-01 ")][0]
assert case.get("name") == "GOV-01 Informatieveiligheidsbeleid goedgekeurd door de directie", case.get("name")
fail = case.find("failure")
assert fail.get("type") == "answer-missing", fail.attrib
assert fail.get("message").endswith("is verplicht en nog open"), fail.attrib
' "$OUT"
run 1 "$COT" -C p check --format github
out_has "title=answer-missing::GOV-01 (Informatieveiligheidsbeleid goedgekeurd door de directie) is verplicht en nog open"
out_has "; niet klaar om in te dienen"

# --- the HTML preview speaks the project's language, whatever the environment's ---------
# (the page a bundle carries is rendered apart, findings in English: test-i18n-finish)
mkdir -p p/out
run 1 "$COT" -C p check --format html -o out/nl.html
in_lang fr_BE.UTF-8 "$COT" -C p check --format html -o out/env-fr.html >/dev/null 2>&1
LANGUAGE=fr "$COT" -C p check --format html -o out/language-fr.html >/dev/null 2>&1
same p/out/nl.html p/out/env-fr.html
same p/out/nl.html p/out/language-fr.html
check "html: the compiled-in Dutch words" grep -q "NIET KLAAR om in te dienen: 68 fouten op te lossen" p/out/nl.html
check "html: findings in Dutch" grep -q "is verplicht en nog open" p/out/nl.html
check "html: no English finding" bash -c '! grep -q "is mandatory and still open" p/out/nl.html'
run 1 "$COT" -C p --lang en check --format html -o out/en.html
check "html --lang en: findings in English" grep -q "is mandatory and still open" p/out/en.html

# --- plurals right in all three languages --------------------------------------------
mkdir -p sub/evidence && cp "$FIX/valid/mini-answers.yaml" sub/answers.yaml && echo x >sub/evidence/policy.pdf
COT_NOW=2026-02-01 run 0 in_lang fr_BE.UTF-8 "$COT" check sub/answers.yaml --requirements "$MINI"
out_has "PRÊT pour l'envoi : 3 sur 3 exigences applicables répondues ; 2 conformes, 1 non applicable, 0 avec un risque accepté."
out_lacks "1 non applicables"
COT_NOW=2026-02-01 run 0 in_lang nl_BE.UTF-8 "$COT" check sub/answers.yaml --requirements "$MINI"
out_has "KLAAR om in te dienen: 3 van 3 vereisten beantwoord; 2 conform, 1 niet van toepassing, 0 met een aanvaard risico."
out_has "GOV-02 heeft geen herzieningsdatum: zeg in 'reviewed: YYYY-MM-DD' wanneer het laatst herzien is [review-missing]"
COT_NOW=2026-02-01 run 0 in_lang C "$COT" check sub/answers.yaml --requirements "$MINI"
out_has "READY for submission: 3 of 3 applicable requirements answered; 2 compliant, 1 not applicable, 0 with an accepted risk."
# one error: the singular
grep -v 'justification:' sub/answers.yaml >sub/one-error.yaml
COT_NOW=2026-02-01 run 1 in_lang fr_BE.UTF-8 "$COT" check sub/one-error.yaml --requirements "$MINI"
out_has "PAS PRÊT pour l'envoi : 1 erreur à corriger ; 3 sur 3 exigences applicables répondues."
out_has "PHY-01 est not-applicable sans justification : dites pourquoi dans 'justification' [na-no-justification]"
COT_NOW=2026-02-01 run 1 in_lang nl_BE.UTF-8 "$COT" check sub/one-error.yaml --requirements "$MINI"
out_has "NIET KLAAR om in te dienen: 1 fout op te lossen; 3 van 3 vereisten beantwoord."
COT_NOW=2026-02-01 run 1 "$COT" check sub/one-error.yaml --requirements "$MINI"
out_has "NOT READY for submission: 1 error to fix; 3 of 3 applicable requirements answered."

# --- cot lint in CI: outside a project it follows LANG and LANGUAGE --------------------
printf 'format: cot.requirements/1\nid: Bad_Id\n' >bad-set.yaml
run 1 in_lang fr_BE.UTF-8 "$COT" lint bad-set.yaml sub/answers.yaml
out_has "2 fichiers vérifiés : "
out_has "'Bad_Id' n'est pas un id valide (minuscules, chiffres et traits d'union simples) [schema-pattern]"
out_has "le jeu d'exigences n'a pas de 'version' [schema-required]"
run 1 env -u LC_ALL LANG=fr_BE.UTF-8 LANGUAGE=nl "$COT" lint bad-set.yaml
out_has "1 bestand nagekeken: "
out_has "de vereistenset heeft geen 'version' [schema-required]"
run 1 in_lang C "$COT" lint bad-set.yaml
out_has "1 file checked: "
out_has "the requirement set has no 'version' [schema-required]"
run 1 in_lang fr_BE.UTF-8 "$COT" lint --format json bad-set.yaml
check "lint json: keys and rule ids in English, the message in French" "$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["schema"] == "cot.lint/1" and j["files"][0]["kind"] == "requirements", j
m = [f for f in j["findings"] if f["rule"] == "schema-required"][0]
assert m["message"].startswith("le jeu d") and m["severity"] == "error", m
' "$OUT"
run 2 in_lang nl_BE.UTF-8 "$COT" lint nothing.yaml
err_has "geen enkel bestand kon gelezen worden"
run 2 in_lang C "$COT" lint nothing.yaml
err_has "no file could be read"

# --- usage errors and --help ------------------------------------------------------------
run 2 in_lang nl_BE.UTF-8 "$COT" check sub/answers.yaml --route nowhere
err_has "onbekende route 'nowhere' (vitalink of direct)"
run 2 in_lang fr_BE.UTF-8 "$COT" check
err_has "pas dans un projet cot : donnez le fichier de réponses"
run 0 in_lang nl_BE.UTF-8 "$COT" check --help
out_has "het antwoordenbestand (standaard: checklist.yaml van het"
out_has "cot check [ANSWERS] [--requirements FILE]"
run 0 in_lang fr_BE.UTF-8 "$COT" lint --help
out_has "  --strict          les avertissements comptent aussi : code 1 au moindre"

# --- the project's language over the environment's -----------------------------------------
run 1 in_lang fr_BE.UTF-8 "$COT" -C p check
out_has "is verplicht en nog open [answer-missing]"
out_lacks "est obligatoire"

finish
