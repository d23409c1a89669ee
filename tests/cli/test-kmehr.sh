#!/usr/bin/env bash
# cot kmehr validate: eHealth's 1.32 XSD (COT_REFERENCE), the BelRAI rules, every format, hostile files.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
XSD=$COT_REFERENCE/kmehr-1.32
GOOD=$SRCDIR/tests/fixtures/kmehr/belrai-report.xml
FINDING='^[^:]+:[0-9]+:[0-9]+: (error|warning|note): .+ \[kmehr-[a-z-]+\]$'

# --- schemas: given, from cot.yaml, missing ---------------------------------------
run 0 "$COT" kmehr validate --schemas "$XSD" "$GOOD"
out_has "1 file checked: no findings"
run 2 "$COT" kmehr validate "$GOOD"
err_has "https://www.ehealth.fgov.be/standards/kmehr/"
run 2 "$COT" kmehr validate --schemas "$WORK/none" "$GOOD"
err_has "no KMEHR schema in '$WORK/none'"
err_has "https://www.ehealth.fgov.be/standards/kmehr/"
run 2 "$COT" kmehr validate --schemas "$XSD"
err_has "which files?"
run 2 "$COT" kmehr validate --schemas "$XSD" --format html "$GOOD"
new_project proj
mkdir -p proj/samples
cp "$GOOD" proj/samples/
ln -s "$XSD" proj/kmehr-xsd
printf '\nkmehr:\n  schemas: kmehr-xsd\n' >>proj/cot.yaml
run 0 "$COT" -C proj/samples kmehr validate belrai-report.xml
run 0 "$COT" -C proj status
new_project proj2
printf '\nkmehr:\n  scheme: x\n' >>proj2/cot.yaml
run 2 "$COT" -C proj2 status
err_has "scheme"

# --- the rules, each its own finding ---------------------------------------------
sed 's/>belrai-report</>contactreport</' "$GOOD" >transaction.xml
sed 's/>20200901</>20161201</' "$GOOD" >standard.xml
sed '0,/>application</s//>persnurse</' "$GOOD" >sender.xml
sed 's/>85073003300</>85073003328</' "$GOOD" >ssin.xml
sed 's/v1">/v2">/' "$GOOD" >namespace.xml
sed 's/<isvalidated>true/<isvalidated>maybe/' "$GOOD" >schema.xml
run 1 "$COT" kmehr validate --schemas "$XSD" transaction.xml standard.xml sender.xml ssin.xml \
	namespace.xml schema.xml
for r in transaction standard sender real-ssin namespace schema; do out_has "[kmehr-$r]"; done
out_has "transaction.xml:38:"
out_has "ssin.xml:28:"
out_has "schema.xml:51:"
out_lacks "85073003328"
head -n -1 "$OUT" >findings.txt
check "every finding file:line:col: severity: message [rule]" \
	test "$(grep -Evc "$FINDING" findings.txt)" = 0
out_has "6 files checked: 6 errors"

# -j 2: the same report, in the order of the files
run 1 "$COT" kmehr validate --schemas "$XSD" transaction.xml standard.xml sender.xml ssin.xml \
	namespace.xml schema.xml
cp "$OUT" j1.txt
run 1 "$COT" kmehr validate --schemas "$XSD" -j 2 transaction.xml standard.xml sender.xml ssin.xml \
	namespace.xml schema.xml
same j1.txt "$OUT"
run 2 "$COT" kmehr validate --schemas "$XSD" -j 0 ssin.xml
err_has "-j takes a number of threads"
# a message full of real numbers: 20 findings, then one counting the rest
/usr/bin/python3 -c 'import sys; sys.stdout.write("<kmehrmessage xmlns=\"http://www.ehealth.fgov.be/standards/kmehr/schema/v1\">" + "85073003328 " * 1000 + "</kmehrmessage>")' >many.xml
run 1 "$COT" kmehr validate --schemas "$XSD" many.xml
check "20 real SSINs shown" test "$(grep -c 'has the valid check digits' "$OUT")" = 20
out_has "many.xml: error: 980 more INSS/SSINs with valid check digits not shown [kmehr-real-ssin]"

# --- formats -----------------------------------------------------------------------
run 1 "$COT" kmehr validate --schemas "$XSD" --format json "$GOOD" ssin.xml
check "json: ok false, the rule, no translation of keys" \
	/usr/bin/python3 -c 'import json,sys; j=json.load(open(sys.argv[1]))
assert j["ok"] is False and j["counts"]["errors"] == 1, j
assert [f["rule"] for f in j["findings"]] == ["kmehr-real-ssin"], j["findings"]
assert [f["file"] for f in j["files"]] == [sys.argv[2], "ssin.xml"]' "$OUT" "$GOOD"
run 1 "$COT" kmehr validate --schemas "$XSD" --format junit ssin.xml
check "junit is XML" xmllint --noout "$OUT"
check "the JUnit suite names the command" grep -q 'testsuite name="cot kmehr validate"' "$OUT"
out_has "kmehr-real-ssin"
run 1 "$COT" kmehr validate --schemas "$XSD" --format sarif ssin.xml
check "sarif names the rule" /usr/bin/python3 -c 'import json,sys
j=json.load(open(sys.argv[1])); assert j["runs"][0]["results"][0]["ruleId"] == "kmehr-real-ssin"' "$OUT"
run 1 "$COT" kmehr validate --schemas "$XSD" --format github ssin.xml
out_has "::error file=ssin.xml,line=28"
run 1 "$COT" kmehr validate --schemas "$XSD" -o report.json --format json ssin.xml
check "-o writes the report" grep -q kmehr-real-ssin report.json

# --- hostile files, made here --------------------------------------------------------
printf '<?xml version="1.0"?>\n<!DOCTYPE k [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<k>&x;</k>\n' >xxe.xml
run 1 "$COT" kmehr validate --schemas "$XSD" xxe.xml
out_has "[kmehr-dtd]"
out_lacks "root:"
{
	printf '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY l0 "lol">'
	for i in 1 2 3 4 5 6 7 8 9; do
		printf '<!ENTITY l%d "' $i
		for _ in 1 2 3 4 5 6 7 8 9 10; do printf '&l%d;' $((i - 1)); done
		printf '">'
	done
	printf ']><l>&l9;</l>'
} >laughs.xml
/usr/bin/python3 -c 'import sys; sys.stdout.write("<kmehrmessage" + "".join(" a%d=\"1\"" % i for i in range(100000)) + "/>")' >attrs.xml
printf '<kmehrmessage xmlns="http://www.ehealth.fgov.be/standards/kmehr/schema/v1">\xff\xfe</kmehrmessage>' >utf8.xml
: >empty.xml
mkfifo fifo.xml
mkdir dir.xml
# 100 MB of nesting: refused by its size, never read
/usr/bin/python3 -c 'import sys; sys.stdout.write("<a>" * 33333334)' >deep.xml
/usr/bin/python3 -c 'import sys; sys.stdout.write("<a>" * 1000000)' >deep3m.xml
start=$(date +%s)
run 1 "$COT" kmehr validate --schemas "$XSD" laughs.xml attrs.xml utf8.xml empty.xml fifo.xml \
	dir.xml deep.xml deep3m.xml
check "hostile files in bounded time" test $(($(date +%s) - start)) -lt 30
out_has "laughs.xml:1:1: error:"
out_has "attrs.xml:1:1: error: an element at byte 1 has more than 256 attributes [kmehr-limits]"
out_has "utf8.xml:1:"
out_has "[kmehr-not-well-formed]"
out_has "empty.xml:1:1: error: the file is empty"
out_has "fifo.xml: error: cannot read"
out_has "dir.xml: error: cannot read"
out_has "deep.xml:1:1: error: 100000002 bytes, more than the 16777216 cot reads [kmehr-size]"
out_has "deep3m.xml:1:1: error: its elements nest more than 256 deep [kmehr-limits]"
out_has "8 files checked (2 unreadable): 8 errors"

finish
