#!/usr/bin/env bash
# A vendor's request: cot bundle builds it, cot verify runs the vendor policy against eHealth's
# KMEHR schema (COT_REFERENCE/kmehr-1.32, through tests/with-reference.sh), and hostile
# requests made from a good one (re-signed with openssl) are clear findings, never TOTAL-PASSED.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
PY=/usr/bin/python3
TOOL="$PY $SRCDIR/tests/cli/asice-tool.py"
PKI=$WORK/pki
SCHEMAS=${COT_REFERENCE:-$SRCDIR/../shared/reference}/kmehr-1.32
bash "$SRCDIR/tests/pki/mkpki.sh" "$PKI" >/dev/null 2>&1 || bad "tests/pki/mkpki.sh failed"
export KS_PASSWORD=Test_001
SIGN=(--keystore "$PKI/ehealth.acc-p12" --password-env KS_PASSWORD)
VENDOR=0403019261 # the test PKI's organisation certificate proves this KBO
recent=$(date -u -d '-10 days' +%Y-%m-%d)

# sample FILE: a fictitious BelRAI report the vendor's software sends (INSS check digits wrong).
sample() { sed "s/0809394427/$VENDOR/g" "$SRCDIR/tests/cli/vendor-sample.xml" >"$1"; }

# png FILE: a 1x1 PNG.
png() {
	printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\010\002\0\0\0\220wS\336\0\0\0\014IDATx\234c\370\017\0\0\001\001\0\005\030\330N\0\0\0\0IEND\256B`\202' >"$1"
}

# vendor_project DIR: a vendor's project, checklist answered, a sample and a screenshot.
vendor_project() {
	"$COT" init "$1" --name "Zorgsoft BV" --kbo "$VENDOR" --kind vendor \
		--product ZorgDossier --product-version 4.2 \
		>/dev/null 2>&1 || bad "cannot create the vendor project $1"
	cp "$PKI/root.pem" "$1/test-root.pem"
	sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
		-e 's|^  environment: "production"$|&\n  trust:\n    - "test-root.pem"|' "$1/cot.yaml"
	sed -i "s|^    status: open|    status: compliant\n    owner: \"Jan Peeters\"\n    evidence: [evidence/proof.pdf]\n    reviewed: $recent\n    note: \"As the cookbook asks.\"|" \
		"$1/checklist.yaml"
	pdf "$1/evidence/proof.pdf" "proof"
	mkdir -p "$1/samples" "$1/screenshots"
	sample "$1/samples/belrai-report.xml"
	png "$1/screenshots/dossier.png"
}

# verify_fails FILE INDICATION CHECK: cot verify (with the schemas) says so, exit 1.
verify_fails() {
	run 1 "$COT" verify "$1" --trust "$PKI/root.pem" --offline --kmehr-schemas "$SCHEMAS"
	out_has "$1: $2"
	out_has "[$3]"
	out_lacks "TOTAL-PASSED"
}

# --- the request built and verified ------------------------------------------------------
vendor_project v
run 0 "$COT" -C v check
run 0 "$COT" -C v bundle "${SIGN[@]}" -o "$WORK/request.asice"
G=request.asice
$TOOL names "$G" >names.txt
for e in samples/belrai-report.xml screenshots/dossier.png checklist/answers.yaml \
	checklist/requirements.yaml checklist/report.html submission.xml; do
	check "the request holds $e" grep -qx "$e" names.txt
done
unzip -p "$G" submission.xml >submission.xml
check "submission.xml is valid against templates/submission.xsd" \
	xmllint --noout --nonet --schema "$SRCDIR/templates/submission.xsd" submission.xml
check "submission.xml names the product" grep -q '<name>ZorgDossier</name>' submission.xml
check "submission.xml names the version" grep -q '<version>4.2</version>' submission.xml
check "submission.xml lists the sample" grep -q '<sample>samples/belrai-report.xml</sample>' submission.xml

run 0 "$COT" verify "$G" --trust "$PKI/root.pem" --offline --kmehr-schemas "$SCHEMAS" -v
out_has "$G: TOTAL-PASSED"
out_has "vendor of ZorgDossier 4.2 [submission-xml]"
out_has "ZorgDossier 4.2: 1 KMEHR sample valid against KMEHR 1.32, 1 screenshot [vendor-request]"
out_has "CBE=$VENDOR, as submission.xml declares [signer-identifier]"
run 0 "$COT" verify "$G" --trust "$PKI/root.pem" --offline --kmehr-schemas "$SCHEMAS" --format json
check "json: vendor-request passed" $PY -c '
import json,sys
d = json.load(open(sys.argv[1]))["bundles"][0]
c = {x["id"]: x["status"] for x in d["checks"]}
sys.exit(c.get("vendor-request") != "passed")' "$OUT"

# Without the KMEHR schema the vendor policy cannot pass: INDETERMINATE, with the reason.
run 1 "$COT" verify "$G" --trust "$PKI/root.pem" --offline
out_has "$G: INDETERMINATE/SIG_CONSTRAINTS_FAILURE"
out_has "no KMEHR schema was given (--kmehr-schemas DIR)"
run 2 "$COT" verify "$G" --trust "$PKI/root.pem" --offline --kmehr-schemas "$WORK/nothing"

# --- refusals of cot bundle ---------------------------------------------------------------
vendor_project r
cp /bin/true r/screenshots/tool.png
run 2 "$COT" -C r bundle "${SIGN[@]}"
err_has "screenshots/tool.png' is not a screenshot: its content is no PNG, JPEG or PDF"
rm r/screenshots/tool.png
printf 'x' >"r/samples/bad name.xml"
run 2 "$COT" -C r bundle "${SIGN[@]}"
err_has "rename it with letters"
rm "r/samples/bad name.xml"
rm r/samples/belrai-report.xml
run 1 "$COT" -C r bundle "${SIGN[@]}"
err_has "needs KMEHR messages in 'samples/'"
sample r/samples/belrai-report.xml
sed -i 's|^  product: .*|  product: "<b>Zorg</b>"|' r/cot.yaml
run 2 "$COT" -C r bundle "${SIGN[@]}"
err_has "submission.xml would not be valid"
check "no request left after the refusals" test -z "$(ls r/out)"

# --- samples cot check finds in error: no signed request, no submission ------------------
# (cot verify would reject them; warnings, as the missing kmehr: schemas: of v, do not block)
run 0 "$COT" -C v check
out_has "[vendor-samples-schema]"
vendor_project s
printf '<kmehrmessage xmlns="http://www.ehealth.fgov.be/standards/kmehr/schema/v1">\n' \
	>s/samples/broken.xml
run 1 "$COT" -C s check
out_has "samples/broken.xml:"
before=$(snapshot s)
run 1 "$COT" -C s bundle "${SIGN[@]}"
err_has "the samples and screenshots are not ready (1 error; 'cot check' lists them): the FOD's 'cot verify' would reject the request"
err_has "samples/broken.xml:"
check "no request written for a broken sample" test -z "$(ls s/out)"
check "a refused bundle changes nothing" test "$before" = "$(snapshot s)"
run 1 "$COT" --lang nl -C s bundle "${SIGN[@]}"
err_has "cot: fout: de voorbeeldberichten en schermafbeeldingen zijn niet klaar (1 fout; 'cot check' somt ze op): 'cot verify' van de FOD zou de aanvraag verwerpen"
err_has "[kmehr-"
run 1 "$COT" --lang fr -C s bundle "${SIGN[@]}"
err_has "cot: erreur : les messages d'exemple et les captures d'écran ne sont pas prêts (1 erreur ; 'cot check' les énumère) : le 'cot verify' du SPF rejetterait la demande"
check "no request written in nl or fr either" test -z "$(ls s/out)"
run 1 "$COT" -C s submit --eml "$WORK/s.eml"
err_has "the project is not ready to submit:"
err_has "the samples and screenshots are not ready: 1 error ('cot check' lists them)"
check "no message written for a broken sample" test ! -e "$WORK/s.eml"
run 2 "$COT" -C v submit --eml "$WORK/v.eml"
err_has "who sends the submission?"
err_lacks "the samples and screenshots are not ready"
run 0 "$COT" -C s bundle --unsigned -o "$WORK/s-unsigned.asice"
out_has "UNSIGNED: a copy for review"
rm s/samples/broken.xml
run 0 "$COT" -C s bundle "${SIGN[@]}"
out_has "Signed for CBE=$VENDOR"

# With cot.yaml's kmehr: schemas:, a sample the KMEHR XSD refuses blocks too; a valid one not.
printf 'kmehr:\n  schemas: "%s"\n' "$SCHEMAS" >>s/cot.yaml
run 0 "$COT" -C s check
out_lacks "[vendor-samples-schema]"
run 0 "$COT" -C s bundle "${SIGN[@]}" -o "$WORK/s-schema.asice"
printf '<kmehrmessage xmlns="http://www.ehealth.fgov.be/standards/kmehr/schema/v1"><x/></kmehrmessage>\n' \
	>s/samples/invalid.xml
run 1 "$COT" -C s bundle "${SIGN[@]}" -o "$WORK/s-invalid.asice"
err_has "the samples and screenshots are not ready (4 errors; 'cot check' lists them)"
check "no request written for an invalid sample" test ! -e "$WORK/s-invalid.asice"
run 1 "$COT" -C s submit --eml "$WORK/s.eml"
err_has "the samples and screenshots are not ready: 4 errors ('cot check' lists them)"

# --- hostile requests, made from the good one and signed again ------------------------------
unzip -p "$G" META-INF/ASiCManifest.xml >/dev/null || bad "no manifest"
# forge OUT NAME FILE...: the request with entries replaced, digests updated, signed again.
forge() {
	local out=$1
	shift
	$TOOL rehash "$G" tmp.asice "$@" || bad "cannot rehash for $out"
	unzip -p tmp.asice META-INF/ASiCManifest.xml >manifest.xml
	openssl cms -sign -binary -in manifest.xml -signer "$PKI/good.pem" -inkey "$PKI/leaf.key" \
		-certfile "$PKI/ca-chain.pem" -md sha256 -nosmimecap -cades -outform DER -out sig.der ||
		bad "openssl cms -sign for $out"
	$TOOL replace tmp.asice "$out" META-INF/signature001.p7s sig.der
}
forge same.asice submission.xml submission.xml
run 0 "$COT" verify same.asice --trust "$PKI/root.pem" --offline --kmehr-schemas "$SCHEMAS"
out_has "same.asice: TOTAL-PASSED"

# A sample that is a billion laughs.
cat >laughs.xml <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE kmehrmessage [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<kmehrmessage xmlns="http://www.ehealth.fgov.be/standards/kmehr/schema/v1">&g;</kmehrmessage>
EOF
forge laughs.asice samples/belrai-report.xml laughs.xml
start=$SECONDS
verify_fails laughs.asice INDETERMINATE/SIG_CONSTRAINTS_FAILURE vendor-request
out_has "samples/belrai-report.xml:"
check "the billion laughs took under 20 s" test $((SECONDS - start)) -lt 20

# A "screenshot" that is an executable.
cp /bin/true exe.bin
forge exe.asice screenshots/dossier.png exe.bin
verify_fails exe.asice INDETERMINATE/SIG_CONSTRAINTS_FAILURE vendor-request
out_has "screenshots/dossier.png is not a screenshot: its content is no PNG, JPEG or PDF"

# A product name holding markup: escaped text, or an element, the schema refuses both.
sed 's|<name>ZorgDossier</name>|<name>\&lt;script\&gt;alert(1)\&lt;/script\&gt;</name>|' \
	submission.xml >markup.xml
forge markup.asice submission.xml markup.xml
verify_fails markup.asice TOTAL-FAILED/FORMAT_FAILURE submission-xml
out_has "submission.xml: it does not follow its schema"
sed 's|<name>ZorgDossier</name>|<name>Zorg<b>Dossier</b></name>|' submission.xml >element.xml
forge element.asice submission.xml element.xml
verify_fails element.asice TOTAL-FAILED/FORMAT_FAILURE submission-xml

# A vendor's request that claims to be an organisation's: with its product, the schema
# reader refuses it; without, its samples and screenshots are a vendor's files all the same.
sed 's|<kind>vendor</kind>|<kind>organisation</kind>|' submission.xml >as-org.xml
forge as-org.asice submission.xml as-org.xml
verify_fails as-org.asice TOTAL-FAILED/FORMAT_FAILURE submission-xml
out_has "declares an organisation but names a product"
$PY - submission.xml as-org2.xml <<'EOF'
import re, sys
s = open(sys.argv[1]).read().replace('<kind>vendor</kind>', '<kind>organisation</kind>')
s = re.sub(r'\s*<product>.*?</product>', '', s, flags=re.S)
s = re.sub(r'\s*<samples>.*?</samples>', '', s, flags=re.S)
s = re.sub(r'\s*<screenshots>.*?</screenshots>', '', s, flags=re.S)
open(sys.argv[2], 'w').write(s)
EOF
forge as-org2.asice submission.xml as-org2.xml
# (its report, rendered for a vendor, is not the one cot renders for an organisation)
verify_fails as-org2.asice TOTAL-FAILED/HASH_FAILURE vendor-request
out_has "'samples/belrai-report.xml' is a vendor's file, but submission.xml declares an organisation"
out_has "[route-documents]"

# An organisation's bundle that claims to be a vendor's: no product is a schema failure; a
# product without samples or screenshots is not a request the policy can pass.
sed 's|<kind>vendor</kind>|<kind>vendor</kind>|; /<product>/,/<\/product>/d' submission.xml >noprod.xml
forge noprod.asice submission.xml noprod.xml
verify_fails noprod.asice TOTAL-FAILED/FORMAT_FAILURE submission-xml
out_has "it declares a vendor but names no product"
$PY - submission.xml nofiles.xml <<'EOF'
import re, sys
s = open(sys.argv[1]).read()
s = re.sub(r'\s*<samples>.*?</samples>', '', s, flags=re.S)
s = re.sub(r'\s*<screenshots>.*?</screenshots>', '', s, flags=re.S)
open(sys.argv[2], 'w').write(s)
EOF
forge nofiles.asice submission.xml nofiles.xml
verify_fails nofiles.asice INDETERMINATE/SIG_CONSTRAINTS_FAILURE vendor-request
out_has "the request carries no KMEHR sample message"
out_has "the request carries no screenshot or design"

# Signed by another organisation: the signer's KBO is not the vendor's.
openssl cms -sign -binary -in <(unzip -p "$G" META-INF/ASiCManifest.xml) -signer "$PKI/other.pem" \
	-inkey "$PKI/leaf.key" -certfile "$PKI/ca-chain.pem" -md sha256 -nosmimecap -cades \
	-outform DER -out sig.der || bad "openssl cms -sign other"
$TOOL replace "$G" other.asice META-INF/signature001.p7s sig.der
verify_fails other.asice INDETERMINATE/SIG_CONSTRAINTS_FAILURE signer-identifier
out_has "submission.xml declares KBO $VENDOR"

finish
