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
finish
