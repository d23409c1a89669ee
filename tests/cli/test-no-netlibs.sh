#!/usr/bin/env bash
# cot without the libraries it loads with dlopen (libcurl, libqpdf, libxml2, ICU's libicuuc;
# hidden in a private mount namespace): the commands that do not use them run as ever, and one
# that needs one says which library is missing.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"

lib() { readlink -f "/usr/lib/x86_64-linux-gnu/$1" 2>/dev/null; }
curl_so=$(lib libcurl.so.4)
qpdf_so=$(lib libqpdf.so.29)
xml_so=$(lib libxml2.so.2)
icu_so=$(ls /usr/lib/x86_64-linux-gnu/libicuuc.so.[0-9]* 2>/dev/null | grep -E '\.so\.[0-9]+$' | head -1)
icu_name=$(basename "$icu_so")
icu_so=$(readlink -f "$icu_so")

# Linked: none of them, nor what libxml2 and ICU drag in (libstdc++ comes with the sanitizers).
ldd "$COT" >"$WORK/ldd" || bad "ldd cot"
for l in libcurl libqpdf libxml2 libicu liblzma libcrypto libssl libz.so; do
	grep -q "$l" "$WORK/ldd" && bad "cot is linked with $l: $(grep "$l" "$WORK/ldd")" || ok
done
if ! grep -qE 'libasan|libubsan' "$WORK/ldd"; then
	grep -q libstdc++ "$WORK/ldd" && bad "cot is linked with libstdc++" || ok
fi

# Hiding a library needs root and unshare: skip where the test cannot (exit 77, SKIP).
if [ -z "$curl_so" ] || [ -z "$qpdf_so" ] || [ -z "$xml_so" ] || [ -z "$icu_so" ] ||
	[ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then
	echo "SKIP: needs root, unshare -m and libcurl.so.4, libqpdf.so.29, libxml2.so.2 and" \
		"libicuuc.so.N where Debian puts them"
	exit 77
fi

# without "SO..." CMD...: CMD with each shared object SO (a path without spaces) replaced by an
# empty file, in a private mount namespace.
without() {
	unshare -m sh -c 'for l in $1; do mount --bind /dev/null "$l" || exit 125; done
		shift && exec "$@"' sh "$1" "${@:2}"
}
hidden() { without "$curl_so $qpdf_so $xml_so $icu_so" "$@"; }

# light WRAPPER: what neither signs, checks, connects nor reads XML runs under WRAPPER.
light() {
	run 0 "$1" "$COT" --version
	out_has "cot "
	run 0 "$1" "$COT" -C p status
	out_has "Test Org  KBO 0809.394.427"
	run 0 "$1" "$COT" -C p status --format json
	out_has '"kbo"'
	run 0 "$1" "$COT" lint "$ANSWERS"
	run 0 "$1" "$COT" -C p log
	out_has "init"
}

for so in "$curl_so" "$xml_so" "$icu_so"; do
	hidden sh -c 'test ! -s "$1"' sh "$so" && ok || bad "$so is not hidden"
done
new_project p
ANSWERS=$(ls p/*.yaml | grep -v '/cot.yaml$' | head -1)
light hidden
run 0 hidden "$COT" lint p/checklist.yaml
run 0 hidden "$COT" lint --format json "$ANSWERS"
run 0 hidden "$COT" init q --name "Hidden Org" --kbo 0809394427 --route direct
run 0 hidden "$COT" -C q status

# The network: exit 3 (environment) naming the library, never a crash.
run 3 hidden "$COT" whitelist check --url https://127.0.0.1:9/wl.xml --kbo 0809394427
err_has "cannot load 'libcurl.so.4', needed for the network"

# XML: the same for the commands that read or write it, before they read anything.
echo 'not a bundle' >x.asice
run 3 hidden "$COT" verify x.asice
err_has "cannot load 'libxml2.so.2', needed for reading and writing XML"
echo '<kmehrmessage/>' >m.xml
run 3 hidden "$COT" kmehr validate --schemas "$WORK" m.xml
err_has "cannot load 'libxml2.so.2'"
run 3 hidden "$COT" lint --format junit "$ANSWERS"
err_has "cannot load 'libxml2.so.2'"
run 3 hidden "$COT" -C p status --format html
err_has "cannot load 'libxml2.so.2'"

# ICU alone missing (Debian's libxml2 needs it too): cot verify still names it.
hidden_icu() { without "$icu_so" "$@"; }
run 3 hidden_icu "$COT" verify x.asice
err_has "$icu_name"
run 0 hidden_icu "$COT" -C p status

# --- libzip (h6-zip): hidden too, cot says so where a bundle is read or written -----------------
zip_so=$(readlink -f /usr/lib/x86_64-linux-gnu/libzip.so.4 2>/dev/null)
if [ -n "$zip_so" ]; then
	# hidden_zip CMD...: CMD with libzip, libcurl and libqpdf replaced by an empty file.
	hidden_zip() { without "$zip_so $curl_so $qpdf_so" "$@"; }
	hidden_zip sh -c 'test ! -s "$1"' sh "$zip_so" && ok || bad "libzip is not hidden"
	mkdir -p p/documents
	pdf p/documents/belrai-contract.pdf "BelRAI contract"
	pdf p/documents/proof-of-mandate.pdf "Proof of mandate"
	run 0 "$COT" -C p bundle --unsigned -o "$WORK/review-unsigned.asice"
	run 1 "$COT" verify review-unsigned.asice

	light hidden_zip
	run 1 hidden_zip "$COT" -C p check
	err_lacks "libzip"

	# Exit 3 (environment) naming the library, before anything is read or written.
	run 3 hidden_zip "$COT" -C p bundle --unsigned -o "$WORK/again-unsigned.asice"
	err_has "cannot load 'libzip.so.4', needed for bundles (ASiC-E zip archives)"
	check "no bundle is written without libzip" test ! -e "$WORK/again-unsigned.asice"
	# Signing: libzip is found missing before the password is asked for (a real keystore; no
	# terminal, none on stdin: asked, the prompt would fail on it first).
	openssl req -x509 -newkey rsa:2048 -nodes -keyout ks.key -out ks.pem -subj /CN=t -days 1 \
		>/dev/null 2>&1 && openssl pkcs12 -export -inkey ks.key -in ks.pem -passout pass:x \
		-out ks.p12 || bad "cannot make a keystore with openssl"
	run 3 hidden_zip setsid -w "$COT" -C p bundle --keystore "$WORK/ks.p12" </dev/null
	err_has "cannot load 'libzip.so.4', needed for bundles (ASiC-E zip archives)"
	err_lacks "password"
	err_lacks "Password"
	run 3 hidden_zip "$COT" verify review-unsigned.asice
	err_has "cannot load 'libzip.so.4', needed for bundles (ASiC-E zip archives)"
	out_lacks "TOTAL-"
	run 3 hidden_zip "$COT" verify --format json review-unsigned.asice
	err_has "cannot load 'libzip.so.4'"
fi

# --- libcrypto: loaded on the first OpenSSL call (crypto-load.h) -------------------------------
crypto_so=$(readlink -f /usr/lib/x86_64-linux-gnu/libcrypto.so.3 2>/dev/null)
if [ -n "$crypto_so" ]; then
	# hidden_crypto CMD...: CMD with libcrypto (and so libcurl and libzip, which need it) hidden.
	hidden_crypto() { without "$crypto_so $curl_so $zip_so" "$@"; }
	hidden_crypto sh -c 'test ! -s "$1"' sh "$crypto_so" && ok || bad "libcrypto is not hidden"
	# What never signs, checks or connects runs without it: cot's own SHA-256 is nettle's.
	light hidden_crypto
	run 0 hidden_crypto "$COT" help bundle
	# The same journal and answers hashes as with OpenSSL: the project reads as it did.
	run 0 "$COT" -C p status --format json
	cp "$OUT" with-openssl.json
	run 0 hidden_crypto "$COT" -C p status --format json
	check "status reads the same without libcrypto" cmp -s with-openssl.json "$OUT"
	# A command that signs or checks: exit 3 naming it, before it reads or writes anything.
	run 3 hidden_crypto "$COT" -C p bundle --unsigned -o "$WORK/no-crypto.asice"
	err_has "cannot load 'libcrypto.so.3', needed for signatures, certificates and time-stamps"
	check "no bundle is written without libcrypto" test ! -e "$WORK/no-crypto.asice"
	run 3 hidden_crypto "$COT" verify review-unsigned.asice
	err_has "cannot load 'libcrypto.so.3'"
	out_lacks "TOTAL-"
fi
finish
