#!/usr/bin/env bash
# cot verify as EN 319 102-1 asks: the proof of existence (POE) is the validation time unless a
# time-stamp proves more, so a bundle made in the past with a certificate that has expired since
# is INDETERMINATE now and passes with --at; a claimed signing time in the future or outside the
# certificate fails; every signature of a container counts; cot's algorithm and key policy
# (SHA-1, short keys, key usage, two CNs) gives the sub-indication the standard names.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
PY=/usr/bin/python3
TOOL="$PY $SRCDIR/tests/cli/asice-tool.py"
PKI=$WORK/pki
PW=Test_001
if ! bash "$SRCDIR/tests/pki/mkpki.sh" "$PKI" >/dev/null 2>&1; then
	bad "tests/pki/mkpki.sh failed"
	finish
	exit 1
fi
export KS_PASSWORD=$PW
TRUST=(--trust "$PKI/root.pem")
pdf() { printf '%%PDF-1.4\n%% %s\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' "$2" >"$1"; }
# keystore CERT KEY OUT: a PKCS#12 keystore of CERT with its chain, as eHealth hands them out.
keystore() {
	openssl pkcs12 -export -inkey "$2" -in "$1" -certfile "$PKI/ca-chain.pem" \
		-name authentication -passout "pass:$PW" -out "$3" 2>/dev/null || bad "cannot make $3"
}
# project DIR WHEN: a vitalink project whose only trust anchor is the test root, made at WHEN.
project() {
	COT_NOW=$2 "$COT" init "$1" --name "Maison Sainte-Elisabeth" --kbo 0403019261 \
		--route vitalink >/dev/null || bad "cannot init $1"
	sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
		-e "s|^  environment: \"production\"\$|&\n  trust:\n    - \"$PKI/root.pem\"|" "$1/cot.yaml"
	pdf "$1/documents/belrai-contract.pdf" "BelRAI contract"
	pdf "$1/documents/vitalink-contract.pdf" "Vitalink contract"
}
# verdict CODE FILE INDICATION CHECK [cot verify options]: exit CODE, the verdict, the check.
verdict() {
	local code=$1 file=$2 ind=$3 id=$4
	shift 4
	run "$code" "$COT" verify "${TRUST[@]}" "$@" "$file"
	out_has "$file: $ind"
	[ -z "$id" ] || out_has "[$id]"
}

# --- the proof of existence ------------------------------------------------------------------
# The expired certificate was valid from 1115 days ago until 20 days ago: a bundle made 30
# days ago was signed while it was valid, but nothing proves the signature existed then.
past=$(date -u -d '-30 days' +%Y-%m-%dT12:00:00Z)
keystore "$PKI/expired.pem" "$PKI/leaf.key" expired.p12
project old "$past"
COT_NOW=$past "$COT" -C old bundle --keystore "$WORK/expired.p12" --password-env KS_PASSWORD \
	-o "$WORK/old.asice" >/dev/null 2>&1 || bad "cannot bundle in the past"
verdict 1 old.asice INDETERMINATE/OUT_OF_BOUNDS_NO_POE signer-chain
run 1 "$COT" -v verify "${TRUST[@]}" old.asice
out_has "nothing proves the signature existed while it was"
out_has "the validation time"
# Re-examined as of the day it was made, it passes, and the report says how it was judged.
verdict 0 old.asice TOTAL-PASSED "" --at "$past"
run 0 "$COT" -v verify "${TRUST[@]}" --at "$past" old.asice
out_has "the time given with --at"
run 2 "$COT" verify "${TRUST[@]}" --at yesterday old.asice
err_has "--at takes a date"

# A signing time in the future: made with the clock set ahead, checked now.
keystore "$PKI/good.pem" "$PKI/leaf.key" good.p12
project now "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
future=$(date -u -d '+3 days' +%Y-%m-%dT12:00:00Z)
COT_NOW=$future "$COT" -C now bundle --keystore "$WORK/good.p12" --password-env KS_PASSWORD \
	-o "$WORK/future.asice" >/dev/null 2>&1 || bad "cannot bundle in the future"
verdict 1 future.asice TOTAL-FAILED/FORMAT_FAILURE signing-time
out_has "a false claim"
"$COT" -C now bundle --keystore "$WORK/good.p12" --password-env KS_PASSWORD \
	-o "$WORK/G.asice" >/dev/null 2>&1 || bad "cannot bundle now"
verdict 0 G.asice TOTAL-PASSED ""

# Signed now by a certificate not valid yet: the claimed time is before its validity.
unzip -p G.asice META-INF/ASiCManifest.xml >manifest.xml
resign() { # CERT KEY OUT [openssl cms options]
	local cert=$1 key=$2 out=$3
	shift 3
	openssl cms -sign -binary -in manifest.xml -signer "$cert" -inkey "$key" \
		-certfile "$PKI/ca-chain.pem" -nosmimecap -cades -outform DER -out sig.der "$@" ||
		bad "openssl cms -sign $cert $*"
	$TOOL replace G.asice "$out" META-INF/signature001.p7s sig.der
}
resign "$PKI/notyet.pem" "$PKI/leaf.key" notyet.asice -md sha256
verdict 1 notyet.asice TOTAL-FAILED/NOT_YET_VALID signing-time

# --- the policy on algorithms and keys ----------------------------------------------------------
resign "$PKI/good.pem" "$PKI/leaf.key" sha1.asice -md sha1
verdict 1 sha1.asice INDETERMINATE/CRYPTO_CONSTRAINTS_FAILURE_NO_POE signature-format
out_has "SHA1"
resign "$PKI/weak.pem" "$PKI/weak.key" weak.asice -md sha256
verdict 1 weak.asice INDETERMINATE/CRYPTO_CONSTRAINTS_FAILURE_NO_POE signature-policy
out_has "RSA key of 1024 bits"
resign "$PKI/sha1.pem" "$PKI/leaf.key" sha1cert.asice -md sha256
verdict 1 sha1cert.asice INDETERMINATE/CRYPTO_CONSTRAINTS_FAILURE_NO_POE signature-policy
out_has "sha1WithRSAEncryption"
resign "$PKI/noku.pem" "$PKI/leaf.key" noku.asice -md sha256
verdict 1 noku.asice INDETERMINATE/SIG_CONSTRAINTS_FAILURE signature-policy
out_has "lacks digitalSignature and nonRepudiation"
# Two CNs, issued by the test CA: the identifier cannot be told, the policy refuses it.
openssl req -new -key "$PKI/leaf.key" -utf8 -subj \
	"/C=BE/OU=CBE=0403019261/OU=MAISON SAINTE-ELISABETH/OU=eHealth-platform Belgium/CN=CBE=0403019261/CN=CBE=0566988259" \
	-multivalue-rdn -out twocn.csr 2>/dev/null || bad "cannot make twocn.csr"
printf 'keyUsage = critical, digitalSignature, nonRepudiation\n' >twocn.ext
openssl x509 -req -in twocn.csr -CA "$PKI/issuing.pem" -CAkey "$PKI/issuing.key" \
	-CAcreateserial -days 30 -extfile twocn.ext -out twocn.pem 2>/dev/null ||
	bad "cannot make twocn.pem"
resign twocn.pem "$PKI/leaf.key" twocn.asice -md sha256
verdict 1 twocn.asice INDETERMINATE/SIG_CONSTRAINTS_FAILURE signature-policy
out_has "2 CNs"

# --- the signed files ------------------------------------------------------------------------------
$PY - G.asice missing.asice <<'EOF' || bad "cannot drop an entry"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as src, zipfile.ZipFile(sys.argv[2], "w") as dst:
    for i in src.infolist():
        if i.filename != "documents/vitalink-contract.pdf":
            dst.writestr(i, src.read(i.filename))
EOF
verdict 1 missing.asice INDETERMINATE/SIGNED_DATA_NOT_FOUND container-references

# --- every signature ---------------------------------------------------------------------------------
# A second manifest and signature over the same files, as EN 319 162-1 allows.
sed 's|META-INF/signature001.p7s|META-INF/signature002.p7s|' manifest.xml >manifest2.xml
openssl cms -sign -binary -in manifest2.xml -signer "$PKI/good.pem" -inkey "$PKI/leaf.key" \
	-certfile "$PKI/ca-chain.pem" -md sha256 -nosmimecap -cades -outform DER -out sig2.der ||
	bad "cannot sign the second manifest"
$TOOL add G.asice two1.asice META-INF/ASiCManifest002.xml manifest2.xml
$TOOL add two1.asice two.asice META-INF/signature002.p7s sig2.der
verdict 0 two.asice TOTAL-PASSED ""
run 0 "$COT" --format json verify "${TRUST[@]}" two.asice
check "json: two signatures, each passed" $PY -c 'import json,sys; d=json.load(open(sys.argv[1]))
s = d["bundles"][0]["signatures"]
assert [x["signature"] for x in s] == ["META-INF/signature001.p7s", "META-INF/signature002.p7s"], s
assert all(x["indication"] == "TOTAL-PASSED" and x["level"] == "B-B" for x in s), s' "$OUT"
# The second signature broken: the container fails, whatever the first says.
$PY -c 'import sys; b=bytearray(open(sys.argv[1],"rb").read()); b[-10]^=0xff; open(sys.argv[1],"wb").write(b)' sig2.der
$TOOL add two1.asice twobad.asice META-INF/signature002.p7s sig2.der
verdict 1 twobad.asice TOTAL-FAILED/SIG_CRYPTO_FAILURE signature-value
out_has "META-INF/signature002.p7s: "
run 1 "$COT" --format json verify "${TRUST[@]}" twobad.asice
check "json: the first passed, the second failed" $PY -c 'import json,sys; d=json.load(open(sys.argv[1]))
s = d["bundles"][0]["signatures"]
assert [x["indication"] for x in s] == ["TOTAL-PASSED", "TOTAL-FAILED"], s
assert s[1]["subindication"] == "SIG_CRYPTO_FAILURE" and s[1]["check"] == "signature-value", s' "$OUT"
# A second manifest whose signature is missing: not a quiet pass.
$TOOL add G.asice nosig2.asice META-INF/ASiCManifest002.xml manifest2.xml
verdict 1 nosig2.asice INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND signature-present
# An XAdES signature beside cot's: named for what it is, not validated, not passed.
printf '<?xml version="1.0"?>\n<asic:XAdESSignatures xmlns:asic="http://uri.etsi.org/02918/v1.2.1#"/>\n' >xades.xml
$TOOL add G.asice xades.asice META-INF/signatures001.xml xades.xml
verdict 1 xades.asice INDETERMINATE/SIG_CONSTRAINTS_FAILURE signature-format
out_has "XAdES"

# -j 8, ten times: libxml2's globals are set up before the threads start (LeakSanitizer saw
# their lazy set-up race in 2 or 3 runs of 10 before).
for i in $(seq 1 16); do cp G.asice "j$i.asice"; done
for k in $(seq 1 10); do
	run 0 "$COT" verify "${TRUST[@]}" -j 8 j*.asice
	err_lacks "LeakSanitizer"
done
finish
