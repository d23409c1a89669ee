#!/usr/bin/env bash
# cot status --format html and cot check's HTML timeline, rendered in headless Chromium at A4 and wide.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
PY=/usr/bin/python3
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	echo "SKIP: no chromium (apt-get install -y chromium)"
	exit 77
fi
# Headless, offline, in a throwaway profile (as root it needs --no-sandbox).
chrome() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--hide-scrollbars --user-data-dir="$(mktemp -d "$WORK/profile-XXXXXX")" "$@" 2>>chrome.err
}
# The certificates are made now, relative to the real date: the dates below follow it.
if ! bash "$SRCDIR/tests/pki/mkpki.sh" "$WORK/pki" >/dev/null 2>&1; then
	bad "tests/pki/mkpki.sh failed"
	finish
fi
ago() { date -u -d "-$1 days" +%F; }

# A direct project midway: certificate in its renewal window (renew.pem ends in 30 days),
# registered, a ready checklist whose reviews fall due, one waiver expiring.
"$COT" init p --name "Maison Sainte-Elisabeth" --kbo 0403019261 --route direct >/dev/null ||
	bad "cot init"
cp "$WORK/pki/ca-chain.pem" p/test-ca.pem
sed -i 's|^    - "ehealth-production"$|    - "test-ca.pem"|' p/cot.yaml
"$COT" -C p done cert-requested --date "$(ago 120)" >/dev/null || bad "done cert-requested"
"$COT" -C p cert import "$WORK/pki/renew.pem" --date "$(ago 100)" >/dev/null || bad "cert import"
"$COT" -C p done registered --date "$(ago 90)" >/dev/null || bad "done registered"
ready_checklist p "$(date -u -d '-11 months' +%F)" "Maison Sainte-Elisabeth" 0403019261
sed -i '/^  OPS-03:$/{n;s/compliant/partial/}' p/checklist.yaml
sed -i "/^  OPS-03:\$/a\\    waiver: {justification: \"old server isolated\", approver: \"J. Dupont\", expires: $(date -u -d '+20 days' +%F)}" p/checklist.yaml

run 0 "$COT" -C p status --format html -o out/status.html
html=p/out/status.html
check "page written" test -s "$html"
check "nothing on stdout" test ! -s "$OUT"
err_has "wrote out/status.html"
check "no script" bash -c "! grep -qi '<script' $html"
check "nothing external: no src=, no link, no url()" bash -c "! grep -Eiq '<link|src=|url\\(|<img|<iframe' $html"
check "no address but the SVG namespace" test "$(grep -Eo 'https?://[^\"]+' "$html" | sort -u)" = "http://www.w3.org/2000/svg"
check "inline CSS, printable on A4" bash -c "grep -q '@media print' $html && grep -q '@page{size:A4' $html"
check "an inline SVG timeline" grep -q '<section id="timeline"><h2>The procedure</h2><svg' "$html"
check "the certificate's picture" grep -q '<section id="certificate"><h2>Certificate</h2><svg' "$html"
run 0 "$COT" -C p status --format html
check "without -o, the page on stdout" grep -q '<html lang="en">' "$OUT"
run 2 "$COT" -C p status -o x.html
err_has "-o needs --format html"
check "no file for a refused -o" test ! -e p/x.html

# What the rendered page holds: every step's title and every deadline's text, from the JSON.
"$COT" -C p status --format json >status.json || bad "status json"
chrome --dump-dom "file://$WORK/$html" >dom.html
check "chromium rendered the page" test -s dom.html
"$PY" - status.json dom.html <<'EOF' >dom.check
import html, json, re, sys
st = json.load(open(sys.argv[1]))
dom = open(sys.argv[2]).read()
text = html.unescape(re.sub(r"<[^>]+>", " ", dom))
missing = [s["title"] for s in st["steps"] if s["title"] not in text]
missing += [s["date"] for s in st["steps"] if s["done"] and s["id"] not in dom]
print("steps", len(st["steps"]), "missing", missing)
EOF
check "dom: every step" grep -q "^steps 9 missing \[\]$" dom.check
check "dom: done steps carry their ids" bash -c "grep -q 'id=\"step-cert-requested\" class=\"done\"' dom.html && grep -q 'id=\"step-registered\" class=\"done\"' dom.html"
check "dom: the next step marked" grep -q 'id="step-checklist-complete" class="next"' dom.html
check "dom: today's mark and the typical band" bash -c "grep -q 'id=\"tl-today\"' dom.html && grep -q 'id=\"tl-band\"' dom.html && grep -q '>typically done<' dom.html"
check "dom: the renewal window" grep -q '>renewal window<' dom.html
check "dom: the next action" grep -q '<div class="nextbox" id="next"><strong>Next:</strong>' dom.html
check "dom: readiness" grep -q 'id="readiness"' dom.html
n=$(grep -o '<li id="dl-[0-9]*"' dom.html | wc -l)
check "dom: deadlines listed ($n)" test "$n" -ge 3
check "dom: each listed deadline drawn" test "$(grep -o '<g id="tl-dl-[0-9]*"' dom.html | wc -l)" -ge 1
check "dom: the waiver's approver-owned expiry and the renewal" bash -c \
	"grep -q \"$(date -u -d '+20 days' +%Y)\" dom.html && grep -q 'class=\"soon\"' dom.html"

# measure FILE W H: a copy of FILE that the test (not cot) gives a script measuring every
# element's box against the viewport, and every SVG shape against its picture; rendered at
# W x H, the result is read from the DOM.
cat >measure.js <<'EOF'
(function () {
	var W = document.documentElement.clientWidth, bad = [];
	var all = document.querySelectorAll("body *");
	for (var i = 0; i < all.length; i++) {
		var e = all[i], r = e.getBoundingClientRect(), s = e.ownerSVGElement;
		if (e.closest("title") || (!r.width && !r.height))
			continue;
		if (r.left < -0.5 || r.right > W + 0.5)
			bad.push(e.tagName + "#" + e.id + " " + Math.round(r.left) + ".." + Math.round(r.right));
		if (s) {
			var b = s.getBoundingClientRect();
			if (r.left < b.left - 0.5 || r.right > b.right + 0.5 || r.top < b.top - 0.5 ||
				r.bottom > b.bottom + 0.5)
				bad.push("svg " + e.tagName + " '" + e.textContent.slice(0, 30) + "' leaves its picture");
		}
	}
	var o = document.createElement("pre");
	o.id = "measure";
	o.textContent = "viewport=" + W + " scroll=" + document.documentElement.scrollWidth +
		" checked=" + all.length + " bad=" + bad.length + " " + bad.join("; ");
	document.body.appendChild(o);
})();
EOF
measure() {
	local copy="$WORK/measure-$2.html"
	"$PY" -c 'import sys; p = open(sys.argv[1]).read(); s = open(sys.argv[2]).read()
assert p.count("</body>") == 1
print(p.replace("</body>", "<script>" + s + "</script></body>"), end="")' "$1" measure.js >"$copy"
	chrome --window-size="$2,$3" --dump-dom "file://$copy" | grep -o 'viewport=[0-9][^<]*'
}
shot() { # PAGE W H PNG: a screenshot at W x H; prints the PNG's width x height
	chrome --window-size="$2,$3" --screenshot="$4" "file://$1" >/dev/null
	"$PY" -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]) if d[:8]==b"\x89PNG\r\n\x1a\n" else "none")' "$4"
}
sizes="794:1123 1920:1080"
for page in status; do
	for wh in $sizes; do
		w=${wh%:*} h=${wh#*:}
		m=$(measure "$WORK/$html" "$w" "$h")
		check "$page at ${w}x$h: measured ($m)" bash -c "[[ '$m' == viewport=* ]]"
		check "$page at ${w}x$h: nothing crosses the page edges or leaves its picture" bash -c "[[ '$m' == *' bad=0 '* ]]"
		check "$page at ${w}x$h: no horizontal scroll" bash -c "[[ '$m' =~ viewport=([0-9]+)\ scroll=([0-9]+) ]] && (( BASH_REMATCH[2] <= BASH_REMATCH[1] ))"
		dims=$(shot "$WORK/$html" "$w" "$h" "$WORK/$page-$w.png")
		check "$page screenshot ${w}x$h ($dims)" test "$dims" = "${w}x$h"
		check "$page screenshot ${w}x$h is not blank" test "$(stat -c %s "$WORK/$page-$w.png")" -gt 15000
	done
done
chrome --print-to-pdf="$WORK/status.pdf" --no-pdf-header-footer "file://$WORK/$html" >/dev/null
check "printed to PDF" test -s status.pdf
check "printed on A4 (595 x 842 points)" grep -aq '/MediaBox \[0 0 59[45][.0-9]* 84[12]' status.pdf
pages=$(grep -ac '/Type /Page$\|/Type /Page[^s]' status.pdf)
check "printed on pages ($pages)" test "$pages" -ge 1

# cot check's HTML: what to fix grouped by owner at the top, then the same timeline.
sed -i '/^  GOV-03:$/{n;s/compliant/open/}' p/checklist.yaml
sed -i '/^  OPS-01:$/{n;s/compliant/open/;n;s/owner: .*/owner: "<b>IT \& \\"Co\\"<\/b>"/}' p/checklist.yaml
sed -i '/^  OPS-02:$/{n;s/compliant/open/;n;/owner:/d}' p/checklist.yaml
run 1 "$COT" -C p check --format html -o out/check.html
chtml=p/out/check.html
check "check: no script, nothing external" bash -c "! grep -Eiq '<script|<link|src=|url\\(' $chtml"
chrome --dump-dom "file://$WORK/$chtml" >cdom.html
check "check: what to fix comes first" bash -c "grep -o '<section id=\"[a-z]*\"' cdom.html | head -2 | tr '\n' ' ' | grep -q 'tofix.*timeline'"
check "check: grouped by owner" grep -Eq '<h3>Jan Peeters \([0-9]+\)</h3>' cdom.html
check "check: a hostile owner escaped" grep -qF '<h3>&lt;b&gt;IT &amp; "Co"&lt;/b&gt; (1)</h3>' cdom.html
check "check: the answers without owner last" bash -c \
	"grep -o '<h3>[^<]*</h3>' cdom.html | sed '/<h3>Steps</,\$d' | tail -1 | grep -q 'No owner named (1)'"
check "check: the requirement to fix links to its row" grep -q '<a href="#req-GOV-03" class="id">GOV-03</a>' cdom.html
check "check: the timeline" grep -q 'id="step-registered" class="done"' cdom.html
for wh in $sizes; do
	w=${wh%:*} h=${wh#*:}
	m=$(measure "$WORK/$chtml" "$w" "$h")
	check "check at ${w}x$h: nothing crosses the page edges ($m)" bash -c "[[ '$m' == *' bad=0 '* ]]"
	dims=$(shot "$WORK/$chtml" "$w" "$h" "$WORK/check-$w.png")
	check "check screenshot ${w}x$h ($dims)" test "$dims" = "${w}x$h"
done

# A hostile project name: escaped in the page, never markup; quotes and & too.
"$COT" init h --name '<script>alert("x")</script> & "Q" '"'"'s' --kbo 0809394427 --route direct >/dev/null ||
	bad "cot init with a hostile name"
run 0 "$COT" -C h status --format html -o page.html
check "hostile: no script element" bash -c "! grep -qi '<script' h/page.html"
check "hostile: the name escaped" grep -qF '<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Q&quot; &apos;s</h1>' h/page.html
chrome --dump-dom "file://$WORK/h/page.html" >hdom.html
check "hostile: rendered as text" grep -qF '&lt;script&gt;alert("x")&lt;/script&gt; &amp;' hdom.html
check "hostile: not started, and said so" grep -q 'Not started; today is' hdom.html
m=$(measure "$WORK/h/page.html" 794 1123)
check "hostile at A4: nothing crosses the page edges ($m)" bash -c "[[ '$m' == *' bad=0 '* ]]"
# A full disk is an environment failure, a malformed journal an input error: no page either way.
run 3 "$COT" -C h status --format html -o /dev/full
err_has "/dev/full"
# issue 16: a journal edited by hand is shown at the top of the page, and --exit-code says 1
cp h/.cot/journal journal.kept
sed -i '1s/"tester@cli"/"someone@else"/' h/.cot/journal
run 1 "$COT" -C h status --format html --exit-code -o tampered.html
err_has "journal verification failed"
check "the page shows the broken journal first" python3 -c '
import sys
page = open(sys.argv[1]).read()
assert page.index("id=\"journal-broken\"") < page.index("id=\"timeline\""), page[:200]
' h/tampered.html
run 0 "$COT" -C h status --format html -o tampered2.html
check "without --exit-code: exit 0, the page still says so" grep -q 'id="journal-broken"' h/tampered2.html
cp journal.kept h/.cot/journal
run 0 "$COT" -C h status --format html --exit-code -o intact.html
check "an intact journal: no such section" sh -c '! grep -q journal-broken h/intact.html'
printf 'not json\n' >>h/.cot/journal
run 2 "$COT" -C h status --format html -o broken.html
check "no page from a malformed journal" test ! -e h/broken.html
finish
