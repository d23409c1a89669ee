#!/usr/bin/env bash
# cot cert check's revocation status against openssl OCSP responders and nginx CRLs (with-revoc.sh).
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
D=${COT_TEST_REVOC_DIR:?run through tests/unit/with-revoc.sh}
PY=/usr/bin/python3
export XDG_CACHE_HOME=$WORK/cache
jget() { $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$OUT" "$1"; }
expect_json() { # PY-EXPR EXPECTED
	local got
	got=$(jget "$1")
	if [ "$got" = "$2" ]; then ok; else bad "json $1 = '$got', expected '$2'"; fi
}
# with NAME: NAME's certificate followed by its issuer, as an organisation keeps it.
with() { cat "$D/$1.pem" "$D/${2:-int}.pem" >"$1.pem"; }
for c in leaf revoked down evil noinfo; do with $c; done
with leaf2 int2

# good: the responder of the AIA answers, and the answer is cached
run 0 "$COT" cert check leaf.pem --warn-days 0
out_has "revocation: good, says OCSP http://127.0.0.1:"
out_has "produced-at 20"
check "the answer is cached under XDG_CACHE_HOME" test "$(ls cache/cot/revocation/*.ocsp | wc -l)" = 1
run 0 "$COT" cert check leaf.pem --warn-days 0 --format json
expect_json 'd["check"]["revocation"]["status"]' good
expect_json '"(cached)" in d["check"]["revocation"]["how"]' True

# revoked: exit 1 with the time, the reason and who said so
run 1 "$COT" cert check revoked.pem --warn-days 0
out_has "revoked.pem: error: revoked on 20"
out_has "(keyCompromise), says OCSP http://127.0.0.1:"
out_has "[cert-revoked]"
run 1 "$COT" -q cert check revoked.pem --warn-days 0
err_has "[cert-revoked]"
check "-q prints nothing on stdout" test ! -s "$OUT"
run 1 "$COT" cert check revoked.pem --warn-days 0 --format json
expect_json 'd["check"]["revocation"]["status"]' revoked
expect_json 'd["check"]["revocation"]["reason"]' keyCompromise
expect_json 'd["check"]["ok"]' False

# the responder is down: the CRL answers
run 0 "$COT" cert check down.pem --warn-days 0
out_has "revocation: good, says CRL http://127.0.0.1:"
out_has "/int.crl, number 4096"

# no answer to trust: exit 3, also with -q, and why
printf 'garbage' >"$COT_TEST_REVOC_WWW/evil.ocsp"
run 3 "$COT" cert check evil.pem --warn-days 0
out_has "evil.pem: warning: revocation status unknown: OCSP http://127.0.0.1:"
out_has "malformed (not a DER OCSP response); no CRL distribution point"
out_has "unknown: CBE 0809394427 (cot revoc test evil) is valid until"
run 3 "$COT" -q cert check evil.pem --warn-days 0
err_has "revocation status unknown"
run 3 "$COT" cert check evil.pem --warn-days 0 --format json
expect_json 'd["check"]["revocation"]["status"]' unknown
expect_json 'd["check"]["ok"]' False
run 0 "$COT" cert check evil.pem --warn-days 0 --no-revocation
out_has "note: revocation not checked: --no-revocation"
# a finding that needs action wins over unknown
run 1 "$COT" cert check evil.pem

# stale everywhere a week later (answers for one day, CRLs for seven)
COT_NOW=$(date -u -d '+8 days' +%Y-%m-%dT%H:%M:%SZ) run 3 "$COT" cert check leaf.pem --warn-days 0
out_has "stale: its next-update"

# nothing to ask, nobody to ask it of: a note, the exit status unchanged
run 0 "$COT" cert check noinfo.pem --warn-days 0
out_has "note: revocation not checked: the certificate names no OCSP responder and no CRL distribution point [cert-revocation]"
run 0 "$COT" cert check "$D/leaf.pem" --warn-days 0
out_has "note: revocation not checked: its issuer's certificate is neither in the file nor among the trust anchors"

# a revoked intermediate: leaf2 itself is good by int2's CRL (the chain is cot verify's)
run 0 "$COT" cert check leaf2.pem --warn-days 0
out_has "says CRL http://127.0.0.1:"

# in a project, the issuer comes from the trust anchors of cot.yaml
"$COT" init p --name "Revoc" --kbo 0809394427 --route direct >/dev/null 2>&1 || bad "cot init"
cat "$D/int.pem" "$D/root.pem" >p/test-ca.pem
sed -i 's|^    - "ehealth-production"$|    - "test-ca.pem"|' p/cot.yaml
run 1 "$COT" -C p cert check "$D/revoked.pem" --warn-days 0
out_has "[cert-revoked]"
run 0 "$COT" -C p cert check "$D/leaf.pem" --warn-days 0
out_has "revocation: good"

finish
