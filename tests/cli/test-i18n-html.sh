#!/usr/bin/env bash
# cot status --format html and cot check's "what to fix, by owner" in Dutch and French; ids stay.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-09-01
# in LANG: cot in that locale (lib.sh pins LC_ALL=C.UTF-8).
in_lang() { local l=$1; shift; env -u LC_ALL -u LANGUAGE LANG="$l" "$@"; }
FIX=$SRCDIR/tests/fixtures/checklist

"$COT" init p --name "Woonzorgcentrum De Linde vzw" --kbo 0123456749 --route direct \
	--lang nl >/dev/null || bad "cot init"
"$COT" -C p done cert-requested --date 2026-05-04 >/dev/null || bad "done cert-requested"

# --- a Dutch project: the page in Dutch, whatever the environment ----------------------
run 0 "$COT" -C p status --format html -o nl.html
page=p/nl.html
err_has "nl.html geschreven"
check "nl: lang attribute" grep -q '<html lang="nl">' "$page"
check "nl: heading" grep -q '<h2>De procedure</h2>' "$page"
check "nl: the steps and deadlines" bash -c "grep -q '<h3>Stappen</h3>' $page && grep -q '<h3>Termijnen</h3>' $page"
check "nl: today" grep -q '>vandaag<' "$page"
check "nl: a step title from the catalog" grep -q 'aangemeld met bewijs van mandaat' "$page"
check "nl: the date for people" grep -q '4 mei 2026' "$page"
check "nl: the next step" grep -q '<strong>Volgende stap:</strong>' "$page"
check "nl: no English heading" bash -c "! grep -Eq 'The procedure|>Steps<|>today<|Procedure status' $page"
check "ids, classes and step ids not translated" bash -c \
	"grep -q 'id=\"timeline\"' $page && grep -q 'id=\"step-cert-requested\" class=\"done\"' $page && grep -q 'id=\"tl-today\"' $page"
in_lang fr_BE.UTF-8 "$COT" -C p status --format html -o env-fr.html >/dev/null 2>&1
same p/nl.html p/env-fr.html

# --- --lang fr: French, with its typography ---------------------------------------------
run 0 "$COT" -C p --lang fr status --format html -o fr.html
page=p/fr.html
check "fr: lang attribute" grep -q '<html lang="fr">' "$page"
check "fr: heading" grep -q '<h2>La procédure</h2>' "$page"
check "fr: today" grep -q ">aujourd&apos;hui<" "$page"
check "fr: the date for people" grep -q '4 mai 2026' "$page"
check "fr: the next step, a space before the colon" grep -q '<strong>Étape suivante :</strong>' "$page"
check "fr: the certificate section" grep -q '<h2>Certificat</h2>' "$page"

# --- an English project stays English whatever the environment (cot.yaml lang: wins) ----
"$COT" init e --name "Maison Les Tilleuls" --kbo 0809394427 --route direct >/dev/null || bad "init e"
in_lang fr_BE.UTF-8 "$COT" -C e status --format html -o env.html >/dev/null 2>&1 || bad "status LANG=fr_BE"
check "LANG=fr_BE.UTF-8, lang: en: English" grep -q '<h2>The procedure</h2>' e/env.html
LANGUAGE=nl "$COT" -C e status --format html -o language.html >/dev/null 2>&1 || bad "status LANGUAGE=nl"
check "LANGUAGE=nl, lang: en: English" grep -q '<h2>The procedure</h2>' e/language.html
LANGUAGE=nl "$COT" -C e --lang nl status --format html -o lang-nl.html >/dev/null 2>&1 || bad "status --lang nl"
check "--lang nl over lang: en: Dutch" grep -q '<h2>De procedure</h2>' e/lang-nl.html

# --- cot check outside a project: what to fix, by owner, in the environment's language ---
cp "$FIX/valid/complete.yaml" answers.yaml
sed -i '/^  GOV-03:$/{n;s/compliant/open/}' answers.yaml
grep -Eo 'evidence/[A-Za-z0-9_./-]+' answers.yaml | sort -u | while read -r f; do
	mkdir -p "$(dirname "$f")" && echo "sample" >"$f"
done
in_lang fr_BE.UTF-8 "$COT" check answers.yaml --format html -o check-fr.html >/dev/null 2>&1
check "check LANG=fr_BE: the heading in French" grep -q '<h2>À corriger, par responsable</h2>' check-fr.html
check "check LANG=fr_BE: the owner's group" grep -q '<h3>Jan Peeters (1)</h3>' check-fr.html
LANGUAGE=nl "$COT" check answers.yaml --format html -o check-nl.html >/dev/null 2>&1
check "check LANGUAGE=nl: the heading in Dutch" grep -q '<h2>Op te lossen, per verantwoordelijke</h2>' check-nl.html
in_lang C "$COT" check answers.yaml --format html -o check-c.html >/dev/null 2>&1
check "check LANG=C: English" grep -q '<h2>What to fix, by owner</h2>' check-c.html
check "check: the section id not translated" grep -q '<section id="tofix">' check-nl.html
finish
