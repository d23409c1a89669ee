#!/usr/bin/env bash
# The end of issue 13: --help in the project's language, gettext instead of hand-made tables.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-02-10
# lib.sh pins LC_ALL=C.UTF-8; here the environment's language is what is tested.
unset LC_ALL LANGUAGE LC_MESSAGES
export LANG=C

run 0 "$COT" init nlp --name "WZC Test" --kbo 0809394427 --route direct --lang nl
run 0 "$COT" init frp --name "MR Test" --kbo 0809394427 --route vitalink --lang fr
mkdir -p nlp/sub/deeper

# --- --help follows the project the current directory (or -C) is in ----------------------
run 0 "$COT" -C nlp status --help
out_has "gebruik: cot status"
out_lacks "usage:"
(cd nlp/sub/deeper && run 0 "$COT" check --help && out_has "gebruik: cot check")
(cd frp && run 0 "$COT" bundle --help && out_has "utilisation : cot bundle")
(cd frp && run 0 "$COT" --help && out_has "utilisation : cot [-C DIR]")
# a command that needs no project, and a verb's help
run 0 "$COT" -C frp whitelist --help
out_has "utilisation : cot whitelist"
run 0 "$COT" -C nlp cert --help
out_has "gebruik: cot cert"
# what is said before the project is opened: a misspelt command or option
(cd nlp && run 2 "$COT" statsu && err_has "cot: fout: onbekend commando 'statsu'")
run 2 "$COT" -C frp status --bogus
err_has "option inconnue '--bogus'"
# --lang wins, before or after -C
run 0 "$COT" -C nlp --lang en status --help
out_has "usage: cot status"
run 0 "$COT" --lang fr -C nlp status --help
out_has "utilisation : cot status"
# the environment's language outside a project, and after -C leaves one
run 0 "$COT" status --help
out_has "usage: cot status"
(cd nlp && run 0 "$COT" -C "$WORK" status --help && out_has "usage: cot status")
LANG=fr_BE.UTF-8 run 0 "$COT" -C nlp status --help
out_has "gebruik: cot status"
LANG=fr_BE.UTF-8 run 0 "$COT" status --help
out_has "utilisation : cot status"
# the language read for --help opens nothing: no lock, no journal record, nothing written
before=$(snapshot nlp)
run 0 "$COT" -C nlp done --help
check "--help writes nothing in the project" [ "$before" = "$(snapshot nlp)" ]
hold_lock nlp/.cot/lock
run 0 timeout 10 "$COT" -C nlp done --help
out_has "gebruik: cot done"
release_lock
# A cot.yaml it cannot read for its lang: the environment's language, no error, no wait.
mkdir bad
cp nlp/cot.yaml bad/
bad_yaml() { # CASE: --help in English (the environment's), exit 0, at once
	LANG=C run 0 timeout 10 "$COT" -C bad status --help
	out_has "usage: cot status"
	check "$1: nothing on stderr" [ ! -s "$ERR" ]
}
printf 'organisation: [\n' >bad/cot.yaml
bad_yaml "malformed"
python3 -c 'import sys; sys.stdout.write("organisation:\n  lang: nl\n" + "# x\n" * 300000)' >bad/cot.yaml
bad_yaml "over 1 MiB"
printf 'organisation:\n  lang: de\n' >bad/cot.yaml
bad_yaml "unknown language"
printf 'organisation:\n  lang: [nl]\n' >bad/cot.yaml
bad_yaml "not a scalar"
printf 'a: &x [1]\nb: *x\norganisation:\n  lang: nl\n' >bad/cot.yaml
bad_yaml "an alias"
printf 'organisation: {lang: nl, lang: fr}\n' >bad/cot.yaml
bad_yaml "duplicate key"
rm bad/cot.yaml
mkfifo bad/cot.yaml
bad_yaml "a FIFO"
rm bad/cot.yaml
mkdir bad/cot.yaml
bad_yaml "a directory"
rmdir bad/cot.yaml
ln -s /dev/zero bad/cot.yaml
bad_yaml "a device"
rm bad/cot.yaml
printf 'organisation:\n  lang: fr\n' >bad/cot.yaml
LANG=C run 0 "$COT" -C bad status --help
out_has "utilisation : cot status"

# --- gettext, not tables of its own: the certificate's advice and the submission's status ----
run 0 "$COT" init frn --name "MR Test" --kbo 0809394427 --nihii 71012314 --route direct --lang fr
run 0 "$COT" -C frn status
out_has "Certificat : pas encore demandé : demandez-le à eHealth, puis 'cot cert request'"
# the status agrees with its label: "Envoi" is masculine
out_has "Envoi : pas encore envoyé ('cot submit' l'envoie)"
out_lacks "envoyée"
# BCE and INAMI for French readers, KBO and RIZIV for Dutch ones; cot.yaml's keys stay
out_has "MR Test  BCE 0809.394.427  INAMI 71012314"
run 0 "$COT" -C frn --lang nl status
out_has "MR Test  KBO 0809.394.427  RIZIV 71012314"
out_has "Certificaat: nog niet aangevraagd: vraag het aan bij eHealth"
out_has "Indiening: nog niet verstuurd ('cot submit' verstuurt ze)"
run 0 "$COT" -C frn --lang en status
out_has "MR Test  KBO 0809.394.427  NIHII 71012314"
out_has "Submission: not sent yet ('cot submit' sends it)"
check "cot.yaml keeps its keys" grep -qE '^  (kbo|nihii): ' frn/cot.yaml
run 0 "$COT" -C frn status --format json
check "json: keys and ids stay" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
o = d["organisation"]
assert o["kbo"] == "0809394427" and o["lang"] == "fr", o
assert d["certificate"] is None and d["submission"] is None, d
assert d["next"]["step"] == "cert-requested", d["next"]
' "$OUT"

# --- the HTML preview: the project's language, BCE in French (the signed page keeps KBO) ----
run 1 "$COT" -C frn check --format html -o preview.html
check "preview: BCE in French" grep -q "BCE 0809.394.427" frn/preview.html
check "preview: French findings" grep -q "est obligatoire" frn/preview.html
run 1 "$COT" -C frn --lang nl check --format html -o preview-nl.html
check "preview: KBO in Dutch" grep -q "KBO 0809.394.427" frn/preview-nl.html

finish
