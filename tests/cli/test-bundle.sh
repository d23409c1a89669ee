#!/usr/bin/env bash
# cot bundle: both routes on a generated PKI; what standard tools make of the container
# (openssl cms, unzip, Python's zipfile, sha256sum); byte-identical rebuilds; refusals
# that leave nothing behind; the journal record and cot status.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
PY=/usr/bin/python3
TOOL="$PY $SRCDIR/tests/cli/asice-tool.py"
PKI=$WORK/pki
PW=Test_001
KS=$PKI/ehealth.acc-p12
if ! bash "$SRCDIR/tests/pki/mkpki.sh" "$PKI" >/dev/null 2>&1; then
	bad "tests/pki/mkpki.sh failed"
	finish
	exit 1
fi
export KS_PASSWORD=$PW
SIGN=(--keystore "$KS" --password-env KS_PASSWORD)
# Another organisation's keystore, under the same test CA.
openssl pkcs12 -export -inkey "$PKI/leaf.key" -in "$PKI/other.pem" -certfile "$PKI/ca-chain.pem" \
	-name authentication -passout "pass:$PW" -out other.p12 2>/dev/null || bad "cannot make other.p12"
# An expired certificate of the organisation.
openssl pkcs12 -export -inkey "$PKI/leaf.key" -in "$PKI/expired.pem" -certfile "$PKI/ca-chain.pem" \
	-name authentication -passout "pass:$PW" -out expired.p12 2>/dev/null || bad "cannot make expired.p12"

# set_trust DIR PEM: the project's only trust anchor is PEM.
set_trust() {
	sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
		-e "s|^  environment: \"production\"\$|&\n  trust:\n    - \"$2\"|" "$1/cot.yaml"
	grep -qF "    - \"$2\"" "$1/cot.yaml" || bad "cannot set the trust anchor of $1"
}
today=$(date -u +%Y-%m-%d)
# jget_out EXPR: a value of the JSON object in $OUT (pty-run.py's result).
jget_out() { "$PY" -c 'import json,sys; print(eval("json.load(open(sys.argv[1]))" + sys.argv[2]))' "$OUT" "$1"; }
recent=$(date -u -d '-10 days' +%Y-%m-%d)

# org_project DIR ROUTE: a project of the test PKI's organisation that trusts the test root CA.
org_project() {
	"$COT" init "$1" --name "Maison Sainte-Elisabeth" --kbo 0403019261 --route "$2" >/dev/null 2>&1 ||
		bad "cannot create project $1"
	cp "$PKI/root.pem" "$1/test-root.pem"
	set_trust "$1" test-root.pem
}

# --- route vitalink -----------------------------------------------------------------------
org_project vl vitalink
run 2 "$COT" -C vl bundle
err_has "give --keystore FILE"
run 2 "$COT" -C vl bundle --unsigned --keystore "$KS"
run 2 "$COT" -C vl bundle --unsigned -o vl/review.asice
err_has "must say so"
run 2 "$COT" -C vl bundle --unsigned --date 2026-13-01
err_has "--date takes"
SOURCE_DATE_EPOCH=yesterday run 2 "$COT" -C vl bundle --unsigned
err_has "SOURCE_DATE_EPOCH"
# Nothing there: both documents are named, with where to put them; nothing is written.
run 1 "$COT" -C vl bundle "${SIGN[@]}"
err_has "documents/belrai-contract.pdf"
err_has "documents/vitalink-contract.pdf"
err_has "cot done contract-signed --file FILE"
check "nothing written after a refusal" test ! -e vl/out/0403019261-$today.asice
pdf vl/documents/belrai-contract.pdf "BelRAI contract"
run 1 "$COT" -C vl bundle "${SIGN[@]}"
err_has "the Vitalink contract: put it in documents/vitalink-contract.pdf"
out_lacks "belrai-contract"
# The journal's --file wins over the conventional name.
mkdir -p vl/documents/scans
pdf vl/documents/scans/vitalink-2026.pdf "Vitalink contract"
for s in cert-requested cert-received vitalink-requested; do
	"$COT" -C vl done "$s" >/dev/null || bad "done $s"
done
run 0 "$COT" -C vl done vitalink-contract-received --file documents/scans/vitalink-2026.pdf
# Refusals: a document that is not a PDF, an encrypted one, private key material.
printf 'just text\n' >vl/documents/belrai-contract.pdf
run 2 "$COT" -C vl bundle "${SIGN[@]}"
err_has "is not a PDF"
printf '%%PDF-1.6\n1 0 obj << /Filter /Standard /V 4 >> endobj\ntrailer << /Root 2 0 R /Encrypt 1 0 R >>\n%%%%EOF\n' \
	>vl/documents/belrai-contract.pdf
run 2 "$COT" -C vl bundle "${SIGN[@]}"
err_has "encrypted PDF"
cp "$PKI/leaf.key" vl/documents/belrai-contract.pdf
run 2 "$COT" -C vl bundle "${SIGN[@]}"
err_has "PEM private key"
cp "$KS" vl/documents/belrai-contract.pdf
run 2 "$COT" -C vl bundle "${SIGN[@]}"
err_has "PKCS#12 keystore"
printf '\xfe\xed\xfe\xed\x00\x00\x00\x02' >vl/documents/belrai-contract.pdf
run 2 "$COT" -C vl bundle "${SIGN[@]}"
err_has "Java keystore"
# Larger than cot verify reads: refused before anything is written (a sparse file costs nothing).
pdf vl/documents/belrai-contract.pdf "BelRAI contract"
truncate -s 5G vl/documents/belrai-contract.pdf
run 2 "$COT" -C vl bundle "${SIGN[@]}"
err_has "too large for a bundle"
check "no container left behind by a refusal" test -z "$(ls vl/out)"
check "no temporary file left behind" test -z "$(ls -a vl/out | grep tmp)"
pdf vl/documents/belrai-contract.pdf "BelRAI contract"
# Keystores that cannot sign for this organisation.
run 2 "$COT" -C vl bundle --keystore "$KS" --password-env NO_SUCH_VARIABLE
run 2 "$COT" -C vl bundle --keystore "$KS" --password-file "$PKI/wrong-password.txt"
err_has "wrong password"
run 2 "$COT" -C vl bundle --keystore "$WORK/other.p12" --password-env KS_PASSWORD
err_has "cannot sign for this organisation"
run 2 "$COT" -C vl bundle --keystore "$WORK/expired.p12" --password-env KS_PASSWORD
err_has "not valid at the signing time"
run 2 "$COT" -C vl bundle --keystore "$PKI/good.pem" --password-env KS_PASSWORD
err_has "not a PKCS#12 keystore"
# Signed.
run 2 "$COT" -C vl bundle "${SIGN[@]}" --password-file "$PKI/password.txt"
err_has "not both"
run 0 "$COT" -C vl bundle --keystore "$KS" --password-file "$PKI/password.txt"
out_has "Built out/0403019261-$today.asice: 6 entries"
out_has "Signed for CBE=0403019261, MAISON DE REPOS SAINTE-ELISABETH"
B=vl/out/0403019261-$today.asice
sha=$(sed -n 's/^SHA-256 //p' "$OUT")
check "the SHA-256 printed is the file's" test "$sha" = "$(sha256sum <"$B" | cut -d' ' -f1)"

# What standard tools make of it.
check "unzip -t reads the container" unzip -tq "$B"
run 0 $TOOL first "$B"
out_has "mimetype 0 0 0"
run 0 $TOOL names "$B"
check "entries in cot's order" test "$(tr '\n' ' ' <"$OUT")" = "mimetype documents/belrai-contract.pdf documents/vitalink-contract.pdf submission.xml META-INF/ASiCManifest.xml META-INF/signature001.p7s "
run 0 $TOOL digests "$B"
out_has "3 digests checked"
mkdir x && (cd x && unzip -q "../$B") || bad "cannot unzip"
check "mimetype holds the ASiC-E type" test "$(cat x/mimetype)" = "application/vnd.etsi.asic-e+zip"
check "the vitalink contract is the journal's file" cmp -s x/documents/vitalink-contract.pdf \
	vl/documents/scans/vitalink-2026.pdf
for f in documents/belrai-contract.pdf documents/vitalink-contract.pdf submission.xml; do
	h=$(sha256sum <"x/$f" | cut -d' ' -f1 | xxd -r -p | base64)
	check "the manifest digest of $f is sha256sum's" grep -qF "$h" x/META-INF/ASiCManifest.xml
done
check "the manifest is ETSI's namespace" grep -qF 'xmlns:asic="http://uri.etsi.org/02918/v1.2.1#"' \
	x/META-INF/ASiCManifest.xml
check "openssl cms verifies the signature with the test CA" openssl cms -verify -binary \
	-content x/META-INF/ASiCManifest.xml -inform DER -in x/META-INF/signature001.p7s \
	-CAfile "$PKI/root.pem" -purpose any -out /dev/null
check "the signature is CAdES: signing-certificate-v2 and signing time" bash -c \
	"openssl cms -cmsout -print -inform DER -in x/META-INF/signature001.p7s | grep -q signingCertificateV2 &&
	 openssl cms -cmsout -print -inform DER -in x/META-INF/signature001.p7s | grep -q signingTime"
check "openssl cms refuses another manifest" bash -c "! openssl cms -verify -binary \
	-content x/submission.xml -inform DER -in x/META-INF/signature001.p7s \
	-CAfile '$PKI/root.pem' -purpose any -out /dev/null 2>/dev/null"
check "submission.xml validates against the shipped schema (xmllint)" xmllint --noout \
	--schema "$SRCDIR/templates/submission.xsd" x/submission.xml
grep -q '<signature signed="true">' x/submission.xml && ok || bad "submission.xml says signed"
grep -q '<route>vitalink</route>' x/submission.xml && ok || bad "submission.xml has the route"
openssl pkey -in "$PKI/leaf.key" -outform DER -out leaf.der
check "no private key material in the container" $TOOL nokey x leaf.der "$KS"
# The journal and cot status.
run 0 "$COT" -C vl log --format json
out_has '"event": "bundle-built"'
out_has "\"sha256\": \"$sha\""
out_has "\"path\": \"out/0403019261-$today.asice\""
run 0 "$COT" -C vl log --verify
run 0 "$COT" -C vl status
out_has "out/0403019261-$today.asice"
out_has "${sha:0:16}"
run 0 "$COT" -C vl status --format json
out_has "\"bundle\": {"

# A document changed after its step recorded it: bundled as it is, with a warning.
printf '%% a later scan\n' >>vl/documents/scans/vitalink-2026.pdf
run 0 "$COT" -C vl bundle "${SIGN[@]}" -o "$WORK/changed.asice"
err_has "warning: changed since recorded, and bundled as they are now: documents/scans/vitalink-2026.pdf (recorded by 'vitalink-contract-received')"

# Byte-identical rebuilds: the same inputs and SOURCE_DATE_EPOCH (or --date) give the same bytes.
export SOURCE_DATE_EPOCH=$(date -u -d '-1 day' +%s)
run 0 "$COT" -C vl bundle "${SIGN[@]}" -o "$WORK/r1.asice"
run 0 "$COT" -C vl bundle "${SIGN[@]}" -o "$WORK/r2.asice"
same r1.asice r2.asice
unset SOURCE_DATE_EPOCH
run 0 "$COT" -C vl bundle "${SIGN[@]}" -o "$WORK/r3.asice" --date "$(date -u -d '-1 day' +%Y-%m-%d)T12:00:00Z"
run 0 "$COT" -C vl bundle "${SIGN[@]}" -o "$WORK/r4.asice" --date "$(date -u -d '-1 day' +%Y-%m-%d)T12:00:00Z"
same r3.asice r4.asice
check "another time gives other bytes" bash -c "! cmp -s r1.asice r3.asice"
# Unsigned, for review: marked in the name, in submission.xml, and without signature.
run 0 "$COT" -C vl bundle --unsigned
out_has "UNSIGNED"
U=vl/out/0403019261-$today-UNSIGNED.asice
run 0 $TOOL names "$U"
out_lacks "signature001.p7s"
unzip -p "$U" submission.xml | grep -q '<signature signed="false">UNSIGNED' && ok ||
	bad "an unsigned bundle says so in submission.xml"
run 0 "$COT" -C vl bundle --unsigned -o "$WORK/review-unsigned.asice"
check "an unsigned bundle with a name that says so" test -s review-unsigned.asice

# --- route direct ----------------------------------------------------------------------------
org_project dr direct
cp "$SRCDIR/tests/fixtures/checklist/valid/mini-requirements.yaml" dr/mini-requirements.yaml
sed -e 's/name: "Test vzw", kbo: "0234567873"/name: "Maison Sainte-Elisabeth", kbo: "0403019261"/' \
	-e "s/reviewed: 2026-01-15/reviewed: $recent/" \
	"$SRCDIR/tests/fixtures/checklist/valid/mini-answers.yaml" >dr/checklist.yaml
sed -i 's|requirements: "belrai-security-1.0"|requirements: "mini-requirements.yaml"|' dr/cot.yaml
pdf dr/documents/belrai-contract.pdf "BelRAI contract"
pdf dr/documents/proof-of-mandate.pdf "Belgisch Staatsblad"
# evidence/policy.pdf is missing: the checklist is not ready, so no signed bundle.
run 1 "$COT" -C dr bundle "${SIGN[@]}"
err_has "evidence-missing"
err_has "the checklist is not ready"
run 0 "$COT" -C dr bundle --unsigned
out_has "Checklist mini-security 0.1: NOT ready"
pdf dr/evidence/policy.pdf "policy"
run 0 "$COT" -C dr bundle "${SIGN[@]}"
out_has "Checklist mini-security 0.1: ready"
D=dr/out/0403019261-$today.asice
run 0 $TOOL names "$D"
for e in checklist/answers.yaml checklist/requirements.yaml checklist/report.html \
	documents/belrai-contract.pdf documents/proof-of-mandate.pdf submission.xml; do
	out_has "$e"
done
out_lacks "evidence/"
out_lacks "vitalink"
run 0 $TOOL digests "$D"
out_has "6 digests checked"
unzip -p "$D" checklist/requirements.yaml | cmp -s - dr/mini-requirements.yaml && ok ||
	bad "the requirement set is included as it is"
unzip -p "$D" checklist/report.html | grep -qi "<html" && ok || bad "the report is HTML"
unzip -p "$D" submission.xml | grep -q '<readiness ready="true" applicable="3"' && ok ||
	bad "submission.xml has the readiness"
# On a terminal, a bundle of 64 MiB or more shows its progress on stderr, ending at 100% on
# a line of its own; a smaller one, -q, or stderr not a terminal shows none.
org_project big vitalink
for doc in belrai-contract vitalink-contract; do
	pdf "big/documents/$doc.pdf" "$doc"
	truncate -s 31M "big/documents/$doc.pdf" # sparse
done
"$PY" "$SRCDIR/tests/cli/pty-run.py" run "" -- "$COT" -C big bundle "${SIGN[@]}" >"$OUT" 2>"$ERR"
check "a 62 MiB bundle on a terminal" test "$(jget_out '["rc"]')" = 0
jget_out '["screen"]' >screen.txt
check "62 MiB: no progress" test "$(grep -c bundling screen.txt)" = 0
truncate -s 32M big/documents/belrai-contract.pdf big/documents/vitalink-contract.pdf
"$PY" "$SRCDIR/tests/cli/pty-run.py" run "" -- "$COT" -C big bundle "${SIGN[@]}" >"$OUT" 2>"$ERR"
check "bundled on a terminal" test "$(jget_out '["rc"]')" = 0
jget_out '["screen"]' >screen.txt
check "the progress is shown" grep -q 'cot: bundling *[0-9]*%' screen.txt
check "the progress ends at 100% on its own line" grep -q 'cot: bundling 100%.$' screen.txt
check "then the result" grep -q '^Built out/0403019261-' screen.txt
"$PY" "$SRCDIR/tests/cli/pty-run.py" run "" -- "$COT" -q -C big bundle "${SIGN[@]}" >"$OUT" 2>"$ERR"
check "-q: bundled" test "$(jget_out '["rc"]')" = 0
jget_out '["screen"]' >screen.txt
check "-q: no progress" test "$(grep -c bundling screen.txt)" = 0
run 0 "$COT" -C big bundle "${SIGN[@]}"
err_lacks "bundling"
rm -rf big

# A document under another name, with a key file name: refused by its name.
cp dr/documents/proof-of-mandate.pdf dr/documents/mandate.p12
run 0 "$COT" -C dr done cert-requested
run 0 "$COT" -C dr done cert-received
run 0 "$COT" -C dr done registered --file documents/mandate.p12
run 2 "$COT" -C dr bundle "${SIGN[@]}"
err_has "its name says it is a keystore"
finish
