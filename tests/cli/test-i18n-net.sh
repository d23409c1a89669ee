#!/usr/bin/env bash
# cot submit and cot whitelist in Dutch and French: the project's language, --lang, the locale; ids, keys and the mail's bytes untouched.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
unset LANGUAGE LC_MESSAGES COT_LOCALEDIR COT_SMTP_USER COT_SMTP_PASSWORD NETRC
unset https_proxy HTTPS_PROXY http_proxy HTTP_PROXY all_proxy ALL_PROXY
export HOME=$WORK/home
mkdir -p "$HOME"
NOW=$(date -u +%s)
export COT_NOW=$NOW
TODAY=$(date -u -d "@$NOW" +%F)
# fr and nl: the locale of the FOD's administrator (lib.sh's LC_ALL would win over LANG)
fr() { env -u LC_ALL LANG=fr_BE.UTF-8 "$@"; }
nl() { env -u LC_ALL LANG=nl_BE.UTF-8 "$@"; }

if ! locale -a | grep -qi '^fr_BE.utf-\?8$' || ! locale -a | grep -qi '^nl_BE.utf-\?8$'; then
	bad "the locales fr_BE.UTF-8 and nl_BE.UTF-8 are not installed (tools/setup-debian)"
	finish
	exit
fi
# the build tree's catalogs (under valgrind, $COT is tests/cli/valgrind.sh and COT_REAL the cot)
if [ ! -f "$(dirname "${COT_REAL:-$COT}")/po/nl/LC_MESSAGES/cot.mo" ]; then
	bad "no catalogs next to ${COT_REAL:-$COT} (build/po/LANG/LC_MESSAGES/cot.mo)"
	finish
	exit
fi

# --- the FOD's whitelist, outside any project: the locale speaks ------------------------------
mkdir wl
cd wl
run 0 fr "$COT" whitelist add --kbo 0809394427 --name "eHealth-platform" --since 2026-01-12
out_has "BCE 0809.394.427 (eHealth-platform) ajoutée, admise le 2026-01-12, à une nouvelle liste blanche"
out_has "whitelist.xml : séquence 1, 1 organisation"
run 0 nl "$COT" whitelist add --kbo 0403019261 --name "Maison Sainte-Élisabeth"
out_has "KBO 0403.019.261 (Maison Sainte-Élisabeth) toegevoegd, toegelaten op $TODAY"
out_has "whitelist.xml: volgnummer 2, 2 organisaties"
run 0 fr "$COT" whitelist list
out_has "whitelist.xml : séquence 2, émise le "
out_has ", 2 organisations"
out_has "signature : aucune ('cot whitelist sign --keystore FILE' crée whitelist.xml.p7s)"
out_has "BCE           DEPUIS      INAMI     NOM"
run 0 env LANGUAGE=nl "$COT" whitelist list
out_has "KBO           SINDS       RIZIV     NAAM"
out_has "handtekening: geen"
# gettext's rule: LANGUAGE is not read in the C locale
run 0 env -u LC_ALL LANG=C LANGUAGE=nl "$COT" whitelist list
out_has "whitelist.xml: sequence 2, issued "
out_has "KBO           SINCE       NIHII     NAME"
run 0 env -u LC_ALL LANG=C "$COT" --lang fr whitelist list
out_has "BCE           DEPUIS      INAMI     NOM"
# refusals, in one sentence each, with the subject quoted as in English
run 1 fr "$COT" whitelist add --kbo 0809394427 --name again
err_has "cot: "
err_has "la BCE 0809394427 figure déjà sur la liste blanche (eHealth-platform, depuis le 2026-01-12)"
run 2 nl "$COT" whitelist add --kbo 0809394427
err_has "add heeft --kbo en --name nodig, of --bundle"
run 2 fr "$COT" whitelist sign
err_has "sign demande --keystore FILE"
run 1 nl "$COT" whitelist remove --kbo 0566988259 --reason "nooit opgenomen"
err_has "KBO 0566988259 staat niet op de whitelist"
run 0 fr "$COT" whitelist remove --kbo 0403019261 --reason "fermée"
out_has "BCE 0403.019.261 (Maison Sainte-Élisabeth) retirée : fermée"
out_has "whitelist.xml : séquence 3, 1 organisation"
# what machines read is never translated: the file, the export, its keys
check "the whitelist's XML is the same words in every language" \
	grep -q '<organisation kbo="0809394427" since="2026-01-12">' whitelist.xml
run 0 fr "$COT" whitelist export --format json
out_has '"schema": "cot.whitelist/1"'
out_has '"organisations": ['
out_has '"since": "2026-01-12"'
run 0 nl "$COT" whitelist export --format csv
out_has "kbo,name,nihii,since,bundle"
# an XML reader's complaint, in French, with the element names as they are
printf '<?xml version="1.0"?>\n<liste/>\n' >bad.xml
run 2 fr "$COT" whitelist list --file bad.xml
err_has "l'élément 'liste' (sans espace de noms) n'est pas attendu comme racine (attendu : "
# the help, columns kept
run 0 fr "$COT" whitelist check --help
out_has "Savoir si l'organisation figure sur la liste blanche : sortie 0 si oui, 1 sinon."
out_has "  --offline         utiliser la copie en cache du projet ; dire son âge"
out_has ": cot whitelist check [--url URL | --file PATH]" # the command line stays
run 0 env -u LC_ALL LANG=C "$COT" whitelist check --help
out_has "  --offline         use the project's cached copy; say how old it is"
cd "$WORK"

# --- whitelist check in a project: the project's language, whatever the locale ----------------
new_project p
sed -i 's/^  lang: .*/  lang: "nl"/' p/cot.yaml
run 0 fr "$COT" -C p whitelist check --file "$WORK/wl/whitelist.xml"
out_has "op de lijst: KBO 0809.394.427 (eHealth-platform) staat op de whitelist sinds 2026-01-12"
out_has "whitelist: volgnummer 3, uitgegeven "
out_has "handtekening: niet gecontroleerd"
err_has "cot: opmerking: de handtekening wordt niet gecontroleerd"
run 0 env -u LC_ALL LANG=C "$COT" -C p --lang fr whitelist check --file "$WORK/wl/whitelist.xml"
out_has "sur la liste : la BCE 0809.394.427 (eHealth-platform) figure sur la liste blanche depuis le 2026-01-12"
run 0 "$COT" -C p --format json whitelist check --file "$WORK/wl/whitelist.xml"
out_has '"schema": "cot.whitelist-check/1"'
out_has '"listed": true'
out_lacks "op de lijst"
run 0 "$COT" -C p whitelist check --file "$WORK/wl/whitelist.xml"
err_has "op de lijst, maar de stap 'whitelisted' kon niet geregistreerd worden: " # its id stays
run 1 "$COT" -C p whitelist check --file "$WORK/wl/whitelist.xml" --kbo 0403019261
out_has "niet op de lijst: KBO 0403.019.261 staat niet op de whitelist (1 organisatie)"
run 2 "$COT" -C p whitelist check --file x --url https://127.0.0.1/x
err_has "geef --url of --file, niet beide"
"$COT" init pf --name "Test Org" --kbo 0809394427 --route direct --lang fr >/dev/null 2>&1 ||
	bad "cannot create pf"
run 1 nl "$COT" -C pf whitelist check --file "$WORK/wl/whitelist.xml" --kbo 0403019261
out_has "absente : la BCE 0403.019.261 ne figure pas sur la liste blanche (1 organisation)"

# --- cot submit in a Dutch project -----------------------------------------------------------
run 1 "$COT" -C p submit --smtp smtp://127.0.0.1:25
err_has "het project is niet klaar om in te dienen:"
err_has "stappen nog niet geregistreerd: " # the step ids that follow stay as they are
err_has "  - documenten: "
run 2 "$COT" -C p submit --smtp smtp://127.0.0.1:25 --eml x.eml
err_has "--eml schrijft het bericht in plaats van het te versturen: geef --smtp of --eml, niet beide"
# --help is printed before the project is read: the locale's language, or --lang
run 0 "$COT" --lang nl submit --help
out_has "De ondertekende bundel naar het adres van de circle of trust versturen."
out_has "  --eml FILE        het bericht naar FILE schrijven voor een mailprogramma"
run 0 fr "$COT" submit --help
out_has "Envoyer le paquet signé à l'adresse du cercle de confiance."

# A project ready to submit: the test PKI's organisation, every step before 'submitted' done.
bash "$SRCDIR/tests/pki/mkpki.sh" "$WORK/pki" >/dev/null 2>&1 || bad "mkpki.sh failed"
KS=(--keystore "$WORK/pki/modern.p12" --password-file "$WORK/pki/password.txt")
day() { date -u -d "@$((NOW - $1 * 86400))" +%F; }
ORGNAME="Maison Sainte-Élisabeth"
"$COT" init r --name "$ORGNAME" --kbo 0403019261 --nihii 71089815 --route direct --lang nl \
	>/dev/null || bad "cannot create r"
cp "$WORK/pki/ca-chain.pem" r/test-ca.pem
sed -i -e 's|^    - "ehealth-production"$|    - "test-ca.pem"|' \
	-e 's|^  security_officer: {}$|  security_officer: {name: "Jan Peeters", email: "jan.peeters@sainte-elisabeth.test"}|' \
	r/cot.yaml
printf '  from: "it@sainte-elisabeth.test"\n' >>r/cot.yaml
pdf r/documents/proof-of-mandate.pdf mandate
pdf r/documents/belrai-contract.pdf contract
ready_checklist r "$(day 10)" "$ORGNAME" 0403019261
(
	cd r &&
	"$COT" cert request --date "$(day 60)" &&
	"$COT" cert import "$WORK/pki/modern.p12" --password-file "$WORK/pki/password.txt" \
		--date "$(day 50)" &&
	"$COT" done registered --date "$(day 40)" --file documents/proof-of-mandate.pdf &&
	"$COT" check --record &&
	"$COT" done contract-signed --file documents/belrai-contract.pdf &&
	"$COT" bundle "${KS[@]}"
) >ready.log 2>&1 || bad "cannot make the ready project: $(tail -3 ready.log)"

run 0 fr "$COT" -C r submit --dry-run --smtp smtp://127.0.0.1:2525
out_has "Proefdraai: er wordt niets verstuurd, geschreven of geregistreerd."
out_has "Server:     smtp://127.0.0.1:2525 (STARTTLS vereist, certificaat geverifieerd, login uit netrc als het er een heeft)"
out_has "Aan:        circleoftrust@belrai.org"
out_has "Van:        it@sainte-elisabeth.test (Reply-To jan.peeters@sainte-elisabeth.test)"
out_has "Bijlage:    "
out_has "Bericht:    "
out_has "Subject: " # the mail's headers are the mail's
cp "$OUT" dry-nl.txt
# The mail itself: the same bytes with the catalogs as without them (the project's template).
run 0 env COT_LOCALEDIR="$WORK/none" "$COT" -C r submit --dry-run --smtp smtp://127.0.0.1:2525
out_has "Dry run: nothing is sent, written or recorded."
out_has "To:         circleoftrust@belrai.org"
body() { awk 'b >= 2 { print } /^$/ { b++ }' "$1"; }
check "the mail body does not depend on the catalogs" test "$(body dry-nl.txt)" = "$(body "$OUT")"
check "the mail body is the project's Dutch" grep -q 'Geachte' dry-nl.txt
run 0 "$COT" -C r --lang fr submit --dry-run --smtp smtps://127.0.0.1:2525
out_has "Simulation : rien n'est envoyé, écrit ni enregistré."
out_has "Serveur :   smtps://127.0.0.1:2525 (TLS dès le début, certificat vérifié, identifiant tiré de netrc s'il en contient un)"
out_has "À :         circleoftrust@belrai.org"
# Nobody listens: each attempt said with the decimal comma, the count of attempts in words.
before=$(snapshot r)
COT_RETRY_BASE_MS=200 run 3 "$COT" -C r submit --smtp smtp://127.0.0.1:1
err_has "cot: versturen naar circleoftrust@belrai.org via smtp://127.0.0.1:1"
err_has "cot: poging 1 mislukt: "
err_has "; nieuwe poging over 0,2 s"
err_has "; nieuwe poging over 0,4 s"
err_has "niet verstuurd, niets geregistreerd: "
err_has " (4 pogingen)"
check "a failed send changes nothing" test "$before" = "$(snapshot r)"
# Another recipient is asked about on the terminal, in Dutch: [j/N], and j is yes.
ask() { # ask ANSWER: the question answered on a pseudo-terminal (script), output in $OUT
	printf '%s\n' "$1" | COT_RETRY_BASE_MS=1 script -qec "'$COT' -C r submit \
		--smtp smtp://127.0.0.1:1 --to it@sainte-elisabeth.test" /dev/null >"$OUT" 2>&1
}
ask n
check "n is no: exit 2" test $? = 2
out_has "'it@sainte-elisabeth.test' is niet het adres van de FOD (circleoftrust@belrai.org). Daarheen versturen? [j/N]"
out_has "niet verstuurd: de ontvanger werd niet bevestigd"
ask j
check "j is yes: it tries to send (exit 3, nobody listens)" test $? = 3
out_has "niet verstuurd, niets geregistreerd: "
out_lacks "de ontvanger werd niet bevestigd"
check "an unconfirmed or failed send changes nothing" test "$before" = "$(snapshot r)"
# Written for a mail client: said in Dutch, recorded under the machine's name.
run 0 "$COT" -C r submit --eml "$WORK/out.eml"
out_has "$WORK/out.eml geschreven ("
out_has " bytes) voor een mailprogramma: er werd niets verstuurd."
out_has "Zodra u het verstuurd hebt: cot done submitted --ref '<"
check "the journal's event is not translated" grep -q '"submit-eml"' r/.cot/journal
check "the message's protocol headers are English" grep -q '^MIME-Version: 1.0' "$WORK/out.eml"
# A file that exists is never overwritten: said in Dutch.
run 2 "$COT" -C r submit --eml "$WORK/out.eml"
err_has "'$WORK/out.eml' bestaat al: cot overschrijft het nooit"
finish
