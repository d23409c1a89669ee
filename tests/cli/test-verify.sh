#!/usr/bin/env bash
# cot verify: good bundles of both routes, every report format and -j; every single entry
# altered; signatures by another organisation, an expired or foreign certificate, over other
# content; hostile archives made here with Python's zipfile and byte edits. Each is reported
# with its check id, nothing is written, nothing crashes.
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
# The mini set the direct bundles answer is not shipped: the authority trusts it explicitly.
TRUST=(--trust "$PKI/root.pem" --requirements "$SRCDIR/tests/fixtures/checklist/valid/mini-requirements.yaml")
# set_trust DIR PEM: the project's only trust anchor is PEM.
set_trust() {
	sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
		-e "s|^  environment: \"production\"\$|&\n  trust:\n    - \"$2\"|" "$1/cot.yaml"
	grep -qF "    - \"$2\"" "$1/cot.yaml" || bad "cannot set the trust anchor of $1"
}
pdf() { printf '%%PDF-1.4\n%% %s\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' "$2" >"$1"; }
recent=$(date -u -d '-10 days' +%Y-%m-%d)

# The bundles every case starts from: route vitalink (G) and route direct (D).
"$COT" init vl --name "Maison Sainte-Elisabeth" --kbo 0403019261 --route vitalink >/dev/null
set_trust vl "$PKI/root.pem"
pdf vl/documents/belrai-contract.pdf "BelRAI contract"
pdf vl/documents/vitalink-contract.pdf "Vitalink contract"
"$COT" -C vl bundle --keystore "$KS" --password-env KS_PASSWORD -o "$WORK/G.asice" >/dev/null ||
	bad "cannot build G.asice"
"$COT" init dr --name "Maison Sainte-Elisabeth" --kbo 0403019261 --route direct >/dev/null
set_trust dr "$PKI/root.pem"
cp "$SRCDIR/tests/fixtures/checklist/valid/mini-requirements.yaml" dr/mini.yaml
sed -i 's|requirements: "belrai-security-1.0"|requirements: "mini.yaml"|' dr/cot.yaml
sed -e 's/name: "Test vzw", kbo: "0234567873"/name: "Maison Sainte-Elisabeth", kbo: "0403019261"/' \
	-e "s/reviewed: 2026-01-15/reviewed: $recent/" \
	"$SRCDIR/tests/fixtures/checklist/valid/mini-answers.yaml" >dr/checklist.yaml
pdf dr/documents/belrai-contract.pdf "BelRAI contract"
pdf dr/documents/proof-of-mandate.pdf "Belgisch Staatsblad"
pdf dr/evidence/policy.pdf "policy"
"$COT" -C dr bundle --keystore "$KS" --password-env KS_PASSWORD -o "$WORK/D.asice" >/dev/null ||
	bad "cannot build D.asice"
"$COT" -C vl bundle --unsigned -o "$WORK/U-unsigned.asice" >/dev/null || bad "cannot build U"
mkdir empty

# verify_fails FILE INDICATION CHECK-ID: exit 1, the verdict and a finding of that check.
verify_fails() {
	run 1 "$COT" verify "${TRUST[@]}" "$1"
	out_has "$1: $2"
	out_has "[$3]"
}

# --- good bundles ------------------------------------------------------------------------------
run 0 "$COT" verify "${TRUST[@]}" G.asice
out_has "G.asice: TOTAL-PASSED"
run 0 "$COT" verify "${TRUST[@]}" D.asice
out_has "D.asice: TOTAL-PASSED"
run 0 "$COT" -v verify "${TRUST[@]}" D.asice
out_has "passed: 3 requirements of mini-security 0.1"
out_has "signed by CN=CBE=0403019261"
out_has "[signer-identifier]"
# An issuing CA alone is a trust anchor too; the shipped production set is not this PKI's.
run 0 "$COT" verify --trust "$PKI/issuing.pem" G.asice
run 1 "$COT" verify --trust ehealth-production G.asice
out_has "INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND"
run 1 "$COT" verify G.asice
out_has "G.asice: INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND"
out_has "give --trust"
verify_fails U-unsigned.asice INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND signature-present
out_has "unsigned container"

# Reports for machines and people.
run 0 "$COT" verify "${TRUST[@]}" --format json G.asice D.asice
check "json: two bundles passed" $PY -c 'import json,sys; d=json.load(open(sys.argv[1]));
assert d["schema"] == "cot.verify/1" and d["passed"] == 2 and d["not_passed"] == 0
b = d["bundles"][1]
assert b["indication"] == "TOTAL-PASSED" and b["organisation"]["route"] == "direct"
assert len(b["checks"]) == 30 and all(c["status"] in ("passed", "warning") for c in b["checks"])
assert b["sha256"] == sys.argv[2]' "$OUT" "$(sha256sum <D.asice | cut -d' ' -f1)"
run 1 "$COT" --format junit verify "${TRUST[@]}" G.asice U-unsigned.asice
check "junit is well-formed XML" xmllint --noout "$OUT"
out_has 'failures="1"'
out_has 'name="signature-present"'
run 1 "$COT" verify "${TRUST[@]}" --format html -o report.html G.asice U-unsigned.asice
check "the html report is written" grep -q "TOTAL-PASSED" report.html
check "the html report shows INDETERMINATE" grep -q "NO_SIGNING_CERTIFICATE_FOUND" report.html
check "the html report loads nothing from elsewhere" bash -c "! grep -Eqi '(src|href)=|url\\(|<script' report.html"
run 2 "$COT" verify --format sarif G.asice
err_has "does not write sarif"
# Usage and input errors.
run 2 "$COT" verify
run 2 "$COT" verify -j 0 G.asice
run 2 "$COT" verify --trust "$WORK/nothing.pem" G.asice
run 2 "$COT" verify --trust "$PKI/leaf.key" G.asice
run 2 "$COT" verify "${TRUST[@]}" G.asice no-such.asice
out_has "G.asice: TOTAL-PASSED"
out_has "cannot read 'no-such.asice'"

# Many bundles in parallel: output in input order.
for i in $(seq 1 12); do cp G.asice "m$i.asice"; done
cp U-unsigned.asice m7.asice
run 1 "$COT" verify "${TRUST[@]}" -j 2 m1.asice m2.asice m3.asice m4.asice m5.asice m6.asice \
	m7.asice m8.asice m9.asice m10.asice m11.asice m12.asice
check "one line per bundle, in input order" test "$(cut -d: -f1 "$OUT" | uniq | tr '\n' ' ')" = \
	"m1.asice m2.asice m3.asice m4.asice m5.asice m6.asice m7.asice m8.asice m9.asice m10.asice m11.asice m12.asice "
out_has "m7.asice: INDETERMINATE"
check "eleven passed" test "$(grep -c ': TOTAL-PASSED$' "$OUT")" = 11

# Another tool's layout: mimetype last is read, with a warning.
$TOOL reorder G.asice reordered.asice || bad "cannot reorder"
run 0 "$COT" verify "${TRUST[@]}" reordered.asice
out_has "warning: 'mimetype' is not the first entry"
# Another tool's name for the manifest.
$TOOL rename G.asice renamed.asice META-INF/ASiCManifest.xml META-INF/ASiCManifest001.xml
run 0 "$COT" verify "${TRUST[@]}" renamed.asice
# Any zip is not an ASiC-E container.
mkdir plain && echo hello >plain/a.txt && (cd plain && zip -q ../plain.zip a.txt)
verify_fails plain.zip TOTAL-FAILED/FORMAT_FAILURE container-mimetype

# --- every single entry altered ----------------------------------------------------------------
for B in G D; do
	$TOOL names "$B.asice" >names.txt
	while read -r name; do
		unzip -p "$B.asice" "$name" >entry.bin
		case $name in
		*.xml) printf '<!-- altered -->\n' >>entry.bin; id=manifest-digests ;;
		*) printf 'x' >>entry.bin; id=manifest-digests ;;
		esac
		case $name in
		mimetype) id=container-mimetype ;;
		META-INF/ASiCManifest.xml) id=signature-digest ;;
		META-INF/signature001.p7s) id=signature-format ;;
		esac
		$TOOL replace "$B.asice" altered.asice "$name" entry.bin || bad "cannot alter $name"
		run 1 "$COT" verify "${TRUST[@]}" altered.asice
		out_has "altered.asice: TOTAL-FAILED"
		out_has "[$id]"
	done <names.txt
done
# A flipped byte inside the signature value (not its structure).
unzip -p G.asice META-INF/signature001.p7s >sig.der
len=$(stat -c %s sig.der)
$PY -c 'import sys; b=bytearray(open(sys.argv[1],"rb").read()); b[-10]^=0xff; open(sys.argv[1],"wb").write(b)' sig.der
$TOOL replace G.asice altered.asice META-INF/signature001.p7s sig.der
verify_fails altered.asice TOTAL-FAILED/SIG_CRYPTO_FAILURE signature-value
check "the signature kept its length" test "$(stat -c %s sig.der)" = "$len"
# A file added, that nothing signs.
echo extra >extra.txt
$TOOL add G.asice added.asice documents/extra.txt extra.txt
verify_fails added.asice TOTAL-FAILED/FORMAT_FAILURE container-references
out_has "nothing signs it"

# --- other signatures over the manifest ----------------------------------------------------------
unzip -p G.asice META-INF/ASiCManifest.xml >manifest.xml
unzip -p G.asice submission.xml >submission.xml
resign() { # SIGNER-CERT CONTENT OUT [extra openssl args]
	local cert=$1 content=$2 out=$3
	shift 3
	openssl cms -sign -binary -in "$content" -signer "$cert" -inkey "$PKI/leaf.key" \
		-certfile "$PKI/ca-chain.pem" -md sha256 -nosmimecap -outform DER -out sig.der "$@" ||
		bad "openssl cms -sign $cert"
	$TOOL replace G.asice "$out" META-INF/signature001.p7s sig.der
}
resign "$PKI/other.pem" manifest.xml other-org.asice -cades
verify_fails other-org.asice INDETERMINATE/SIG_CONSTRAINTS_FAILURE signer-identifier
out_has "CBE 0566988259"
# Signed now with a certificate that expired: the claimed signing time is outside its validity.
resign "$PKI/expired.pem" manifest.xml expired.asice -cades
verify_fails expired.asice TOTAL-FAILED/EXPIRED signing-time
resign "$PKI/good.pem" submission.xml other-content.asice -cades
verify_fails other-content.asice TOTAL-FAILED/HASH_FAILURE signature-digest
resign "$PKI/good.pem" manifest.xml no-cades.asice
verify_fails no-cades.asice INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND signature-signing-certificate
# A foreign certificate: the organisation's subject, issued by a CA nobody trusts.
openssl req -x509 -newkey rsa:2048 -nodes -keyout foreign-ca.key -subj "/CN=foreign CA" \
	-days 30 -out foreign-ca.pem 2>/dev/null
openssl req -new -key "$PKI/leaf.key" -utf8 -subj \
	"/C=BE/O=Federal Government/OU=CBE=0403019261/OU=MAISON DE REPOS SAINTE-ELISABETH/OU=eHealth-platform Belgium/CN=CBE=0403019261" \
	-out foreign.csr 2>/dev/null
openssl x509 -req -in foreign.csr -CA foreign-ca.pem -CAkey foreign-ca.key -CAcreateserial \
	-days 30 -out foreign.pem 2>/dev/null || bad "cannot make foreign.pem"
openssl cms -sign -binary -in manifest.xml -signer foreign.pem -inkey "$PKI/leaf.key" \
	-certfile foreign-ca.pem -md sha256 -nosmimecap -cades -outform DER -out sig.der
$TOOL replace G.asice foreign.asice META-INF/signature001.p7s sig.der
verify_fails foreign.asice INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND signer-chain

# --- hostile archives -------------------------------------------------------------------------------
mkdir hostile
for kind in traversal:archive-paths absolute:archive-paths backslash:archive-paths \
	symlink:archive-symlinks duplicate:archive-duplicates bomb:archive-limits \
	sizelie:archive-limits encrypted:archive-encrypted truncated:archive-format \
	stub:archive-prepended many:archive-limits; do
	$TOOL hostile "${kind%%:*}" G.asice "hostile/${kind%%:*}.asice" || bad "cannot make ${kind%%:*}"
done
snapshot hostile >before.txt
for kind in traversal:archive-paths absolute:archive-paths backslash:archive-paths \
	symlink:archive-symlinks duplicate:archive-duplicates bomb:archive-limits \
	sizelie:archive-limits encrypted:archive-encrypted truncated:archive-format \
	stub:archive-prepended many:archive-limits; do
	f=$WORK/hostile/${kind%%:*}.asice
	(cd empty && "$COT" verify "${TRUST[@]}" "$f" >"$OUT" 2>"$ERR")
	rc=$?
	check "${kind%%:*}: exit 1 (got $rc)" test "$rc" = 1
	out_has "TOTAL-FAILED/FORMAT_FAILURE"
	out_has "[${kind#*:}]"
done
check "verify wrote nothing where it ran" test -z "$(ls -A empty)"
check "nothing escaped the archives" test ! -e "$WORK/../evil.txt" -a ! -e /tmp/cot-evil-absolute.txt
snapshot hostile >after.txt
same before.txt after.txt
# The size that lies is found without reading past it; the bomb is never inflated.
run 1 "$COT" verify "${TRUST[@]}" hostile/sizelie.asice
out_has "declares 1 bytes but holds more"
run 1 "$COT" verify "${TRUST[@]}" hostile/bomb.asice
out_has "a decompression bomb?"
out_lacks "cannot be read"
# XML with a DTD and an external entity: refused before parsing, never fetched.
printf '<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<asic:ASiCManifest xmlns:asic="http://uri.etsi.org/02918/v1.2.1#">&x;</asic:ASiCManifest>\n' >dtd.xml
$TOOL replace G.asice dtd.asice META-INF/ASiCManifest.xml dtd.xml
verify_fails dtd.asice TOTAL-FAILED/FORMAT_FAILURE container-manifest
out_has "document type declaration"
out_lacks "root:"
printf '<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>\n<submission>&x;</submission>\n' >xxe.xml
$TOOL replace G.asice xxe.asice submission.xml xxe.xml
verify_fails xxe.asice TOTAL-FAILED submission-xml
out_has "document type declaration"
# A manifest that is not XML at all, and a signature that is not CMS.
echo 'not xml <' >bad.xml
$TOOL replace G.asice notxml.asice META-INF/ASiCManifest.xml bad.xml
verify_fails notxml.asice TOTAL-FAILED/FORMAT_FAILURE container-manifest
$TOOL replace G.asice notcms.asice META-INF/signature001.p7s bad.xml
verify_fails notcms.asice TOTAL-FAILED/FORMAT_FAILURE signature-format
# Private key material is found by content, in any entry (cot bundle would refuse it).
{ printf '%%PDF-1.4\n'; cat "$PKI/leaf.key"; } >with-key.pdf
$TOOL replace G.asice with-key.asice documents/vitalink-contract.pdf with-key.pdf
verify_fails with-key.asice TOTAL-FAILED private-keys
out_has "PEM private key"
finish
