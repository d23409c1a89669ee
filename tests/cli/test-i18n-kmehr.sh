#!/usr/bin/env bash
# cot kmehr validate in Dutch and French: the project's lang, --lang, LANG and LANGUAGE outside a
# project; rule ids and JSON keys stay as they are; with LANG=C the English stays.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
XSD=$COT_REFERENCE/kmehr-1.32
GOOD=$SRCDIR/tests/fixtures/kmehr/belrai-report.xml
# cot with the environment of a person: no LC_ALL (lib.sh sets C.UTF-8), the given variables.
person() { env -u LC_ALL -u LANGUAGE -u LC_MESSAGES "$@"; }
sed 's/>85073003300</>85073003328</' "$GOOD" >ssin.xml
: >empty.xml

# A Dutch project whose cot.yaml names the schemas.
"$COT" init vl --name "Zorg vzw" --kbo 0809394427 --route direct --lang nl >/dev/null ||
	bad "cannot init vl"
printf '\nkmehr:\n  schemas: %s\n' "$XSD" >>vl/cot.yaml
cp ssin.xml empty.xml vl/
run 1 "$COT" -C vl kmehr validate ssin.xml empty.xml
out_has "ssin.xml:28:1: fout: 850730***** heeft de geldige controlecijfers van een INSZ"
out_has "[kmehr-real-ssin]"
out_has "empty.xml:1:1: fout: het bestand is leeg [kmehr-not-well-formed]"
out_has "2 bestanden nagekeken: 2 fouten"
# --lang wins over the project's language
run 1 "$COT" -C vl --lang fr kmehr validate ssin.xml
out_has "erreur : 850730***** a les chiffres de contrôle valides d'un NISS"
run 1 "$COT" -C vl --lang fr kmehr validate --format json ssin.xml
check "json keys and rule ids untranslated, the message French" /usr/bin/python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
f = j["findings"][0]
assert j["schema"] == "cot.lint/1" and f["rule"] == "kmehr-real-ssin" and f["severity"] == "error", f
assert "NISS" in f["message"], f' "$OUT"

# Outside a project: LANG, LANGUAGE, and C.
run 2 person LANG=fr_BE.UTF-8 "$COT" kmehr validate ssin.xml
err_has "quels schémas KMEHR ? indiquez leur dossier avec --schemas DIR"
run 2 person LANG=nl_BE.UTF-8 LANGUAGE=nl "$COT" kmehr validate --schemas "$WORK/none" ssin.xml
err_has "geen KMEHR-schema in '$WORK/none'"
err_has "https://www.ehealth.fgov.be/standards/kmehr/"
run 0 person LANG=fr_BE.UTF-8 "$COT" kmehr validate --help
out_has "un message KMEHR (16 Mio au plus)"
run 1 person LANG=C "$COT" kmehr validate --schemas "$XSD" ssin.xml
out_has "has the valid check digits of an INSS/SSIN"
out_lacks "NISS"

finish
