#!/usr/bin/env bash
# cot check --format html: rendered in headless Chromium, the page holds the summary and every category.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-07-01
PY=/usr/bin/python3
FIX=$SRCDIR/tests/fixtures/checklist
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	echo "SKIP: no chromium (apt-get install -y chromium)"
	exit 77
fi
# Headless, offline, in a throwaway profile (as root it needs --no-sandbox).
chrome() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d "$WORK/profile-XXXXXX")" "$@" 2>chrome.err
}

"$COT" init p --name "Maison de repos Les Tilleuls" --kbo 0123456749 --route direct --lang fr \
	>/dev/null || bad "cot init"
cp "$FIX/valid/complete.yaml" p/checklist.yaml
grep -Eo 'evidence/[A-Za-z0-9_./-]+' p/checklist.yaml | sort -u | while read -r f; do
	mkdir -p "p/$(dirname "$f")" && echo "sample" >"p/$f"
done
# Two problems, so that both states show: one answer reopened, one not compliant with a waiver.
sed -i '/^  GOV-03:$/{n;s/compliant/open/}' p/checklist.yaml
sed -i '/^  OPS-03:$/{n;s/compliant/partial/}' p/checklist.yaml
sed -i '/^  OPS-03:$/a\    waiver: {justification: "old server isolated", approver: "J. Dupont", expires: 2026-12-31}' p/checklist.yaml

run 1 "$COT" -C p check --format html -o out/report.html
check "report written" test -s p/out/report.html
check "nothing on stdout" test ! -s "$OUT"
html=p/out/report.html
check "self-contained: no script, link, src or url()" bash -c "! grep -Eiq '<script|<link|src=|url\\(' $html"
check "no address but the SVG namespace" test "$(grep -Eo 'https?://[^\"]+' "$html" | sort -u)" = "http://www.w3.org/2000/svg"
check "inline CSS with print rules" grep -q '@media print' "$html"
check "lang attribute" grep -q '<html lang="fr">' "$html"

chrome --dump-dom "file://$WORK/$html" >dom.html
check "chromium rendered the page" test -s dom.html
check "dom: organisation" grep -q 'Maison de repos Les Tilleuls' dom.html
check "dom: the verdict" grep -q 'PAS PRÊT' dom.html
check "dom: the summary section" grep -q '<section id="summary"><h2>Résumé</h2>' dom.html
check "dom: the overall ring and a bar per category" test "$(grep -o '<svg' dom.html | wc -l)" -ge 31
"$PY" -c '
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
for c in doc["categories"]:
    print(c["id"] + "\t" + c["title"]["fr"])
' "$SRCDIR/checklists/belrai-security-1.0.yaml" >categories
check "15 categories in the set" test "$(wc -l <categories)" = 15
while IFS=$'\t' read -r id title; do
	esc=$(printf '%s' "$title" | sed -e "s/&/\&amp;/g" -e "s/'/\&#39;/g")
	if grep -q "id=\"cat-$id\"" dom.html && { grep -qF -- "$title" dom.html || grep -qF -- "$esc" dom.html; }; then
		ok
	else
		bad "the rendered page lacks category $id ($title)"
	fi
done <categories
check "dom: every requirement of route direct has a row" test "$(grep -o '<tr id="req-' dom.html | wc -l)" = 80
check "dom: the waived requirement" grep -q 'risque accepté' dom.html
check "dom: the open requirement's finding, in French" grep -q 'GOV-03 (.*) est obligatoire et encore ouverte' dom.html

# It prints: a PDF of several A4 pages, and a screenshot with something on it.
chrome --print-to-pdf="$WORK/report.pdf" --no-pdf-header-footer "file://$WORK/$html" >/dev/null
check "printed to PDF" test -s report.pdf
pages=$(grep -ac '/Type /Page$\|/Type /Page[^s]' report.pdf)
check "the PDF has several pages ($pages)" test "$pages" -ge 3
chrome --screenshot="$WORK/shot.png" --window-size=1280,2000 "file://$WORK/$html" >/dev/null
check "screenshot taken" test "$(stat -c %s shot.png 2>/dev/null || echo 0)" -gt 20000

# In English too, and a ready checklist says so.
cp "$FIX/valid/complete.yaml" p/checklist.yaml
run 0 "$COT" -C p --lang en check --format html -o out/en.html
chrome --dump-dom "file://$WORK/p/out/en.html" >en.html
check "english verdict" grep -q '<strong>READY</strong>' en.html
check "english summary" grep -q '<h2>Summary</h2>' en.html
check "english category" grep -q 'Care relationship and consent' en.html
finish
