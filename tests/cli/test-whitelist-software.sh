#!/usr/bin/env bash
# The authority's list of recognised software: whitelist add --software from a verified vendor
# request (its KMEHR samples checked against COT_REFERENCE/kmehr-1.32), signed, then checked by
# an organisation from a file and over HTTPS (s_server on 127.0.0.1): listed, not listed, a
# signature that no longer holds; hostile lists refused by the reader and by xmllint alike.
. "$(dirname "$0")/lib.sh" "$@"
. "$SRCDIR/tests/cli/servers.sh"
trap 'servers_stop; rm -rf "$WORK"' EXIT
cd "$WORK"
unset https_proxy HTTPS_PROXY http_proxy HTTP_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
PKI=$WORK/pki
SCHEMAS=${COT_REFERENCE:-$SRCDIR/../shared/reference}/kmehr-1.32
bash "$SRCDIR/tests/pki/mkpki.sh" "$PKI" >/dev/null 2>&1 || bad "tests/pki/mkpki.sh failed"
export KS_PASSWORD=Test_001
VENDOR=0403019261
recent=$(date -u -d '-10 days' +%Y-%m-%d)
today=$(date -u +%Y-%m-%d)

# The vendor's request, as test-vendor-bundle.sh builds it.
"$COT" init v --name "Zorgsoft BV" --kbo "$VENDOR" --kind vendor \
		--product ZorgDossier --product-version 4.2 >/dev/null 2>&1 ||
	bad "cannot create the vendor project"
sed -i "s|^    status: open|    status: compliant\n    owner: \"Jan Peeters\"\n    evidence: [evidence/proof.pdf]\n    reviewed: $recent|" \
	v/checklist.yaml
pdf v/evidence/proof.pdf proof
cp "$PKI/root.pem" v/test-root.pem
sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
	-e 's|^  environment: "production"$|&\n  trust:\n    - "test-root.pem"|' v/cot.yaml
mkdir -p v/samples v/screenshots
sed "s/0809394427/$VENDOR/g" "$SRCDIR/tests/cli/vendor-sample.xml" >v/samples/report.xml ||
	bad "no sample"
printf '\377\330\377\340\0\020JFIF\0' >v/screenshots/design.jpg
run 0 "$COT" -C v bundle --keystore "$PKI/ehealth.acc-p12" --password-env KS_PASSWORD \
	-o "$WORK/request.asice"
# And an organisation's (route vitalink) bundle, for the refusals.
org o vitalink
pdf o/documents/belrai-contract.pdf contract
pdf o/documents/vitalink-contract.pdf contract
run 0 "$COT" -C o bundle --keystore "$PKI/ehealth.acc-p12" --password-env KS_PASSWORD \
	-o "$WORK/org.asice"

mkdir fod
cd fod
ADD=("$COT" whitelist add --trust "$PKI/root.pem")
# Refusals: the wrong kind of bundle either way, no schema, explicit fields.
run 2 "${ADD[@]}" --software --bundle ../org.asice --kmehr-schemas "$SCHEMAS"
err_has "is an organisation's, not a vendor's request"
run 2 "${ADD[@]}" --bundle ../request.asice
err_has "is a vendor's request for 'ZorgDossier' 4.2: add it with --software"
run 2 "${ADD[@]}" --software --bundle ../request.asice
err_has "--software needs --kmehr-schemas DIR"
run 2 "${ADD[@]}" --software --kbo "$VENDOR" --bundle ../request.asice --kmehr-schemas "$SCHEMAS"
err_has "no --kbo, --name or --nihii"
check "nothing written after the refusals" test ! -e whitelist.xml

run 0 "${ADD[@]}" --software --bundle ../request.asice --kmehr-schemas "$SCHEMAS"
out_has "Added the software 'ZorgDossier' 4.2 of vendor KBO 0403.019.261, recognised on $today"
run 0 "$COT" whitelist add --kbo 0809394427 --name "eHealth-platform"
run 1 "${ADD[@]}" --software --bundle ../request.asice --kmehr-schemas "$SCHEMAS"
err_has "'ZorgDossier' 4.2 is already on the whitelist"
check "the list is valid against templates/whitelist.xsd" \
	xmllint --noout --nonet --schema "$SRCDIR/templates/whitelist.xsd" whitelist.xml
check "the software follows the organisations" \
	grep -q "<software product=\"ZorgDossier\" version=\"4.2\" vendor=\"$VENDOR\" since=\"$today\">" whitelist.xml
check "the history records add-software" grep -q '"add-software"' whitelist.xml.history
run 0 "$COT" whitelist list
out_has "1 recognised software package"
out_has "0403.019.261"
out_has "ZorgDossier 4.2"
run 0 "$COT" whitelist list --format json
check "list json: the software" python3 -c '
import json,sys
d = json.load(open(sys.argv[1]))
s = d["software"][0]
sys.exit(not (s["product"] == "ZorgDossier" and s["version"] == "4.2" and s["vendor"] == sys.argv[2]))' \
	"$OUT" "$VENDOR"
run 0 "$COT" whitelist export --format csv
out_has "kbo,name,nihii,since,bundle,kind,product,version,vendor"
out_has "0809394427,eHealth-platform,,$today,,organisation,,,"
out_has ",software,ZorgDossier,4.2,$VENDOR"
check "the software row has its since and the request's digest" \
	grep -qE "^,,,$today,[0-9a-f]{64},software," "$OUT"
run 0 "$COT" whitelist sign --keystore "$PKI/modern.p12" --password-file "$PKI/password.txt"
cd ..

# The organisation asks, from the signed file.
CHECK=("$COT" whitelist check --file fod/whitelist.xml --trust "$PKI/root.pem")
run 0 "${CHECK[@]}" --software ZorgDossier
out_has "listed: 'ZorgDossier' 4.2 is recognised software (vendor KBO 0403.019.261) since $today"
out_has "signature: verified"
run 0 "${CHECK[@]}" --software ZorgDossier --version 4.2
run 1 "${CHECK[@]}" --software ZorgDossier --version 4.3
out_has "not listed: 'ZorgDossier' 4.3 is not recognised software (1 other version of it is)"
run 1 "${CHECK[@]}" --software zorgdossier
out_has "not listed: 'zorgdossier' is not recognised software"
run 0 "${CHECK[@]}" --software ZorgDossier --format json
check "check json: product, listed, vendor" python3 -c '
import json,sys
d = json.load(open(sys.argv[1]))
sys.exit(not (d["listed"] and d["product"] == "ZorgDossier" and d["vendor"] == sys.argv[2]
	and "kbo" not in d))' "$OUT" "$VENDOR"
run 2 "${CHECK[@]}" --version 4.2
err_has "--version goes with --software"
run 2 "${CHECK[@]}" --software '<b>'
err_has "markup characters"

# A list changed after it was signed: no answer at all, listed or not.
cp -r fod tampered
sed -i 's|version="4.2"|version="4.3"|' tampered/whitelist.xml
run 3 "$COT" whitelist check --file tampered/whitelist.xml --trust "$PKI/root.pem" --software ZorgDossier --version 4.3
err_has "could not find out whether 'ZorgDossier' is listed"
out_lacks "listed"

# Over HTTPS, through the same fetching and cache as an organisation's check.
tls_make "$WORK/tls" || bad "cannot make the server certificates"
start_s_server "$WORK/fod" "$WORK/tls" || bad "s_server did not start"
new_project p
run 0 "$COT" -C p whitelist check --url "https://127.0.0.1:$PORT/whitelist.xml" \
	--cacert "$WORK/tls/ca.pem" --trust "$PKI/root.pem" --software ZorgDossier
out_has "listed: 'ZorgDossier' 4.2"
check "the copy is cached" test -s p/.cot/cache/whitelist.xml
check "the organisation's own answer is not replaced" test ! -e p/.cot/cache/whitelist-check.json
run 0 "$COT" -C p whitelist check --url "https://127.0.0.1:$PORT/whitelist.xml" --offline \
	--trust "$PKI/root.pem" --software ZorgDossier
out_has "the cached copy"

# Hostile lists: the reader and xmllint refuse them alike.
mkdir hostile
head='<?xml version="1.0"?>
<whitelist xmlns="urn:be:belrai:cot:whitelist:1" version="1" sequence="3" issued="2026-01-01T00:00:00Z">'
org='<organisation kbo="0809394427" since="2026-01-01"><name>A</name></organisation>'
sw() { printf '<software product="%s" version="%s" vendor="%s" since="2026-01-01"/>' "$1" "$2" "${3:-$VENDOR}"; }
printf '%s%s%s</whitelist>' "$head" "$(sw B 1)" "$(sw A 1)" >hostile/order.xml
printf '%s%s%s</whitelist>' "$head" "$(sw A 1)" "$(sw A 1)" >hostile/twice.xml
printf '%s%s%s</whitelist>' "$head" "$(sw A 1)" "$org" >hostile/org-after.xml
printf '%s%s</whitelist>' "$head" "$(sw 'A&lt;b&gt;' 1)" >hostile/markup.xml
printf '%s%s</whitelist>' "$head" "$(sw A 1 0403019262)" >hostile/vendor-kbo.xml
printf '%s%s</whitelist>' "$head" "$(sw ' A' 1)" >hostile/space.xml
printf '%s<software product="A" version="1" since="2026-01-01"/></whitelist>' "$head" >hostile/no-vendor.xml
printf '%s<software product="A" version="1" vendor="%s" since="2026-01-01"><name>x</name></software></whitelist>' \
	"$head" "$VENDOR" >hostile/child.xml
for f in hostile/*.xml; do
	run 3 "$COT" whitelist check --file "$f" --software A
	err_has "could not find out whether 'A' is listed"
	check "xmllint refuses $f too (or cot's rule beyond the schema)" bash -c \
		"! xmllint --noout --nonet --schema '$SRCDIR/templates/whitelist.xsd' '$f' 2>/dev/null || \
		case '$f' in *order.xml|*twice.xml|*vendor-kbo.xml) true;; *) false;; esac"
done
printf '%s%s%s</whitelist>' "$head" "$org" "$(sw A 1)" >good.xml
run 0 "$COT" whitelist check --file good.xml --software A --version 1
check "xmllint takes the good one" xmllint --noout --nonet --schema "$SRCDIR/templates/whitelist.xsd" good.xml

# The authority takes a version off again, saying why; the signature of the old bytes goes.
cd fod
run 2 "$COT" whitelist remove --software ZorgDossier --reason "withdrawn by the vendor"
err_has "remove --software needs --version, and no --kbo"
run 2 "$COT" whitelist remove --software ZorgDossier --version 4.2 --kbo 0809394427 \
	--reason "withdrawn by the vendor"
err_has "remove --software needs --version, and no --kbo"
run 2 "$COT" whitelist remove --kbo 0809394427 --version 4.2 --reason "withdrawn"
err_has "--version goes with --software"
run 1 "$COT" whitelist remove --software ZorgDossier --version 4.3 --reason "withdrawn"
err_has "'ZorgDossier' 4.3 is not on the whitelist"
check "a refused removal changes nothing" grep -q 'product="ZorgDossier" version="4.2"' whitelist.xml
run 0 "$COT" whitelist remove --software ZorgDossier --version 4.2 --reason "withdrawn by the vendor"
out_has "Removed the software 'ZorgDossier' 4.2 of vendor KBO 0403.019.261: withdrawn by the vendor"
out_has "no longer matched and was removed"
check "the version is off the list" sh -c '! grep -q "<software" whitelist.xml'
check "the organisation stays" grep -q 'kbo="0809394427"' whitelist.xml
check "the list is still valid against templates/whitelist.xsd" \
	xmllint --noout --nonet --schema "$SRCDIR/templates/whitelist.xsd" whitelist.xml
check "the history records the removal and its reason" python3 -c '
import json, sys
last = json.loads(open("whitelist.xml.history").read().splitlines()[-1])
d = last["data"] if "data" in last else last
sys.exit(not (last["event"] == "remove-software" and d["product"] == "ZorgDossier" and
    d["version"] == "4.2" and d["vendor"] == sys.argv[1] and d["reason"] == "withdrawn by the vendor"))' "$VENDOR"
run 1 "$COT" whitelist remove --software ZorgDossier --version 4.2 --reason "again"
err_has "'ZorgDossier' 4.2 is not on the whitelist"
run 1 "$COT" whitelist check --file whitelist.xml --software ZorgDossier
out_has "not listed: 'ZorgDossier' is not recognised software"
cd ..

finish
