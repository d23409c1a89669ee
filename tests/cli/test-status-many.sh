#!/usr/bin/env bash
# cot status DIR...: many projects, one line each, as text, JSON Lines and CSV; broken ones a line each.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-09-01

# Three projects at three stages, plus every kind of folder that is no readable project.
mkdir org
new_project org/alpha direct
"$COT" init org/beta --name "=HYPERLINK(\"http://x\")" --kbo 0403019261 --route vitalink \
	>/dev/null || bad "init beta"
"$COT" -C org/beta done cert-requested --date 2026-03-01 >/dev/null || bad "done beta"
"$COT" init org/gamma --name "Gamma, \"Home\"" --kbo 0809394427 --route direct >/dev/null ||
	bad "init gamma"
for s in cert-requested cert-received; do
	"$COT" -C org/gamma done "$s" --date 2026-08-01 >/dev/null || bad "done gamma $s"
done
ln -s "$WORK/nowhere" org/delta-broken
mkdir org/epsilon-plain
new_project org/zeta-yaml
echo "surplus: 1" >>org/zeta-yaml/cot.yaml
new_project org/eta-journal
sed -i '1s/"init"/"edited"/' org/eta-journal/.cot/journal
# Unreadable: chmod 000 stops everyone but root, who reads anyway; as root cot.yaml is made a
# folder instead, which no one can read as a file (the permission case is then not tried).
new_project org/theta-unreadable
if [ "$(id -u)" = 0 ]; then
	rm org/theta-unreadable/cot.yaml
	mkdir org/theta-unreadable/cot.yaml
	unreadable_why="not a regular file"
else
	chmod 000 org/theta-unreadable
	unreadable_why="Permission denied"
fi
touch org/README.txt
mkdir org/.hidden

# Text, outside any project: aligned columns, a line per folder, in order of name.
run 1 "$COT" status org
check "a head and 8 lines, files and hidden folders left out" test "$(wc -l <"$OUT")" = 9
out_has "org/alpha"
out_has "Test Org"
out_has "cert-requested  0 "
out_has "=HYPERLINK"
out_has "cert-received   184"
out_has "registered      31"
out_has "error: 'org/delta-broken' is a symbolic link to nothing"
out_has "error: 'org/epsilon-plain' is not a cot project (no cot.yaml)"
out_has "error: cot.yaml:"
out_has "unknown key 'surplus'"
out_has "error: the journal fails verification: "
out_has "journal:1: record 1 differs"
out_has "$unreadable_why"
out_lacks "README"
out_lacks "hidden"
check "sorted by name" test "$(awk 'NR > 1 {print $1}' "$OUT" | tr '\n' ' ')" = \
	"org/alpha org/beta org/delta-broken org/epsilon-plain org/eta-journal org/gamma org/theta-unreadable org/zeta-yaml "
# Every row's NEXT column starts where the head's does.
col=$(head -1 "$OUT" | grep -bo 'NEXT' | cut -d: -f1)
check "columns aligned" test "$(awk -v c="$col" 'NR > 1 && substr($0, c + 1, 1) == " " {n++} END {print n + 0}' "$OUT")" = 0

# JSON Lines, parsed line by line by python3.
run 1 "$COT" status --format json org
python3 - "$OUT" <<'PY' && ok || bad "status json lines"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(rows) == 8, len(rows)
by = {r["path"]: r for r in rows}
assert all(r["schema"] == "cot.status-many/1" for r in rows)
a, b, g = by["org/alpha"], by["org/beta"], by["org/gamma"]
assert a["error"] is None and a["route"] == "direct" and a["step"] == "cert-requested", a
assert a["days"] == 0 and a["organisation"]["kbo"] == "0809394427", a
assert b["route"] == "vitalink" and b["step"] == "cert-received" and b["days"] == 184, b
assert b["since"] == "2026-03-01" and b["overdue"] >= 1, b
assert g["step"] == "registered" and g["days"] == 31 and g["next"].startswith("mail a scan"), g
assert g["organisation"]["name"] == 'Gamma, "Home"'
for p in ("org/delta-broken", "org/epsilon-plain", "org/zeta-yaml", "org/eta-journal",
          "org/theta-unreadable"):
    assert by[p]["error"], p
assert "verification" in by["org/eta-journal"]["error"]
PY

# CSV (RFC 4180, CRLF), parsed by python3's csv; the formula made harmless.
run 1 "$COT" status --format csv org
python3 - "$OUT" <<'PY' && ok || bad "status csv"
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.count(b"\r\n") == 9 and raw.count(b"\n") == 9, "CRLF line ends"
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
assert len(rows) == 8
by = {r["path"]: r for r in rows}
assert by["org/beta"]["organisation"] == "'=HYPERLINK(\"http://x\")", by["org/beta"]
assert by["org/gamma"]["organisation"] == 'Gamma, "Home"'
assert by["org/beta"]["days"] == "184" and by["org/beta"]["route"] == "vitalink"
assert by["org/delta-broken"]["error"] and not by["org/delta-broken"]["step"]
for r in rows:
    for v in r.values():
        assert not v or v[0] not in "=+-@", v
PY

# Operands in the order given; exit 0 when all were read and nothing is overdue.
run 0 "$COT" status org/gamma org/alpha
check "order as given" test "$(awk 'NR > 1 {print $1}' "$OUT" | tr '\n' ' ')" = "org/gamma org/alpha "
# ... 1 when any is overdue (beta's certificate was requested 184 days ago) or unreadable.
run 1 "$COT" status org/beta
run 1 "$COT" status org/alpha org/delta-broken
out_has "org/alpha"
run 1 "$COT" status nowhere
out_has "cannot read 'nowhere'"
mkdir empty
run 1 "$COT" status empty
out_has "'empty' is neither a cot project nor a folder of projects"
# From inside a project, the operands still name the projects; -C applies first.
(cd org/alpha && run 1 "$COT" status ../beta)
run 0 "$COT" -C org status gamma
out_has "gamma"
# A folder name is text from the disk: never a terminal sequence.
mkdir "org2" "org2/$(printf 'x\033[2Jy')"
run 1 "$COT" status org2
out_has 'x\x1b[2Jy'
check "no raw escape" test "$(grep -c "$(printf '\033')" "$OUT")" = 0
# Formats that have no many-project form, and a bound on the number of projects.
run 2 "$COT" status --format html org
mkdir many && (cd many && seq 1 10001 | xargs mkdir)
run 2 "$COT" status many
err_has "more than 10000 projects"

# Findings name files from where cot was started, in every format (-C names the project).
run 1 "$COT" -C org/alpha check --format github
out_has "::error file=org/alpha/checklist.yaml,line="
run 1 "$COT" -C org/alpha check --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); f={x["file"] for x in d["findings"]}; assert f == {"org/alpha/checklist.yaml"}, f' "$OUT" &&
	ok || bad "json findings' file"
run 1 "$COT" -C org/alpha check --format sarif
out_has '"uri": "org/alpha/checklist.yaml"'
out_lacks '"uri": "checklist.yaml"'
run 1 "$COT" -C org/alpha check
out_has "org/alpha/checklist.yaml"
run 1 "$COT" -C org/alpha check --format junit
out_has "org/alpha/checklist.yaml"
# ... and as before without -C, inside the project.
(cd org/alpha && run 1 "$COT" check --format github && out_has "::error file=checklist.yaml,line=")

# issue 16: the NEXT of many projects is what cot status in each says, blockers first
mkdir blk
"$COT" init blk/iota --name "Iota" --kbo 0809394427 --route direct >/dev/null || bad "init iota"
for s in cert-requested cert-received registered; do
	"$COT" -C blk/iota done "$s" --date 2026-08-01 >/dev/null || bad "done iota $s"
done
"$COT" status --format json org/alpha org/beta org/gamma blk/iota >many.jsonl 2>/dev/null
for d in org/alpha org/beta org/gamma blk/iota; do
	"$COT" -C "$d" status --format json >"one-${d#*/}.json" 2>/dev/null
done
check "status DIR...: each NEXT is the project's own next action" python3 - <<'EOF'
import json
lines = [json.loads(l) for l in open("many.jsonl")]
assert len(lines) == 4, lines
for line, d in zip(lines, ["alpha", "beta", "gamma", "iota"]):
    one = json.load(open(f"one-{d}.json"))["next"]
    assert line["next"] == one["action"], (d, line["next"], one)
    assert line["blocked_by"] == one["blocked_by"], (d, line["blocked_by"], one)
iota = json.load(open("one-iota.json"))["next"]
assert iota["blocked_by"] == "checklist", iota
assert lines[3]["next"].startswith("the checklist is not ready, "), lines[3]
assert lines[3]["blocked_by"] == "checklist", lines[3]
EOF
run 0 "$COT" status blk
out_has "the checklist is not ready, "
[ "$(id -u)" = 0 ] || chmod 755 org/theta-unreadable
finish
