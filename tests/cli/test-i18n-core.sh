#!/usr/bin/env bash
# cot in Dutch and French (gettext): init, status, done, log, help and findings; ids stay as they are.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-02-10
# lib.sh pins LC_ALL=C.UTF-8; here the environment's language is what is tested.
unset LC_ALL LANGUAGE LC_MESSAGES
export LANG=C
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$OUT" "$1"; }
expect_json() { # PY-EXPR EXPECTED
	local got
	got=$(jget "$1")
	if [ "$got" = "$2" ]; then ok; else bad "json $1 = '$got', expected '$2'"; fi
}
yaml_lang() { check "$1 has lang: $2" grep -qE "^  lang: $2 " "$1/cot.yaml"; }

# A Dutch project: init says so in Dutch, status speaks Dutch, ids and keys stay.
run 0 "$COT" init nlp --name "WZC Test" --kbo 0809394427 --route direct --lang nl
out_has "Het cot-project van WZC Test (KBO 0809.394.427, route direct) is aangemaakt in nlp"
out_has "Volgende stap: vraag het productiecertificaat"
yaml_lang nlp nl
check "cot.yaml keys stay English" grep -q "^organisation:" nlp/cot.yaml
run 0 "$COT" -C nlp status
out_has "route direct, organisation, taal nl"
out_has "--> cert-requested"
out_has "eHealth-organisatiecertificaat aangevraagd"
out_has "Volgende stap: vraag het productiecertificaat"
out_has "Verstreken: nog niet begonnen (de procedure duurt doorgaans 3 tot 6 maanden)"
out_has "Checklist: 0 van "
out_has "Whitelist: nog niet nagekeken"
out_lacks "Next"
out_lacks "Elapsed"
run 0 "$COT" -C nlp status --format json
expect_json 'd["schema"]' cot.status/1
expect_json 'd["next"]["step"]' cert-requested
expect_json 'd["steps"][0]["title"]' "eHealth-organisatiecertificaat aangevraagd"
expect_json 'd["organisation"]["lang"]' nl
expect_json 'sorted(d["next"])' "['action', 'blocked_by', 'step']"

# Counts and decimals: one day, not "1 days"; 40 days are 1,3 months with a decimal comma.
run 0 "$COT" -C nlp done cert-requested --date 2026-02-09
out_has "'cert-requested' vastgelegd op 2026-02-09"
run 0 "$COT" -C nlp status
out_has "Verstreken: 1 dag (0,0 maanden) sinds 2026-02-09; doorgaans 3 tot 6 maanden"
out_has "[x] cert-requested"
run 0 "$COT" -C nlp --lang en status
out_has "Elapsed: 1 day (0.0 months) since 2026-02-09"
run 0 "$COT" -C nlp done cert-requested --revoke --note "verkeerde datum"
out_has "'cert-requested' ingetrokken: verkeerde datum"
run 0 "$COT" -C nlp done cert-requested --date 2026-01-01
run 0 "$COT" -C nlp status
out_has "Verstreken: 40 dagen (1,3 maanden) sinds 2026-01-01"
run 0 "$COT" -C nlp --lang fr status
out_has "Écoulé : 40 jours (1,3 mois) depuis le 2026-01-01 ; en général 3 à 6 mois"
out_has "Étape suivante : contactez eHealth : le certificat demandé le 2026-01-01 n'est pas arrivé"
out_has "route direct, organisation, langue fr"
out_has "Check-list : 0 sur "
run 0 "$COT" -C nlp --lang en status
out_has "Elapsed: 40 days (1.3 months) since 2026-01-01"
out_has "Next: contact eHealth: the certificate requested on 2026-01-01 has not arrived"
COT_NOW=2026-09-01 run 0 "$COT" -C nlp status
out_has "243 dagen (8,0 maanden) sinds 2026-01-01; doorgaans 3 tot 6 maanden - langer dan gewoonlijk"

# Errors of the library in the project's language; step ids and route names stay.
run 2 "$COT" -C nlp done bogus-step
err_has "cot: fout: onbekende stap 'bogus-step'; de stappen van route direct zijn: cert-requested, cert-received,"
run 1 "$COT" -C nlp --lang fr done contract-signed
err_has "cot: erreur : l'étape 'contract-signed' demande ce qui la précède : cert-received, registered, checklist-complete ne sont pas faites"
run 1 "$COT" -C nlp done contract-returned --date 2026-01-02
err_has "zijn niet gedaan"
run 2 "$COT" -C nlp done cert-received --date 2026-13-01
err_has "'2026-13-01' is geen datum (YYYY-MM-DD)"

# The journal: plural by ngettext, the records (machine text) as they are.
run 0 "$COT" -C nlp log --verify
out_has "logboek intact: 4 records, keten en kop geverifieerd"
run 0 "$COT" -C nlp --lang fr log --verify
out_has "journal intact : 4 enregistrements, chaîne et tête vérifiées"
run 0 "$COT" -C nlp log
out_has "init     tester@cli  name=WZC Test"
out_has "revoke"
run 0 "$COT" -C nlp log --verify --format json
expect_json 'd["ok"]' True
expect_json 'd["records"]' 4

# Help (no project: --lang or the environment): summaries and option texts translated,
# usage lines and option names not.
run 0 "$COT" --lang nl help init
out_has "gebruik: cot init [DIR] --name NAME --kbo NUMBER --route vitalink|direct"
out_has "Maak de projectmap van een organisatie aan."
out_has "  --name NAME       de naam van de organisatie"
out_has "Zie 'man cot-init' voor de details"
run 0 "$COT" --lang fr --help
out_has "utilisation : cot [-C DIR]"
out_has "Commandes :"
out_has "  status      Afficher où en est la procédure"
out_has "  --lang L           langue des messages, de l'aide et des rapports : nl, fr ou"
run 0 "$COT" --lang fr help
out_has "Commandes :"
run 0 "$COT" --lang fr help log
out_has "  --verify          recalculer la chaîne de hachage"
out_has "utilisation : cot log [--verify] [--format text|json]"

# Outside a project: the environment's language, as gettext reads it.
LANG=fr_BE.UTF-8 run 2 "$COT" status
err_has "cot: erreur : pas dans un projet cot (pas de cot.yaml ici ni dans un répertoire parent)"
LANGUAGE=nl LANG=fr_BE.UTF-8 run 2 "$COT" status
err_has "cot: fout: niet in een cot-project"
LANGUAGE=nl LANG=C run 2 "$COT" status
err_has "cot: error: not in a cot project (no cot.yaml here or in any parent directory)"
run 2 "$COT" status
err_has "cot: error: not in a cot project"
LANG=nl_BE.UTF-8 run 0 "$COT" --help
out_has "Commando's:"
out_has "  init        Maak de projectmap van een organisatie aan."
LANG=nl_BE.UTF-8 run 2 "$COT" --lang de status
err_has "cot: fout: onbekende taal 'de' (nl, fr of en)"
LANG=fr_BE.UTF-8 run 2 "$COT" nonsense
err_has "cot: erreur : commande inconnue 'nonsense' ; voir 'cot --help'"

# cot init without --lang takes the locale's language; --lang wins; C is English.
LANG=fr_BE.UTF-8 run 0 "$COT" init frp --name "MR Test" --kbo 0809394427 --route vitalink
yaml_lang frp fr
out_has "Le projet cot de MR Test (BCE 0809.394.427, route vitalink) a été créé dans frp"
LANG=nl_BE.UTF-8 run 0 "$COT" init nlp2 --name "WZC Test" --kbo 0809394427 --route direct
yaml_lang nlp2 nl
LANG=C run 0 "$COT" init enp --name "Test Org" --kbo 0809394427 --route direct
yaml_lang enp en
out_has "Created the cot project of Test Org"
LANG=fr_BE.UTF-8 run 0 "$COT" init enp2 --name "Test Org" --kbo 0809394427 --route direct --lang en
yaml_lang enp2 en
out_has "Next: request the production"
# The French project speaks French wherever it runs.
run 0 "$COT" -C frp status
out_has "Étape suivante : demandez le certificat"
out_has "Liste blanche : pas encore vérifiée"

# Findings: the severity translated, the rule id and the file place not.
sed -i 's/^organisation:/organisation:\n  bogus: 1/' nlp2/cot.yaml
# The findings of a cot.yaml whose lang is readable speak it, whatever the environment says.
LANG=nl_BE.UTF-8 run 2 "$COT" -C nlp2 status
err_has "cot.yaml:6:3: fout: onbekende sleutel 'bogus' [schema-unknown-key]"
LANG=fr_BE.UTF-8 run 2 "$COT" -C nlp2 status
err_has "cot.yaml:6:3: fout: onbekende sleutel 'bogus' [schema-unknown-key]"
run 2 "$COT" -C nlp2 --lang fr status
err_has "cot.yaml:6:3: erreur : clé inconnue 'bogus' [schema-unknown-key]"
run 2 "$COT" -C nlp2 --lang en status
err_has "cot.yaml:6:3: error: unknown key 'bogus' [schema-unknown-key]"

# Usage errors of the command layer in the project's language.
run 2 "$COT" -C nlp status --bogus
err_has "cot: fout: onbekende optie '--bogus'"
err_has "gebruik: cot status [--format text|json"
# an operand is a project folder (cot status DIR...): this one cannot be read
run 1 "$COT" -C nlp status extra
out_has "fout: kan 'extra' niet lezen"
finish
