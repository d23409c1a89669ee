#!/usr/bin/env bash
# cot verify in Dutch and French: --lang, the project's lang, LANG and LANGUAGE outside a project;
# check ids, ETSI indications and JSON keys stay as they are; with LANG=C the English stays.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
PKI=$WORK/pki
if ! bash "$SRCDIR/tests/pki/mkpki.sh" "$PKI" >/dev/null 2>&1; then
	bad "tests/pki/mkpki.sh failed"
	finish
	exit 1
fi
export KS_PASSWORD=Test_001
# set_trust DIR PEM: the project's only trust anchor is PEM (as test-verify.sh).
set_trust() {
	sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
		-e "s|^  environment: \"production\"\$|&\n  trust:\n    - \"$2\"|" "$1/cot.yaml"
	grep -qF "    - \"$2\"" "$1/cot.yaml" || bad "cannot set the trust anchor of $1"
}
pdf() { printf '%%PDF-1.4\n%% %s\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' "$2" >"$1"; }
# cot with the environment of a person: no LC_ALL (lib.sh sets C.UTF-8), the given variables.
person() { env -u LC_ALL -u LANGUAGE -u LC_MESSAGES "$@"; }

# A Dutch project (cot init's default language is given explicitly) and its signed bundle.
"$COT" init vl --name "Maison Sainte-Elisabeth" --kbo 0403019261 --route vitalink \
	--lang nl >/dev/null || bad "cannot init vl"
set_trust vl "$PKI/root.pem"
pdf vl/documents/belrai-contract.pdf "BelRAI contract"
pdf vl/documents/vitalink-contract.pdf "Vitalink contract"
"$COT" -C vl bundle --keystore "$PKI/ehealth.acc-p12" --password-env KS_PASSWORD \
	-o "$WORK/G.asice" >/dev/null || bad "cannot build G.asice"
"$COT" -C vl bundle --unsigned -o "$WORK/U-unsigned.asice" >/dev/null || bad "cannot build U-unsigned.asice"
# An archive with one entry: the counts in the singular.
python3 -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],"w"); z.writestr("mimetype","x"); z.close()' \
	one.zip || bad "cannot make one.zip"
T=(--trust "$PKI/root.pem")

# --- English: LANG=C, and no variable at all ---------------------------------------------------
run 0 person LANG=C "$COT" -v verify "${T[@]}" G.asice
out_has "G.asice: TOTAL-PASSED"
out_has "G.asice: passed: a detached CMS SignedData with its signer, signature algorithm SHA-256 with RSA [signature-format]"
out_has "G.asice: passed: RSA 2048-bit key and SHA-256 digest, as cot's policy requires; every CA signature uses an accepted digest [signature-policy]"
out_has "  signature META-INF/signature001.p7s, B-B: TOTAL-PASSED"
out_has "    proof of existence "
out_lacks "rsaEncryption"
run 0 "$COT" -v verify "${T[@]}" G.asice
out_has "signature algorithm SHA-256 with RSA [signature-format]"

# --- Dutch: inside the Dutch project, without --lang -----------------------------------------------
(cd vl && person LANG=C "$COT" -v verify --trust "$PKI/root.pem" ../G.asice >"$OUT" 2>"$ERR")
check "verify in the Dutch project exits 0" test $? = 0
out_has "../G.asice: TOTAL-PASSED"
out_has "../G.asice: geslaagd: een losse CMS SignedData met de ondertekenaar, handtekeningalgoritme SHA-256 met RSA [signature-format]"
out_has "RSA-sleutel van 2048 bits en SHA-256-digest"
out_has "  handtekening META-INF/signature001.p7s, B-B: TOTAL-PASSED"
out_has "    bewijs van bestaan "
out_has "(het validatietijdstip)"
out_has "  organisatie Maison Sainte-Elisabeth, KBO 0403019261, route vitalink, gemaakt op "
out_lacks "passed:"
# --lang wins over the project's
(cd vl && person LANG=C "$COT" --lang en -v verify --trust "$PKI/root.pem" ../G.asice >"$OUT" 2>"$ERR")
out_has "passed: a detached CMS SignedData"
out_lacks "geslaagd"

# --- French with --lang, outside a project ---------------------------------------------------
run 1 "$COT" --lang fr verify U-unsigned.asice
out_has "U-unsigned.asice: INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND"
out_has "U-unsigned.asice : indéterminé : il n'y a pas de signature 'META-INF/signature001.p7s' : un conteneur non signé (pour relecture, pas un envoi) [signature-present]"
run 1 "$COT" --lang fr -v verify one.zip
out_has "one.zip : erreur : il n'y a pas de META-INF/ASiCManifest.xml [container-manifest]"
out_has "1 entrée, "
out_has "aucune dans 1 entrée [private-keys]"
run 0 "$COT" --lang fr -v verify "${T[@]}" G.asice
out_has "aucune dans 6 entrées [private-keys]"
out_has "réussi : clé RSA de 2048 bits et empreinte SHA-256"
out_has "  organisation Maison Sainte-Elisabeth, BCE 0403019261, route vitalink, créé le "

# --- the environment outside a project: LANG, then LANGUAGE ----------------------------------------
run 1 person LANG=fr_BE.UTF-8 "$COT" verify U-unsigned.asice
out_has "U-unsigned.asice : indéterminé : il n'y a pas de signature"
run 1 person LANG=fr_BE.UTF-8 LANGUAGE=nl "$COT" verify U-unsigned.asice
out_has "U-unsigned.asice: onbeslist: er is geen handtekening 'META-INF/signature001.p7s': een niet-ondertekende container (ter nazicht, geen indiening) [signature-present]"
run 1 person LANG=nl_BE.UTF-8 "$COT" verify U-unsigned.asice
out_has "U-unsigned.asice: onbeslist: er is geen handtekening"
run 1 person LANG=C LANGUAGE=nl "$COT" verify U-unsigned.asice
out_has "U-unsigned.asice: indeterminate: there is no signature"

# --- errors, usage and --help ---------------------------------------------------------------
run 2 "$COT" --lang nl verify
err_has "welke bundels? geef een of meer bestanden"
run 2 "$COT" --lang fr verify --at yesterday G.asice
err_has "--at attend une date (AAAA-MM-JJ) ou une heure UTC (AAAA-MM-JJTHH:MM:SSZ), pas 'yesterday'"
run 2 "$COT" --lang fr verify missing.asice
out_has "impossible de lire 'missing.asice'"
run 0 "$COT" --lang fr verify --help
out_has ": cot verify BUNDLE... [--trust PEM...]"
out_has "  PAQUET            conteneurs ASiC-E à vérifier (de cot ou d'autres outils)"
out_has "  --tsa-trust PEM   une ancre de confiance pour les autorités d'horodatage (PEM"
run 0 "$COT" --lang nl verify --help
out_has "  -o, --output FILE het rapport naar FILE schrijven in plaats van"
# the table of options, in characters (awk counts bytes): as wide as the English one
widest() { python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1]) if l[0] == " "))' "$1"; }
check "the Dutch --help table fits 82 columns" test "$(widest "$OUT")" -le 82
run 0 "$COT" --lang fr verify --help
check "the French --help table fits 82 columns" test "$(widest "$OUT")" -le 82

# --- reports: the text for people translated, what machines read not -----------------------------
run 1 "$COT" --lang fr --format json verify U-unsigned.asice G.asice
check "json is valid" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT"
out_has '"schema": "cot.verify/1"'
out_has '"indication": "INDETERMINATE"'
out_has '"id": "signature-present"'
out_has '"status": "indeterminate"'
out_has '"subindication": "NO_SIGNING_CERTIFICATE_FOUND"'
out_has "il n'y a pas de signature 'META-INF/signature001.p7s'"
out_has '"poe_source": "the validation time"'
run 1 "$COT" --lang nl --format junit verify U-unsigned.asice
out_has '<testcase classname="cot.verify" name="signature-present">'
out_has 'message="INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND"'
out_has "er is geen handtekening"
run 0 "$COT" --lang nl --format html verify -o G.html "${T[@]}" G.asice
check "the HTML report is written" test -s G.html
grep -qF '<html lang="nl">' G.html && ok || bad "the HTML report is not lang nl"
grep -qF 'cot verify: 1 van 1 bundel TOTAL-PASSED' G.html && ok || bad "the HTML heading is not Dutch"
grep -qF '<td class="passed">geslaagd</td>' G.html && ok || bad "the HTML status is not Dutch"
grep -qF '<code>signature-format</code>' G.html && ok || bad "the HTML lost a check id"
grep -qF 'Oordelen in de termen van ETSI EN 319 102-1.' G.html && ok || bad "the HTML prose is not Dutch"
run 0 "$COT" --lang fr --format etsi verify "${T[@]}" G.asice
out_has "urn:etsi:019102:mainindication:total-passed"
out_lacks "réussi"

finish
