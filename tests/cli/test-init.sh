#!/usr/bin/env bash
# cot init: the project directory, identifier checks, refusals.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"

run 0 "$COT" init p1 --name "WZC De Linde" --kbo BE0566.988.259 --route vitalink --nihii 71089815
out_has "KBO 0566.988.259"
out_has "Next: request the production organisation certificate"
check "cot.yaml exists" test -f p1/cot.yaml
check ".cot is 0700" test "$(stat -c %a p1/.cot)" = 700
check ".cot/journal is 0600" test "$(stat -c %a p1/.cot/journal)" = 600
for d in documents evidence out .cot/certs .cot/cache; do check "$d exists" test -d "p1/$d"; done
check "kbo stored canonical" grep -q 'kbo: "0566988259"' p1/cot.yaml
check "nihii stored" grep -q 'nihii: "71089815"' p1/cot.yaml
check "route stored" grep -q 'route: vitalink' p1/cot.yaml

# It refuses to touch an existing project, and changes nothing.
before=$(snapshot p1)
run 2 "$COT" init p1 --name X --kbo 0809394427 --route direct
err_has "already holds a cot project"
check "existing project unchanged" test "$before" = "$(snapshot p1)"

# ... nor writes a project inside one: its .cot, documents/, a new directory below it, or from
# a subdirectory; the error names the enclosing project's cot.yaml.
outer=$(cd p1 && pwd -P)/cot.yaml
for d in p1/.cot p1/documents p1/documents/new p1/new/deeper/ p1/documents/../out; do
	run 2 "$COT" init "$d" --name X --kbo 0809394427 --route direct
	err_has "'$d' lies inside the cot project of '$outer'"
done
run 2 "$COT" -C p1/evidence init sub --name X --kbo 0809394427 --route direct
err_has "'sub' lies inside the cot project of '$outer'"
ln -s "$WORK/p1/documents" link-into-p1
run 2 "$COT" init link-into-p1/x --name X --kbo 0809394427 --route direct
err_has "inside the cot project of '$outer'"
rm link-into-p1
check "the refusals changed nothing in it" test "$before" = "$(snapshot p1)"

# An interrupted init (.cot without cot.yaml) is explained.
mkdir -p p2/.cot
run 2 "$COT" init p2 --name X --kbo 0809394427 --route direct
err_has "interrupted"

# Identifiers: each wrong number says why.
run 2 "$COT" init p3 --name X --kbo 0431150351 --route direct
err_has "check digits 51, expected 50"
check "nothing created on a bad KBO" test ! -e p3
run 2 "$COT" init p3 --name X --kbo 2566988259 --route direct
err_has "starts with 0 or 1"
run 2 "$COT" init p3 --name X --kbo 12345 --route direct
err_has "5 digits"
run 2 "$COT" init p3 --name X --kbo 0809394427 --route direct --nihii 12345678111
err_has "check digits 78, expected 25"
run 2 "$COT" init p3 --name X --kbo 0809394427 --route direct --nihii 11478761004
err_has "a person's"
run 0 "$COT" init p4 --name X --kbo 0566988259 --route direct --nihii 12345676
err_has "modulo-89"

# Missing and wrong arguments.
run 2 "$COT" init p5 --name X --kbo 0809394427
err_has "'cot init' needs --route too"
# every missing option in one message, not one per try
run 2 "$COT" init p5 --name X
err_has "'cot init' needs --kbo, --route too"
run 2 "$COT" init p5
err_has "needs --name, --kbo, --route too"
# init's own --lang speaks in its refusals too
run 2 "$COT" init p5 --name X --lang fr
err_has "'cot init' demande aussi --kbo, --route"
run 2 "$COT" init p5 --name X --kbo 0809394427 --route sideways
err_has "unknown route 'sideways'"
run 2 "$COT" init p5 --name X --kbo 0809394427 --route direct --kind robot
run 2 "$COT" init p5 --name X --kbo 0809394427 --route direct --lang de
run 2 "$COT" init p5 --name "" --kbo 0809394427 --route direct
run 2 "$COT" init p5 --name $'bad\x01name' --kbo 0809394427 --route direct
run 2 "$COT" init p5 --frobnicate
err_has "unknown option '--frobnicate'"
err_has "cot init --help"
run 2 "$COT" init a b --example
check "nothing created by refused inits" test ! -e p5

# --example fills a complete organisation; options override it.
run 0 "$COT" init ex --example
check "example has contacts" grep -q "security_officer:" ex/cot.yaml
check "example has a name" grep -q 'name: "WZC Zonneweide"' ex/cot.yaml
run 0 "$COT" init ex2 --example --route vitalink --lang fr
check "override route" grep -q 'route: vitalink' ex2/cot.yaml
out_has "demandez le certificat"

# The 9-digit old form is padded; -C is honoured.
mkdir sub
run 0 "$COT" -C sub init old --name X --kbo 566988259 --route direct
check "9 digits padded" grep -q 'kbo: "0566988259"' sub/old/cot.yaml

# -q: only errors; the project is made all the same.
run 0 "$COT" -q init quiet --name "Quiet Org" --kbo 0809394427 --route direct
check "init -q prints nothing" test ! -s "$OUT"
check "init -q made the project" test -f quiet/cot.yaml
run 0 "$COT" -q -C quiet log --verify
check "log --verify -q prints nothing when intact" test ! -s "$OUT"

# A directory that cannot be created is an environment failure, not a crash.
run 3 "$COT" init /proc/cot-cannot --name X --kbo 0809394427 --route direct
finish
