#!/usr/bin/env bash
# The README's "Using it" example, taken from README.md and run as written.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
PY=/usr/bin/python3
# The example, as the README shows it: the first sh block after "## Using it".
awk '/^## Using it/ { on = 1; next } on && /^```sh$/ { block = 1; next }
	block && /^```$/ { exit } block { print }' "$SRCDIR/README.md" >example.sh
check "the README has a 'Using it' example" test -s example.sh
# What the example takes from ~/Downloads: the organisation's keystore (for the KBO the
# example names, from the test PKI) and a proof of mandate.
export HOME=$WORK/home
mkdir -p "$HOME/Downloads"
if ! bash "$SRCDIR/tests/pki/mkpki.sh" "$WORK/pki" >/dev/null 2>&1; then
	bad "tests/pki/mkpki.sh failed"
	finish
fi
kbo=$(grep -o -- '--kbo [0-9.]*' example.sh | tr -d . | cut -d' ' -f2)
check "the example's KBO is the test PKI's other organisation ($kbo)" test "$kbo" = 0566988259
openssl pkcs12 -export -inkey "$WORK/pki/leaf.key" -in "$WORK/pki/other.pem" \
	-certfile "$WORK/pki/ca-chain.pem" -passout file:"$WORK/pki/password.txt" \
	-out "$HOME/Downloads/$kbo.p12"
pdf "$HOME/Downloads/proof-of-mandate.pdf" "proof of mandate"
# cot as the example calls it: the built one. Two things differ from a real run, and only
# these: the project trusts the test PKI's root instead of eHealth's, and the password is
# typed on a pseudo-terminal.
cat >run.sh <<'SH'
set -e
cot() {
	if [ "$1 $2" = "cert import" ]; then
		"$PY" "$SRCDIR/tests/cli/pty-run.py" type "$(cat "$WORK/pki/password.txt")" -- \
			"$COT" "$@" >"$WORK/pty.json"
		"$PY" -c 'import json,sys; r = json.load(open(sys.argv[1])); print(r["screen"]);
sys.exit(r.get("rc", 99))' "$WORK/pty.json"
		return
	fi
	"$COT" "$@"
	if [ "$1" = init ]; then
		cp "$WORK/pki/root.pem" "$2/test-root.pem"
		sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
			-e 's|^  environment: "production"$|&\n  trust:\n    - "test-root.pem"|' "$2/cot.yaml"
	fi
}
SH
cat example.sh >>run.sh
export PY WORK
run 0 bash run.sh
out_has "Created the cot project of WZC Zonneweide"
out_has "journal intact"
check "the example recorded its steps" grep -q '"registered"' zonneweide/.cot/journal
check "the proof of mandate is in the project" test -f zonneweide/documents/proof-of-mandate.pdf
finish
