#!/usr/bin/env bash
# cot countersign (the FOD) and cot done contract-returned (the organisation): a second manifest
# and CAdES signature over a bundle that passes, the original entries copied untouched, nothing
# written for a bundle that does not pass; the returned container recorded only when it
# countersigns this organisation's submitted bundle, by a signer of cot.yaml's authority trust.
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
pdf() { printf '%%PDF-1.4\n%% %s\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' "$2" >"$1"; }
keystore() { # CERT KEY OUT [CHAIN]
	openssl pkcs12 -export -inkey "$2" -in "$1" -certfile "${4:-$PKI/ca-chain.pem}" \
		-name authentication -passout "pass:$PW" -out "$3" 2>/dev/null || bad "cannot make $3"
}
# The FOD's own CA, apart from the organisations' test PKI.
mkdir fod
openssl req -x509 -newkey rsa:2048 -nodes -keyout fod/root.key -subj "/C=BE/O=FOD Test/CN=FOD Test Root" \
	-days 30 -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
	-out fod/root.pem 2>/dev/null || bad "cannot make the FOD root"
openssl req -new -newkey rsa:2048 -nodes -keyout fod/leaf.key -out fod/leaf.csr \
	-subj "/C=BE/O=FOD Volksgezondheid/CN=BelRAI Circle of Trust" 2>/dev/null || bad "cannot make the FOD csr"
printf 'keyUsage = critical, digitalSignature, nonRepudiation\n' >fod/leaf.ext
openssl x509 -req -in fod/leaf.csr -CA fod/root.pem -CAkey fod/root.key -CAcreateserial -days 30 \
	-extfile fod/leaf.ext -out fod/leaf.pem 2>/dev/null || bad "cannot make the FOD certificate"
keystore fod/leaf.pem fod/leaf.key fod.p12 fod/root.pem
keystore "$PKI/good.pem" "$PKI/leaf.key" good.p12
keystore "$PKI/other.pem" "$PKI/leaf.key" other.p12
# project DIR KBO NAME: a vitalink project trusting the test root, and the FOD's root as authority.
project() {
	"$COT" init "$1" --name "$3" --kbo "$2" --route vitalink >/dev/null || bad "cannot init $1"
	sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
		-e "s|^  environment: \"production\"\$|&\n  trust:\n    - \"$PKI/root.pem\"|" "$1/cot.yaml"
	printf '\nauthority:\n  trust:\n    - "%s"\n' "$WORK/fod/root.pem" >>"$1/cot.yaml"
	pdf "$1/documents/belrai-contract.pdf" "BelRAI contract"
	pdf "$1/documents/vitalink-contract.pdf" "Vitalink contract"
}
project org 0403019261 "Maison Sainte-Elisabeth"
project other 0566988259 "Andere Organisatie VZW"
"$COT" -C org bundle --keystore "$WORK/good.p12" --password-env KS_PASSWORD \
	-o "$WORK/org/out/b.asice" >/dev/null || bad "cannot bundle"
"$COT" -C org bundle --keystore "$WORK/good.p12" --password-env KS_PASSWORD --date "$(date -u -d "-1 day" +%Y-%m-%d)" \
	-o "$WORK/org/out/earlier.asice" >/dev/null || bad "cannot bundle the earlier one"
"$COT" -C other bundle --keystore "$WORK/other.p12" --password-env KS_PASSWORD \
	-o "$WORK/other/out/b.asice" >/dev/null || bad "cannot bundle the other organisation's"
CS=(countersign --keystore "$WORK/fod.p12" --password-env KS_PASSWORD --trust "$PKI/root.pem")

# --- the FOD countersigns ------------------------------------------------------------------------
run 0 "$COT" "${CS[@]}" org/out/b.asice
out_has "Countersigned org/out/b.asice: TOTAL-PASSED"
out_has "META-INF/ASiCManifest002.xml covers 5 entries"
check "the default name" test -f org/out/b-countersigned.asice
R=org/out/b-countersigned.asice
out_has "SHA-256 $(sha256sum <"$R" | cut -c1-64)"
run 0 "$COT" -v verify --trust "$PKI/root.pem" --trust fod/root.pem "$R"
out_has "$R: TOTAL-PASSED"
out_has ", a countersignature"
run 0 "$COT" --format json verify --trust "$PKI/root.pem" --trust fod/root.pem "$R"
check "json: two signatures, the second the FOD's countersignature" $PY -c 'import json,sys
s = json.load(open(sys.argv[1]))["bundles"][0]["signatures"]
assert [x["signature"] for x in s] == ["META-INF/signature001.p7s", "META-INF/signature002.p7s"], s
assert [x["countersignature"] for x in s] == [False, True], s
assert all(x["indication"] == "TOTAL-PASSED" for x in s), s
assert "BelRAI Circle of Trust" in s[1]["signer"], s' "$OUT"
# Without the FOD's anchor the countersignature has no chain: not a pass.
run 1 "$COT" verify --trust "$PKI/root.pem" "$R"
# openssl checks the FOD's signature over its manifest on its own.
unzip -p "$R" META-INF/ASiCManifest002.xml >m2.xml
unzip -p "$R" META-INF/signature002.p7s >s2.der
run 0 openssl cms -verify -binary -inform DER -in s2.der -content m2.xml -CAfile fod/root.pem \
	-purpose any -out /dev/null
check "the manifest covers the organisation's manifest, signature and files" $PY -c 'import sys
import xml.etree.ElementTree as ET
A = "{http://uri.etsi.org/02918/v1.2.1#}"
r = ET.parse(sys.argv[1]).getroot()
assert r.find(A + "SigReference").get("URI") == "META-INF/signature002.p7s"
uris = [d.get("URI") for d in r.findall(A + "DataObjectReference")]
assert "META-INF/ASiCManifest.xml" in uris and "META-INF/signature001.p7s" in uris, uris
assert "documents/belrai-contract.pdf" in uris and "submission.xml" in uris, uris' m2.xml
check "every original entry copied as it was (bytes, method, time, attributes)" $PY - org/out/b.asice "$R" <<'PYEOF'
import struct, sys, zipfile
def raw(path):
    out = []
    with open(path, "rb") as f, zipfile.ZipFile(path) as z:
        for i in z.infolist():
            f.seek(i.header_offset)
            h = f.read(30)
            n, e = struct.unpack("<HH", h[26:30])
            f.seek(i.header_offset + 30 + n + e)
            out.append((i.filename, i.compress_type, i.CRC, i.date_time, i.external_attr,
                        i.extra, f.read(i.compress_size)))
    return out
a, b = raw(sys.argv[1]), raw(sys.argv[2])
for x, y in zip(a, b):
    assert x == y, (x[:6], y[:6], x[6] == y[6])
assert [x[0] for x in b[len(a):]] == ["META-INF/ASiCManifest002.xml", "META-INF/signature002.p7s"]
PYEOF
check "mimetype still first" test "$($TOOL first "$R" | cut -d' ' -f1)" = mimetype
# No private key in what was written.
run 0 $TOOL nokey org/out fod/leaf.key fod.p12

# A second countersignature takes the next free number.
run 0 "$COT" "${CS[@]}" --trust fod/root.pem "$R" -o twice.asice
out_has "META-INF/ASiCManifest003.xml"

# With --tsa: a signature time-stamp from a TSA on 127.0.0.1, so the countersignature is B-T.
. "$SRCDIR/tests/cli/tsa-pki.sh"
if tsa_make "$WORK/tsa"; then
	. "$SRCDIR/tests/cli/servers.sh"
	for attempt in 1 2 3 4 5; do
		PORT=$(random_port) || break
		$PY "$SRCDIR/tests/cli/tsa-server.py" "$PORT" "$WORK/tsa" 2>"$WORK/tsa-server.err" &
		tsa_pid=$!
		keep_if_listening "$PORT" "$tsa_pid" && break
		PORT=
	done
	run 0 "$COT" "${CS[@]}" --tsa "http://127.0.0.1:$PORT/" org/out/b.asice -o bt.asice
	out_has "(B-T)"
	run 0 "$COT" --format json verify --trust "$PKI/root.pem" --trust fod/root.pem \
		--tsa-trust "$WORK/tsa/ca.pem" bt.asice
	check "json: the countersignature is B-T" $PY -c 'import json,sys
s = json.load(open(sys.argv[1]))["bundles"][0]["signatures"]
assert s[1]["countersignature"] and s[1]["level"] == "B-T", s' "$OUT"
	run 3 "$COT" "${CS[@]}" --tsa "http://127.0.0.1:1/" org/out/b.asice -o bt2.asice
	check "nothing written when the TSA cannot be reached" test ! -e bt2.asice
	kill "$tsa_pid"
	wait "$tsa_pid" 2>/dev/null
else
	bad "cannot make the TSA's PKI"
fi

# --- refusals: nothing written -------------------------------------------------------------------
snap() { ls -A "$1" | sort; }
before=$(snap org/out)
run 1 "$COT" countersign --keystore "$WORK/fod.p12" --password-env KS_PASSWORD org/out/b.asice -o org/out/x.asice
err_has "'org/out/b.asice' is INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND"
unzip -p org/out/b.asice submission.xml | sed 's/Sainte/Sinte/' >sub.xml
$TOOL replace org/out/b.asice org/out/tampered.asice submission.xml sub.xml
before=$(snap org/out)
run 1 "$COT" "${CS[@]}" org/out/tampered.asice -o org/out/x.asice
err_has "is TOTAL-FAILED/HASH_FAILURE"
check "no file written for a bundle that fails" test "$before" = "$(snap org/out)"
printf 'not-the-password\n' >wrong.txt
chmod 600 wrong.txt
run 2 "$COT" countersign --keystore "$WORK/fod.p12" --password-file wrong.txt --trust "$PKI/root.pem" \
	org/out/b.asice -o org/out/x.asice
err_has "wrong password"
# a missing directory is a usage error naming the path given (exit 2), as for every -o
run 2 "$COT" "${CS[@]}" org/out/b.asice -o "$WORK/missing/dir/x.asice"
err_has "cannot write"
check "no directory made" test ! -e missing
check "nothing left behind" test "$before" = "$(snap org/out)"
run 2 "$COT" "${CS[@]}" org/out/b.asice -o org/out/b.asice
err_has "is the bundle itself"
run 2 "$COT" countersign org/out/b.asice
err_has "--keystore"

# --- the organisation records the returned container -------------------------------------------
for s in cert-requested cert-received vitalink-requested vitalink-contract-received contract-signed; do
	"$COT" -C org done "$s" >/dev/null || bad "done $s"
done
"$COT" -C org done submitted --file out/b.asice >/dev/null || bad "done submitted"
cp "$R" org/documents/returned.asice
run 0 "$COT" -C org done fod-validated --file documents/returned.asice
"$COT" -C org done whitelisted >/dev/null || bad "done whitelisted"
# refused: the organisation's own certificate countersigning (not an authority anchor)
"$COT" countersign --keystore "$WORK/good.p12" --password-env KS_PASSWORD --trust "$PKI/root.pem" \
	org/out/b.asice -o org/documents/self.asice >/dev/null || bad "cannot countersign with good.p12"
run 1 "$COT" -C org done contract-returned --file documents/self.asice
err_has "does not chain to the authority's trust anchors"
# refused: the countersignature of an earlier bundle, and of another organisation's
"$COT" "${CS[@]}" org/out/earlier.asice -o org/documents/earlier.asice >/dev/null ||
	bad "cannot countersign the earlier bundle"
run 1 "$COT" -C org done contract-returned --file documents/earlier.asice
err_has "countersigns another bundle"
"$COT" "${CS[@]}" other/out/b.asice -o org/documents/other.asice >/dev/null ||
	bad "cannot countersign the other organisation's bundle"
run 1 "$COT" -C org done contract-returned --file documents/other.asice
err_has "countersigns another bundle"
# refused: a tampered countersignature
$PY -c 'import sys; b=bytearray(open(sys.argv[1],"rb").read()); b[-10]^=0xff; open(sys.argv[2],"wb").write(b)' s2.der s2bad.der
$TOOL replace "$R" org/documents/tampered.asice META-INF/signature002.p7s s2bad.der
run 1 "$COT" -C org done contract-returned --file documents/tampered.asice
err_has "TOTAL-FAILED"
# refused: the organisation's bundle alone (no countersignature)
cp org/out/b.asice org/documents/plain.asice
run 1 "$COT" -C org done contract-returned --file documents/plain.asice
err_has "holds no countersignature"
run 0 "$COT" -C org log --format json
check "nothing recorded by a refusal" $PY -c 'import json,sys
d = json.load(open(sys.argv[1]))
recs = d["records"] if isinstance(d, dict) else d
assert not any((r.get("data") or {}).get("step") == "contract-returned" for r in recs), recs' "$OUT"
# accepted: the FOD's countersignature of the submitted bundle
run 0 "$COT" -C org done contract-returned --file documents/returned.asice
run 0 "$COT" -C org log --format json
check "recorded with the FOD's subject and the container's SHA-256" $PY -c 'import json,sys
d = json.load(open(sys.argv[1]))
recs = d["records"] if isinstance(d, dict) else d
r = [x["data"] for x in recs if (x.get("data") or {}).get("step") == "contract-returned"]
assert len(r) == 1, recs
assert "BelRAI Circle of Trust" in r[0]["signer"], r
assert r[0]["sha256"] == sys.argv[2] and r[0]["countersigns"] == "out/b.asice", r
v = [x["data"] for x in recs if (x.get("data") or {}).get("step") == "fod-validated"]
assert "BelRAI Circle of Trust" in v[0]["signer"], v' "$OUT" "$(sha256sum <"$R" | cut -c1-64)"
# A project without authority anchors cannot tell the FOD's signature.
sed -i '/^authority:/,$d' other/cot.yaml
for s in cert-requested cert-received vitalink-requested vitalink-contract-received contract-signed; do
	"$COT" -C other done "$s" >/dev/null || bad "other: done $s"
done
"$COT" -C other done submitted --file out/b.asice >/dev/null || bad "other: done submitted"
cp org/documents/other.asice other/documents/returned.asice
run 2 "$COT" -C other done fod-validated --file documents/returned.asice
err_has "names no authority trust anchors"
finish
