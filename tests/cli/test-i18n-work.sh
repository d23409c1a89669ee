#!/usr/bin/env bash
# cot status and cot lint in Dutch and French once the set and the answers are read once per
# status and the compiled-in set is built unchecked: the checklist line, the next action, a
# review deadline and lint's findings translated; ids, rule ids and JSON keys not.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-07-01
PY=/usr/bin/python3
# in LANG: cot outside a project in that locale (lib.sh pins LC_ALL=C.UTF-8).
in_lang() { local l=$1; shift; env -u LC_ALL -u LANGUAGE LANG="$l" "$@"; }

"$COT" init p --name "Woonzorgcentrum De Linde vzw" --kbo 0123456749 --route direct \
	--lang nl >/dev/null || bad "cot init"
for s in cert-requested cert-received registered; do
	"$COT" -C p done "$s" >/dev/null || bad "cot done $s"
done
# GOV-01 answered, its yearly review due on 2026-07-10: a deadline from the same answers
sed -i '/^  GOV-01:$/{n;s/.*/    status: compliant\n    reviewed: 2025-07-10\n    evidence: [beleid.pdf]/}' \
	p/checklist.yaml
echo "beleid" >p/beleid.pdf

# --- a Dutch project: the next action, the deadline and the checklist line from one reading ---
run 0 "$COT" -C p status
out_has "Volgende stap: de checklist is niet klaar, 66 fouten: voer 'cot check' uit (eerste: checklist.yaml:"
out_has "GOV-02 (Veiligheidsbeleid minstens jaarlijks herzien) is verplicht en nog open)"
out_has "2026-07-10  over 9 dagen"
out_has "herzie GOV-01 en werk de datum 'reviewed' bij [checklist.yaml:26]"
out_has "Checklist: 1 van 80 beantwoord, 1 conform; niet klaar: 66 fouten ('cot check' somt ze op)"
out_lacks "still open"
out_lacks "answered"

# --lang fr: the same three, in French
run 0 "$COT" -C p status --lang fr
out_has "Étape suivante : la check-list n'est pas prête, 66 erreurs : lancez 'cot check'"
out_has "est obligatoire et encore ouverte)"
out_has "Check-list : 1 sur 80 répondue, 1 conforme ; pas prête : 66 erreurs"
out_lacks "is verplicht"

# JSON: keys, step ids, blocked_by and the deadline's kind in English; texts in Dutch
run 0 "$COT" -C p status --format json
check "json: keys and ids untranslated, texts in Dutch" "$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["schema"] == "cot.status/1", j["schema"]
n = j["next"]
assert n["step"] == "checklist-complete" and n["blocked_by"] == "checklist", n
assert n["action"].startswith("de checklist is niet klaar, 66 fouten"), n
c = j["checklist"]
assert c["answered"] == 1 and c["compliant"] == 1 and c["errors"] == 66, c
assert c["ready"] is False and c["required"] is True and c["file"] == "checklist.yaml", c
d = [x for x in j["deadlines"] if x["kind"] == "review"][0]
assert d["uid"] == "review-GOV-01@0123456749" and d["subject"] == "GOV-01", d
assert d["date"] == "2026-07-10" and d["text"].startswith("herzie GOV-01"), d
' "$OUT"

# a project speaks its own language whatever the locale; --lang en gives the English back
run 0 "$COT" -C p --lang en status
out_has "Next: the checklist is not ready, 66 errors: run 'cot check' (first: checklist.yaml:"
out_has "Checklist: 1 of 80 answered, 1 compliant; not ready: 66 errors ('cot check' lists them)"

# --- cot lint outside a project: answers to the compiled-in set, in the environment's language ---
cp p/checklist.yaml answers.yaml
printf '  XYZ-99:\n    status: compliant\n' >>answers.yaml
sed -i '/^  GOV-02:$/{n;s/.*/    status: nope/}' answers.yaml
run 1 in_lang fr_BE.UTF-8 "$COT" lint answers.yaml
out_has "answers.yaml:32:13: erreur : 'nope' n'est pas un status valide (compliant, partial, planned, non-compliant, not-applicable, open) [schema-enum]"
out_has "erreur : belrai-security 1.0 n'a pas d'exigence XYZ-99 [answer-unknown-id]"
out_has "1 fichier vérifié : 2 erreurs"
run 1 env -u LC_ALL LANGUAGE=nl LANG=nl_BE.UTF-8 "$COT" lint answers.yaml
out_has "answers.yaml:32:13: fout: 'nope' is geen geldige status"
out_has "fout: belrai-security 1.0 heeft geen vereiste XYZ-99 [answer-unknown-id]"
out_has "1 bestand nagekeken: 2 fouten"
out_lacks "error: "
run 1 env LANG=C LC_ALL=C LANGUAGE= "$COT" lint answers.yaml
out_has "error: 'nope' is not a valid status"
out_has "error: belrai-security 1.0 has no requirement XYZ-99 [answer-unknown-id]"
out_has "1 file checked: 2 errors"
run 1 in_lang fr_BE.UTF-8 "$COT" lint --format json answers.yaml
check "lint json: keys, kind and rule ids untranslated, the messages in French" "$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["schema"] == "cot.lint/1" and j["ok"] is False, j
assert j["files"][0]["kind"] == "answers" and j["files"][0]["errors"] == 2, j["files"]
f = [x for x in j["findings"] if x["rule"] == "answer-unknown-id"][0]
assert f["severity"] == "error" and f["message"] == "belrai-security 1.0 n\x27a pas d\x27exigence XYZ-99", f
' "$OUT"
finish
