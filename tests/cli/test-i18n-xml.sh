#!/usr/bin/env bash
# A missing libxml2 or ICU in Dutch and French: the library's name and the message's words, never a crash.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
# lib.sh pins LC_ALL=C.UTF-8; here the environment's language is what is tested.
unset LC_ALL LANGUAGE LC_MESSAGES
export LANG=C

xml_so=$(readlink -f /usr/lib/x86_64-linux-gnu/libxml2.so.2 2>/dev/null)
# Hiding a library needs root and unshare: skip where the test cannot (exit 77, SKIP).
if [ -z "$xml_so" ] || [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then
	echo "SKIP: needs root, unshare -m and libxml2.so.2 where Debian puts it"
	exit 77
fi
# hidden CMD...: CMD with libxml2 replaced by an empty file.
hidden() {
	unshare -m sh -c 'mount --bind /dev/null "$1" && shift && exec "$@"' sh "$xml_so" "$@"
}
echo 'not a bundle' >x.asice

# A Dutch project: the project's language.
run 0 "$COT" init nlp --name "WZC Test" --kbo 0809394427 --route direct --lang nl
run 3 hidden "$COT" -C nlp verify "$WORK/x.asice"
err_has "fout: kan 'libxml2.so.2' niet laden, nodig voor het lezen en schrijven van XML"
run 0 hidden "$COT" -C nlp status
out_has "Volgende stap"
run 3 hidden "$COT" -C nlp status --format html
err_has "het lezen en schrijven van XML"
# --lang fr over the project's language: French typography too.
run 3 hidden "$COT" -C nlp --lang fr verify "$WORK/x.asice"
err_has "erreur : impossible de charger 'libxml2.so.2', nécessaire pour la lecture et l'écriture de XML"

# Outside a project: the environment's language.
LANG=fr_BE.UTF-8 run 3 hidden "$COT" verify x.asice
err_has "nécessaire pour la lecture et l'écriture de XML"
LANGUAGE=nl LANG=nl_BE.UTF-8 run 3 hidden "$COT" verify x.asice
err_has "nodig voor het lezen en schrijven van XML"
# The English stays with LANG=C, and the soname is never translated.
run 3 hidden "$COT" verify x.asice
err_has "error: cannot load 'libxml2.so.2', needed for reading and writing XML"
finish
