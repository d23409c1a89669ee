#!/usr/bin/env bash
# cot whitelist add/remove/list/export/sign: the authority's side, on a PKI generated per run.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-11-20T09:30:00Z
bash "$SRCDIR/tests/pki/mkpki.sh" "$WORK/pki" >/dev/null 2>&1 || bad "mkpki.sh failed"
PKI=$WORK/pki
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$OUT" "$1"; }
files() { snapshot "$WORK/wl" | grep -v '\.lock$'; }

mkdir wl
cd wl

# --- add ------------------------------------------------------------------------------
run 2 "$COT" whitelist add --kbo 0809394427
err_has "add needs --kbo and --name"
run 2 "$COT" whitelist list
err_has "no whitelist at 'whitelist.xml'"
run 0 "$COT" whitelist add --kbo BE0809.394.427 --name "eHealth-platform" --since 2026-01-12
out_has "Added KBO 0809.394.427 (eHealth-platform), admitted on 2026-01-12, to a new whitelist"
out_has "whitelist.xml: sequence 1, 1 organisation"
check "whitelist.xml exists" test -f whitelist.xml
check "its history exists" test -f whitelist.xml.history -a -f whitelist.xml.history.head
run 0 "$COT" whitelist add --kbo 0566.988.259 --name "WZC Zonneweide & Co <vzw>" --nihii 71089815
out_has "admitted on 2026-11-20"
out_has "sequence 2, 2 organisations"
run 0 "$COT" whitelist add --kbo 0403019261 --name "Maison de repos Sainte-Élisabeth"
out_has "sequence 3, 3 organisations"

# an independent validator agrees with the schema and the file
if command -v xmllint >/dev/null; then
	run 0 xmllint --noout --nonet --schema "$SRCDIR/templates/whitelist.xsd" whitelist.xml
fi
check "the organisations are in KBO order" \
	test "$(grep -o 'kbo="[0-9]*"' whitelist.xml | tr -d 'kbo="' | tr '\n' ' ')" = \
	"0403019261 0566988259 0809394427 "

# refusals change nothing and say why
before=$(files)
run 1 "$COT" whitelist add --kbo 0809394427 --name "again"
err_has "KBO 0809394427 is already on the whitelist (eHealth-platform, since 2026-01-12)"
run 2 "$COT" whitelist add --kbo 0809394428 --name "bad digits"
err_has "check digits"
run 2 "$COT" whitelist add --kbo 0123456749 --name $'tab\there'
err_has "control character"
run 2 "$COT" whitelist add --kbo 0123456749 --name "A" --nihii 71089815001
err_has "a person's"
run 2 "$COT" whitelist add --kbo 0123456749 --name "A" --since 2026-02-30
err_has "not a date"
run 2 "$COT" whitelist add --kbo 0123456749 --name " padded "
err_has "starts or ends with a space"
run 2 "$COT" whitelist add --kbo 0123456749 --name "A" --reason "no such option for add"
err_has "unknown option '--reason'"
run 1 "$COT" whitelist remove --kbo 0123456749 --reason "never listed"
err_has "KBO 0123456749 is not on the whitelist"
run 2 "$COT" whitelist remove --kbo 0809394427
err_has "remove needs --kbo (or --software and --version) and --reason"
# --bundle: the organisation comes from a bundle that passes cot verify (unit-tested with a real
# one); here what is refused before or by the verification
run 2 "$COT" whitelist add --bundle x.asice --kbo 0123456749 --trust "$PKI/root.pem"
err_has "no --kbo, --name or --nihii with it"
run 2 "$COT" whitelist add --bundle x.asice
err_has "--bundle needs --trust"
run 2 "$COT" whitelist add --kbo 0123456749 --name "A" --trust "$PKI/root.pem"
err_has "--trust goes with --bundle"
run 2 "$COT" whitelist add --bundle /nonexistent.asice --trust "$PKI/root.pem"
err_has "cannot read the bundle"
printf 'PK not a container' >garbage.asice
run 1 "$COT" whitelist add --bundle garbage.asice --trust "$PKI/root.pem"
err_has "does not pass verification (TOTAL-FAILED"
rm garbage.asice
check "the refusals changed nothing" test "$before" = "$(files)"

# --- list and export -------------------------------------------------------------------
run 0 "$COT" whitelist list
out_has "whitelist.xml: sequence 3, issued 2026-11-20T09:30:00Z, 3 organisations"
out_has "signature: none"
out_has "0566.988.259  2026-11-20  71089815  WZC Zonneweide & Co <vzw>"
out_has "0809.394.427  2026-01-12  -         eHealth-platform"
run 2 "$COT" whitelist export
err_has "export needs --format csv, json or xml"
run 2 "$COT" whitelist export --format junit
run 0 "$COT" whitelist export --format csv
out_has "kbo,name,nihii,since,bundle"
out_has "0566988259,WZC Zonneweide & Co <vzw>,71089815,2026-11-20,"
run 0 "$COT" whitelist export --format json
check "export json parses with three organisations" test "$(jget 'len(d["organisations"])')" = 3
check "export json names its schema" test "$(jget 'd["schema"]')" = cot.whitelist/1
run 0 "$COT" --format xml whitelist export
same "$OUT" whitelist.xml

# export csv with software: its rows follow the organisations', told apart by kind, with the
# organisations' columns kept first; hostile product names and versions are defused.
H=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
cat >"$WORK/sw.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<whitelist xmlns="urn:be:belrai:cot:whitelist:1" version="1" sequence="4" issued="2026-11-20T09:30:00Z">
  <organisation kbo="0809394427" since="2026-01-12">
    <name>eHealth-platform</name>
  </organisation>
  <software product="=cmd|' /C calc'!A0" version="+4.2" vendor="0403019261" since="2026-02-01">
    <bundle>$H</bundle>
  </software>
  <software product="ZorgDossier, Pro" version="-2" vendor="0403019261" since="2026-02-03"/>
  <software product="ZorgDossier, Pro" version="@1" vendor="0403019261" since="2026-02-02"/>
</whitelist>
EOF
if command -v xmllint >/dev/null; then
	run 0 xmllint --noout --nonet --schema "$SRCDIR/templates/whitelist.xsd" "$WORK/sw.xml"
fi
run 0 "$COT" whitelist export --format csv --file "$WORK/sw.xml"
printf '%s\r\n' "kbo,name,nihii,since,bundle,kind,product,version,vendor" \
	"0809394427,eHealth-platform,,2026-01-12,,organisation,,," \
	",,,2026-02-01,$H,software,\"'=cmd|' /C calc'!A0\",\"'+4.2\",0403019261" \
	",,,2026-02-03,,software,\"ZorgDossier, Pro\",\"'-2\",0403019261" \
	",,,2026-02-02,,software,\"ZorgDossier, Pro\",\"'@1\",0403019261" >"$WORK/sw.csv"
same "$OUT" "$WORK/sw.csv"
check "a CSV reader sees 9 fields a row, the kinds apart, no cell a formula" python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert len(rows) == 5 and all(len(r) == 9 for r in rows), rows
assert [r[5] for r in rows[1:]] == ["organisation", "software", "software", "software"], rows
assert rows[2][6] == "\x27=cmd|\x27 /C calc\x27!A0" and rows[2][8] == "0403019261", rows
assert not any(c and c[0] in "=+-@" for r in rows for c in r), rows' "$OUT"
rm -f "$WORK/sw.xml" "$WORK/sw.csv"

# --- sign -------------------------------------------------------------------------------
run 2 "$COT" whitelist sign
err_has "sign needs --keystore FILE"
run 2 "$COT" whitelist sign --keystore "$PKI/good.pem"
err_has "not a PKCS#12 keystore"
before=$(files)
run 2 "$COT" whitelist sign --keystore "$PKI/modern.p12" --password-file "$PKI/wrong-password.txt"
err_has "wrong password"
run 2 env -u PW "$COT" whitelist sign --keystore "$PKI/modern.p12" --password-env PW
err_has "'PW' is not set"
run 2 "$COT" whitelist sign --keystore "$PKI/modern.p12" --password-file "$PKI/password.txt" \
	--password-env PW
check "failed signatures changed nothing" test "$before" = "$(files)"
run 0 env PW=Test_001 "$COT" -v whitelist sign --keystore "$PKI/modern.p12" --password-env PW
out_has "Signed whitelist.xml (sequence 3) as CN=CBE=0403019261"
check "the password never shows, even with -v" sh -c "! grep -q Test_001 '$OUT' '$ERR'"
check "whitelist.xml.p7s exists" test -s whitelist.xml.p7s
# OpenSSL's own CMS verifier agrees: detached, DER, over the exact bytes, chain to the root
run 0 openssl cms -verify -binary -inform DER -in whitelist.xml.p7s -content whitelist.xml \
	-CAfile "$PKI/root.pem" -purpose any -out /dev/null
run 0 openssl cms -cmsout -print -inform DER -in whitelist.xml.p7s
out_has "algorithm: sha256"
out_has "CN=cot test issuing CA"
run 0 "$COT" whitelist list
out_has "signature: whitelist.xml.p7s, by CN=CBE=0403019261"
out_has "it matches this list"
run 0 python3 -c 'import json,sys; r=[json.loads(l) for l in open("whitelist.xml.history")]; print(r[-1]["event"], r[-1]["data"]["sequence"])'
out_has "sign 3"

# a change removes the signature that no longer matches, in the same locked operation
run 0 "$COT" whitelist remove --kbo 0566988259 --reason "merged into another organisation"
out_has "Removed KBO 0566.988.259 (WZC Zonneweide & Co <vzw>): merged into another organisation"
out_has "sequence 4, 2 organisations"
out_has "The signature 'whitelist.xml.p7s' no longer matched and was removed"
check "the stale signature is gone" test ! -e whitelist.xml.p7s
run 0 "$COT" whitelist list
out_has "signature: none"
run 0 "$COT" whitelist sign --keystore "$PKI/modern.p12" --password-file "$PKI/password.txt"
run 0 openssl cms -verify -binary -inform DER -in whitelist.xml.p7s -content whitelist.xml \
	-CAfile "$PKI/root.pem" -purpose any -out /dev/null
# a signature that no longer matches (the list was edited by hand) shows in list
cp whitelist.xml saved.xml
sed -i 's/eHealth-platform/eHealth platform/' whitelist.xml
run 0 "$COT" whitelist list
out_has "does not hold"
mv saved.xml whitelist.xml

# --- history ------------------------------------------------------------------------------
run 0 python3 -c 'import json; print(" ".join(json.loads(l)["event"] for l in open("whitelist.xml.history")))'
out_has "add add add sign remove sign"
run 0 python3 -c 'import json; r=[json.loads(l) for l in open("whitelist.xml.history")]; print(r[4]["data"]["reason"], r[4]["actor"])'
out_has "merged into another organisation tester@cli"
# the history is hash-chained: an edited record stops every change
cp whitelist.xml.history saved.history
sed -i '1s/eHealth-platform/eHealth-Platform/' whitelist.xml.history
before=$(files)
run 1 "$COT" whitelist add --kbo 0123456749 --name "Next"
err_has "history 'whitelist.xml.history' is not intact"
check "a broken history changed nothing" test "$before" = "$(files)"
mv saved.history whitelist.xml.history

# --- locking ------------------------------------------------------------------------------
before=$(files)
hold_lock whitelist.xml.lock
run 3 "$COT" whitelist add --kbo 0123456749 --name "Next"
err_has "is locked by another cot process"
release_lock
check "a held lock changed nothing" test "$before" = "$(files)"
run 0 "$COT" whitelist add --kbo 0123456749 --name "Next"

# --- hostile or broken lists: exit 2, located, nothing changed ------------------------------
mkdir ../hostile
cd ../hostile
head='<?xml version="1.0"?>'
root='<whitelist xmlns="urn:be:belrai:cot:whitelist:1" version="1" sequence="1" issued="2026-11-20T09:30:00Z">'
org='<organisation kbo="0809394427" since="2026-01-12"><name>&xxe;</name></organisation>'
printf '%s\n<!DOCTYPE whitelist [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n%s%s</whitelist>\n' \
	"$head" "$root" "$org" >xxe.xml
cp xxe.xml xxe.before
run 2 "$COT" whitelist list --file xxe.xml
err_has "xxe.xml:2:"
err_has "DOCTYPE is not allowed"
check "no file content leaked" sh -c "! grep -q 'root:' '$OUT' '$ERR'"
run 2 "$COT" whitelist add --file xxe.xml --kbo 0123456749 --name "X"
same xxe.xml xxe.before
check "no signature, history or lock content was made for it" test ! -e xxe.xml.history
printf '%s\n%s<organisation kbo="0809394427" since="2026-01-12"><name>A</name></organisation>\n' \
	"$head" "$root" >truncated.xml
run 2 "$COT" whitelist list --file truncated.xml
err_has "truncated.xml:3:1:" # where the bytes end
err_has "the document ends inside an element: truncated"
printf '%s\n%s<organisation kbo="0809394427" since="2026-01-12"><name>B</name></organisation>' \
	"$head" "$root" >unsorted.xml
printf '<organisation kbo="0403019261" since="2026-01-12"><name>A</name></organisation></whitelist>\n' \
	>>unsorted.xml
run 2 "$COT" whitelist export --format csv --file unsorted.xml
err_has "ascending KBO order"

# markup that would cost libxml2 quadratic time is refused while it streams in, before the
# parser sees it (xmlbound.h): 200,000 attributes on one element, 40 levels, 9 namespaces
python3 -c 'import sys
sys.stdout.write("<?xml version=\"1.0\"?>\n<whitelist %s/>\n" % " ".join("a%d=\"\"" % i for i in range(200000)))' >attrs.xml
run 2 timeout 20 "$COT" whitelist list --file attrs.xml
err_has "'attrs.xml' is refused: an element at byte 23 has more than 16 attributes"
python3 -c 'import sys
sys.stdout.write("<whitelist>" + "<o>" * 40 + "</o>" * 40 + "</whitelist>")' >deep.xml
run 2 "$COT" whitelist list --file deep.xml
err_has "its elements nest more than 16 deep"
python3 -c 'import sys
sys.stdout.write("<whitelist %s/>" % " ".join("xmlns:n%d=\"u\"" % i for i in range(9)))' >ns.xml
run 2 "$COT" whitelist export --format json --file ns.xml
err_has "declares more than 8 namespaces"

# cot's reader checks the schema's rules itself: on each corner case of the schema's types and
# content models, it must decide as libxml2's schema validator does (the check digits and the
# order, which are beyond the schema, are right in every document here)
if command -v xmllint >/dev/null; then
	mkdir corners
	python3 - corners <<'EOF'
import sys
d = sys.argv[1]
X = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
def doc(n, version='1', seq='7', issued='2026-11-20T09:30:00Z', kbo='0403019261',
        since='2026-01-12', body='<name>A</name>', root='', org='', between=''):
    open('%s/%s.xml' % (d, n), 'w').write(
        '<?xml version="1.0"?>\n<whitelist xmlns="urn:be:belrai:cot:whitelist:1"%s version="%s" '
        'sequence="%s" issued="%s">%s<organisation kbo="%s" since="%s"%s>%s</organisation>'
        '</whitelist>\n' % (root, version, seq, issued, between, kbo, since, org, body))
doc('ok')
for i, v in enumerate([' 1', '1 ', '&#49;', '01', '']):
    doc('version%d' % i, version=v)
for i, v in enumerate(['0', '007', '18446744073709551615', '18446744073709551616', '+5', '-0',
                       ' 5', '5 ', '&#9;5', '', '5.0', '1e3']):
    doc('sequence%d' % i, seq=v)
for i, v in enumerate(['0000-01-01T00:00:00Z', '2024-02-29T24:00:00Z', '2024-02-29T24:00:01Z',
                       '2023-02-29T10:00:00Z', '1900-02-29T00:00:00Z', '2000-02-29T00:00:00Z',
                       '2026-11-20T23:59:60Z', '2026-13-20T00:00:00Z', '2026-12-00T00:00:00Z',
                       '2026-12-01T00:60:00Z', '2026-11-20T09:30:00.5Z', '2026-11-20T09:30:00',
                       '2026-11-20T09:30:00+00:00', ' 2026-11-20T09:30:00Z ',
                       '&#9;2026-11-20T09:30:00Z&#10;', '2026-11-20 T09:30:00Z']):
    doc('issued%d' % i, issued=v)
for i, v in enumerate(['0000-01-01', '2024-02-29', '2026-04-31', '2026-01-12Z', ' 2026-01-12',
                       '&#10;2026-01-12&#13;', '2026- 01-12', '26-01-12', '2026-1-12']):
    doc('since%d' % i, since=v)
for i, v in enumerate([' 0403019261', '0403019261 ', '403019261', '04030192610', '2403019261']):
    doc('kbo%d' % i, kbo=v)
bundle = '00112233445566778899aabbccddeeff' * 2
for i, v in enumerate(['<name> </name>', '<name/>', '<name>A<!-- c -->B</name>',
                       '<name>A<?pi x?>B</name>', '<name><![CDATA[A]]></name>',
                       '<name>A<b/></name>', '<name a="1">A</name>', '<name xmlns="urn:x">A</name>',
                       '<name>' + 'é' * 256 + '</name>', '<name>' + 'é' * 257 + '</name>',
                       '<name>A&#9;B</name>', '<name>A</name><name>B</name>',
                       '<name>A</name><nihii>71089815</nihii>', '<name>A</name><nihii> 71089815</nihii>',
                       '<name>A</name><nihii>7108981</nihii>', '<nihii>71089815</nihii><name>A</name>',
                       '<name>A</name><bundle>%s</bundle>' % bundle,
                       '<name>A</name><bundle>%s</bundle>' % bundle.upper(),
                       '<name>A</name><bundle>%s</bundle><nihii>71089815</nihii>' % bundle,
                       '<name>A</name><nihii>71089815</nihii><bundle>%s</bundle>' % bundle,
                       '\n <name>A</name>\n', '<name>A</name>x', '<![CDATA[ ]]><name>A</name>',
                       '']):
    doc('body%d' % i, body=v)
for i, v in enumerate(['', '&#32;', 'x', '<![CDATA[ ]]>', '<!-- c -->', '<extra/>']):
    doc('between%d' % i, between=v)
for i, v in enumerate([' ' + X + ' xsi:schemaLocation="a b"', ' ' + X + ' xsi:nil="false"',
                       ' xmlns:q="urn:q" q:x="1"', ' x="1"', ' xml:lang="nl"']):
    doc('root%d' % i, root=v)
for i, v in enumerate([' ' + X + ' xsi:noNamespaceSchemaLocation="x"', ' xml:lang="nl"', ' x="1"',
                       ' xmlns:q="urn:q" q:kbo="0403019261"']):
    doc('org%d' % i, org=v)
open(d + '/prefixed.xml', 'w').write(
    '<?xml version="1.0"?>\n<w:whitelist xmlns:w="urn:be:belrai:cot:whitelist:1" version="1" '
    'sequence="7" issued="2026-11-20T09:30:00Z"><w:organisation kbo="0403019261" '
    'since="2026-01-12"><w:name>A</w:name></w:organisation></w:whitelist>\n')
open(d + '/nons.xml', 'w').write(
    '<?xml version="1.0"?>\n<whitelist version="1" sequence="7" issued="2026-11-20T09:30:00Z"/>\n')
open(d + '/utf16.xml', 'wb').write(
    '<?xml version="1.0" encoding="UTF-16"?>\n<whitelist xmlns="urn:be:belrai:cot:whitelist:1" '
    'version="1" sequence="7" issued="2026-11-20T09:30:00Z"><organisation kbo="0403019261" '
    'since="2026-01-12"><name>Élisabeth</name></organisation></whitelist>\n'.encode('utf-16'))
EOF
	xmllint --noout --nonet --schema "$SRCDIR/templates/whitelist.xsd" corners/*.xml \
		>/dev/null 2>corners.verdicts
	n=0
	for f in corners/*.xml; do
		n=$((n + 1))
		if grep -qxF "$f validates" corners.verdicts; then want=0; else want=2; fi
		run "$want" "$COT" whitelist list --file "$f"
	done
	check "libxml2 found some corner cases valid" grep -q ' validates$' corners.verdicts
	check "the corner cases were all tried" test "$n" -gt 80
fi

finish
