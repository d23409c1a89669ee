#!/usr/bin/env bash
# A software vendor's project in Dutch and French: init, status, done, check, demo; ids stay as they are.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-06-01
# lib.sh pins LC_ALL=C.UTF-8; here the environment's language is what is tested.
unset LC_ALL LANGUAGE LC_MESSAGES
export LANG=C
V=(--kind vendor --name "Zorgsoft NV" --kbo 0809394427 --product CareSoft --product-version 4.2)

# A Dutch vendor project.
run 0 "$COT" init nlv "${V[@]}" --lang nl
out_has "Het cot-project van softwareleverancier Zorgsoft NV (KBO 0809.394.427, CareSoft 4.2) is aangemaakt in nlv"
out_has "beantwoord de vereisten voor softwareleveranciers in checklist.yaml"
check "cot.yaml keys stay English" grep -q "^  product-version: " nlv/cot.yaml
run 0 "$COT" -C nlv status
out_has "softwareleverancier, product CareSoft 4.2, taal nl"
out_has "--> request-sent"
out_has "erkenningsaanvraag verstuurd"
run 0 "$COT" -C nlv status --format json
check "json keys and step ids stay" python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
assert o["next"]["step"] == "request-sent" and o["organisation"]["product_version"] == "4.2"
assert o["steps"][1]["title"] == "gevalideerd door de FOD: toegang tot acceptatie verleend", o["steps"][1]
' "$OUT"
run 2 "$COT" -C nlv done cert-requested
err_has "stap 'cert-requested' hoort bij een organisatie; dit is een project van een softwareleverancier, met als stappen: request-sent"
run 1 "$COT" -C nlv check
out_has "samples: fout: geen KMEHR-voorbeeldbericht in 'samples/'"
out_has "[vendor-samples-none]"
out_has "geen KMEHR-schema's ingesteld (cot.yaml 'kmehr: schemas:')"
printf '\xff\xd8\xff\xe0\0\x10JFIF' >nlv/screenshots/a.png
run 1 "$COT" -C nlv check
out_has "'screenshots/a.png' bevat een JPEG-bestand maar de naam zegt PNG [vendor-screenshot-mismatch]"
# cot submit refuses while cot check finds errors in samples/ and screenshots/ (2: none, a.png).
run 1 "$COT" -C nlv submit --eml "$WORK/nl.eml"
err_has "cot: fout: het project is niet klaar om in te dienen:"
err_has "  - de voorbeeldberichten en schermafbeeldingen zijn niet klaar: 2 fouten ('cot check' somt ze op)"
check "no message written" test ! -e "$WORK/nl.eml"

# --lang fr on the same project.
run 0 "$COT" --lang fr -C nlv status
out_has "éditeur de logiciel, produit CareSoft 4.2, langue fr"
out_has "demande de reconnaissance envoyée"
run 0 "$COT" --lang fr -C nlv done request-sent
run 0 "$COT" --lang fr -C nlv status
out_has "attendez que le SPF valide la demande"
run 1 "$COT" --lang fr -C nlv check
out_has "aucun message KMEHR d'exemple dans 'samples/' : placez-y les messages"
out_has "'screenshots/a.png' contient un fichier JPEG mais son nom indique PNG [vendor-screenshot-mismatch]"
run 1 "$COT" --lang fr -C nlv submit --eml "$WORK/fr.eml"
err_has "cot: erreur : le projet n'est pas prêt pour l'envoi :"
err_has "  - les messages d'exemple et les captures d'écran ne sont pas prêts : 2 erreurs ('cot check' les énumère)"

# Outside a project: the locale's language; LANG=C stays English.
LANG=fr_BE.UTF-8 run 2 "$COT" init frv --kind vendor --name X --kbo 0809394427 --route direct \
	--product P --product-version 1
err_has "le projet d'un éditeur de logiciel n'a pas de voie : omettez '--route'"
LANGUAGE=nl LANG=nl_BE.UTF-8 run 2 "$COT" init frv --name X --kbo 0809394427 --route direct --product P
err_has "'--product' is voor het project van een softwareleverancier (--kind vendor)"
LANG=fr_BE.UTF-8 run 0 "$COT" help init
out_has "le produit logiciel d'un éditeur de logiciel"
LANG=C run 0 "$COT" help init
out_has "a vendor's software product"
LANG=fr_BE.UTF-8 run 0 "$COT" init frv "${V[@]}"
out_has "Projet cot de l'éditeur de logiciel Zorgsoft NV (BCE 0809.394.427, CareSoft 4.2) créé dans frv"
check "the locale's language is the project's" grep -qE "^  lang: fr " frv/cot.yaml
run 1 "$COT" -C frv done demo-held --revoke --note x
err_has "l'étape 'demo-held' n'est pas enregistrée"
LANG=C run 0 "$COT" init env "${V[@]}"
out_has "Created the cot project of software vendor Zorgsoft NV"
LANG=C run 2 "$COT" -C env done whitelisted
err_has "step 'whitelisted' is an organisation's; this is a vendor project"
LANG=C run 1 "$COT" -C env submit --eml "$WORK/en.eml"
err_has "  - the samples and screenshots are not ready: 2 errors ('cot check' lists them)"
# inside a project its language wins over the environment's
LANGUAGE=nl LANG=nl_BE.UTF-8 run 1 "$COT" -C frv submit --eml "$WORK/fr.eml"
err_has "  - les messages d'exemple et les captures d'écran ne sont pas prêts : 2 erreurs"

# The vendor demo in Dutch.
LANGUAGE=nl LANG=nl_BE.UTF-8 run 0 "$COT" demo --vendor "$WORK/demo"
out_has "cot demo: een voorbeeldsoftwareleverancier doorloopt de erkenning van zijn software"
out_has "# De aanvraag gaat per e-mail naar de FOD"
out_has "niets: de software heeft toegang tot de BelRAI-webservice in productie"

finish
