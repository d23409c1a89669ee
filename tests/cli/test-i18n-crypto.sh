#!/usr/bin/env bash
# cot cert, bundle and countersign in Dutch and French: the project's lang, --lang, LANG and
# LANGUAGE; ids, JSON keys and severities stay as machines read them; LANG=C stays English.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
PY=/usr/bin/python3
PKI=$WORK/pki
CERTS=$SRCDIR/tests/fixtures/certs
IAM=$CERTS/example_org_cert_CBE0809394427_IAM_prod_2021.pem
if ! bash "$SRCDIR/tests/pki/mkpki.sh" "$PKI" >/dev/null 2>&1; then
	bad "tests/pki/mkpki.sh failed"
	finish
	exit 1
fi
export KS_PASSWORD=Test_001
# a time at which the test PKI's certificates are valid, the same for every build below
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
SIGN=(--keystore "$PKI/ehealth.acc-p12" --password-env KS_PASSWORD)
jget() { $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$OUT" "$1"; }
expect_json() { # PY-EXPR EXPECTED
	local got
	got=$(jget "$1")
	if [ "$got" = "$2" ]; then ok; else bad "json $1 = '$got', expected '$2'"; fi
}
# in_locale LOCALE CMD...: CMD with LANG=LOCALE and nothing else choosing the language.
in_locale() { local l=$1; shift; env -u LC_ALL -u LANGUAGE -u LC_MESSAGES LANG="$l" "$@"; }
# lang_project DIR LANG: the real IAM certificate's organisation, speaking LANG.
lang_project() {
	"$COT" init "$1" --name "Test Org" --kbo 0809394427 --route direct --lang "$2" \
		>/dev/null 2>&1 || bad "cannot create project $1"
	grep -q "^  lang: $2" "$1/cot.yaml" || bad "$1 does not speak $2"
}
# columns: every "  label  value" row of cot cert show starts its value in column 20.
columns() {
	$PY - "$OUT" <<'EOF'
import sys
rows = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.startswith("  ")]
bad = [r for r in rows if len(r) < 20 or r[18] != " " or r[19] == " "]
print("\n".join(bad))
sys.exit(1 if bad or len(rows) < 10 else 0)
EOF
}

# ---- cot cert show and check outside a project: the environment's language ----
run 0 in_locale fr_BE.UTF-8 "$COT" cert show "$IAM"
out_has "  émetteur         CN=ZetesConfidens"
out_has "  valable jusqu'au 2024-01-12T10:43:37Z : expiré depuis"
out_has "  usage de la clé  digitalSignature, nonRepudiation, keyEncipherment"
check "French labels line up with their values" columns
run 0 in_locale nl_BE.UTF-8 "$COT" cert show "$IAM"
out_has "  uitgever         CN=ZetesConfidens"
out_has "  geldig tot       2024-01-12T10:43:37Z: "
out_has " dagen geleden vervallen"
# data stays data: the subject, the OIDs' names, the fingerprint
out_has "OU=eHealth-platform Belgium"
out_has "SHA-256          4F:F5:16:BC"
check "Dutch labels line up with their values" columns
run 1 in_locale fr_BE.UTF-8 "$COT" cert check "$IAM"
out_has ": erreur : expiré le 2024-01-12 : il ne peut plus être renouvelé, demandez un nouveau certificat [cert-expired]"
out_has ": remarque : organisation non vérifiée : pas dans un projet cot"
out_has "pas ok : CBE 0809394427 (EHEALTH-PLATFORM) : 1 erreur, 0 avertissement"
# LANGUAGE alone, as gettext reads it
run 1 env -u LC_MESSAGES -u LANG LC_ALL=C.UTF-8 LANGUAGE=nl "$COT" cert check "$IAM"
out_has ": fout: vervallen op 2024-01-12: het kan niet meer vernieuwd worden, vraag een nieuw certificaat aan [cert-expired]"
out_has "niet ok: CBE 0809394427 (EHEALTH-PLATFORM): 1 fout, 0 waarschuwingen"
# JSON: the keys, ids and severities are not translated, the messages are
run 1 in_locale nl_BE.UTF-8 "$COT" cert check "$IAM" --format json
expect_json 'd["check"]["findings"][0]["id"]' cert-expired
expect_json 'd["check"]["findings"][0]["severity"]' error
expect_json 'd["check"]["findings"][0]["message"]' \
	"vervallen op 2024-01-12: het kan niet meer vernieuwd worden, vraag een nieuw certificaat aan"
expect_json 'd["check"]["revocation"]["status"]' not-checked
expect_json 'd["check"]["revocation"]["why"]' "het certificaat is nu niet geldig"
expect_json 'd["state"]' expired
# the C locale speaks English
run 1 in_locale C "$COT" cert check "$IAM"
out_has ": error: expired on 2024-01-12: it cannot be renewed, request a new certificate [cert-expired]"
out_has "not ok: CBE 0809394427 (EHEALTH-PLATFORM): 1 error, 0 warnings"
# errors of the library: a file that is no certificate, a password variable not set
echo "not a certificate" >junk.pem
run 2 in_locale fr_BE.UTF-8 "$COT" cert show junk.pem
err_has "'junk.pem' n'est ni un certificat ni un magasin de clés (PEM, DER ou PKCS#12)"
run 2 in_locale nl_BE.UTF-8 "$COT" cert show "$PKI/modern.p12" --password-env COT_NO_SUCH_VAR
err_has "de omgevingsvariabele 'COT_NO_SUCH_VAR' is niet ingesteld"
run 2 in_locale nl_BE.UTF-8 "$COT" cert show "$PKI/modern.p12" --password-env KS_PASSWORD \
	--password-file x
err_has "geef het wachtwoord met --password-file of met --password-env, niet beide"

# ---- a Dutch project: cot cert request, import, check ----
lang_project nl nl
run 0 "$COT" -C nl cert request --date 2021-01-04
out_has "'cert-requested' genoteerd op 2021-01-04 (production-certificaat)"
out_has "Volgende stap: wanneer eHealth het levert (tot 10 dagen), 'cot cert import BESTAND'"
COT_NOW=2022-06-01 run 0 "$COT" -C nl cert import "$IAM" --date 2021-01-12
out_has "Certificaat van EHEALTH-PLATFORM geïmporteerd (CBE 0809394427)"
out_has "  de keten is geverifieerd tot de vertrouwensankers van cot.yaml"
out_has "'cert-received' genoteerd op 2021-01-12"
# the journal is a record: its step ids and keys are the same in every language
check "the journal names cert-received" grep -q '"step": *"cert-received"' nl/.cot/journal
COT_NOW=2022-06-01 run 0 "$COT" -C nl cert check --no-revocation
out_has "ok: CBE 0809394427 (EHEALTH-PLATFORM) is geldig tot 2024-01-12 ("
out_has " dagen); het vernieuwingsvenster gaat open op 2023-10-14"
out_has "opmerking: intrekking niet gecontroleerd: --no-revocation [cert-revocation]"
# --lang overrides the project's language
COT_NOW=2022-06-01 run 0 "$COT" --lang fr -C nl cert check --no-revocation
out_has "ok : CBE 0809394427 (EHEALTH-PLATFORM) est valable jusqu'au 2024-01-12 (encore "
COT_NOW=2022-06-01 run 0 "$COT" --lang en -C nl cert check --no-revocation
out_has "ok: CBE 0809394427 (EHEALTH-PLATFORM) is valid until 2024-01-12 ("
# the help of a verb, its usage line as it is
run 0 "$COT" --lang nl cert check --help
out_has ": cot cert check [FILE] [--warn-days N]"
out_has "  --warn-days N     exit 1 als het binnen N dagen vervalt"

# ---- cot bundle in a Dutch project of the test PKI's organisation ----
"$COT" init bnl --name "Maison Sainte-Elisabeth" --kbo 0403019261 --route vitalink --lang nl \
	>/dev/null 2>&1 || bad "cannot create project bnl"
cp "$PKI/root.pem" bnl/test-root.pem
sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
	-e 's|^  environment: "production"$|&\n  trust:\n    - "test-root.pem"|' bnl/cot.yaml
run 2 "$COT" -C bnl bundle
err_has "geef --keystore BESTAND (de eHealth-keystore van de organisatie, .p12 of .acc-p12)"
run 2 "$COT" -C bnl bundle --unsigned -o review.asice
err_has "de naam van een niet-ondertekende bundel moet dat zeggen: zet er 'unsigned' in"
run 1 "$COT" -C bnl bundle "${SIGN[@]}"
err_has "route vitalink vereist het BelRAI-contract ondertekend door de organisatie: zet het in documents/belrai-contract.pdf of noteer het met 'cot done contract-signed --file BESTAND'"
err_has "; het Vitalink-contract: zet het in documents/vitalink-contract.pdf"
pdf bnl/documents/belrai-contract.pdf "BelRAI contract"
pdf bnl/documents/vitalink-contract.pdf "Vitalink contract"
run 0 "$COT" -C bnl bundle --unsigned -o out/review-unsigned.asice
out_has "out/review-unsigned.asice gemaakt: "
out_has " items, "
out_has " bytes"
out_has "NIET ONDERTEKEND: een kopie ter nazicht, geen indiening"
run 0 "$COT" -v -C bnl bundle "${SIGN[@]}" --date "$now" -o out/signed.asice
out_has "Ondertekend voor CBE=0403019261, "
err_has "cot: geen TSA ingesteld (signature: tsa: in cot.yaml, of --tsa URL): de handtekening is B-B, zonder tijdstempel"
# a decimal comma in the time it took
if grep -Eq "bytes aan documenten gehasht en geschreven in één doorgang in [0-9]+,[0-9]{2} s" "$ERR"; then
	ok
else
	bad "no Dutch decimal comma: $(grep gehasht "$ERR")"
fi
# the same bundle in French (--lang) and in English (the C locale): the same bytes
mv bnl/out/signed.asice nl.asice || bad "no signed bundle"
run 0 "$COT" --lang fr -C bnl bundle "${SIGN[@]}" --date "$now" -o out/signed.asice
out_has "Signé pour CBE=0403019261, "
err_has "cot : aucune TSA configurée"
same nl.asice bnl/out/signed.asice
run 0 "$COT" --lang en -C bnl bundle "${SIGN[@]}" --date "$now" -o out/signed.asice
out_has "Signed for CBE=0403019261, "
same nl.asice bnl/out/signed.asice

# ---- cot countersign, outside a project ----
run 2 in_locale fr_BE.UTF-8 "$COT" countersign
err_has "quel paquet ?"
run 2 in_locale fr_BE.UTF-8 "$COT" countersign nl.asice
err_has "donnez --keystore FICHIER (le magasin de clés PKCS#12 du SPF)"
run 2 in_locale nl_BE.UTF-8 "$COT" countersign nl.asice --keystore "$PKI/good.pem"
err_has "'$PKI/good.pem' is geen PKCS#12-keystore (.p12)"
run 0 in_locale fr_BE.UTF-8 "$COT" countersign --help
out_has "Contre-signer un paquet qui passe (par le SPF) : le conteneur renvoyé."
out_has "  --keystore FILE   le magasin de clés PKCS#12 du SPF ; la clé ne quitte jamais"
run 0 in_locale C "$COT" countersign --help
out_has "Countersign a bundle that passes (the FOD's): the returned container."
finish
