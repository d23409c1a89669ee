#!/usr/bin/env bash
# cot lint: file kinds, every format, --strict, hostile files, and agreement with jsonschema.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
PY=/usr/bin/python3
FIX=$SRCDIR/tests/fixtures/checklist
SET=$SRCDIR/checklists/belrai-security-1.0.yaml
HEAD='format: cot.answers/1
requirements: {id: belrai-security, version: "1.0"}
organisation: {name: "Test vzw", kbo: "0809394427"}'

# every_line_is FILE REGEX: each line of FILE matches the extended REGEX.
every_line_is() {
	if grep -Evq -- "$2" "$1"; then
		bad "lines of $1 not matching $2:"
		grep -Ev -- "$2" "$1" | head -5 | sed 's/^/  | /'
	else
		ok
	fi
}
FINDING='^[^:]+:[0-9]+:[0-9]+: (error|warning|note): .+ \[[a-z0-9-]+\]$'

# --- arguments and unreadable files ---------------------------------------------
run 2 "$COT" lint
err_has "which files?"
run 2 "$COT" lint /nonexistent.yaml
err_has "no file could be read"
err_has "/nonexistent.yaml: error: cannot read"
# one file read, one not: the unreadable one is a finding about the whole file, no position
run 1 "$COT" lint "$SET" /nonexistent.yaml --format json
check "json: a whole-file finding has line and column null" "$PY" -c '
import json, sys
f = [x for x in json.load(open(sys.argv[1]))["findings"] if x["file"] == "/nonexistent.yaml"]
assert len(f) == 1 and f[0]["line"] is None and f[0]["column"] is None, f
' "$OUT"
run 1 "$COT" lint "$SET" /nonexistent.yaml --format junit
out_has "/nonexistent.yaml: error: cannot read"
out_lacks "/nonexistent.yaml:0:0"
mkdir adir
run 2 "$COT" lint adir -o why.json --format json
# issue 16: a CI that uploads the report finds one, saying why (test-formats.sh validates it)
check "the report of why when nothing was read" grep -q '"message": "no file could be read"' why.json
run 2 "$COT" lint --format html "$SET"
err_has "does not write html"
run 2 "$COT" lint --bogus "$SET"

# --- the shipped set and the valid fixtures -------------------------------------
run 0 "$COT" lint "$SET" "$FIX"/valid/*.yaml
out_has "8 files checked: no findings"
# lint needs no project, and mini-answers finds its set among the files given
run 0 "$COT" lint "$FIX/valid/mini-answers.yaml" --requirements "$FIX/valid/mini-requirements.yaml"
out_lacks "answers-unknown-set"
run 0 "$COT" lint "$FIX/valid/mini-answers.yaml" "$FIX/valid/mini-requirements.yaml"
out_lacks "answers-unknown-set"
# alone, its set is unknown: a warning, which --strict makes count
run 0 "$COT" lint "$FIX/valid/mini-answers.yaml"
out_has "mini-answers.yaml:4:15: warning: requirement set mini-security 0.1 is neither shipped"
out_has "[answers-unknown-set]"
run 1 "$COT" lint --strict "$FIX/valid/mini-answers.yaml"

# --- each invalid fixture: exit 1 with its rule at its place ----------------------
expect_lint() { # FIXTURE RULE LINE:COL
	run 1 "$COT" lint "$FIX/invalid/$1"
	out_has "invalid/$1:$3: error:"
	out_has "[$2]"
}
expect_lint answers-absolute-evidence-path.yaml evidence-outside-project 9:16
expect_lint answers-bad-answer-id.yaml schema-pattern 7:3
expect_lint answers-bad-date-format.yaml schema-format 10:15
expect_lint answers-bad-status.yaml schema-enum 8:13
expect_lint answers-evidence-not-list.yaml schema-type 9:15
expect_lint answers-kbo-letters.yaml schema-pattern 5:59
expect_lint answers-kbo-not-string.yaml schema-type 5:59
expect_lint answers-missing-format.yaml schema-required 3:1
expect_lint answers-not-applicable-without-justification.yaml na-no-justification 8:13
expect_lint answers-unknown-answer-key.yaml schema-unknown-key 10:5
expect_lint answers-unknown-top-level-key.yaml schema-unknown-key 6:1
expect_lint answers-waiver-missing-approver.yaml schema-required 10:7
expect_lint answers-wrong-format-marker.yaml schema-enum 3:9
expect_lint answers-evidence-dotdot-path.yaml evidence-outside-project 9:16
expect_lint answers-version-not-string.yaml schema-type 4:46
expect_lint answers-empty-justification.yaml text-empty 9:20
expect_lint requirements-review-months-zero.yaml schema-range 29:20
expect_lint requirements-unknown-route.yaml schema-enum 25:35
expect_lint requirements-bad-id-pattern.yaml schema-pattern 14:9
expect_lint requirements-bad-level.yaml schema-enum 24:12
expect_lint requirements-missing-level.yaml schema-required 14:5
expect_lint requirements-title-missing-fr.yaml translation-missing 17:7

# --- cot lint and python3-jsonschema agree on every fixture -----------------------
if [ -x "$PY" ] && "$PY" -c 'import jsonschema, yaml' 2>/dev/null; then
	"$PY" - "$SRCDIR/tests/checklist/validate_schemas.py" "$SRCDIR" "$FIX"/valid/*.yaml \
		"$FIX"/invalid/*.yaml >verdicts <<'EOF'
import importlib.util, os, sys
spec = importlib.util.spec_from_file_location("vs", sys.argv[1])
vs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vs)
schemas = os.path.join(sys.argv[2], "checklists", "schema")
validators = {
    vs.REQUIREMENTS_FORMAT: vs.make_validator(vs.load_schema(os.path.join(schemas, "requirements.schema.json"))),
    vs.ANSWERS_FORMAT: vs.make_validator(vs.load_schema(os.path.join(schemas, "answers.schema.json"))),
}
for path in sys.argv[3:]:
    try:
        _, doc = vs.load_yaml(path)
    except vs.Bad:
        print("invalid", path)
        continue
    fmt = doc.get("format") if isinstance(doc, dict) else None
    if fmt not in validators:
        fmt = vs.REQUIREMENTS_FORMAT if os.path.basename(path).startswith("requirements") else vs.ANSWERS_FORMAT
    print("invalid" if list(validators[fmt].iter_errors(doc)) else "valid", path)
EOF
	check "jsonschema judged every fixture" test "$(wc -l <verdicts)" -ge 29
	agree=0
	while read -r verdict path; do
		"$COT" lint "$path" >/dev/null 2>&1
		rc=$?
		if [ "$verdict:$rc" = valid:0 ] || [ "$verdict:$rc" = invalid:1 ]; then
			agree=$((agree + 1))
		else
			bad "jsonschema says $verdict, cot lint exits $rc: $path"
		fi
	done <verdicts
	check "cot lint agrees with jsonschema on $agree fixtures" test "$agree" -ge 29
	check "some fixtures are valid and some invalid" grep -q '^valid' verdicts
	check "some fixtures are invalid" grep -q '^invalid' verdicts
else
	bad "/usr/bin/python3 with jsonschema and yaml is needed (apt-get install python3-jsonschema python3-yaml)"
fi

# --- formats ---------------------------------------------------------------------
files=("$SET" "$FIX/invalid/answers-bad-status.yaml" "$FIX/invalid/requirements-bad-level.yaml"
	"$FIX/valid/minimal.yaml")
run 1 "$COT" lint "${files[@]}"
grep -v ' files checked: ' "$OUT" >findings
every_line_is findings "$FINDING"
out_has "4 files checked: 2 errors"
run 1 "$COT" --format json lint "${files[@]}"
check "json: schema, files, findings, counts" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "cot.lint/1", d["schema"]
assert d["ok"] is False
assert [f["kind"] for f in d["files"]] == ["requirements", "answers", "requirements", "answers"]
assert d["counts"]["errors"] == 2 == len([f for f in d["findings"] if f["severity"] == "error"])
assert all(f["line"] >= 1 and f["column"] >= 1 and f["rule"] for f in d["findings"])
' "$OUT"
run 1 "$COT" lint --format junit "${files[@]}"
check "junit: one case per file, two failures" "$PY" -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites"
cases = root.findall("testsuite/testcase")
assert len(cases) == 4 == int(root.get("tests")), len(cases)
failed = [c.get("name") for c in cases if c.find("failure") is not None]
assert len(failed) == 2 == int(root.get("failures")), failed
assert all("invalid/" in n for n in failed)
' "$OUT"
run 1 "$COT" lint --format sarif -o report.sarif "${files[@]}"
check "sarif written to -o, nothing on stdout" test ! -s "$OUT" -a -s report.sarif
check "sarif: what GitHub code scanning requires" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0" and "sarif-2.1.0" in d["$schema"]
run = d["runs"][0]
rules = run["tool"]["driver"]["rules"]
assert run["tool"]["driver"]["name"] == "cot" and rules
ids = [r["id"] for r in rules]
assert len(run["results"]) == 2
for r in run["results"]:
    assert r["ruleId"] in ids and ids[r["ruleIndex"]] == r["ruleId"]
    assert r["level"] in ("error", "warning", "note") and r["message"]["text"]
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].startswith("file:///")
    assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
' report.sarif
run 1 "$COT" lint --format github "${files[@]}"
grep '^::' "$OUT" >annotations
every_line_is annotations '^::(error|warning|notice) file=[^,]+,line=[0-9]+,col=[0-9]+,title=[a-z0-9-]+::.+$'
check "two error annotations" test "$(grep -c '^::error ' annotations)" = 2
out_has "cot lint: 2 errors"

# GitHub properties escape ',' and ':' and '%'; the message escapes '%' and line ends.
mkdir -p 'odd,dir:x%'
printf '%s\nanswers:\n  GOV-01: {status: "50%%\\ndone"}\n' "$HEAD" >'odd,dir:x%/a.yaml'
run 1 "$COT" lint --format github 'odd,dir:x%/a.yaml'
out_has "::error file=odd%2Cdir%3Ax%25/a.yaml,line=5,col=20,title=schema-enum::'50%25%0Adone' is not a valid status"

# --- what a schema cannot say ---------------------------------------------------
printf '%s\nanswers:\n  GOV-01: {status: open}\n  ABC-01: {status: open}\n  GOV-02: {status: not-applicable, justification: x}\n' "$HEAD" >refs.yaml
run 1 "$COT" lint refs.yaml
out_has "refs.yaml:6:3: error: belrai-security 1.0 has no requirement ABC-01 [answer-unknown-id]"
out_has "refs.yaml:7:20: error: GOV-02 cannot be not-applicable"
out_has "[na-not-allowed]"
sed -e 's/^    category: physical$/    category: fysiek/' -e '/^  fr: "Mini-liste de contrôle"$/d' \
	-e 's/^      en: "The server room is locked."$/      en: ""/' \
	-e '0,/^  - id: GOV-02$/s//  - id: GOV-01/' "$FIX/valid/mini-requirements.yaml" >mini-bad.yaml
run 1 "$COT" lint mini-bad.yaml
out_has "mini-bad.yaml:8:3: error: title of the requirement set has no 'fr' text [translation-missing]"
out_has "mini-bad.yaml:49:9: error: duplicate requirement id 'GOV-01' (first at line 32) [req-duplicate-id]"
out_has "mini-bad.yaml:67:15: error: PHY-01 names category 'fysiek'"
out_has "[req-unknown-category]"
out_has "mini-bad.yaml:75:11: error: 'en' is empty [text-empty]"
out_has "[req-empty-category]"
run 1 "$COT" lint "$SRCDIR/meson.build"
out_has "[yaml-syntax]"
printf 'format: cot.project/1\norganisation: {}\n' | sed 's/organisation/x/' >cot-like.yaml
run 1 "$COT" lint cot-like.yaml
out_has "cot-like.yaml:1:1: error: neither a requirement set (format: cot.requirements/1) nor an answer file"

# --- hostile files: each a located finding, never a crash -----------------------
printf '%s\nanswers:\n\tGOV-01: {status: open}\n' "$HEAD" >tab.yaml
printf '%s\nanswers:\n  GOV-01: {status: open, note: "caf\xe9"}\n' "$HEAD" >latin1.yaml
printf '%s\nanswers:\n  GOV-01: {status: open}\n  GOV-01: {status: compliant}\n' "$HEAD" >dup.yaml
printf '%s\nanswers: &a {GOV-01: {status: open}}\nmore: *a\n' "$HEAD" >alias.yaml
"$PY" -c '
names = "abcdefghij"
print("a: &a [" + ", ".join(["lol"] * 9) + "]")
for p, n in zip(names, names[1:]):
    print("%s: &%s [%s]" % (n, n, ", ".join(["*" + p] * 9)))
' >bomb.yaml
"$PY" -c 'print("answers: " + "[" * 5000 + "]" * 5000)' >deep.yaml
"$PY" -c '
import sys
sys.stdout.write("format: cot.answers/1\nanswers:\n")
for i in range(170000):
    sys.stdout.write("  # padding to make this file larger than cot reads\n")
' >huge.yaml
printf '%s\nanswers:\n  GOV-01: {status: open, owner: 12345}\n' "$HEAD" >type.yaml
printf '\xef\xbb\xbf%s\nanswers:\n  GOV-01: {status: open}\n' "$HEAD" | sed 's/$/\r/' >bom-crlf.yaml
for f in tab latin1 dup alias bomb deep huge type; do
	run 1 "$COT" lint "$f.yaml"
	every_line_is "$OUT" "$FINDING|^1 file checked: "
done
run 1 "$COT" lint tab.yaml
out_has "tab.yaml:5:1: error: found character that cannot start any token"
run 1 "$COT" lint latin1.yaml
out_has "[yaml-syntax]"
run 1 "$COT" lint dup.yaml
out_has "dup.yaml:6:3: error: duplicate key 'GOV-01' (first at line 5) [yaml-duplicate-key]"
run 1 "$COT" lint alias.yaml
out_has "[yaml-alias]"
run 1 "$COT" lint bomb.yaml
out_has "[yaml-alias]"
run 1 "$COT" lint deep.yaml
out_has "[yaml-depth]"
run 1 "$COT" lint huge.yaml
out_has "huge.yaml:1:1: error: "
out_has "[yaml-size]"
run 1 "$COT" lint type.yaml
out_has "type.yaml:5:33: error: 'owner' must be a string, not a number: quote it (\"12345\") [schema-type]"
# a word that is none of the values is told the values, not to quote it (quoted, it is no better)
printf '%s\nanswers:\n  GOV-01: {status: yes}\n' "$HEAD" >enum.yaml
run 1 "$COT" lint enum.yaml
out_has "'yes' is not a valid status ("
out_lacks "quote it"
run 0 "$COT" lint bom-crlf.yaml
out_has "1 file checked: no findings"

# Under -C, findings name files from where cot was started, so CI annotations land on them.
mkdir -p "$WORK/c/sub" && echo 'foo: [' >"$WORK/c/sub/bad.yaml"
(cd "$WORK/c" && "$COT" -C sub lint bad.yaml --format github >"$OUT" 2>"$ERR")
check "lint -C names sub/bad.yaml in GitHub annotations" grep -q '^::error file=sub/bad.yaml,line=2' "$OUT"
(cd "$WORK/c" && "$COT" -C sub lint bad.yaml --format json >"$OUT" 2>"$ERR")
check "lint -C names sub/bad.yaml in JSON" grep -q '"file": "sub/bad.yaml"' "$OUT"

# A full disk is an environment failure, not a pass.
"$COT" lint "$SET" >/dev/full 2>"$ERR"
rc=$?
check "lint to /dev/full exits 3 (got $rc)" test "$rc" = 3
finish
