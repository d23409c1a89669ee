#!/usr/bin/env bash
# cot whitelist export and remove --software in Dutch and French: in a Dutch project, with
# --lang fr, outside a project by LANG and LANGUAGE; the CSV's columns and kinds, the JSON keys
# and the product names stay as they are, and LANG=C keeps the English.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK" || exit 1
export COT_NOW=2026-11-20T09:30:00Z
PY=/usr/bin/python3
# in_lang L CMD...: CMD outside a project in locale L (lib.sh pins LC_ALL=C.UTF-8).
in_lang() { local l=$1; shift; env -u LC_ALL -u LANGUAGE LANG="$l" "$@"; }
# with_sw DIR: a list in DIR with one organisation and the software CareSoft 4.2, by hand.
with_sw() {
	(cd "$1" && "$COT" whitelist add --kbo 0809394427 --name eHealth-platform >/dev/null) ||
		bad "cannot make the whitelist in $1"
	sed -i 's|^</whitelist>|  <software product="CareSoft" version="4.2" vendor="0403019261" since="2026-02-01"/>\n&|' \
		"$1/whitelist.xml"
}
CSV_HEAD="kbo,name,nihii,since,bundle,kind,product,version,vendor"

"$COT" init p --name "Woonzorgcentrum De Linde vzw" --kbo 0123456749 --route direct \
	--lang nl >/dev/null || bad "cot init"
with_sw p
mkdir out
with_sw out

# --- a Dutch project: help, remove --software (the hand edit recorded first), export --------
run 0 "$COT" -C p whitelist export --help
out_has "csv (RFC 4180; eerst de organisaties, dan de software, te"
out_has "onderscheiden aan de kolom 'kind'), json (schema"
out_lacks "told"
run 1 "$COT" -C p whitelist remove --software CareSoft --version 9 --reason test
err_has "cot: fout: 'CareSoft' 9 staat niet op de whitelist"
err_has "cot: waarschuwing: 'whitelist.xml' was gewijzigd zonder historiekrecord"
run 0 "$COT" -C p whitelist remove --software CareSoft --version 4.2 --reason "niet meer ondersteund"
out_has "De software 'CareSoft' 4.2 van softwareleverancier KBO 0403.019.261 verwijderd: niet meer ondersteund"
out_has "whitelist.xml: volgnummer 2, 1 organisatie"
check "the history records remove-software, untranslated" grep -q '"remove-software"' p/whitelist.xml.history
run 0 "$COT" -C p whitelist export --format csv
check "csv in a Dutch project: header and kind untranslated" \
	test "$(head -1 "$OUT" | tr -d '\r')" = "$CSV_HEAD"
out_has ",organisation,,,"

# --- --lang fr, in the same project ------------------------------------------------------------
run 0 "$COT" -C p --lang fr whitelist export --help
out_has "csv (RFC 4180 ; les organisations, puis les logiciels,"
out_has "distingués par la colonne 'kind'), json (schéma"
run 1 "$COT" -C p --lang fr whitelist remove --software CareSoft --version 4.2 --reason encore
err_has "cot: erreur : 'CareSoft' 4.2 ne figure pas sur la liste blanche"

# --- outside a project: LANG=fr_BE, LANGUAGE=nl, LANG=C --------------------------------------
cp -a out out-nl
cp -a out out-c
run 0 in_lang fr_BE.UTF-8 "$COT" -C out whitelist export --format csv
check "csv in French: header, kinds and names untranslated" "$PY" -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == sys.argv[2].split(","), rows[0]
assert [r[5] for r in rows[1:]] == ["organisation", "software"], rows
assert rows[2][6:] == ["CareSoft", "4.2", "0403019261"], rows[2]' "$OUT" "$CSV_HEAD"
run 0 in_lang fr_BE.UTF-8 "$COT" -C out whitelist remove --software CareSoft --version 4.2 \
	--reason retiré
out_has "Logiciel 'CareSoft' 4.2 de l'éditeur de logiciel BCE 0403.019.261 retiré : retiré"
err_has "cot: avertissement : 'whitelist.xml' avait changé sans enregistrement"
run 0 in_lang fr_BE.UTF-8 "$COT" -C out whitelist export --format json
check "json in French: keys untranslated, no software left" "$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["schema"] == "cot.whitelist/1" and j["software"] == [], j
assert j["organisations"][0]["kbo"] == "0809394427", j' "$OUT"
run 0 env -u LC_ALL LANGUAGE=nl LANG=nl_BE.UTF-8 "$COT" -C out-nl whitelist remove \
	--software CareSoft --version 4.2 --reason weg
out_has "De software 'CareSoft' 4.2 van softwareleverancier KBO 0403.019.261 verwijderd: weg"
run 0 env LANG=C LC_ALL=C LANGUAGE= "$COT" -C out-c whitelist remove --software CareSoft \
	--version 4.2 --reason gone
out_has "Removed the software 'CareSoft' 4.2 of vendor KBO 0403.019.261: gone"
err_has "cot: warning: 'whitelist.xml' had changed without a history record"
run 0 env LANG=C LC_ALL=C LANGUAGE= "$COT" whitelist export --help
out_has "csv (RFC 4180; the organisations, then the software, told"
finish
