#!/usr/bin/env bash
# cot without libcurl and libqpdf (hidden in a private mount namespace): the commands that
# do not use them run as ever, and one that needs libcurl says which library is missing.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"

curl_so=$(readlink -f /usr/lib/x86_64-linux-gnu/libcurl.so.4 2>/dev/null)
qpdf_so=$(readlink -f /usr/lib/x86_64-linux-gnu/libqpdf.so.29 2>/dev/null)
# Hiding a library needs root and unshare: skip where the test cannot (exit 77, SKIP).
if [ -z "$curl_so" ] || [ -z "$qpdf_so" ] || [ "$(id -u)" != 0 ] ||
	! unshare -m true 2>/dev/null; then
	echo "SKIP: needs root, unshare -m and libcurl.so.4 and libqpdf.so.29 where Debian puts them"
	exit 77
fi

# hidden CMD...: CMD with both libraries replaced by an empty file.
hidden() {
	unshare -m sh -c 'mount --bind /dev/null "$1" && mount --bind /dev/null "$2" && shift 2 &&
		exec "$@"' sh "$curl_so" "$qpdf_so" "$@"
}

hidden sh -c 'test ! -s "$1"' sh "$curl_so" && ok || bad "libcurl is not hidden"
new_project p
run 0 hidden "$COT" --version
out_has "cot "
run 0 hidden "$COT" -C p status
out_has "Test Org  KBO 0809.394.427"
run 0 hidden "$COT" lint p/checklist.yaml
run 0 hidden "$COT" -C p log

# The network: exit 3 (environment) naming the library, never a crash.
run 3 hidden "$COT" whitelist check --url https://127.0.0.1:9/wl.xml --kbo 0809394427
err_has "cannot load 'libcurl.so.4', needed for the network"

# --- libzip (h6-zip): hidden too, cot says so where a bundle is read or written -----------------
zip_so=$(readlink -f /usr/lib/x86_64-linux-gnu/libzip.so.4 2>/dev/null)
if [ -n "$zip_so" ]; then
	# hidden_zip CMD...: CMD with libzip, libcurl and libqpdf replaced by an empty file.
	hidden_zip() {
		unshare -m sh -c 'mount --bind /dev/null "$1" && shift && mount --bind /dev/null "$1" &&
			mount --bind /dev/null "$2" && shift 2 && exec "$@"' sh "$zip_so" "$curl_so" \
			"$qpdf_so" "$@"
	}
	hidden_zip sh -c 'test ! -s "$1"' sh "$zip_so" && ok || bad "libzip is not hidden"
	mkdir -p p/documents
	pdf p/documents/belrai-contract.pdf "BelRAI contract"
	pdf p/documents/proof-of-mandate.pdf "Proof of mandate"
	run 0 "$COT" -C p bundle --unsigned -o "$WORK/review-unsigned.asice"
	run 1 "$COT" verify review-unsigned.asice

	run 0 hidden_zip "$COT" --version
	out_has "cot "
	run 0 hidden_zip "$COT" -C p status
	out_has "Test Org  KBO 0809.394.427"
	run 0 hidden_zip "$COT" lint p/checklist.yaml
	run 1 hidden_zip "$COT" -C p check
	err_lacks "libzip"

	# Exit 3 (environment) naming the library, before anything is read or written.
	run 3 hidden_zip "$COT" -C p bundle --unsigned -o "$WORK/again-unsigned.asice"
	err_has "cannot load 'libzip.so.4', needed for bundles (ASiC-E zip archives)"
	check "no bundle is written without libzip" test ! -e "$WORK/again-unsigned.asice"
	run 3 hidden_zip "$COT" verify review-unsigned.asice
	err_has "cannot load 'libzip.so.4', needed for bundles (ASiC-E zip archives)"
	out_lacks "TOTAL-"
	run 3 hidden_zip "$COT" verify --format json review-unsigned.asice
	err_has "cannot load 'libzip.so.4'"
fi
finish
