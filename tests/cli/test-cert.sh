#!/usr/bin/env bash
# cot cert: request, import, show, check and status on a generated PKI and real eHealth
# certificates; refusals leave the project unchanged; no key or password is ever stored.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
PY=/usr/bin/python3
PKI=$WORK/pki
PW=Test_001
ORG_KBO=0403019261
CERTS=$SRCDIR/tests/fixtures/certs
IAM=$CERTS/example_org_cert_CBE0809394427_IAM_prod_2021.pem
EHP=$CERTS/example_org_cert_VITALINKGATEWAY_EHP1990001916_prod_2020.pem
if ! bash "$SRCDIR/tests/pki/mkpki.sh" "$PKI" >/dev/null 2>&1; then
	bad "tests/pki/mkpki.sh failed"
	finish
	exit 1
fi
pki_keys keys.pem

jget() { $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$OUT" "$1"; }
expect_json() { # PY-EXPR EXPECTED
	local got
	got=$(jget "$1")
	if [ "$got" = "$2" ]; then ok; else bad "json $1 = '$got', expected '$2'"; fi
}
# org_project DIR: a project of the test PKI's organisation that trusts the test root CA.
org_project() {
	"$COT" init "$1" --name "Maison Sainte-Elisabeth" --kbo "$ORG_KBO" --nihii 71089815 \
		--route direct >/dev/null 2>&1 || bad "cannot create project $1"
	cp "$PKI/ca-chain.pem" "$1/test-ca.pem"
	sed -i 's|^    - "ehealth-production"$|    - "test-ca.pem"|' "$1/cot.yaml"
	grep -q '"test-ca.pem"' "$1/cot.yaml" || bad "cannot set the trust anchor of $1"
}
# clean DIR [KEYSTORE]: no key material, no password, no copy of the keystore under DIR.
clean() {
	if $PY "$SRCDIR/tests/cli/no-key-material.py" "$1" keys.pem "$PW" ${2:+"$2"} >nokey.out; then
		ok
	else
		bad "key material under $1: $(head -3 nokey.out | tr '\n' ' ')"
	fi
}
stored() { ls "$1"/.cot/certs/*.pem 2>/dev/null | wc -l; }

# ---- the command and its verbs ----
run 0 "$COT" help --verbs cert
check "four verbs" test "$(tr '\n' ' ' <"$OUT")" = "request import show check "
run 2 "$COT" cert
run 2 "$COT" cert frobnicate
err_has "has no verb 'frobnicate'"
run 0 "$COT" cert import --help
out_has "--password-file"

# ---- the real eHealth certificates, outside any project ----
run 0 "$COT" cert show "$IAM"
out_has "identifier       CBE 0809394427"
out_has "organisation     EHEALTH-PLATFORM"
out_has "application      IAM"
out_has "2024-01-12T10:43:37Z: expired"
out_has "SHA-256          4F:F5:16:BC:03:AC:96:60:AB:C3:BE:00:EB:22:DE:69:AE:AE:07:39:BD:6E:0B:CF:47:15:82:53:B1:61:A3:A2"
out_has "key usage        digitalSignature, nonRepudiation, keyEncipherment"
out_has "extended usage   clientAuth, emailProtection"
run 0 "$COT" cert show "$EHP"
out_has "identifier       EHP 1990001916"
out_has "organisation     VLAAMS AGENTSCHAP ZORG EN GEZONDHEID"
out_has "application      VITALINKGATEWAY"
out_has ": expired"
run 0 "$COT" cert show "$EHP" --format json
expect_json 'd["schema"]' cot.cert/1
expect_json 'd["identifier"]["type"]' EHP
expect_json 'd["identifier"]["value"]' 1990001916
expect_json 'd["state"]' expired
run 0 "$COT" --format json cert show "$IAM"
expect_json 'd["identifier"]["value"]' 0809394427
expect_json 'd["identifier"]["kind"]' cbe
expect_json 'd["key"]["bits"]' 2048
expect_json 'd["days_left"] < 0' True
run 1 "$COT" cert check "$IAM"
out_has "error: expired on 2024-01-12: it cannot be renewed, request a new certificate [cert-expired]"
out_has "note: organisation not checked: not in a cot project"
run 1 "$COT" cert check "$EHP"
out_has "expired on 2023-06-24"
# COT_NOW pins the behaviour at chosen dates.
COT_NOW=2022-06-01 run 0 "$COT" cert check "$IAM"
out_has "ok: CBE 0809394427 (EHEALTH-PLATFORM) is valid until 2024-01-12"
COT_NOW=2023-12-01 run 1 "$COT" cert check "$IAM"
out_has "renew now: the renewal window opened on 2023-10-14, it closes on 2024-01-12"
COT_NOW=2023-12-01 run 0 "$COT" cert check "$IAM" --warn-days 0
COT_NOW=2023-08-01 run 1 "$COT" cert check "$IAM" --warn-days 180
out_has "the renewal window opens on 2023-10-14"
COT_NOW=2020-06-01 run 1 "$COT" cert check "$IAM"
out_has "not valid before 2021-01-11 [cert-not-yet-valid]"
run 2 "$COT" cert check "$IAM" --warn-days soon
run 2 "$COT" cert check "$IAM" --format junit
run 2 "$COT" cert show
err_has "not in a cot project"
# A hostile subject cannot drive the terminal: its control characters never reach it.
openssl req -x509 -newkey rsa:2048 -nodes -keyout evil.key -days 30 -utf8 -out evil.pem \
	-subj $'/C=BE/OU=CBE=0403019261/OU=EVIL\e[2J\e[31mNAME/CN=CBE=0403019261' 2>/dev/null ||
	bad "cannot make evil.pem"
run 0 "$COT" cert show evil.pem
out_has "the subject holds an attribute with a control character"
if grep -q $'\e' "$OUT" "$ERR"; then bad "an escape character reached the terminal"; else ok; fi
run 1 "$COT" cert check evil.pem
if grep -q $'\e' "$OUT" "$ERR"; then bad "an escape character reached the terminal"; else ok; fi
rm -f evil.key

# ---- a real certificate in its own organisation's project, chain to the shipped anchors ----
new_project iam   # KBO 0809394427; cot init trusts ehealth-production
check "cot init trusts the eHealth production CAs" grep -q '"ehealth-production"' iam/cot.yaml
run 0 "$COT" -C iam status --format json
expect_json 'd["certificate"]' None
run 0 "$COT" -C iam cert request --date 2021-01-04 --ref "REQ 2021/7"
out_has "Recorded 'cert-requested' on 2021-01-04 (production certificate)"
COT_NOW=2022-06-01 run 0 "$COT" -C iam cert import "$IAM" --date 2021-01-12
out_has "its chain verifies to the trust anchors of cot.yaml"
out_has "Recorded 'cert-received' on 2021-01-12"
# its CA's responders are not asked here (no network in CI): test-revoc.sh does that
COT_NOW=2022-06-01 run 0 "$COT" -C iam cert check --no-revocation --format json
expect_json 'd["check"]["revocation"]["status"]' not-checked
expect_json 'd["check"]["chain"]["result"]' verified
expect_json 'd["check"]["chain"]["anchors"]' 2
expect_json 'd["check"]["ok"]' True
run 1 "$COT" -C iam cert check
out_has "expired on 2024-01-12"
run 0 "$COT" -C iam status
out_has "Certificate: CBE=0809394427 EHEALTH-PLATFORM, expired on 2024-01-12: it cannot be renewed, request a new certificate"
run 0 "$COT" -C iam status --format json
expect_json 'd["certificate"]["state"]' expired
expect_json 'd["certificate"]["identifier"]' CBE=0809394427
expect_json 'd["certificate"]["sha256"]' 4ff516bc03ac9660abc3be00eb22de69aeae0739bd6e0bcf47158253b161a3a2
# The acceptance CAs do not issue production certificates.
sed -i 's|"ehealth-production"|"ehealth-acceptance"|' iam/cot.yaml
COT_NOW=2022-06-01 run 1 "$COT" -C iam cert check
out_has "the certificate chain does not verify: unable to get local issuer certificate"
out_has "[cert-chain]"

# ---- importing every kind of file of the test PKI ----
n=0
for f in modern.p12 legacy.p12 ehealth.acc-p12 noname.p12 certsonly.p12 good.pem good.der \
	good-chain.pem good-with-key.pem app.pem nihii.pem; do
	n=$((n + 1))
	p=imp$n
	org_project $p
	run 0 "$COT" -C $p cert request
	run 0 "$COT" -C $p cert import "$PKI/$f" --password-file "$PKI/password.txt"
	out_has "Recorded 'cert-received' on"
	check "$f: one file in .cot/certs" test "$(stored $p)" = 1
	case $f in
	*p12) clean $p "$PKI/$f" ;;
	*) clean $p ;;
	esac
done
# What is stored: the leaf and its chain, public, private files, named by the SHA-256.
sha=$(openssl x509 -in "$PKI/good.pem" -outform DER | sha256sum | cut -d' ' -f1)
pem=imp1/.cot/certs/$sha.pem
check "named by the leaf's SHA-256" test -f "$pem"
check "stored 0600" test "$(stat -c %a "$pem")" = 600
check ".cot/certs is 0700" test "$(stat -c %a imp1/.cot/certs)" = 700
check "leaf and two CAs" test "$(grep -c 'BEGIN CERTIFICATE' "$pem")" = 3
check "certificates only" test "$(grep -c 'BEGIN ' "$pem")" = 3
check "the leaf comes first" cmp -s <(openssl x509 -in "$pem" -outform DER) "$PKI/good.der"
check "journal: cert-received with the fingerprint" \
	grep -q "\"step\":\"cert-received\",\"date\":\"[0-9-]*\",\"sha256\":\"$sha\"" imp1/.cot/journal
check "journal: the subject" grep -q '"subject":"CN=CBE=0403019261,OU=eHealth-platform Belgium' imp1/.cot/journal
check "journal: the validity" grep -q '"not_after":"20[0-9-]*T[0-9:]*Z"' imp1/.cot/journal
run 0 "$COT" -C imp1 log --verify
# The keytool keystore: the authentication entry of two keys, the ETK left out.
run 0 "$COT" -C imp3 -v cert show
out_has "MAISON DE REPOS SAINTE-ELISABETH"
check "the ETK certificate is not stored" test "$(grep -c 'BEGIN CERTIFICATE' imp3/.cot/certs/*.pem)" = 3
export PW_VAR=$PW
run 0 "$COT" -C imp3 --format json cert show
expect_json '"keystore" in d' False
run 0 "$COT" -C imp3 --format json cert show "$PKI/ehealth.acc-p12" --password-env PW_VAR
expect_json 'd["keystore"]["entry"]' authentication
expect_json 'd["keystore"]["private_keys"]' 2
run 0 "$COT" -C imp10 cert show
out_has "application      COT_TEST-1"
run 0 "$COT" -C imp11 cert show
out_has "identifier       NIHII-HOSPITAL 71089815"
# The same certificate again changes nothing.
j=$(sha256sum imp1/.cot/journal)
run 0 "$COT" -C imp1 cert import "$PKI/good.der"
out_has "holds the project's current certificate already"
check "journal unchanged" test "$j" = "$(sha256sum imp1/.cot/journal)"

# ---- show, check and status of the project's certificate ----
run 0 "$COT" -C imp1 cert show
out_has ".cot/certs/$sha.pem (received on"
out_has "chain            CN=cot test issuing CA,serialNumber=001,O=cot test,C=BE"
run 0 "$COT" -C imp1 cert check
out_has "ok: CBE $ORG_KBO (MAISON DE REPOS SAINTE-ELISABETH) is valid until"
run 0 "$COT" -C imp1 -q cert check
check "-q: nothing on stdout" test ! -s "$OUT"
run 0 "$COT" -C imp1 cert check --format json
expect_json 'd["check"]["ok"]' True
expect_json 'd["check"]["organisation_checked"]' True
expect_json 'd["check"]["chain"]["result"]' verified
expect_json 'd["imported"]["received"] == d["imported"]["recorded"][:10]' True
run 0 "$COT" -C imp1 status
out_has "Certificate: CBE=$ORG_KBO MAISON DE REPOS SAINTE-ELISABETH, valid until"
out_has "[x] cert-received"
run 0 "$COT" -C imp1 --lang nl status
out_has "Certificaat: CBE=$ORG_KBO MAISON DE REPOS SAINTE-ELISABETH, geldig tot"
run 0 "$COT" -C imp1 status --format json
expect_json 'd["certificate"]["state"]' valid
expect_json 'd["certificate"]["file"]' ".cot/certs/$sha.pem"
expect_json 'd["certificate"]["renewal_requested"]' None
# A certificate checked later, in the renewal window and after expiry.
na=$(openssl x509 -in "$PKI/good.pem" -noout -enddate | cut -d= -f2)
COT_NOW=$(date -u -d "$na - 30 days" +%Y-%m-%d) run 1 "$COT" -C imp1 cert check
out_has "renew now: the renewal window opened on"
COT_NOW=$(date -u -d "$na - 30 days" +%Y-%m-%d) run 0 "$COT" -C imp1 status
out_has "renew now"
COT_NOW=$(date -u -d "$na + 1 day" +%Y-%m-%d) run 1 "$COT" -C imp1 -q cert check
check "-q: nothing on stdout when expired" test ! -s "$OUT"
err_has "expired on"

# ---- renewal: a second certificate of the organisation ----
run 0 "$COT" -C imp1 cert request --ref RENEW-1
out_has "Recorded the renewal request"
check "a renewal request is an event" grep -q '"event":"cert-renewal-requested"' imp1/.cot/journal
run 0 "$COT" -C imp1 status --format json
expect_json 'd["certificate"]["renewal_requested"] is not None' True
run 0 "$COT" -C imp1 cert import "$PKI/app.pem"
out_has "'cert-received' was recorded on"
out_has "recorded a 'cert-imported' event instead"
check "cert-imported in the journal" grep -q '"event":"cert-imported"' imp1/.cot/journal
check "two certificates stored" test "$(stored imp1)" = 2
run 0 "$COT" -C imp1 cert show
out_has "application      COT_TEST-1"
run 0 "$COT" -C imp1 status --format json
expect_json 'd["certificate"]["renewal_requested"]' None
run 0 "$COT" -C imp1 log --verify
clean imp1
# Revoking cert-received leaves no current certificate.
run 0 "$COT" -C imp2 done cert-received --revoke --note "wrong keystore"
run 1 "$COT" -C imp2 cert check
err_has "the project has no certificate yet"
run 0 "$COT" -C imp2 status --format json
expect_json 'd["certificate"]' None

# ---- refusals: a clear message naming the file, the exit code, the project unchanged ----
org_project r
run 0 "$COT" -C r cert request --date 2026-01-02
refused() { # CODE TEXT FILE [ARGS...]; NAMED=0: the message is about something else
	local code=$1 text=$2 file=$3 before
	shift 3
	before=$(snapshot r)
	run "$code" "$COT" -C r cert import "$file" "$@"
	err_has "$text"
	[ "${NAMED:-1}" = 1 ] && err_has "$file" # the message names the file read
	check "project unchanged after importing ${file##*/} $*" test "$before" = "$(snapshot r)"
}
refused 2 "is not a certificate or keystore (PEM, DER or PKCS#12)" "$PKI/garbage.bin"
refused 2 "is empty" "$PKI/empty.bin"
refused 2 "is truncated" "$PKI/truncated.der"
refused 2 "is truncated" "$PKI/truncated.p12" --password-file "$PKI/password.txt"
head -c 1000 "$PKI/good.pem" >half.pem
refused 2 "PEM block 1 is malformed" "$WORK/half.pem"
cat "$PKI/good.pem" "$PKI/other.pem" >two.pem
refused 2 "holds 2 end-entity certificates" "$WORK/two.pem"
refused 2 "none is named 'authentication' (found: " "$PKI/twokeys.p12" --password-file "$PKI/password.txt"
refused 2 "wrong password for" "$PKI/modern.p12" --password-file "$PKI/wrong-password.txt"
: >empty-pw && chmod 600 empty-pw
refused 2 "wrong password for" "$PKI/legacy.p12" --password-file "$WORK/empty-pw"
refused 2 "wrong password for" "$PKI/ehealth.acc-p12" --password-file "$WORK/empty-pw"
refused 2 "cannot read" "$WORK/no-such.pem"
refused 2 "not a regular file" "$WORK"
refused 1 "the certificate is for CBE 0566988259, the project is KBO $ORG_KBO" "$PKI/other.pem"
refused 1 "expired on" "$PKI/expired.pem"
refused 1 "not valid before" "$PKI/notyet.pem"
refused 1 "self-signed" "$PKI/self.pem"
refused 1 "RSA key of 1024 bits" "$PKI/weak.pem"
refused 1 "sha1WithRSAEncryption" "$PKI/sha1.pem"
refused 1 "lacks digitalSignature" "$PKI/noku.pem"
refused 1 "check digits 62, expected 61" "$PKI/badcheck.pem"
refused 1 "SSIN 79021802145, which cannot be matched" "$PKI/person.pem"
refused 1 "nothing was stored" "$PKI/other.pem"
cp "$PKI/password.txt" open-pw && chmod 644 open-pw
NAMED=0 refused 2 "can be read by every user" "$PKI/modern.p12" --password-file "$WORK/open-pw"
NAMED=0 refused 2 "not both" "$PKI/modern.p12" --password-file "$PKI/password.txt" --password-env PW_VAR
NAMED=0 refused 2 "the environment variable 'NO_SUCH_VAR' is not set" "$PKI/modern.p12" --password-env NO_SUCH_VAR
NAMED=0 refused 2 "which file?" --
NAMED=0 refused 2 "in the future" "$PKI/good.pem" --date 2999-01-01
NAMED=0 refused 2 "before the previous step" "$PKI/good.pem" --date 2025-12-31
# A group-readable password file works, with a warning.
cp "$PKI/password.txt" group-pw && chmod 640 group-pw
# Without the request recorded first: exit 1, told what to do.
org_project norq
before=$(snapshot norq)
run 1 "$COT" -C norq cert import "$PKI/good.pem"
err_has "record the request first with 'cot cert request"
check "nothing stored without the request" test "$before" = "$(snapshot norq)"
# The chain is checked against the configured anchors.
sed -i 's|"test-ca.pem"|"ehealth-production"|' r/cot.yaml
refused 1 "the certificate chain does not verify" "$PKI/good.pem"
# The root alone verifies a leaf that comes with its issuing CA, not a lone leaf.
cp "$PKI/root.pem" r/root-only.pem
sed -i 's|"ehealth-production"|"root-only.pem"|' r/cot.yaml
refused 1 "unable to get local issuer certificate" "$PKI/good.pem"
run 0 "$COT" -C r cert check "$PKI/good-chain.pem"
out_has "ok: CBE $ORG_KBO"
sed -i 's|"root-only.pem"|"ehealth-production"|' r/cot.yaml
sed -i 's|"ehealth-production"|"nope.pem"|' r/cot.yaml
NAMED=0 refused 2 "trust anchor 'nope.pem'" "$PKI/good.pem"
sed -i 's|"nope.pem"|"test-ca.pem"|' r/cot.yaml
# The lock: a live holder makes it exit 3, nothing written.
hold_lock r/.cot/lock
NAMED=0 refused 3 "is locked by another cot process" "$PKI/good.pem"
release_lock
# No anchors at all: the chain is not checked, and the output says so.
sed -i '/^  trust:$/d; /^    - "test-ca.pem"$/d' r/cot.yaml
run 0 "$COT" -C r cert import "$PKI/renew.pem" --password-file "$WORK/group-pw"
err_has "chain not checked: no trust anchors configured"
err_has "renew now: the renewal window opened on"
out_has "Recorded 'cert-received'"
run 1 "$COT" -C r cert check
out_has "[cert-renewal-window]"
clean r

# ---- passwords never show, even with -v ----
org_project v
run 0 "$COT" -C v cert request
for args in "-v cert import $PKI/ehealth.acc-p12 --password-file $PKI/password.txt" \
	"-v -v cert show $PKI/legacy.p12 --password-env PW_VAR" \
	"-v cert import $PKI/modern.p12 --password-file $PKI/wrong-password.txt" \
	"-v cert show $PKI/modern.p12 --password-env PW_VAR --format json"; do
	# shellcheck disable=SC2086
	"$COT" -C v $args >"$OUT" 2>"$ERR"
	if grep -q -e "$PW" -e not-the-password "$OUT" "$ERR"; then bad "password printed: $args"; else ok; fi
done
run 0 "$COT" -C v -v cert show "$PKI/ehealth.acc-p12" --password-env PW_VAR
err_has "entry 'authentication' of 2 private keys (not kept), 2 CA certificates"
clean v

# ---- the no-echo prompt, on a pseudo-terminal ----
org_project tty
run 0 "$COT" -C tty cert request
"$PY" "$SRCDIR/tests/cli/pty-run.py" type "$PW" -- "$COT" -C "$WORK/tty" cert import "$PKI/modern.p12" >"$OUT" 2>"$ERR"
expect_json 'd["prompted"]' True
expect_json 'd["echo_while_asking"]' False
expect_json 'd["echo_after"]' True
expect_json 'd.get("rc")' 0
expect_json '"'"$PW"'" in d["screen"]' False
expect_json '"Recorded '"'"'cert-received'"'"'" in d["screen"]' True
before=$(snapshot tty)
"$PY" "$SRCDIR/tests/cli/pty-run.py" int "Test_0" -- "$COT" -C "$WORK/tty" cert show "$PKI/legacy.p12" >"$OUT" 2>"$ERR"
expect_json 'd["prompted"]' True
expect_json 'd.get("signal")' 2
expect_json 'd["echo_after"]' True
expect_json '"Test_0" in d["screen"]' False
"$PY" "$SRCDIR/tests/cli/pty-run.py" type "wrong" -- "$COT" -C "$WORK/tty" cert import "$PKI/legacy.p12" >"$OUT" 2>"$ERR"
expect_json 'd.get("rc")' 2
expect_json '"wrong password for" in d["screen"]' True
check "the tty project unchanged by the refused imports" test "$before" = "$(snapshot tty)"
# Without a terminal (no --password-*), it says how to give the password.
run 2 setsid -w "$COT" -C tty cert show "$PKI/modern.p12" </dev/null
err_has "use --password-file FILE or --password-env VAR"
clean tty

# ---- cot demo imports a certificate of its own throwaway PKI ----
run 0 "$COT" demo "$WORK/demo"
out_has "cert request --date"
out_has "cert import /tmp/cot-demo-keys-"
# the demo's sample project speaks Dutch, so its commands do: the words are asserted below
out_has "CBE 0566988259 (WZC ZONNEWEIDE)"
keys=$(sed -n 's|.* cert import \(/tmp/cot-demo-keys-[A-Za-z0-9]*\)/.*|\1|p' "$OUT" | head -1)
check "the demo keystore is removed" test -n "$keys" -a ! -e "$keys"
check "the demo trusts its CA" grep -q '"trust/cot-demo-ca.pem"' demo/cot.yaml
if grep -rl -e "PRIVATE KEY" demo >/dev/null; then bad "key material in the demo project"; else ok; fi
check "no keystore in the demo project" test -z "$(find demo -name '*.p12')"
run 0 "$COT" -C demo status --format json
expect_json 'd["certificate"]["state"]' valid
expect_json 'd["certificate"]["identifier"]' CBE=0566988259
run 0 "$COT" --lang en -C demo cert show
out_has "identifier       CBE 0566988259"
run 0 "$COT" --lang en -C demo cert check --no-revocation
out_has "ok: CBE 0566988259 (WZC ZONNEWEIDE) is valid until"
run 0 "$COT" -C demo cert check --no-revocation --format json
expect_json 'd["check"]["chain"]["result"]' verified
finish
