#!/usr/bin/env bash
# cot verify checks every certificate of the signer's chain for revocation at the proof of
# existence: against openssl OCSP responders and CRLs served by nginx (tests/unit/with-revoc.sh).
# A revoked signer is TOTAL-FAILED/REVOKED, a revoked CA INDETERMINATE/REVOKED_CA_NO_POE, a status
# nobody can tell INDETERMINATE/TRY_LATER, and the report says per certificate how it was decided.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
D=${COT_TEST_REVOC_DIR:?run through tests/unit/with-revoc.sh}
PY=/usr/bin/python3
export XDG_CACHE_HOME=$WORK/cache KS_PASSWORD=Test_001
pdf() { printf '%%PDF-1.4\n%% %s\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' "$2" >"$1"; }

# A project of the organisation the test PKI's leaves belong to (CBE 0809394427).
"$COT" init org --name "Revoc test" --kbo 0809394427 --route vitalink >/dev/null ||
	bad "cannot init"
sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
	-e "s|^  environment: \"production\"\$|&\n  trust:\n    - \"$D/root.pem\"|" org/cot.yaml
pdf org/documents/belrai-contract.pdf "BelRAI contract"
pdf org/documents/vitalink-contract.pdf "Vitalink contract"
# signed NAME ISSUER: a bundle NAME.asice signed with NAME's key and certificate.
signed() {
	cat "$D/$2.pem" "$D/root.pem" >chain.pem
	openssl pkcs12 -export -inkey "$D/$1.key" -in "$D/$1.pem" -certfile chain.pem \
		-name authentication -passout "pass:$KS_PASSWORD" -out "$1.p12" 2>/dev/null ||
		bad "cannot make $1.p12"
	"$COT" -C org bundle --keystore "$WORK/$1.p12" --password-env KS_PASSWORD \
		-o "$WORK/$1.asice" >/dev/null 2>"$1.err" || { bad "cannot bundle with $1"; cat "$1.err"; }
}
signed leaf int
signed revoked int
signed leaf2 int2
signed down int
signed noinfo int
TRUST=(--trust "$D/root.pem")

# Good: the responders of the AIAs answer for the leaf and its CA.
run 0 "$COT" -v verify "${TRUST[@]}" leaf.asice
out_has "leaf.asice: TOTAL-PASSED"
out_has "passed: 'CN=CBE=0809394427"
out_has "not revoked at the proof of existence: OCSP http://127.0.0.1:"
out_has "[signer-revocation]"
check "the answers are cached under XDG_CACHE_HOME" test -n "$(ls cache/cot/revocation 2>/dev/null)"

# The signer revoked before the proof of existence (the validation time: no time-stamp).
run 1 "$COT" verify "${TRUST[@]}" revoked.asice
out_has "revoked.asice: TOTAL-FAILED/REVOKED"
out_has "(keyCompromise), before the proof of existence"
out_has "[signer-revocation]"
run 1 "$COT" --format json verify "${TRUST[@]}" revoked.asice
check "json: the signature's verdict is REVOKED, from signer-revocation" $PY -c 'import json,sys
s = json.load(open(sys.argv[1]))["bundles"][0]["signatures"][0]
assert s["indication"] == "TOTAL-FAILED" and s["subindication"] == "REVOKED", s
assert s["check"] == "signer-revocation", s' "$OUT"
# Revoked CA: the intermediate above the signer was revoked by the root.
run 1 "$COT" verify "${TRUST[@]}" leaf2.asice
out_has "leaf2.asice: INDETERMINATE/REVOKED_CA_NO_POE"
# The responder is down: the CRL of the distribution point answers.
run 0 "$COT" -v verify "${TRUST[@]}" down.asice
out_has "down.asice: TOTAL-PASSED"
out_has "CRL http://127.0.0.1:"
# A certificate that names no responder and no CRL: said, not hidden.
run 0 "$COT" verify "${TRUST[@]}" noinfo.asice
out_has "names no OCSP responder or CRL: its revocation cannot be checked"
# Offline, with nothing carried in the signature: nobody can tell.
run 1 "$COT" verify "${TRUST[@]}" --offline leaf.asice
out_has "leaf.asice: INDETERMINATE/TRY_LATER"
out_has "[signer-revocation]"
finish
