#!/usr/bin/env bash
# The loader's message for a missing library (dl-load.c) in Dutch and French, and English
# under LANG=C; libcurl hidden in a private mount namespace as in test-no-netlibs.sh.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"

curl_so=$(readlink -f /usr/lib/x86_64-linux-gnu/libcurl.so.4 2>/dev/null)
if [ -z "$curl_so" ] || [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then
	echo "SKIP: needs root, unshare -m and libcurl.so.4 where Debian puts it"
	exit 77
fi

# hidden CMD...: CMD with libcurl replaced by an empty file.
hidden() {
	unshare -m sh -c 'mount --bind /dev/null "$1" && shift && exec "$@"' sh "$curl_so" "$@"
}

url=https://127.0.0.1:9/wl.xml
run 3 hidden "$COT" --lang nl whitelist check --url $url --kbo 0809394427
err_has "kan 'libcurl.so.4' niet laden, nodig voor het netwerk"
run 3 hidden env LANG=fr_BE.UTF-8 LC_ALL= LANGUAGE= "$COT" whitelist check --url $url --kbo 0809394427
err_has "impossible de charger 'libcurl.so.4', nécessaire pour le réseau : "
run 3 hidden env LANGUAGE=nl LANG=nl_BE.UTF-8 LC_ALL= "$COT" whitelist check --url $url --kbo 0809394427
err_has "nodig voor het netwerk"
run 3 hidden env LANG=C LC_ALL=C LANGUAGE= "$COT" whitelist check --url $url --kbo 0809394427
err_has "cannot load 'libcurl.so.4', needed for the network"
finish
