#!/usr/bin/env bash
# The machine formats of real runs, against their schemas: every cot.*/1 JSON output against
# doc/schemas (mode json, never skipped), and with mode reference every JUnit output against
# Jenkins' junit-10.xsd and every SARIF log against SARIF 2.1.0 (COT_REFERENCE).
# Usage: test-formats.sh COT SRCDIR json|reference
. "$(dirname "$0")/lib.sh" "$@"
MODE=${3:-json}
PY=/usr/bin/python3
SCHEMAS=$SRCDIR/doc/schemas
REF=${COT_REFERENCE:-$SRCDIR/../shared/reference}
XSD=$REF/formats/junit-10.xsd
SARIF=$REF/formats/sarif-schema-2.1.0.json
# meson runs mode reference through tests/with-reference.sh, which skips it without the files.
if [ "$MODE" = reference ] && { [ ! -f "$XSD" ] || [ ! -f "$SARIF" ]; }; then
	echo "FAIL: missing $XSD or $SARIF: set COT_REFERENCE to the folder that holds formats/"
	exit 1
fi
cd "$WORK"
PW=Test_001
if ! bash "$SRCDIR/tests/pki/mkpki.sh" "$WORK/pki" >/dev/null 2>&1; then
	bad "tests/pki/mkpki.sh failed"
	finish
	exit 1
fi
PKI=$WORK/pki
export KS_PASSWORD=$PW
TRUST=(--trust "$PKI/root.pem")
n=0

# schema NAME: the last run's stdout is valid against doc/schemas/NAME-1.schema.json.
schema() {
	n=$((n + 1))
	cp "$OUT" "out-$n.json"
	if "$PY" "$SRCDIR/tests/cli/validate-json.py" "$SCHEMAS/$1-1.schema.json" "out-$n.json" \
		>val.err 2>&1; then
		ok
	else
		bad "output $n is not valid against $1-1.schema.json"
		sed 's/^/  schema| /' val.err | head -10
	fi
}
# junit FILE / sarif FILE: valid against the reference schemas.
junit() {
	if xmllint --nonet --noout --schema "$XSD" "$1" 2>xmllint.err; then
		ok
	else
		bad "$1 is not valid against junit-10.xsd"
		sed 's/^/  xmllint| /' xmllint.err | head -10
	fi
}
sarif() {
	if "$PY" "$SRCDIR/tests/cli/validate-json.py" "$SARIF" "$1" >val.err 2>&1; then
		ok
	else
		bad "$1 is not a valid SARIF 2.1.0 log"
		sed 's/^/  sarif| /' val.err | head -10
	fi
}
# keep NAME: the last run's stdout as NAME, for the formats checked later.
keep() { cp "$OUT" "$1"; }

# --- fixtures: projects, bundles, a whitelist ---------------------------------------------
openssl pkcs12 -export -inkey "$PKI/leaf.key" -in "$PKI/good.pem" -certfile "$PKI/ca-chain.pem" \
	-name authentication -passout "pass:$PW" -out good.p12 2>/dev/null || bad "cannot make good.p12"
new_project fresh
new_project ready
ready_checklist ready 2026-11-01
org p vitalink
pdf p/documents/belrai-contract.pdf "BelRAI contract"
pdf p/documents/vitalink-contract.pdf "Vitalink contract"
"$COT" -C p bundle --keystore "$WORK/good.p12" --password-env KS_PASSWORD -o "$WORK/G.asice" \
	>/dev/null 2>&1 || bad "cannot bundle G"
"$COT" -C p bundle --unsigned -o "$WORK/U-unsigned.asice" >/dev/null 2>&1 || bad "cannot bundle U"
unzip -p G.asice META-INF/signature001.p7s >sig.der
$PY -c 'import sys; b=bytearray(open(sys.argv[1],"rb").read()); b[-10]^=0xff; open(sys.argv[2],"wb").write(b)' \
	sig.der flipped.der
$PY "$SRCDIR/tests/cli/asice-tool.py" replace G.asice F.asice META-INF/signature001.p7s flipped.der
echo "not a zip" >junk.asice
SET=$SRCDIR/checklists/belrai-security-1.0.yaml
printf 'format: cot.answers/1\nanswers:\n  GOV-01: {status: sometimes}\n' >bad-answers.yaml
printf 'a: [\n' >broken.yaml

if [ "$MODE" = json ]; then
# --- cot.status/1: new, checklist answered and steps done, a bundle built ------------------
run 0 "$COT" -C fresh status --format json
schema cot.status
run 0 "$COT" -C ready done cert-requested --ref FOD-1
run 0 "$COT" -C ready status --format json
schema cot.status
run 0 "$COT" -C p status --format json
schema cot.status
check "status of p: the bundle recorded" grep -q '"bundle": {' "$OUT"
# --- cot.status-many/1: a line per project, one of them unreadable ----------------------------
mkdir -p many/broken
printf 'x: [\n' >many/broken/cot.yaml
run 1 "$COT" status --format json fresh ready p many/broken
cp "$OUT" many.jsonl
check "status DIR...: a line per project" test "$(wc -l <many.jsonl)" -eq 4
while IFS= read -r line; do
	printf '%s\n' "$line" >"$OUT"
	schema cot.status-many
done <many.jsonl

# --- cot.check/1: nothing answered (findings), ready, broken answers (errors) -------------
run 1 "$COT" -C fresh check --format json
schema cot.check
keep check-fresh.json
check "check: one key style, not_applicable" grep -q '"not_applicable": 0' "$OUT"
check "check: no key not-applicable" sh -c "! grep -q '\"not-applicable\":' '$OUT'"
run 0 "$COT" -C ready check --format json
schema cot.check
check "check: ready" grep -q '"ready": true' "$OUT"
run 1 "$COT" check "$SRCDIR/tests/fixtures/checklist/invalid/answers-not-applicable-without-justification.yaml" \
	--requirements "$SET" --format json
schema cot.check

# --- cot.lint/1: clean, findings, one of two files unreadable -----------------------------
run 0 "$COT" lint "$SET" --format json
schema cot.lint
run 1 "$COT" lint bad-answers.yaml --requirements "$SET" --format json
schema cot.lint
run 1 "$COT" lint "$SET" /nonexistent.yaml broken.yaml --format json
schema cot.lint

# --- cot.verify/1: passed, failed, unsigned, not a zip, several at once -------------------
run 0 "$COT" verify "${TRUST[@]}" --format json G.asice
schema cot.verify
run 1 "$COT" verify "${TRUST[@]}" --format json F.asice
schema cot.verify
run 1 "$COT" verify "${TRUST[@]}" --format json U-unsigned.asice
schema cot.verify
run 1 "$COT" verify "${TRUST[@]}" --format json junk.asice
schema cot.verify
run 1 "$COT" verify "${TRUST[@]}" --format json G.asice F.asice U-unsigned.asice junk.asice
schema cot.verify

# --- cot.log/1 and cot.log-verify/1: a short and a longer journal, intact and edited ------
run 0 "$COT" -C fresh log --format json
schema cot.log
run 0 "$COT" -C p log --format json
schema cot.log
run 0 "$COT" -C p log --verify --format json
schema cot.log-verify
sed -i '1s/"tester@cli"/"someone@else"/' p/.cot/journal
run 1 "$COT" -C p log --verify --format json
schema cot.log-verify
check "log --verify: not ok after an edit" grep -q '"ok": false' "$OUT"

# --- cot.cert/1: show (PEM, DER, PKCS#12, expired, not yet valid, a person), check ---------
for f in good.pem good.der expired.pem notyet.pem renew.pem self.pem person.pem; do
	run 0 "$COT" cert show "$PKI/$f" --format json
	schema cot.cert
done
run 0 "$COT" cert show "$PKI/modern.p12" --password-file "$PKI/password.txt" --format json
schema cot.cert
run 1 "$COT" -C fresh cert check "$PKI/good.pem" --no-revocation --format json
schema cot.cert
run 1 "$COT" -C p cert check "$PKI/expired.pem" --format json
schema cot.cert

# --- whitelist: list (new, signed, signature broken), export, check ----------------------
run 0 "$COT" whitelist add --kbo 0403019261 --name "Maison Sainte-Elisabeth" --nihii 12345625
run 0 "$COT" whitelist list --format json
schema cot.whitelist-list
check "whitelist list: no signature" grep -q '"state": "none"' "$OUT"
run 0 "$COT" whitelist sign --keystore "$PKI/modern.p12" --password-file "$PKI/password.txt"
run 0 "$COT" whitelist list --format json
schema cot.whitelist-list
check "whitelist list: the signature holds" grep -q '"state": "valid"' "$OUT"
run 0 "$COT" whitelist export --format json
schema cot.whitelist
run 0 "$COT" whitelist check --file whitelist.xml --kbo 0403019261 --trust "$PKI/issuing.pem" \
	--format json
schema cot.whitelist-check
run 1 "$COT" whitelist check --file whitelist.xml --kbo 0809394427 --trust "$PKI/issuing.pem" \
	--format json
schema cot.whitelist-check
run 0 "$COT" whitelist remove --kbo 0403019261 --reason "test"
printf 'garbage' >whitelist.xml.p7s
run 0 "$COT" whitelist list --format json
schema cot.whitelist-list
check "whitelist list: a broken signature says why" grep -q '"state": "invalid"' "$OUT"
run 0 "$COT" whitelist export --format json
schema cot.whitelist
run 2 "$COT" whitelist list --format xml
err_has "does not write xml"

# --- issue 16: a run that fails early still writes its document; exit status unchanged -------
sed 's/id: belrai-security,/id: nosuch-set,/' "$SRCDIR/tests/fixtures/checklist/valid/complete.yaml" \
	>unknown-set-e.yaml
early=()
run 2 "$COT" check --format json
schema cot.check
keep e-check-noproject.json && early+=(e-check-noproject.json)
run 2 "$COT" check /nonexistent.yaml --format json
schema cot.check
keep e-check-none.json && early+=(e-check-none.json)
run 2 "$COT" check broken.yaml --requirements "$SET" --format json
schema cot.check
keep e-check-broken.json && early+=(e-check-broken.json)
run 2 "$COT" check unknown-set-e.yaml --format json
schema cot.check
keep e-check-set.json && early+=(e-check-set.json)
run 2 "$COT" -C fresh check --route direct --format json -o "$WORK/e-check-route.json"
cp e-check-route.json "$OUT"
schema cot.check
early+=(e-check-route.json)
run 2 "$COT" lint /nonexistent.yaml --format json
schema cot.lint
keep e-lint-none.json && early+=(e-lint-none.json)
run 2 "$COT" kmehr validate sample.xml --format json
schema cot.lint
keep e-kmehr-noschemas.json && early+=(e-kmehr-noschemas.json)
check "json: a run that did not complete says why, with its exit code" "$PY" - "${early[@]}" <<'PYEOF'
import json, sys
words = ["not in a cot project", "/nonexistent.yaml", "broken.yaml", "nosuch-set",
    "--route and --kind are for", "no file could be read", "which KMEHR schemas?"]
assert len(sys.argv) == 8, sys.argv
for name, word in zip(sys.argv[1:], words):
    d = json.load(open(name))
    assert word in d["error"]["message"], (name, d["error"])
    assert d["error"]["exit_code"] == 2, (name, d["error"])
    assert d.get("ready", d.get("ok")) is False, name
    assert d["counts"]["errors"] >= 1 and d["findings"], name
PYEOF
sed 's/"ready": false/"ready": true/' e-check-none.json >e-ready.json
check "the check schema refuses an error document that says ready" sh -c \
	"! '$PY' '$SRCDIR/tests/cli/validate-json.py' '$SCHEMAS/cot.check-1.schema.json' e-ready.json >/dev/null"
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); del d["error"]; json.dump(d, open(sys.argv[2], "w"))' \
	e-check-none.json e-noerror.json
check "the check schema refuses a short document without its error" sh -c \
	"! '$PY' '$SRCDIR/tests/cli/validate-json.py' '$SCHEMAS/cot.check-1.schema.json' e-noerror.json >/dev/null"
run 2 "$COT" check /nonexistent.yaml --format github
check "github: the findings, then one line saying the check did not complete" "$PY" - "$OUT" <<'PYEOF'
import sys
lines = open(sys.argv[1]).read().splitlines()
assert [l for l in lines if l.startswith("::error ")], lines
assert lines[-1].startswith("cot check: did not complete: ") and "/nonexistent.yaml" in lines[-1], lines
PYEOF
run 2 "$COT" lint /nonexistent.yaml --format github
check "github of lint: an ::error line and why" "$PY" - "$OUT" <<'PYEOF'
import sys
lines = open(sys.argv[1]).read().splitlines()
assert sum(l.startswith("::error ") for l in lines) == 1, lines
assert lines[-1] == "cot lint: did not complete: no file could be read", lines
PYEOF
run 2 "$COT" check --format html -o e-check.html
check "html: a page saying the check did not complete, and why" "$PY" - e-check.html <<'PYEOF'
import sys
from html.parser import HTMLParser
text = open(sys.argv[1]).read()
assert text.startswith("<!DOCTYPE html>"), text[:40]
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.h1 = ""; self.err = ""
    def handle_starttag(self, tag, attrs):
        if tag not in ("meta", "br"): self.stack.append((tag, dict(attrs)))
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, (tag, self.stack); self.stack.pop()
    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "h1": self.h1 += data
        if any(a.get("id") == "error" for _, a in self.stack): self.err += data
p = P(); p.feed(text); p.close()
assert not p.stack, p.stack
assert p.h1 == "The check did not complete", p.h1
assert "not in a cot project" in p.err, p.err
PYEOF
run 2 "$COT" check --format text
check "text: nothing on stdout when the check did not run" test ! -s "$OUT"

# --- the schemas catch what they are for ----------------------------------------------------
echo '{"schema": "cot.status/1"}' >"$OUT"
n=$((n + 1))
cp "$OUT" "out-$n.json"
check "a schema refuses an output without its keys" sh -c \
	"! '$PY' '$SRCDIR/tests/cli/validate-json.py' '$SCHEMAS/cot.status-1.schema.json' out-$n.json >/dev/null"
sed 's/"not_applicable"/"not-applicable"/' check-fresh.json >renamed.json
check "the check schema refuses the old key not-applicable" sh -c \
	"! '$PY' '$SRCDIR/tests/cli/validate-json.py' '$SCHEMAS/cot.check-1.schema.json' renamed.json >/dev/null"
# every cot.NAME/1 that cot writes has its schema (cot.project/1 is cot.yaml, which it reads)
for name in $(grep -rhoE '"cot\.[a-z-]+/1"' "$SRCDIR/src" | tr -d '"' | sort -u); do
	[ "$name" = cot.project/1 ] && continue
	check "$name has a schema" test -f "$SCHEMAS/${name%/1}-1.schema.json"
done
for f in "$SCHEMAS"/*.schema.json; do
	id=$(basename "$f" .schema.json)
	check "a real run validated against $id" grep -lqE "\"schema\": ?\"${id%-1}/1\"" out-*.json
done
finish
exit $?
fi

# --- JUnit: check, lint, verify; every output against junit-10.xsd ------------------------
run 1 "$COT" -C fresh check --format junit
keep j-check-fresh.xml
junit j-check-fresh.xml
run 0 "$COT" -C ready check --format junit
keep j-check-ready.xml
junit j-check-ready.xml
run 0 "$COT" lint "$SET" --format junit
keep j-lint-ok.xml
junit j-lint-ok.xml
run 1 "$COT" lint --strict bad-answers.yaml --requirements "$SET" --format junit
keep j-lint-bad.xml
junit j-lint-bad.xml
run 1 "$COT" lint "$SET" /nonexistent.yaml broken.yaml --format junit
keep j-lint-unreadable.xml
junit j-lint-unreadable.xml
run 0 "$COT" verify "${TRUST[@]}" --format junit G.asice
keep j-verify-good.xml
junit j-verify-good.xml
run 1 "$COT" verify "${TRUST[@]}" --format junit G.asice F.asice U-unsigned.asice junk.asice
keep j-verify-all.xml
junit j-verify-all.xml
check "junit: <testsuites> of verify counts 4 bundles' checks and their failures" "$PY" - \
	j-verify-all.xml <<'EOF'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = root.findall("testsuite")
assert len(suites) == 4, len(suites)
assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites), root.attrib
assert int(root.get("failures")) == sum(int(s.get("failures")) for s in suites) > 0, root.attrib
assert all(s.get("errors") == "0" for s in suites), [s.attrib for s in suites]
EOF
check "junit: no skipped on <testsuites>" sh -c "! grep -q '<testsuites[^>]*skipped' j-*.xml"
# issue 16: a run that fails early writes one test case in error, valid too (exit unchanged)
run 2 "$COT" check /nonexistent.yaml --format junit
keep j-check-none.xml
junit j-check-none.xml
run 2 "$COT" check --format junit -o j-check-noproject.xml
junit j-check-noproject.xml
run 2 "$COT" lint /nonexistent.yaml --format junit
keep j-lint-none.xml
junit j-lint-none.xml
run 2 "$COT" kmehr validate sample.xml --format junit
keep j-kmehr-noschemas.xml
junit j-kmehr-noschemas.xml
check "junit: a run that did not complete is one test case in error, saying why" "$PY" - \
	j-check-none.xml j-check-noproject.xml j-lint-none.xml j-kmehr-noschemas.xml <<'EOF'
import sys
import xml.etree.ElementTree as ET
words = ["/nonexistent.yaml", "not in a cot project", "no file could be read", "which KMEHR schemas?"]
for name, word in zip(sys.argv[1:], words):
    root = ET.parse(name).getroot()
    assert root.get("errors") == "1" and root.get("tests") == "1", (name, root.attrib)
    [case] = root.iter("testcase")
    [error] = case.findall("error")
    assert word in error.get("message"), (name, error.attrib)
    assert error.get("type").endswith("-not-run"), (name, error.attrib)
EOF


# --- SARIF: check, lint, also when nothing could be read ----------------------------------
run 1 "$COT" -C fresh check --format sarif
keep s-check-fresh.json
sarif s-check-fresh.json
run 0 "$COT" -C ready check --format sarif
keep s-check-ready.json
sarif s-check-ready.json
run 0 "$COT" lint "$SET" --format sarif
keep s-lint-ok.json
sarif s-lint-ok.json
run 1 "$COT" lint bad-answers.yaml --requirements "$SET" --format sarif
keep s-lint-bad.json
sarif s-lint-bad.json
run 2 "$COT" lint /nonexistent.yaml --format sarif
err_has "no file could be read"
keep s-lint-none.json
sarif s-lint-none.json
run 2 "$COT" lint /nonexistent.yaml --format sarif -o s-lint-none-o.json
sarif s-lint-none-o.json
run 2 "$COT" check /nonexistent.yaml --format sarif
keep s-check-none.json
sarif s-check-none.json
run 2 "$COT" check broken.yaml --requirements "$SET" --format sarif
keep s-check-broken.json
sarif s-check-broken.json
# issue 16: a log also when check fails before it reads the answers (exit status unchanged)
ANSWERS=$SRCDIR/tests/fixtures/checklist/valid/complete.yaml
sed 's/id: belrai-security,/id: nosuch-set,/' "$ANSWERS" >unknown-set.yaml
fails=(s-fail-noproject.json s-fail-route.json s-fail-inproject.json s-fail-set.json
	s-fail-noset.json)
run 2 "$COT" check --format sarif
keep s-fail-noproject.json
run 2 "$COT" check "$ANSWERS" --route nowhere --format sarif -o s-fail-route.json
run 2 "$COT" -C fresh check --route direct --format sarif
keep s-fail-inproject.json
run 2 "$COT" check unknown-set.yaml --format sarif
keep s-fail-set.json
run 2 "$COT" check "$ANSWERS" --requirements /nonexistent.yaml --format sarif
keep s-fail-noset.json
for f in "${fails[@]}"; do sarif "$f"; done
check "sarif: a check that did not run names the error said" "$PY" - "${fails[@]}" <<'EOF'
import json, sys
words = ["not in a cot project", "unknown route 'nowhere'", "--route and --kind are for",
    "nosuch-set", "/nonexistent.yaml"]
for name, word in zip(sys.argv[1:], words):
    run = json.load(open(name))["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False, name
    errors = [r for r in run["results"] if r["level"] == "error"]
    assert errors and any(word in r["message"]["text"] for r in errors), (name, errors)
    assert errors[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], name
EOF
check "sarif: a run that read nothing says so, with its finding" "$PY" - s-lint-none.json \
	s-check-none.json s-check-broken.json s-lint-ok.json <<'EOF'
import json, sys
for name in sys.argv[1:4]:
    run = json.load(open(name))["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False, name
    assert run["results"] and run["results"][0]["level"] == "error", (name, run["results"])
ok = json.load(open(sys.argv[4]))["runs"][0]
assert ok["invocations"][0]["executionSuccessful"] is True and ok["results"] == [], ok
EOF
finish
