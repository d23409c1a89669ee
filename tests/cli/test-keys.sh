#!/usr/bin/env bash
# Private key material anywhere in a document: cot bundle refuses it and cot verify finds it in a
# bundle built by hand. Keys generated here (openssl, gpg, keytool), hidden at odd offsets,
# in deflated PDF streams and embedded files; an /Encrypt name written with escapes.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
PY=/usr/bin/python3
TOOL="$PY $SRCDIR/tests/cli/asice-tool.py"
MK="$PY $SRCDIR/tests/cli/keys-pdf.py"

# The keys, in every form the policy names.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out k.pem 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -outform DER -in rsa.pem -out rsa.p8 2>/dev/null
openssl pkcs8 -topk8 -outform DER -in k.pem -v2 aes-256-cbc -passout pass:x -out k.ep8 2>/dev/null
openssl req -x509 -new -key k.pem -subj /CN=keys -days 1 -out k.crt 2>/dev/null
openssl pkcs12 -export -inkey k.pem -in k.crt -passout pass:x -out k.p12 2>/dev/null
for f in k.pem rsa.p8 k.ep8 k.p12; do check "openssl made $f" test -s "$f"; done
forms=(k.pem rsa.p8 k.ep8 k.p12)
if command -v gpg >/dev/null; then
	export GNUPGHOME=$WORK/gnupg
	mkdir -m 700 "$GNUPGHOME"
	gpg --batch --passphrase '' --quick-gen-key keys@cot.test ed25519 sign never 2>/dev/null
	gpg --batch --armor --export-secret-keys keys@cot.test >k.asc 2>/dev/null
	check "gpg made k.asc" test -s k.asc
	forms+=(k.asc)
fi
if command -v keytool >/dev/null; then
	keytool -genkeypair -alias k -keyalg EC -dname CN=keys -storetype JKS -keystore k.jks \
		-storepass secret -keypass secret >/dev/null 2>&1
	check "keytool made k.jks" test -s k.jks
	forms+=(k.jks)
fi

# The hostile documents: each form after text at an odd offset; in streams; /Encr#79pt.
docs=()
for f in "${forms[@]}"; do
	$MK append "append-$f.pdf" "$f" && docs+=("append-$f.pdf")
done
$MK flate flate-pem.pdf k.pem && docs+=(flate-pem.pdf)
$MK flate flate-p8.pdf rsa.p8 && docs+=(flate-p8.pdf)
$MK embedded embedded-p12.pdf k.p12 && docs+=(embedded-p12.pdf)
$MK embedded embedded-ep8.pdf k.ep8 && docs+=(embedded-ep8.pdf)
$MK encr encr.pdf
$MK clean clean.pdf

# A project whose contracts are clean, bundled (unsigned: the keys are what is tested here).
"$COT" init vl --name "Maison Sainte-Elisabeth" --kbo 0403019261 --route vitalink >/dev/null
cp clean.pdf vl/documents/belrai-contract.pdf
cp clean.pdf vl/documents/vitalink-contract.pdf
run 0 "$COT" -C vl bundle --unsigned -o "$WORK/G-unsigned.asice"
run 1 "$COT" verify G-unsigned.asice
out_lacks "[private-keys]"
out_lacks "[route-documents]"

# cot bundle refuses each, whole or hidden, and writes nothing.
for d in "${docs[@]}"; do
	cp "$d" vl/documents/vitalink-contract.pdf
	run 2 "$COT" -C vl bundle --unsigned -o "$WORK/refused-unsigned.asice"
	err_has "private key material never goes into a bundle"
	check "nothing written for $d" test ! -e refused-unsigned.asice
done
cp encr.pdf vl/documents/vitalink-contract.pdf
run 2 "$COT" -C vl bundle --unsigned -o "$WORK/refused-unsigned.asice"
err_has "encrypted PDF"

# cot verify finds each in a bundle built by hand.
for d in "${docs[@]}"; do
	$TOOL replace G-unsigned.asice "bad-$d.asice" documents/vitalink-contract.pdf "$d"
	run 1 "$COT" verify "bad-$d.asice"
	out_has "[private-keys]"
	out_has "documents/vitalink-contract.pdf"
done
$TOOL replace G-unsigned.asice bad-encr.asice documents/vitalink-contract.pdf encr.pdf
run 1 "$COT" verify bad-encr.asice
out_has "is an encrypted PDF"
# A PDF with a stream that qpdf cannot parse is bundled (its raw bytes hold no key), and
# cot verify says its streams were not looked into: a warning, not silence.
printf '%%PDF-1.4\n1 0 obj << /Length 5 >>\nstream\nhello\nendstream\n' >broken.pdf
cp broken.pdf vl/documents/vitalink-contract.pdf
run 0 "$COT" -C vl bundle --unsigned -o "$WORK/broken-unsigned.asice"
run 1 "$COT" verify broken-unsigned.asice
out_has "warning: 'documents/vitalink-contract.pdf': its streams were not all looked into: qpdf cannot parse it"
out_has "[private-keys]"
# The same key as an entry of its own, under a harmless name, is found too.
$TOOL add G-unsigned.asice extra.asice documents/annex.txt rsa.p8
run 1 "$COT" verify extra.asice
out_has "PKCS#8"
finish
