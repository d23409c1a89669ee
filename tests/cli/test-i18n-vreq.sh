#!/usr/bin/env bash
# A vendor's request and the recognised software in Dutch and French: the project's lang, --lang,
# LANG and LANGUAGE outside a project; check ids, ETSI indications, JSON keys and the whitelist's
# element names stay as they are; with LANG=C the English stays.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
PKI=$WORK/pki
bash "$SRCDIR/tests/pki/mkpki.sh" "$PKI" >/dev/null 2>&1 || bad "tests/pki/mkpki.sh failed"
export KS_PASSWORD=Test_001
VENDOR=0403019261
recent=$(date -u -d '-10 days' +%Y-%m-%d)
# cot with the environment of a person: no LC_ALL (lib.sh sets C.UTF-8), the given variables.
person() { env -u LC_ALL -u LANGUAGE -u LC_MESSAGES "$@"; }

# A Dutch vendor's project, answered, with a sample and a screenshot.
"$COT" init v --name "Zorgsoft BV" --kbo "$VENDOR" --kind vendor --product ZorgDossier \
	--product-version 4.2 --lang nl >/dev/null 2>&1 || bad "cannot create the vendor project"
cp "$PKI/root.pem" v/test-root.pem
sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
	-e 's|^  environment: "production"$|&\n  trust:\n    - "test-root.pem"|' v/cot.yaml
sed -i "s|^    status: open|    status: compliant\n    owner: \"Jan Peeters\"\n    evidence: [evidence/proof.pdf]\n    reviewed: $recent|" \
	v/checklist.yaml
pdf v/evidence/proof.pdf proof
mkdir -p v/samples v/screenshots
sed "s/0809394427/$VENDOR/g" "$SRCDIR/tests/cli/vendor-sample.xml" >v/samples/report.xml
printf '\377\330\377\340\0\020JFIF\0' >v/screenshots/design.jpg
cp /bin/true v/screenshots/tool.png

# cot bundle refuses the executable "screenshot", in the project's Dutch.
run 2 person LANG=C "$COT" -C v bundle --keystore "$PKI/ehealth.acc-p12" --password-env KS_PASSWORD
err_has "is geen schermafbeelding: de inhoud is geen PNG, JPEG of PDF"
run 2 person LANG=C "$COT" -C v --lang fr bundle --keystore "$PKI/ehealth.acc-p12" \
	--password-env KS_PASSWORD
err_has "n'est pas une capture d'écran : son contenu n'est ni PNG, ni JPEG, ni PDF"
run 2 person LANG=C "$COT" -C v --lang en bundle --keystore "$PKI/ehealth.acc-p12" \
	--password-env KS_PASSWORD
err_has "is not a screenshot: its content is no PNG, JPEG or PDF"
rm v/screenshots/tool.png
run 0 "$COT" -C v bundle --keystore "$PKI/ehealth.acc-p12" --password-env KS_PASSWORD \
	-o "$WORK/R.asice"

# cot verify outside a project, without --kmehr-schemas: INDETERMINATE, the reason translated.
T=(verify --trust "$PKI/root.pem" --offline R.asice)
run 1 person LANG=fr_BE.UTF-8 "$COT" -v "${T[@]}"
out_has "R.asice: INDETERMINATE/SIG_CONSTRAINTS_FAILURE"
out_has "aucun schéma KMEHR n'a été donné (--kmehr-schemas DIR) : les exemples ne peuvent pas être validés [vendor-request]"
out_has "Zorgsoft BV, BCE $VENDOR, éditeur de logiciel de ZorgDossier 4.2 [submission-xml]"
run 1 person LANGUAGE=nl LANG=nl_BE.UTF-8 "$COT" -v "${T[@]}"
out_has "er is geen KMEHR-schema opgegeven (--kmehr-schemas DIR): de voorbeelden kunnen niet gevalideerd worden [vendor-request]"
out_has "de aanvraag van een softwareleverancier draagt geen documenten van een route [route-documents]"
out_lacks "[softwareleverancier"
run 1 person LANG=C "$COT" -v "${T[@]}"
out_has "no KMEHR schema was given (--kmehr-schemas DIR): the samples cannot be validated [vendor-request]"
run 1 person LANG=fr_BE.UTF-8 "$COT" "${T[@]}" --format json
check "json keys and check ids stay English" python3 -c '
import json,sys
d = json.load(open(sys.argv[1]))["bundles"][0]
c = {x["id"]: x for x in d["checks"]}
sys.exit(not ("vendor-request" in c and c["vendor-request"]["status"] == "indeterminate"))' "$OUT"

# The authority's list and the organisations' check in French and Dutch.
mkdir fod
(
	cd fod &&
	"$COT" whitelist add --kbo 0809394427 --name "eHealth-platform" >/dev/null &&
	"$COT" whitelist sign --keystore "$PKI/modern.p12" --password-file "$PKI/password.txt" >/dev/null
) || bad "cannot make the list"
run 2 person LANG=fr_BE.UTF-8 "$COT" whitelist add --software --bundle R.asice --trust "$PKI/root.pem" \
	--file fod/none.xml
err_has "--software demande --kmehr-schemas DIR"
run 1 person LANG=fr_BE.UTF-8 "$COT" whitelist check --file fod/whitelist.xml --trust "$PKI/root.pem" \
	--software ZorgDossier
out_has "absent : 'ZorgDossier' n'est pas un logiciel reconnu"
run 1 person LANGUAGE=nl LANG=nl_BE.UTF-8 "$COT" whitelist check --file fod/whitelist.xml \
	--trust "$PKI/root.pem" --software ZorgDossier --format json
check "check json keys stay English" python3 -c '
import json,sys
d = json.load(open(sys.argv[1]))
sys.exit(not (d["listed"] is False and d["product"] == "ZorgDossier"))' "$OUT"
run 1 person LANGUAGE=nl LANG=nl_BE.UTF-8 "$COT" whitelist check --file fod/whitelist.xml \
	--trust "$PKI/root.pem" --software ZorgDossier
out_has "niet op de lijst: 'ZorgDossier' is geen erkende software"
run 2 person LANGUAGE=nl LANG=nl_BE.UTF-8 "$COT" whitelist check --file fod/whitelist.xml --software '<b>'
err_has "opmaaktekens (< > & \")"
run 1 person LANG=C "$COT" whitelist check --file fod/whitelist.xml --trust "$PKI/root.pem" \
	--software ZorgDossier
out_has "not listed: 'ZorgDossier' is not recognised software"

# A hostile list: the reader's messages translated, the element names not.
printf '%s\n' '<?xml version="1.0"?>' \
	'<whitelist xmlns="urn:be:belrai:cot:whitelist:1" version="1" sequence="1" issued="2026-01-01T00:00:00Z">' \
	'<software product="A" version="1" since="2026-01-01"/></whitelist>' >bad.xml
run 3 person LANG=fr_BE.UTF-8 "$COT" whitelist check --file bad.xml --software A
err_has "l'attribut 'vendor' manque sur 'software'"
run 3 person LANGUAGE=nl LANG=nl_BE.UTF-8 "$COT" whitelist check --file bad.xml --software A
err_has "attribuut 'vendor' ontbreekt op 'software'"

# --help in the project's language names the new options.
run 0 person LANG=C "$COT" -C v verify --help
out_has "--kmehr-schemas DIR  de KMEHR-schemamap van eHealth"
run 0 person LANG=fr_BE.UTF-8 "$COT" whitelist check --help
out_has "--software P      à la place : le produit logiciel P est-il reconnu"

finish
