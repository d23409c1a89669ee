#!/usr/bin/env bash
# cot status and cot lint in Dutch and French with the requirement set compiled in (issue 16's
# start-up): the set's texts and the findings translated, an edited copy of the set parsed.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-07-01
PY=/usr/bin/python3
# in LANG: cot outside a project in that locale (lib.sh pins LC_ALL=C.UTF-8).
in_lang() { local l=$1; shift; env -u LC_ALL -u LANGUAGE LANG="$l" "$@"; }

"$COT" init p --name "Woonzorgcentrum De Linde vzw" --kbo 0123456749 --route direct \
	--lang nl >/dev/null || bad "cot init"

# --- cot status: a Dutch project, --lang fr, the JSON keys untranslated ---------------------
run 0 "$COT" -C p status
out_has "Checklist: 0 van 80 beantwoord, 0 conform; niet klaar: 68 fouten ('cot check' somt ze op)"
out_lacks "answered"
run 0 "$COT" -C p status --lang fr
out_has "Check-list : 0 sur 80 répondue, 0 conforme ; pas prête : 68 erreurs ('cot check' les énumère)"
run 0 "$COT" -C p status --format json
check "json: keys and step ids in English, titles in Dutch" "$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["schema"] == "cot.status/1", j["schema"]
s = j["steps"][0]
assert s["id"] == "cert-requested" and s["title"] == "eHealth-organisatiecertificaat aangevraagd", s
' "$OUT"

# --- cot lint: answers to the shipped set, an unknown id found through the compiled set -----
cp p/checklist.yaml answers.yaml
printf '  XYZ-99:\n    status: compliant\n' >>answers.yaml
run 1 in_lang fr_BE.UTF-8 "$COT" lint answers.yaml
out_has "erreur : "
out_has "[answer-unknown-id]"
out_has "1 fichier vérifié : 1 erreur"
run 1 env -u LC_ALL LANGUAGE=nl LANG=nl_BE.UTF-8 "$COT" lint answers.yaml
out_has "fout: "
out_has "[answer-unknown-id]"
out_has "1 bestand nagekeken: 1 fout"
run 1 env LANG=C LC_ALL=C LANGUAGE= "$COT" lint answers.yaml
out_has "error: "
out_has "1 file checked: 1 error"

# --- an edited copy of the shipped set is parsed and checked, not taken as the shipped one ---
cp "$SRCDIR/checklists/belrai-security-1.0.yaml" set.yaml
chmod u+w set.yaml
run 0 "$COT" lint set.yaml
out_has "1 file checked: no findings"
# a right-to-left override in the first title: ytext_check finds it only when parsing
sed -i '0,/^  en: "BelRAI circle/s//  en: "\xe2\x80\xaeBelRAI circle/' set.yaml
run 1 in_lang fr_BE.UTF-8 "$COT" lint set.yaml
out_has "erreur : "
out_has "\\u202e"
out_has "1 fichier vérifié : 1 erreur"
out_has "[text-control]"
run 1 "$COT" --lang nl lint set.yaml
out_has "[text-control]"
out_has "1 bestand nagekeken: 1 fout"
finish
