#!/usr/bin/env bash
# cot bundle at B-LT and cot verify --offline of it: the revocation PKI, OCSP responders and CRLs of
# tests/unit/with-revoc.sh, and a real TSA (openssl ts -reply behind tsa-server.py) on 127.0.0.1.
. "$(dirname "$0")/lib.sh" "$@"
. "$SRCDIR/tests/cli/servers.sh"
. "$SRCDIR/tests/cli/tsa-pki.sh"
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
trap 'servers_stop; rm -rf "$WORK"' EXIT
cd "$WORK"
D=${COT_TEST_REVOC_DIR:?run through tests/unit/with-revoc.sh}
PY=/usr/bin/python3
export XDG_CACHE_HOME=$WORK/cache KS_PASSWORD=Test_001
TSA=$WORK/tsa
tsa_make "$TSA" || { bad "cannot make the TSA PKI"; finish; exit 1; }
for attempt in 1 2 3 4 5; do
	PORT=$(random_port) || break
	"$PY" "$SRCDIR/tests/cli/tsa-server.py" "$PORT" "$TSA" 2>"$WORK/tsa-server.err" &
	keep_if_listening "$PORT" $! && break
	PORT=
done
[ -n "$PORT" ] || { bad "tsa-server.py did not start"; finish; exit 1; }
pdf() { printf '%%PDF-1.4\n%% %s\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' "$2" >"$1"; }

"$COT" init org --name "BLT test" --kbo 0809394427 --route vitalink >/dev/null || bad "cannot init"
sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
	-e "s|^  environment: \"production\"\$|&\n  trust:\n    - \"$D/root.pem\"|" org/cot.yaml
pdf org/documents/belrai-contract.pdf "BelRAI contract"
pdf org/documents/vitalink-contract.pdf "Vitalink contract"
bundles() { grep -c '"bundle-built"' org/.cot/journal; }
last_level() { tail -1 org/.cot/journal | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["data"].get("level"))'; }
# keystore NAME ISSUER: NAME.p12, NAME's key and certificate with ISSUER and the root.
keystore() {
	cat "$D/$2.pem" "$D/root.pem" >chain.pem
	openssl pkcs12 -export -inkey "$D/$1.key" -in "$D/$1.pem" -certfile chain.pem \
		-name authentication -passout "pass:$KS_PASSWORD" -out "$1.p12" 2>/dev/null ||
		bad "cannot make $1.p12"
}
# bundle CODE NAME [ARGS]: NAME.asice signed with NAME.p12, timestamped unless ARGS say otherwise.
bundle() {
	local code=$1 name=$2
	shift 2
	run "$code" "$COT" -C org bundle --keystore "$WORK/$name.p12" --password-env KS_PASSWORD \
		-o "$WORK/$name.asice" "$@"
}
V=(verify --trust "$D/root.pem" --tsa-trust "$TSA/ca.pem")
# level FILE: the level JSON gives the bundle's first signature.
level() {
	"$COT" --format json "${V[@]}" --offline "$1" 2>/dev/null | "$PY" -c 'import json,sys
print(json.load(sys.stdin)["bundles"][0]["signatures"][0]["level"])'
}
# sig FILE OUT: the bundle's signature, extracted.
sig() { unzip -p "$1" META-INF/signature001.p7s >"$2"; }
for k in leaf:int revoked:int leaf2:int2 cached:int crlonly:int noinfo:int down:int; do
	keystore "${k%:*}" "${k#*:}"
done

# --- no TSA: B-B, nothing fetched ----------------------------------------------------------------
bundle 0 leaf
check "no TSA: the journal says B-B" test "$(last_level)" = B-B
check "no TSA: no revocation data fetched" test -z "$(ls -A cache/cot/revocation 2>/dev/null)"
err_lacks "Revocation data"

# --- a TSA and the responders of the AIAs: B-LT --------------------------------------------------
bundle 0 leaf --tsa "http://127.0.0.1:$PORT/good"
out_has "(B-T)"
out_has "Revocation data embedded (B-LT): OCSP responses: 2, CRLs: 0"
check "the journal says B-LT" test "$(last_level)" = B-LT
sig leaf.asice leaf.p7s
check "openssl sees the revocation-values attribute" bash -c \
	"openssl cms -cmsout -print -inform DER -in leaf.p7s | grep -q 'id-smime-aa-ets-revocationValues'"
mkdir -p x && unzip -q -o -d x leaf.asice || bad "cannot unzip"
cat "$D/int.pem" "$D/root.pem" >chain.pem
check "openssl cms -verify still accepts the B-LT signature" openssl cms -verify -binary \
	-content x/META-INF/ASiCManifest.xml -inform DER -in leaf.p7s -CAfile "$D/root.pem" \
	-certfile chain.pem -purpose any -out /dev/null
run 0 "$COT" -v "${V[@]}" --offline leaf.asice
out_has "leaf.asice: TOTAL-PASSED"
out_has "B-LT"
out_has "OCSP given"
check "json: the level is B-LT" test "$(level leaf.asice)" = B-LT
run 0 "$COT" --format etsi "${V[@]}" --offline leaf.asice
out_has "mainindication:total-passed"
out_has "validationprocess:LTVM"
# Online, the embedded answers decide first: still B-LT.
run 0 "$COT" -v "${V[@]}" leaf.asice
out_has "B-LT"

# --- the responder stopped: what is embedded is enough -------------------------------------------
bundle 0 cached --tsa "http://127.0.0.1:$PORT/good"
out_has "(B-LT)"
kill "$COT_TEST_REVOC_CACHE_PID" 2>/dev/null
rm -rf cache
run 0 "$COT" "${V[@]}" --offline cached.asice
out_has "cached.asice: TOTAL-PASSED"
check "responder stopped: the level stays B-LT" test "$(level cached.asice)" = B-LT
# Without the TSA trust anchors the time-stamp proves nothing: not B-LT.
run 0 "$COT" --format json verify --trust "$D/root.pem" --offline cached.asice
check "no TSA anchor: not B-LT" $PY -c 'import json,sys
assert json.load(open(sys.argv[1]))["bundles"][0]["signatures"][0]["level"] != "B-LT"' "$OUT"

# --- revoked: exit 3 with the reason, no bundle, nothing journaled --------------------------------
n=$(bundles)
bundle 3 revoked --tsa "http://127.0.0.1:$PORT/good"
err_has "was revoked at"
err_has "(keyCompromise)"
check "revoked signer: no bundle left" test ! -e revoked.asice
check "revoked signer: nothing journaled" test "$(bundles)" = "$n"
bundle 3 leaf2 --tsa "http://127.0.0.1:$PORT/good"
err_has "'CN=cot revoc test int2' was revoked at"
check "revoked CA: no bundle left" test ! -e leaf2.asice
check "no temporary file left" test -z "$(ls -A | grep -E '^\.|tmp' | grep -v '^\.out$\|^\.err$')"

# --- a CA that publishes CRLs only: the CRL in SignedData.crls ------------------------------------
cp "$D/int.crl" "$COT_TEST_REVOC_WWW/evil.crl"
bundle 0 crlonly --tsa "http://127.0.0.1:$PORT/good"
out_has "Revocation data embedded (B-LT): OCSP responses: 1, CRLs: 1"
sig crlonly.asice crlonly.p7s
check "the CRL is in SignedData.crls" bash -c \
	"openssl cms -cmsout -print -inform DER -in crlonly.p7s | grep -A8 '^    crls:' | grep -q 'issuer: CN=cot revoc test int'"
run 0 "$COT" "${V[@]}" --offline crlonly.asice
out_has "crlonly.asice: TOTAL-PASSED"
check "CRL embedded: B-LT" test "$(level crlonly.asice)" = B-LT
# The responder down: the CRL of the distribution point is embedded instead.
bundle 0 down --tsa "http://127.0.0.1:$PORT/good"
out_has "CRLs: 1"

# --- a certificate that names nothing: B-T, said in one line --------------------------------------
bundle 0 noinfo --tsa "http://127.0.0.1:$PORT/good"
err_has "the signature is B-T, without all its revocation data: 'CN=CBE=0809394427"
err_has "names no OCSP responder or CRL"
check "the notice is one line" test "$(grep -c 'B-T' "$ERR")" = 1
out_lacks "(B-LT)"
check "names nothing: the journal says B-T" test "$(last_level)" = B-T

# --- hostile: the embedded OCSP response is for another certificate -------------------------------
run 0 "$PY" "$SRCDIR/tests/cli/cades-revvals.py" leaf.p7s "$D/resp-revoked.der" swapped.p7s
"$PY" - leaf.asice swapped.p7s swapped.asice <<-'EOF' || bad "cannot rewrite the container"
	import sys, zipfile
	src, sig, out = sys.argv[1:]
	with zipfile.ZipFile(src) as zi, zipfile.ZipFile(out, "w") as zo:
	    for info in zi.infolist():
	        data = open(sig, "rb").read() if info.filename == "META-INF/signature001.p7s" else zi.read(info)
	        zo.writestr(info, data)
EOF
check "the signed part is untouched" openssl cms -verify -binary \
	-content x/META-INF/ASiCManifest.xml -inform DER -in swapped.p7s -CAfile "$D/root.pem" \
	-certfile chain.pem -purpose any -out /dev/null
run 1 "$COT" "${V[@]}" --offline swapped.asice
out_has "swapped.asice: INDETERMINATE/TRY_LATER"
out_has "[signer-revocation]"
check "another certificate's response: not B-LT" test "$(level swapped.asice)" != B-LT
finish
