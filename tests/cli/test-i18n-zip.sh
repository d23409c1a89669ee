#!/usr/bin/env bash
# A missing libzip in Dutch and French: the project's lang, --lang, LANG/LANGUAGE; the soname stays.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
# lib.sh pins LC_ALL=C.UTF-8; here the project's and the environment's language are tested.
unset LC_ALL LANGUAGE LC_MESSAGES
export LANG=C

zip_so=$(readlink -f /usr/lib/x86_64-linux-gnu/libzip.so.4 2>/dev/null)
# Hiding a library needs root and unshare: skip where the test cannot (exit 77, SKIP).
if [ -z "$zip_so" ] || [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then
	echo "SKIP: needs root, unshare -m and libzip.so.4 where Debian puts it"
	exit 77
fi
# hidden CMD...: CMD with libzip replaced by an empty file.
hidden() {
	unshare -m sh -c 'mount --bind /dev/null "$1" && shift && exec "$@"' sh "$zip_so" "$@"
}

run 0 "$COT" init nlp --name "WZC Test" --kbo 0809394427 --route direct --lang nl
pdf nlp/documents/belrai-contract.pdf "BelRAI contract"
pdf nlp/documents/proof-of-mandate.pdf "Proof of mandate"
run 0 "$COT" -C nlp bundle --unsigned -o "$WORK/review-unsigned.asice"

# The Dutch project, then --lang fr: exit 3, the soname as it is.
run 3 hidden "$COT" -C nlp bundle --unsigned -o "$WORK/again-unsigned.asice"
err_has "cot: fout: kan 'libzip.so.4' niet laden, nodig voor bundels (ASiC-E-ziparchieven): "
err_lacks "needed for"
check "no bundle is written without libzip" test ! -e "$WORK/again-unsigned.asice"
run 3 hidden "$COT" -C nlp --lang fr bundle --unsigned -o "$WORK/again-unsigned.asice"
err_has "cot: erreur : impossible de charger 'libzip.so.4', nécessaire pour les paquets (archives zip ASiC-E) : "
run 3 hidden "$COT" -C nlp verify "$WORK/review-unsigned.asice"
err_has "nodig voor bundels (ASiC-E-ziparchieven)"

# Outside a project: the locale decides.
LANG=fr_BE.UTF-8 run 3 hidden "$COT" verify review-unsigned.asice
err_has "impossible de charger 'libzip.so.4', nécessaire pour les paquets (archives zip ASiC-E) : "
out_lacks "INDETERMINATE"
LANG=fr_BE.UTF-8 LANGUAGE=nl run 3 hidden "$COT" verify --format json review-unsigned.asice
err_has "kan 'libzip.so.4' niet laden, nodig voor bundels (ASiC-E-ziparchieven)"
LANG=C run 3 hidden "$COT" verify review-unsigned.asice
err_has "cot: error: cannot load 'libzip.so.4', needed for bundles (ASiC-E zip archives): "

# With libzip, the same bundle in Dutch: the ids and JSON keys stay English.
LANG=nl_BE.UTF-8 run 1 "$COT" verify review-unsigned.asice
out_has "review-unsigned.asice: INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND"
out_has "[signature-present]"
out_has "onbeslist"
LANG=nl_BE.UTF-8 run 1 "$COT" verify --format json review-unsigned.asice
out_has '"indication": "INDETERMINATE"'
out_has '"schema": "cot.verify/1"'
finish
