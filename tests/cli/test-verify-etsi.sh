#!/usr/bin/env bash
# cot verify --format etsi: an ETSI TS 119 102-2 v1.4.1 report that the standard's XSD accepts
# (xmllint, offline, through the catalog of the reference folder) for a passing, a failing, an
# unsigned, a two-signature bundle and one whose name holds a control and a bidi override; the
# indications, sub-indications, identifiers and references in it are the verdicts cot gives.
. "$(dirname "$0")/lib.sh" "$@"
# The ETSI schemas are not cot's to ship: meson sets COT_REFERENCE (option reference); without
# them the test is skipped (77), and CI, which has them, fails on any skip (.ci/run).
REF=${COT_REFERENCE:-$SRCDIR/../shared/reference}
XSD=$REF/etsi/TS119102-2-v141.xsd
CATALOG=$REF/etsi/catalog.xml
if [ ! -r "$XSD" ] || [ ! -r "$CATALOG" ]; then
	echo "SKIP: missing $XSD or $CATALOG: give the folder that holds etsi/ with meson configure BUILD -Dreference=DIR (default ../shared/reference beside the source)"
	exit 77
fi
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
openssl pkcs12 -export -inkey "$PKI/leaf.key" -in "$PKI/good.pem" -certfile "$PKI/ca-chain.pem" \
	-name authentication -passout "pass:$PW" -out good.p12 2>/dev/null || bad "cannot make good.p12"
"$COT" init p --name "Maison Sainte-Elisabeth" --kbo 0403019261 --route vitalink >/dev/null ||
	bad "cannot init p"
sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
	-e "s|^  environment: \"production\"\$|&\n  trust:\n    - \"$PKI/root.pem\"|" p/cot.yaml
pdf p/documents/belrai-contract.pdf "BelRAI contract"
pdf p/documents/vitalink-contract.pdf "Vitalink contract"
"$COT" -C p bundle --keystore "$WORK/good.p12" --password-env KS_PASSWORD -o "$WORK/G.asice" \
	>/dev/null 2>&1 || bad "cannot bundle G"
"$COT" -C p bundle --unsigned -o "$WORK/U-unsigned.asice" >/dev/null 2>&1 || bad "cannot bundle U"

# F: the signature value with one byte flipped.
unzip -p G.asice META-INF/signature001.p7s >sig.der
$PY -c 'import sys; b=bytearray(open(sys.argv[1],"rb").read()); b[-10]^=0xff; open(sys.argv[2],"wb").write(b)' \
	sig.der flipped.der
$TOOL replace G.asice F.asice META-INF/signature001.p7s flipped.der
# T: a second manifest and signature over the same files.
unzip -p G.asice META-INF/ASiCManifest.xml >manifest.xml
sed 's|META-INF/signature001.p7s|META-INF/signature002.p7s|' manifest.xml >manifest2.xml
openssl cms -sign -binary -in manifest2.xml -signer "$PKI/good.pem" -inkey "$PKI/leaf.key" \
	-certfile "$PKI/ca-chain.pem" -md sha256 -nosmimecap -cades -outform DER -out sig2.der ||
	bad "cannot sign the second manifest"
$TOOL add G.asice T1.asice META-INF/ASiCManifest002.xml manifest2.xml
$TOOL add T1.asice T.asice META-INF/signature002.p7s sig2.der
# H: a name with U+0001 and U+202E (right-to-left override) in it.
H=$'H\x01-\xe2\x80\xaegpj.asice'
cp G.asice "$H"

# validate FILE: the ETSI XSD accepts it, offline, its imports resolved by the catalog.
validate() {
	if XML_CATALOG_FILES=$CATALOG xmllint --nonet --noout --schema "$XSD" "$1" 2>xmllint.err; then
		ok
	else
		bad "$1 is not valid against $(basename "$XSD")"
		sed 's/^/  xmllint| /' xmllint.err | head -10
	fi
}

run 0 "$COT" verify "${TRUST[@]}" --format etsi G.asice
validate "$OUT"
cp "$OUT" G.xml
run 1 "$COT" --format etsi verify "${TRUST[@]}" -o all.xml G.asice F.asice U-unsigned.asice T.asice "$H"
err_has "wrote all.xml"
validate all.xml
run 1 "$COT" verify "${TRUST[@]}" --format etsi F.asice
validate "$OUT"
run 0 "$COT" verify "${TRUST[@]}" --format etsi T.asice
validate "$OUT"
run 1 "$COT" verify "${TRUST[@]}" --format etsi U-unsigned.asice
validate "$OUT"

# What the reports say, read with python3's xml.etree.
check "etsi: the verdicts, sub-indications, checks, identifiers and references" \
	$PY - all.xml G.xml "$H" <<'EOF'
import hashlib, sys, zipfile, base64
import xml.etree.ElementTree as ET
NS = {"v": "http://uri.etsi.org/19102/v1.4.1#", "ds": "http://www.w3.org/2000/09/xmldsig#",
      "cot": "urn:cot:verify:1"}
U = "urn:etsi:019102:"
raw = open(sys.argv[1], "rb").read()
# The control and the override never reach the XML raw; they are shown escaped.
assert b"\x01" not in raw and b"\xe2\x80\xae" not in raw, "raw control or bidi in the XML"
root = ET.fromstring(raw)
reps = root.findall("v:SignatureValidationReport", NS)
def t(e, p):
    x = e.find(p, NS)
    return None if x is None else x.text
def subs(r):
    return [s.text for s in r.findall("v:SignatureValidationStatus/v:SubIndication", NS)]
def checks(r):
    return [s.text for s in r.findall(".//v:ReportData/v:Value", NS)]
def container(r):
    return t(r, "v:SignatureIdentifier/v:OtherInformation/cot:Container")
got = [(container(r), t(r, "v:SignatureValidationStatus/v:MainIndication"), subs(r), checks(r))
       for r in reps]
want = [("G.asice", U + "mainindication:total-passed", [], []),
        ("F.asice", U + "mainindication:total-failed", [U + "subindication:SIG_CRYPTO_FAILURE"],
         ["signature-value"]),
        ("U-unsigned.asice", U + "mainindication:indeterminate",
         [U + "subindication:NO_SIGNING_CERTIFICATE_FOUND"], ["signature-present"]),
        ("T.asice", U + "mainindication:total-passed", [], []),
        ("T.asice", U + "mainindication:total-passed", [], [])]
assert got[:5] == want, got
assert len(got) == 6, len(got)
h = got[5]
assert h[1] == U + "mainindication:total-passed", h
assert "\x01" not in h[0] and "\u202e" not in h[0] and h[0].startswith("H") and "gpj.asice" in h[0], h
# Every id a VOReference names is a ValidationObject; ids are unique.
objs = {o.get("id"): o for o in root.findall("v:SignatureValidationObjects/v:ValidationObject", NS)}
for e in root.iter():
    for ref in (e.get("VOReference") or "").split():
        assert ref in objs, ref
ids = [r.find("v:SignatureIdentifier", NS).get("id") for r in reps]
assert len(set(ids)) == len(ids), ids
# G: the signature named by the SHA-256 of its .p7s; B-B, so the Basic process; the POE is
# the validation time; the signer's certificate, base64 in its object, is the one in the .p7s.
g = reps[0]
with zipfile.ZipFile("G.asice") as z:
    p7s = z.read("META-INF/signature001.p7s")
    manifest = z.read("META-INF/ASiCManifest.xml")
    names = sorted(n for n in z.namelist() if not n.startswith("META-INF/") and n != "mimetype")
d = base64.b64decode(t(g, "v:SignatureIdentifier/v:DigestAlgAndValue/ds:DigestValue"))
assert d == hashlib.sha256(p7s).digest(), "SignatureIdentifier digest"
assert t(g, "v:SignatureIdentifier/v:HashOnly") == "false"
assert t(g, "v:SignatureIdentifier/v:OtherInformation/cot:Signature") == "META-INF/signature001.p7s"
assert t(g, "v:SignatureValidationProcess/v:SignatureValidationProcessID") == \
    U + "validationprocess:Basic"
vt = t(g, "v:ValidationTimeInfo/v:ValidationTime")
assert vt and t(g, "v:ValidationTimeInfo/v:BestSignatureTime/v:POETime") == vt
assert t(g, "v:ValidationTimeInfo/v:BestSignatureTime/v:TypeOfProof") == U + "poetype:validation"
assert g.find("v:ValidationTimeInfo/v:BestSignatureTime/v:POEObject", NS) is None
assert g.find("v:SignatureAttributes/v:SigningTime/v:Time", NS) is not None
si = g.find("v:SignerInformation", NS)
assert si.get("Pseudonym") == "false" and "0403019261" in t(si, "v:Signer"), t(si, "v:Signer")
cert = objs[si.find("v:SignerCertificate", NS).get("VOReference")]
assert t(cert, "v:ObjectType") == U + "validationObject:certificate"
der = base64.b64decode(t(cert, "v:ValidationObjectRepresentation/v:base64"))
assert der in p7s, "the certificate object is not the signer's certificate"
# The signer's document is the manifest; its data objects are the files it references.
d = base64.b64decode(t(g, "v:SignersDocument/v:DigestAlgAndValue/ds:DigestValue"))
assert d == hashlib.sha256(manifest).digest(), "SignersDocument digest"
refs = g.find("v:SignersDocument/v:SignersDocumentRepresentation", NS).get("VOReference").split()
uris = sorted(t(objs[r], "v:ValidationObjectRepresentation/v:URI") for r in refs)
assert uris == names, (uris, names)
for r in refs:
    assert t(objs[r], "v:ObjectType") == U + "validationObject:signedData"
# The container's own verdict rides along.
v = g.find("v:OtherInformation/cot:ContainerVerdict", NS)
assert v.get("indication") == "TOTAL-PASSED" and v.get("path") == "G.asice", v.attrib
# U: no signature, so no signer and no process; T: two signatures, each its own.
u = reps[2]
assert u.find("v:SignerInformation", NS) is None and u.find("v:SignatureValidationProcess", NS) is None
assert [t(r, "v:SignatureIdentifier/v:OtherInformation/cot:Signature") for r in reps[3:5]] == \
    ["META-INF/signature001.p7s", "META-INF/signature002.p7s"]
# A report of one bundle is the same report as in the one of all.
one = ET.parse(sys.argv[2]).getroot().findall("v:SignatureValidationReport", NS)
assert len(one) == 1 and t(one[0], "v:SignatureValidationStatus/v:MainIndication") == got[0][1]
EOF

# The format belongs to cot verify only.
: >a.yaml
run 2 "$COT" --format etsi lint a.yaml
err_has "does not write etsi"
run 0 "$COT" verify --help
out_has "etsi"
finish
