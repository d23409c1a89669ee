#!/usr/bin/env bash
# A software vendor's project: init, its own procedure through status and done, and refusals.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-06-01

# --- init ---------------------------------------------------------------------------------
run 2 "$COT" init v --kind vendor --name "Zorgsoft NV" --kbo 0809394427
err_has "a software vendor's project needs --product, --product-version"
run 2 "$COT" init v --kind vendor --name "Zorgsoft NV" --kbo 0809394427 --product CareSoft
err_has "needs --product-version"
run 2 "$COT" init v --kind vendor --name "Zorgsoft NV" --kbo 0809394427 --route direct \
	--product CareSoft --product-version 4.2
err_has "has no route: leave out '--route'"
run 2 "$COT" init o --name "WZC" --kbo 0809394427 --route direct --product CareSoft
err_has "'--product' is for a software vendor's project"
run 2 "$COT" init v --kind vendor --name "Zorgsoft NV" --kbo 0809394427 --product "" \
	--product-version 4.2
err_has "non-empty UTF-8 text"
check "refused inits leave nothing" test ! -e v -a ! -e o
run 0 "$COT" init v --kind vendor --name "Zorgsoft NV" --kbo 0809394427 --product CareSoft \
	--product-version 4.2
out_has "Created the cot project of software vendor Zorgsoft NV (KBO 0809.394.427, CareSoft 4.2)"
out_has "Next: answer the vendor requirements in checklist.yaml"
check "samples/ made" test -d v/samples
check "screenshots/ made" test -d v/screenshots
check "cot.yaml names the product" grep -qE '^  product: "?CareSoft"?$' v/cot.yaml
check "cot.yaml names the version" grep -qE '^  product-version: "?4.2"?$' v/cot.yaml
check "cot.yaml has no route" sh -c '! grep -q "route:" v/cot.yaml'
check "the answers file holds the vendor requirements" grep -q '^  SW-03:$' v/checklist.yaml
check "and not the organisation's" sh -c '! grep -q "^  GOV-01:$" v/checklist.yaml'
new_project o direct
check "an organisation has no samples/" test ! -e o/samples

# --- cot.yaml stays strict ----------------------------------------------------------------
cp -r v bad && sed -i 's/^  kind: vendor/  route: direct\n  kind: vendor/' bad/cot.yaml
run 2 "$COT" -C bad status
err_has "has no 'route': remove it"
cp -r v bad2 && sed -i '/^  product: /d' bad2/cot.yaml
run 2 "$COT" -C bad2 status
err_has "'product'"
cp -r o bad3 && sed -i 's/^  kind: organisation/  kind: organisation\n  product: X/' bad3/cot.yaml
run 2 "$COT" -C bad3 status
err_has "'product' is for a software vendor's project (kind: vendor)"

# --- status and done, step by step --------------------------------------------------------
status_next() { # STEP TEXT: status names STEP as next, with TEXT
	run 0 "$COT" -C v status
	out_has "software vendor, product CareSoft 4.2, language"
	out_has "--> $1"
	out_has "$2"
	out_lacks "route direct"
	run 0 "$COT" -C v status --format json
	check "json next is $1" python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
assert o["next"]["step"] == sys.argv[2], o["next"]
assert o["organisation"]["kind"] == "vendor" and o["organisation"]["route"] is None
assert o["organisation"]["product"] == "CareSoft" and o["organisation"]["product_version"] == "4.2"
assert [s["id"] for s in o["steps"]] == ["request-sent", "fod-validated", "acceptance-tested", "demo-held", "production-access"]
' "$OUT" "$1"
}
status_next request-sent "Next: the checklist is not ready, 8 errors: run 'cot check' (first: checklist.yaml:25"
schema="$SRCDIR/doc/schemas/cot.status-1.schema.json"
run 0 "$COT" -C v status --format json
check "vendor status valid against cot.status/1" python3 -c '
import json, sys, jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[2]))).validate(json.load(open(sys.argv[1])))
' "$OUT" "$schema"

# The steps in order: each refused before its predecessor, then recorded.
run 1 "$COT" -C v done fod-validated
err_has "step 'fod-validated' needs what comes before it: request-sent is not done"
run 0 "$COT" -C v done request-sent --date 2026-05-04
status_next fod-validated "acceptance environment (test.belrai.org)"
run 0 "$COT" -C v status
out_has "Elapsed: 28 days"
run 1 "$COT" -C v done demo-held
err_has "fod-validated, acceptance-tested are not done"
run 0 "$COT" -C v done fod-validated --ref FOD-2026-17 --date 2026-05-10
status_next acceptance-tested "visible on test.belrai.org"
run 0 "$COT" -C v done acceptance-tested --date 2026-05-20
status_next demo-held "demonstrate the software to the FOD"
run 0 "$COT" -C v done demo-held --date 2026-05-25
status_next production-access "grant production access"
run 0 "$COT" -C v done production-access --ref PROD-1
run 0 "$COT" -C v status
out_has "Next: nothing: the software has production access to the BelRAI web service"
out_has "[x] production-access"
run 0 "$COT" -C v status --format json
check "json: complete, no next" python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
assert o["complete"] is True and o["next"] is None
' "$OUT"

# Corrections as for organisations.
run 1 "$COT" -C v done demo-held --revoke --note "wrong date"
err_has "cannot be revoked while 'production-access'"
run 0 "$COT" -C v done production-access --revoke --note "not yet"
run 0 "$COT" -C v status
out_has "--> production-access"

# --- the other kind's steps are refused ---------------------------------------------------
j=v/.cot/journal
before=$(sha256sum "$j")
for s in cert-requested submitted whitelisted vitalink-requested; do
	run 2 "$COT" -C v done "$s"
	err_has "step '$s' is an organisation's; this is a vendor project, whose steps are: request-sent, fod-validated"
done
run 2 "$COT" -C v done checklist-complete
err_has "is an organisation's"
run 2 "$COT" -C v done nonsense
err_has "unknown step 'nonsense'; the steps of a vendor project are: request-sent"
check "refusals leave the vendor's journal alone" test "$before" = "$(sha256sum "$j")"
before=$(sha256sum o/.cot/journal)
for s in request-sent acceptance-tested demo-held production-access; do
	run 2 "$COT" -C o done "$s"
	err_has "step '$s' is a software vendor's; this project is an organisation's, on route direct"
done
check "refusals leave the organisation's journal alone" test "$before" = "$(sha256sum o/.cot/journal)"
run 0 "$COT" -C o status
out_has "route direct, organisation, language"
out_has "--> cert-requested"

# --- cot check over samples/ and screenshots/ ---------------------------------------------
GOOD=$SRCDIR/tests/fixtures/kmehr/belrai-report.xml
cd v
run 1 "$COT" check
out_has "samples: error: no KMEHR sample message in 'samples/'"
out_has "[vendor-samples-none]"
out_has "screenshots: error: no screenshot or design in 'screenshots/'"
out_has "[vendor-screenshots-none]"
out_has "no KMEHR schemas configured (cot.yaml 'kmehr: schemas:')"
cp "$GOOD" samples/report.xml
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >screenshots/screen.png
printf '%%PDF-1.4\n%%%%EOF\n' >screenshots/design.pdf
run 1 "$COT" check
out_lacks "[vendor-samples-none]"
out_lacks "[vendor-screenshots-none]"
out_lacks "[vendor-screenshot-"
out_lacks "samples/report.xml"
out_has "[vendor-samples-schema]"
# By content, not by name: a JPEG called .png, a text file, a JPEG called .jpeg is fine.
printf '\xff\xd8\xff\xe0\0\x10JFIF' >screenshots/photo.png
printf '\xff\xd8\xff\xe0\0\x10JFIF' >screenshots/photo2.jpeg
echo "just text" >screenshots/notes.pdf
echo "todo" >samples/README
sed 's/belrai-report/other-report/' "$GOOD" >samples/wrong.xml
printf '<?xml version="1.0"?>\n<!DOCTYPE k [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<kmehrmessage>&x;</kmehrmessage>\n' >samples/xxe.xml
ln -s /etc/passwd screenshots/link.png
run 1 "$COT" check
out_has "screenshots/photo.png: error: 'screenshots/photo.png' holds a JPEG file but its name says PNG [vendor-screenshot-mismatch]"
out_has "screenshots/notes.pdf: error: 'screenshots/notes.pdf' is not a PNG, JPEG or PDF file by its content [vendor-screenshot-type]"
out_lacks "photo2.jpeg"
out_has "screenshots/link.png: warning: 'screenshots/link.png' is not a regular file"
out_has "samples/README: warning: 'samples/README' is not a KMEHR sample (*.xml)"
out_has "samples/wrong.xml:"
out_has "[kmehr-transaction]"
out_has "samples/xxe.xml:"
out_lacks "root:"
run 1 "$COT" check --format json
check "json findings carry the vendor rules" python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
rules = {f["rule"] for f in o["findings"]}
assert {"vendor-screenshot-mismatch", "vendor-screenshot-type", "kmehr-transaction"} <= rules, rules
' "$OUT"
rm screenshots/photo.png screenshots/notes.pdf screenshots/link.png samples/wrong.xml samples/xxe.xml samples/README
# A schemas folder that is not there: one warning naming the key, the samples still checked.
printf '\nkmehr:\n  schemas: no-such-dir\n' >>cot.yaml
run 1 "$COT" check
out_has "the KMEHR schemas of cot.yaml 'kmehr: schemas:' cannot be used"
out_lacks "[vendor-samples-none]"
# With eHealth's XSD (COT_REFERENCE): the good sample is valid, a broken one is not.
XSD=${COT_REFERENCE:-/nonexistent}/kmehr-1.32
if [ -d "$XSD" ]; then
	sed -i "s|schemas: no-such-dir|schemas: $XSD|" cot.yaml
	run 1 "$COT" check
	out_lacks "[vendor-samples-schema]"
	out_lacks "samples/report.xml"
	sed 's|<date>2026-07-01</date>|<date>yesterday</date>|' "$GOOD" >samples/invalid.xml
	run 1 "$COT" check
	out_has "samples/invalid.xml:"
else
	echo "no $XSD (COT_REFERENCE): the samples' schema validation is not tested here"
fi
cd ..
# An organisation's cot check knows nothing of samples/.
run 1 "$COT" -C o check
out_lacks "[vendor-"

# --- completion of cot done: the vendor's steps in its project, all of them outside one ----------
run 0 "$COT" -C v help --steps
check "a vendor project completes its own steps" test "$(tr '\n' ' ' <"$OUT")" = \
	"request-sent fod-validated acceptance-tested demo-held production-access "
run 0 "$COT" help --steps
out_has "demo-held"
out_has "registered"

# --- cot demo --vendor: the whole vendor track on sample data, nothing on stderr --------------
run 0 "$COT" demo --vendor "$WORK/dv"
out_has "cot demo: a sample software vendor goes through the recognition of its software"
out_has "$ cot init $WORK/dv --kind vendor --name 'ZorgSoft NV' --kbo 0809394427 --product CareSoft --product-version 4.2"
out_has "samples are checked by the BelRAI rules only"
out_has "READY for submission: 8 of 8"
out_has "Signed for CBE=0809394427, ZORGSOFT NV"
out_has "Once you have sent it: cot done request-sent"
out_lacks "Certificate:"
out_lacks "does not submit it"
out_has "$ cot -C $WORK/dv done production-access"
out_has "Next: nothing: the software has production access to the BelRAI web service"
out_lacks "Whitelist:"
check "the demo writes nothing to standard error" test ! -s "$ERR"
check "the demo's sample is there" test -s dv/samples/belrai-report.xml
check "the demo's request is signed" compgen -G "dv/out/0809394427-*.asice"
check "the demo's request is a message for a mail client" grep -q '^To: <circleoftrust@belrai.org>' dv/out/request.eml
run 2 "$COT" demo --vendor "$WORK/dv"
err_has "exists already"

finish
