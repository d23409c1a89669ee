#!/usr/bin/env bash
# cot bundle at B-T: a real TSA (openssl ts -reply behind tsa-server.py on 127.0.0.1) and its
# hostile answers; what openssl makes of the embedded token; nothing left behind by a failure.
. "$(dirname "$0")/lib.sh" "$@"
. "$SRCDIR/tests/cli/servers.sh"
. "$SRCDIR/tests/cli/tsa-pki.sh"
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
trap 'servers_stop; rm -rf "$WORK"' EXIT
cd "$WORK"
PY=/usr/bin/python3
TSA=$WORK/tsa
if ! bash "$SRCDIR/tests/pki/mkpki.sh" "$WORK/pki" >/dev/null 2>&1 || ! tsa_make "$TSA"; then
	bad "cannot make the test PKIs"
	finish
	exit 1
fi
for attempt in 1 2 3 4 5; do
	PORT=$(random_port) || break
	"$PY" "$SRCDIR/tests/cli/tsa-server.py" "$PORT" "$TSA" 2>"$WORK/tsa-server.err" &
	keep_if_listening "$PORT" $! && break
	PORT=
done
[ -n "$PORT" ] || { bad "tsa-server.py did not start"; finish; exit 1; }
URL=http://127.0.0.1:$PORT
export KS_PASSWORD=Test_001
SIGN=(--keystore "$WORK/pki/ehealth.acc-p12" --password-env KS_PASSWORD)
today=$(date -u +%Y-%m-%d)
org vl vitalink
pdf vl/documents/belrai-contract.pdf "BelRAI contract"
pdf vl/documents/vitalink-contract.pdf "Vitalink contract"
B=vl/out/0403019261-$today.asice
bundles() { grep -c '"bundle-built"' vl/.cot/journal; }
last_level() { tail -1 vl/.cot/journal | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["data"].get("level"))'; }

# --- no TSA: B-B, said once on stderr, byte-identical rebuilds ---------------------------------
export SOURCE_DATE_EPOCH=$(date -u +%s)
run 0 "$COT" -C vl bundle "${SIGN[@]}"
err_has "no TSA configured"
err_has "B-B, without a timestamp"
check "the notice is one line" test "$(grep -c 'TSA' "$ERR")" = 1
out_lacks "Timestamped"
check "the journal says B-B" test "$(last_level)" = B-B
cp "$B" first.asice
run 0 "$COT" -q -C vl bundle "${SIGN[@]}"
check "-q says nothing" test ! -s "$ERR"
same first.asice "$B"
run 2 "$COT" -C vl bundle --unsigned --tsa "$URL/good"
err_has "takes no keystore, password or TSA"
run 2 "$COT" -C vl bundle "${SIGN[@]}" --tsa "ftp://127.0.0.1:$PORT/"
err_has "is not an http:// or https:// URL"
run 2 "$COT" -C vl bundle "${SIGN[@]}" --tsa "$URL/good" --tsa-timeout 0
err_has "--tsa-timeout takes seconds"
unset SOURCE_DATE_EPOCH

# --- a TSA in cot.yaml, with its anchors: B-T ----------------------------------------------------
cp "$TSA/ca.pem" vl/tsa-ca.pem
printf '\nsignature:\n  tsa: "%s/good"\n  tsa-trust:\n    - "tsa-ca.pem"\n' "$URL" >>vl/cot.yaml
run 0 "$COT" -v -C vl bundle "${SIGN[@]}"
out_has "Timestamped $today"
out_has "CN=cot test tsa"
out_has "(B-T)"
err_has "chains to the 1 anchor of signature: tsa-trust:"
err_lacks "no TSA configured"
check "the journal says B-T" test "$(last_level)" = B-T
check "the TSA got one query of application/timestamp-query" \
	grep -qx "good application/timestamp-query [0-9]*" "$TSA/requests.log"
rm -rf x && mkdir x && (cd x && unzip -q "../$B") || bad "cannot unzip"
run 0 "$PY" "$SRCDIR/tests/cli/cades-ts.py" x/META-INF/signature001.p7s token.der value.bin
check "openssl cms sees id-aa-signatureTimeStampToken" bash -c \
	"openssl cms -cmsout -print -inform DER -in x/META-INF/signature001.p7s | grep -q 'id-smime-aa-timeStampToken'"
run 0 openssl ts -verify -digest "$(sha256sum <value.bin | cut -d' ' -f1)" -in token.der -token_in \
	-CAfile "$TSA/ca.pem"
out_has "Verification: OK"
run 1 openssl ts -verify -digest "$(sha256sum <x/META-INF/ASiCManifest.xml | cut -d' ' -f1)" \
	-in token.der -token_in -CAfile "$TSA/ca.pem"
check "openssl cms still verifies cot's signature" openssl cms -verify -binary \
	-content x/META-INF/ASiCManifest.xml -inform DER -in x/META-INF/signature001.p7s \
	-CAfile "$WORK/pki/root.pem" -purpose any -out /dev/null
run 0 "$COT" verify --trust "$WORK/pki/root.pem" "$B"
out_has "TOTAL-PASSED"
# --tsa wins over cot.yaml; another CA's TSA does not chain to tsa-trust.
run 3 "$COT" -C vl bundle "${SIGN[@]}" --tsa "$URL/other-ca"
err_has "does not chain to the TSA trust anchors"
# Without tsa-trust the chain is not checked, and -v says so.
sed -i -e '/^  tsa-trust:$/d' -e '/^    - "tsa-ca.pem"$/d' vl/cot.yaml
run 0 "$COT" -v -C vl bundle "${SIGN[@]}" --tsa "$URL/other-ca"
err_has "chain was not checked"
out_has "CN=cot test other-tsa"
printf '  tsa-trust:\n    - "tsa-ca.pem"\n' >>vl/cot.yaml
run 0 "$COT" -C vl bundle "${SIGN[@]}"
out_has "(B-T)"

# --- hostile TSAs: exit 3 with the reason, no bundle changed, nothing journaled ----------------------
cp "$B" good.asice
n=$(bundles)
# hostile MODE REASON [ARGS]
hostile() {
	local mode=$1 reason=$2
	shift 2
	run 3 "$COT" -C vl bundle "${SIGN[@]}" --tsa "$URL/$mode" "$@"
	err_has "$reason"
	check "$mode: the earlier bundle stays as it was" cmp -s good.asice "$B"
	check "$mode: nothing journaled" test "$(bundles)" = "$n"
	check "$mode: no temporary file left" test -z "$(ls -A vl/out | grep -v '\.asice$')"
}
hostile wrong-imprint "timestamps something else"
hostile another-tsa "has no extended key usage timeStamping"
hostile future "a timestamp from the future"
hostile reject "did not grant the timestamp: status 2 (rejection): 'the test TSA is closed'"
hostile huge "larger than 65536 bytes"
hostile truncated "not a timestamp response in DER"
hostile garbage "not a timestamp response in DER"
hostile "good" "cannot fetch" --tsa-timeout 1 --tsa "http://127.0.0.1:$(random_port)/"
started=$(date +%s)
hostile slow "timed out" --tsa-timeout 1
# without the timeout, 3 attempts at a server that answers after 30 s would take 90 s
check "a slow TSA is given up after the timeout and 2 retries" \
	test $(($(date +%s) - started)) -lt 60
check "the slow TSA was asked 3 times" test "$(grep -c '^slow ' "$TSA/requests.log")" = 3
check "every query was a TimeStampReq POST" test -z "$(grep -v ' application/timestamp-query ' "$TSA/requests.log")"
check "the server reported no error" test ! -s "$WORK/tsa-server.err"
finish
