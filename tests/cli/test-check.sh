#!/usr/bin/env bash
# cot check: the skeleton of init, readiness, --record, every format, hostile answers.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-07-01
PY=/usr/bin/python3
FIX=$SRCDIR/tests/fixtures/checklist
FINDING='^[^:]+:[0-9]+:[0-9]+: (error|warning|note): .+ \[[a-z0-9-]+\]$'

every_line_is() {
	if grep -Evq -- "$2" "$1"; then
		bad "lines of $1 not matching $2:"
		grep -Ev -- "$2" "$1" | head -5 | sed 's/^/  | /'
	else
		ok
	fi
}
# line_of PATTERN FILE: the number of the first line matching PATTERN.
line_of() { grep -n -m1 -- "$1" "$2" | cut -d: -f1; }
journal() { cat p/.cot/journal p/.cot/journal.head 2>/dev/null | sha256sum; }
# evidence_for FILE DIR: creates every evidence file FILE names, under DIR.
evidence_for() {
	grep -Eo 'evidence/[A-Za-z0-9_./-]+' "$1" | sort -u | while read -r f; do
		mkdir -p "$2/$(dirname "$f")" && echo "sample $f" >"$2/$f"
	done
}

# --- cot init writes the skeleton ---------------------------------------------
"$COT" init p --name "Woonzorgcentrum De Linde vzw" --kbo 0123456749 --route direct \
	--lang nl >/dev/null || bad "cot init"
check "init wrote checklist.yaml" test -f p/checklist.yaml
run 0 "$COT" lint p/checklist.yaml
check "the skeleton starts with the schema modeline" \
	grep -q '^# yaml-language-server: \$schema=/.*/answers.schema.json$' <(head -1 p/checklist.yaml)
schema=$(head -1 p/checklist.yaml | sed 's/^.*\$schema=//')
check "the modeline names an existing schema" test -f "$schema"
check "format, set and organisation" grep -q '^format: cot.answers/1$' p/checklist.yaml
check "requirements id and version" grep -q '^requirements: {id: "belrai-security", version: "1.0"}$' p/checklist.yaml
check "organisation kbo quoted" grep -q '^  kbo: "0123456749"$' p/checklist.yaml
check "80 open answers for route direct" test "$(grep -c '^    status: open$' p/checklist.yaml)" = 80
check "titles in the project's language" grep -q '^  # GOV-01 Informatieveiligheidsbeleid goedgekeurd door de directie$' p/checklist.yaml
check "no vitalink-only requirement" bash -c "! grep -q '^  GOV-11:' p/checklist.yaml"
check "the skeleton is valid for jsonschema" "$PY" -c '
import json, sys, yaml, jsonschema
class L(yaml.SafeLoader): pass
L.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"] for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
doc = yaml.load(open(sys.argv[1]), Loader=L)
jsonschema.Draft202012Validator(json.load(open(sys.argv[2]))).validate(doc)
assert len(doc["answers"]) == 80
' p/checklist.yaml "$schema"
"$COT" init v --name "Zorgsoft NV" --kbo 0809394427 --kind vendor --product CareSoft --product-version 4.2 >/dev/null
check "a vendor's skeleton has the vendor requirements" test "$(grep -c '^    status: open$' v/checklist.yaml)" = 8
"$COT" init a --name "WZC A" --kbo 0809394427 --route vitalink >/dev/null
check "route vitalink has GOV-11" grep -q '^  GOV-11:$' a/checklist.yaml
run 0 "$COT" -C a status
out_has "Checklist: 0 of 78 answered, 0 compliant; route vitalink does not submit it"
mkdir other && echo keep >other/checklist.yaml
run 2 "$COT" init other --name X --kbo 0809394427 --route direct
err_has "holds a checklist.yaml but no cot.yaml"
check "an existing checklist.yaml is kept" test "$(cat other/checklist.yaml)" = keep
check "nothing else created" test ! -e other/.cot

# --- a fresh project is not ready -----------------------------------------------
cd p
run 1 "$COT" check
out_has "Veiligheidschecklist: Woonzorgcentrum De Linde vzw (KBO 0123.456.749)"
out_has "Beleid en organisatie"
out_has "NIET KLAAR om in te dienen: 68 fouten op te lossen; 0 van 80 vereisten beantwoord."
# Findings in English, as --lang en asks (the project speaks Dutch).
run 1 "$COT" --lang en check
l=$(($(line_of '^  GOV-01:$' checklist.yaml) + 1))
out_has "checklist.yaml:$l:13: error: GOV-01 (Information security policy approved by management) is mandatory and still open [answer-missing]"
out_has "checklist.yaml:$(line_of '^answers:' checklist.yaml):1: error: none of the 80 applicable requirements is answered: answers that answer nothing are never ready [nothing-answered]"
grep -E '^checklist.yaml:' "$OUT" >findings
every_line_is findings "$FINDING"
check "68 errors (67 open mandatory ones, nothing answered) and 13 warnings listed" test "$(grep -c ': error: ' findings):$(grep -c ': warning: ' findings)" = 68:13
run 1 "$COT" --lang en check
out_has "NOT READY for submission: 68 errors to fix; 0 of 80 applicable requirements answered."
run 1 "$COT" check --lang fr
out_has "PAS PRÊT pour l'envoi"
cd ..
run 1 "$COT" -C p --lang en check
out_has "checklist.yaml:$l:13: error: GOV-01"

# cot status shows where the checklist stands.
run 0 "$COT" -C p status
out_has "Checklist: 0 van 80 beantwoord, 0 conform; niet klaar: 68 fouten ('cot check' somt ze op)" # the project's language
run 0 "$COT" -C p status --format json
check "status json: the checklist" "$PY" -c '
import json, sys
c = json.load(open(sys.argv[1]))["checklist"]
assert c == {"file": "checklist.yaml", "requirements": "belrai-security 1.0", "applicable": 80,
	"answered": 0, "compliant": 0, "not_applicable": 0, "waived": 0, "errors": 68,
	"warnings": 13, "ready": False, "required": True}, c
' "$OUT"

# --record is refused when not ready, and the journal is unchanged.
before=$(journal)
run 1 "$COT" -C p --lang en check --record
err_has "not recording 'checklist-complete': the checklist is not ready"
check "journal unchanged by a refused --record" test "$before" = "$(journal)"

# --- complete answers are ready ---------------------------------------------------
cp "$FIX/valid/complete.yaml" p/checklist.yaml
evidence_for p/checklist.yaml p
run 0 "$COT" -C p check
out_has "KLAAR om in te dienen: 80 van 80 vereisten beantwoord; 80 conform"
# Findings and hints in English, as --lang en asks (the project speaks Dutch).
run 0 "$COT" -C p --lang en check
out_has "checklist.yaml:69:3: warning: GOV-11 is not asked on route direct; this answer is not needed [answer-not-required]"
err_has "Record it with 'cot check --record'."
# ... but --record needs the steps before it
before=$(journal)
run 1 "$COT" -C p --lang en check --record
err_has "cannot record 'checklist-complete'"
err_has "registered"
check "journal unchanged without prerequisites" test "$before" = "$(journal)"
for s in cert-requested cert-received registered; do
	"$COT" -C p done "$s" --date 2026-05-01 >/dev/null || bad "done $s"
done
run 0 "$COT" -C p --lang en check --record --format json
err_has "Recorded 'checklist-complete' on 2026-07-01"
check "json report on stdout with --record" "$PY" -c 'import json,sys; assert json.load(open(sys.argv[1]))["ready"] is True' "$OUT"
check "the record names the answers and their hash" "$PY" -c '
import json, sys, hashlib
rec = json.loads(open(sys.argv[1]).read().splitlines()[-1])
d = rec["data"]
assert rec["event"] == "step" and d["step"] == "checklist-complete" and d["date"] == "2026-07-01", rec
assert d["answers"] == "checklist.yaml" and d["requirements"] == "belrai-security" and d["version"] == "1.0"
assert d["sha256"] == hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()
assert d["applicable"] == 80 and d["compliant"] == 80
' p/.cot/journal p/checklist.yaml
run 0 "$COT" -C p log --verify
run 0 "$COT" -C p status
out_has "[x] checklist-complete"
out_has "Checklist: 80 van 80 beantwoord, 80 conform; klaar om in te dienen"
before=$(journal)
run 0 "$COT" -C p --lang en check --record
err_has "'checklist-complete' is recorded already (on 2026-07-01); nothing recorded"
check "journal unchanged by a second --record" test "$before" = "$(journal)"

# --- every format -------------------------------------------------------------------
run 0 "$COT" -C p check --format json
check "json: versioned, with summary and categories" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "cot.check/1" and d["ready"] is True
assert d["summary"]["total"] == 80 and d["summary"]["compliant"] == 80 and d["summary"]["percent_done"] == 100
assert len(d["categories"]) == 15 and len(d["results"]) == 80
assert d["counts"] == {"errors": 0, "warnings": 7, "notes": 0, "not_shown": 0}
assert d["organisation"]["kbo"] == "0123456749" and d["route"] == "direct"
' "$OUT"
# two answers reopened: two failing test cases
sed -i '0,/^    status: compliant$/s//    status: open/' p/checklist.yaml
sed -i '/^  LOG-02:$/{n;s/compliant/planned/}' p/checklist.yaml
run 1 "$COT" -C p check --format junit
check "junit: a case per requirement, failures where errors are" "$PY" -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.findall("testsuite/testcase")
reqs = [c for c in cases if c.get("classname").startswith("belrai-security.")]
assert len(reqs) == 80, len(reqs)
assert int(root.get("tests")) == len(cases) == 81, len(cases)
failed = sorted(c.get("name").split()[0] for c in cases if c.find("failure") is not None)
assert failed == ["GOV-01", "LOG-02"], failed
assert int(root.get("failures")) == 2
assert [c.find("failure").get("type") for c in cases if c.find("failure") is not None] == ["answer-missing", "answer-not-compliant"]
' "$OUT"
run 1 "$COT" -C p check --format sarif
check "sarif: structure GitHub code scanning accepts" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0" and d["$schema"].endswith("sarif-2.1.0.json")
run = d["runs"][0]
driver = run["tool"]["driver"]
assert driver["name"] == "cot" and driver["rules"]
ids = [r["id"] for r in driver["rules"]]
assert len(ids) == len(set(ids))
for r in run["results"]:
    assert ids[r["ruleIndex"]] == r["ruleId"] and r["level"] in ("error", "warning", "note")
    assert r["message"]["text"]
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "checklist.yaml"
    assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
assert sum(r["level"] == "error" for r in run["results"]) == 2
' "$OUT"
# issue 16: a SARIF log also when the check fails before it reads anything; exit 2 still
run 2 "$COT" -C p --lang en check --route vitalink --format sarif
check "sarif of a refused --route: one error naming it, not run" "$PY" -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert run["invocations"][0]["executionSuccessful"] is False, run["invocations"]
[r] = run["results"]
assert r["ruleId"] == "check-not-run" and r["level"] == "error", r
assert "--route and --kind are for answers outside a project" in r["message"]["text"], r
assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("/cot.yaml"), r
' "$OUT"
err_has "--route and --kind are for answers outside a project"
run 2 "$COT" --lang en check --format sarif -o none.sarif
check "sarif outside a project, to -o: says so" "$PY" -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert run["invocations"][0]["executionSuccessful"] is False
assert "not in a cot project" in run["results"][0]["message"]["text"], run["results"]
' none.sarif
run 1 "$COT" -C p --lang en check --format github
grep '^::' "$OUT" >annotations
every_line_is annotations '^::(error|warning|notice) file=checklist.yaml,line=[0-9]+,col=[0-9]+,title=[a-z0-9-]+::.+$'
check "two error annotations" test "$(grep -c '^::error ' annotations)" = 2
out_has "cot check: 2 errors, 7 warnings; not ready for submission"
run 1 "$COT" -C p check --format html -o out/report.html
check "html written" test -s p/out/report.html
check "html has no script and no external resource" bash -c "! grep -Eq '<script|src=|<link|url\\(|href=\"http' p/out/report.html"
check "html names every category" test "$(grep -o 'class="category" id="cat-' p/out/report.html | wc -l)" = 15
run 2 "$COT" -C p check --format csv

# --- evidence -----------------------------------------------------------------------
cp "$FIX/valid/complete.yaml" p/checklist.yaml
rm p/evidence/governance/gov-03-information-security-officer.pdf p/evidence/logging/log-03-logs-protected.pdf
ln -s /etc/hostname p/evidence/logging/log-03-logs-protected.pdf
sed -i 's|evidence/people/ppl-02-security-privacy-awareness.pdf|evidence/../../secret.pdf|' p/checklist.yaml
sed -i 's|evidence/assets/ast-02-inventory-data-data.pdf|/etc/passwd|' p/checklist.yaml
run 1 "$COT" -C p --lang en check
out_has "checklist.yaml:$(line_of gov-03-information p/checklist.yaml):9: error: evidence 'evidence/governance/gov-03-information-security-officer.pdf' of GOV-03 does not exist [evidence-missing]"
out_has "checklist.yaml:$(line_of log-03-logs p/checklist.yaml):9: error: evidence 'evidence/logging/log-03-logs-protected.pdf' of LOG-03 leads outside the project (to '/etc/hostname') [evidence-outside-project]"
out_has "checklist.yaml:$(line_of secret.pdf p/checklist.yaml):9: error: evidence path 'evidence/../../secret.pdf' of PPL-02 is above the project"
out_has "checklist.yaml:$(line_of /etc/passwd p/checklist.yaml):9: error: evidence path '/etc/passwd' of AST-02 is absolute"
check "four evidence errors" test "$(grep -c 'error: evidence' "$OUT")" = 4

# --- reviews and waivers against the date -----------------------------------------------
cp "$FIX/valid/complete.yaml" p/checklist.yaml
evidence_for p/checklist.yaml p
rm p/evidence/logging/log-03-logs-protected.pdf
echo restored >p/evidence/logging/log-03-logs-protected.pdf
COT_NOW=2027-02-01 run 1 "$COT" -C p --lang en check
out_has "checklist.yaml:$(line_of 'reviewed: 2026-01-01' p/checklist.yaml):15: error: GOV-01 was last reviewed on 2026-01-01; it is reviewed every 12 months, so it was due by 2027-01-01 [review-stale]"
COT_NOW=2026-06-01 run 1 "$COT" -C p --lang en check
out_has "error: PPL-01: 'reviewed' 2026-06-22 is in the future (today is 2026-06-01) [review-future]"
cp "$FIX/valid/waiver.yaml" p/checklist.yaml
COT_NOW=2027-01-01 run 1 "$COT" -C p --lang en check
out_has "checklist.yaml:$(line_of 'expires: 2026-12-31' p/checklist.yaml):16: error: the waiver of OPS-03 expired on 2026-12-31"
out_has "[waiver-expired]"
COT_NOW=2026-07-01 run 1 "$COT" -C p check --format json
check "a waiver in force is a note and the state waived" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["waived"] == 1, d["summary"]
assert any(f["rule"] == "waiver-active" and f["severity"] == "note" for f in d["findings"])
' "$OUT"

# --- hostile answers: a located finding, exit 2, nothing written ------------------------
HEAD='format: cot.answers/1
requirements: {id: belrai-security, version: "1.0"}
organisation: {name: "Woonzorgcentrum De Linde vzw", kbo: "0123456749"}'
printf '%s\nanswers:\n\tGOV-01: {status: open}\n' "$HEAD" >tab.yaml
printf '%s\nanswers:\n  GOV-01: {status: open, note: "caf\xe9"}\n' "$HEAD" >latin1.yaml
printf '%s\nanswers:\n  GOV-01: {status: open}\n  GOV-01: {status: compliant}\n' "$HEAD" >dup.yaml
printf '%s\nanswers: &a {GOV-01: {status: open}}\n' "$HEAD" >alias.yaml
printf '%s\nanswers:\n  GOV-01: {status: [compliant]}\n' "$HEAD" >type.yaml
printf '%s\nanswers:\n  GOV-01: {status: open\n' "$HEAD" >syntax.yaml
"$PY" -c 'print("answers: " + "{a: " * 100 + "b" + "}" * 100)' >deep.yaml
"$PY" -c '
names = "abcdefghij"
print("a: &a [" + ", ".join(["lol"] * 9) + "]")
for p, n in zip(names, names[1:]):
    print("%s: &%s [%s]" % (n, n, ", ".join(["*" + p] * 9)))
' >bomb.yaml
head -c 5000000 /dev/zero | tr '\0' '#' | fold -w 79 >huge.yaml
expect_bad() { # FILE RULE [LINE:COL]
	local before_j
	before_j=$(journal)
	rm -f p/out/why.sarif
	run 2 "$COT" -C p --lang en check "../$1" --format sarif -o out/why.sarif
	err_has "[$2]"
	[ -n "${3-}" ] && err_has "../$1:$3: error:"
	err_has "cannot be checked: fix the errors above first"
	# issue 16: a SARIF log even then (an upload needs one), saying why and that nothing ran
	check "a SARIF log of why for $1" "$PY" -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert run["invocations"][0]["executionSuccessful"] is False, run["invocations"]
assert sys.argv[2] in [r["ruleId"] for r in run["results"]], run["results"]
' p/out/why.sarif "$2"
	check "nothing on stdout for $1" test ! -s "$OUT"
	check "journal unchanged by $1" test "$before_j" = "$(journal)"
}
expect_bad tab.yaml yaml-syntax 5:1
expect_bad latin1.yaml yaml-syntax
expect_bad dup.yaml yaml-duplicate-key 6:3
expect_bad alias.yaml yaml-alias 4:10
expect_bad type.yaml schema-type 5:20
expect_bad syntax.yaml yaml-syntax
expect_bad deep.yaml yaml-depth
expect_bad bomb.yaml yaml-alias 1:4
expect_bad huge.yaml yaml-size 1:1
cp tab.yaml p/checklist.yaml
run 0 "$COT" -C p status
out_has "Checklist: checklist.yaml heeft 1 opmaakfout; zie 'cot check'"
run 0 "$COT" -C p status --format json
check "status json: why the checklist cannot be judged" "$PY" -c '
import json, sys
c = json.load(open(sys.argv[1]))["checklist"]
assert c == {"file": "checklist.yaml", "problem": "checklist.yaml heeft 1 opmaakfout"}, c
' "$OUT"
rm p/checklist.yaml
run 0 "$COT" -C p status
out_has "Checklist: kan "
out_has "niet lezen"
run 0 "$COT" -C p --lang en status
out_has "Checklist: cannot read"
run 2 "$COT" -C p --lang en check nonexistent.yaml
err_has "cannot read 'nonexistent.yaml'"
mkdir -p p/adir
run 2 "$COT" -C p --lang en check adir
err_has "not a regular file"

# A BOM and CRLF line ends read as the same file.
cp "$FIX/valid/complete.yaml" p/checklist.yaml
run 0 "$COT" -C p check --format json
mv "$OUT" lf.json
printf '\xef\xbb\xbf' >p/checklist.yaml
sed 's/$/\r/' "$FIX/valid/complete.yaml" >>p/checklist.yaml
run 0 "$COT" -C p check --format json
check "BOM and CRLF: the same findings at the same places" "$PY" -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert a["findings"] == b["findings"] and a["summary"] == b["summary"]
assert a["answers"]["sha256"] != b["answers"]["sha256"]
' lf.json "$OUT"

# --- outside a project ------------------------------------------------------------------
mkdir sub && cp "$FIX/valid/mini-answers.yaml" sub/answers.yaml && mkdir sub/evidence && echo x >sub/evidence/policy.pdf
run 2 "$COT" check
err_has "not in a cot project: give the answers file"
run 2 "$COT" check sub/answers.yaml
err_has "requirement set 'mini-security-0.1' not found"
COT_NOW=2026-02-01 run 0 "$COT" check sub/answers.yaml --requirements "$FIX/valid/mini-requirements.yaml"
out_has "sub/answers.yaml:12:13: warning: GOV-02 has no review date"
out_lacks "evidence-missing"
COT_NOW=2026-02-01 run 0 "$COT" check sub/answers.yaml --requirements "$FIX/valid/mini-requirements.yaml" --route vitalink
run 2 "$COT" check sub/answers.yaml --requirements "$FIX/valid/mini-requirements.yaml" --route vitalink --kind vendor
err_has "nothing to check"
# Nothing answered is never ready, even when every requirement is only recommended (open
# ones then only warn): a run that judged nothing is an error.
sed 's/level: mandatory/level: recommended/' "$FIX/valid/mini-requirements.yaml" >sub/recommended.yaml
printf 'format: cot.answers/1\nrequirements: {id: mini-security, version: "0.1"}\norganisation: {name: "Test vzw", kbo: "0234567873"}\nanswers: {}\n' >sub/none.yaml
run 1 "$COT" check sub/none.yaml --requirements sub/recommended.yaml
out_has "sub/none.yaml:4:1: error: none of the 3 applicable requirements is answered: answers that answer nothing are never ready [nothing-answered]"
out_has "NOT READY for submission: "
out_has "0 of 3 applicable requirements answered."
out_lacks "READY for submission: 0 of 3"
run 1 "$COT" check sub/none.yaml --requirements sub/recommended.yaml --format json
check "json: not ready, the error counted" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ready"] is False and d["counts"]["errors"] == 1, d["counts"]
assert [f["rule"] for f in d["findings"] if f["severity"] == "error"] == ["nothing-answered"]
' "$OUT"
sed 's/^answers: {}$/answers: {GOV-02: {status: planned}}/' sub/none.yaml >sub/one.yaml
run 0 "$COT" check sub/one.yaml --requirements sub/recommended.yaml
out_lacks "nothing-answered"
run 2 "$COT" check sub/answers.yaml --record
err_has "--record needs a project"
run 2 "$COT" -C p --lang en check --route vitalink
err_has "--route and --kind are for answers outside a project"
cp "$FIX/valid/complete.yaml" sub/complete.yaml
evidence_for sub/complete.yaml sub
run 0 "$COT" check sub/complete.yaml
out_has "READY for submission: 80 of 80"
run 0 "$COT" check sub/complete.yaml --route vitalink
out_has "warning: GOV-10 is not asked on route vitalink"
# answers of another organisation, checked in this project
run 1 "$COT" -C p --lang en check "$FIX/valid/not-applicable.yaml"
out_has "not-applicable.yaml:8:8: error: these answers are for KBO 0876.543.270, but the project is KBO 0123.456.749"
out_has "warning: these answers are for 'Centre de soins à domicile Les Tilleuls asbl', but the project is 'Woonzorgcentrum De Linde vzw' [answers-org-mismatch]"
finish
