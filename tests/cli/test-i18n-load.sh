#!/usr/bin/env bash
# The set and answers read once by status --format html, status DIR..., check's timeline, in nl/fr.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-09-01
# in LANG: cot in that locale (lib.sh pins LC_ALL=C.UTF-8).
in_lang() { local l=$1; shift; env -u LC_ALL -u LANGUAGE LANG="$l" "$@"; }
# section ID FILE: the HTML section with that id, alone.
section() { grep -o "<section id=\"$1\">.*" "$2" | sed 's|</section>.*|</section>|'; }

"$COT" init p --name "De Linde vzw" --kbo 0123456749 --route direct --lang nl >/dev/null ||
	bad "cot init"
echo scan >p/documents/mandate.pdf
"$COT" -C p done cert-requested --date 2026-05-04 >/dev/null || bad "done cert-requested"
"$COT" -C p done cert-received --date 2026-05-10 >/dev/null || bad "done cert-received"
"$COT" -C p done registered --file documents/mandate.pdf --date 2026-05-20 >/dev/null ||
	bad "done registered"
# A waiver that lapses within the month: a deadline only the answers give.
sed -i '/^  GOV-01:$/{n;s/status: open/status: non-compliant\n    waiver: {justification: "budget 2027", approver: "Directie", expires: 2026-09-20}/}' \
	p/checklist.yaml
grep -q 'expires: 2026-09-20' p/checklist.yaml || bad "the waiver is in the answers"

# --- a Dutch project: the page's next step and checklist from one reading of the answers ---
run 0 "$COT" -C p status --format html -o nl.html
page=p/nl.html
check "nl: the next step blocked by the checklist" grep -q \
	'<strong>Volgende stap:</strong><span>de checklist is niet klaar, [0-9]* fouten: voer &apos;cot check&apos; uit (eerste: checklist.yaml:' "$page"
check "nl: the checklist line" grep -q '<h2>Checklist</h2><p>1 van 80 beantwoord, 0 conform' "$page"
check "nl: readiness" grep -q 'class="notready">niet klaar: [0-9]* fouten (&apos;cot check&apos; somt ze op)' "$page"
check "nl: the waiver's deadline on the timeline" grep -q 'GOV-01' "$page"
check "nl: ids not translated" bash -c \
	"grep -q 'id=\"checklist\"' $page && grep -q 'id=\"readiness\"' $page && grep -q 'id=\"next\"' $page"

# --- cot check --format html: its timeline from the answers the check read, the same ---
run 1 "$COT" -C p check --format html -o check.html
section timeline p/nl.html >status-tl.html
section timeline p/check.html >check-tl.html
check "the timeline is not empty" grep -q 'GOV-01' check-tl.html
same status-tl.html check-tl.html
# ... and the same when the answers are named (read apart for the picture)
run 1 "$COT" -C p check checklist.yaml --format html -o named.html
section timeline p/named.html >named-tl.html
same status-tl.html named-tl.html

# --- --lang fr: French, with its typography -------------------------------------------------
run 0 "$COT" -C p --lang fr status --format html -o fr.html
page=p/fr.html
check "fr: the next step" grep -q \
	"<strong>Étape suivante :</strong><span>la check-list n&apos;est pas prête, [0-9]* erreurs : lancez &apos;cot check&apos;" "$page"
check "fr: the checklist line" grep -q '<h2>Check-list</h2>' "$page"

# --- cot status DIR... outside a project: the environment's language -----------------------
run 0 env LANGUAGE=nl "$COT" status p
out_has "MAP  ORGANISATIE"
out_has "checklist-complete"
out_has "de checklist is niet klaar"
run 0 in_lang fr_BE.UTF-8 "$COT" status p --format json
out_has '"blocked_by":"checklist"'
out_has '"next":"la check-list n'"'"'est pas prête'
out_has '"step":"checklist-complete"'
run 0 in_lang C "$COT" status p
out_has "FOLDER  ORGANISATION"
out_has "the checklist is not ready"

# --- cot calendar in French: the waiver's event, its UID not translated ---------------------
run 0 "$COT" -C p --lang fr calendar
out_has "UID:"
out_has "GOV-01"
finish
