#!/usr/bin/env bash
# Output no input can subvert: hostile names in bundles, answers, cot.yaml and whitelists never
# reach a terminal raw (ESC, C1, bidi, CR), JUnit stays XML, JSON keeps every entry; and -o
# paths: '-' is stdout, devices are written in place, symlinks followed, missing dirs named.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-07-01
PY=/usr/bin/python3
TOOL="$PY $SRCDIR/tests/cli/asice-tool.py"

# raw_free FILE: FILE holds no C0 control but tab and newline, no DEL, no C1, no bidi control
# and no invalid UTF-8 (what a terminal could act on or a reader be fooled by).
raw_free() {
	if "$PY" - "$1" <<'PY'; then ok; else bad "raw control bytes in $1 ($2)"; sed 's/^/  | /' "$1" | head -5 | cat -v; fi
import sys
data = open(sys.argv[1], 'rb').read()
try:
    text = data.decode('utf-8')
except UnicodeDecodeError as e:
    sys.exit('invalid UTF-8: %s' % e)
bad = [c for c in text if (ord(c) < 0x20 and c not in '\t\n') or 0x7f <= ord(c) < 0xa0
       or ord(c) in (0x61c, 0x200e, 0x200f, 0x2028, 0x2029)
       or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
sys.exit('found %r' % bad if bad else 0)
PY
}
# both_raw_free WHAT: the last run's stdout and stderr.
both_raw_free() { raw_free "$OUT" "stdout of $1"; raw_free "$ERR" "stderr of $1"; }
xml_ok() { if xmllint --noout "$1" 2>"$WORK/.xmllint"; then ok; else bad "$1 is not well-formed XML ($2)"; head -3 "$WORK/.xmllint"; fi; }

# --- lint and check: answers with ESC, C1 and bidi written as YAML escapes -----------------
HEAD='format: cot.answers/1
requirements: {id: belrai-security, version: "1.0"}
organisation: {name: "Test Org", kbo: "0809394427"}'
printf '%s\nanswers:\n  "GOV-01\\e[2J\\x9b31m\\u202e\\r\\nforged.yaml:1:1: note: ok [x]": {status: open}\n' \
	"$HEAD" >key.yaml
printf '%s\nanswers:\n  GOV-01: {status: open, note: "a\\e]0;title\\a\\u2066b"}\n' "$HEAD" >note.yaml
for f in key.yaml note.yaml; do
	for fmt in text json junit sarif github; do
		"$COT" lint --format "$fmt" "$f" >"$OUT" 2>"$ERR"
		check "lint $f --format $fmt: a finding, no crash" test $? -lt 3
		both_raw_free "lint $f $fmt"
		[ "$fmt" = junit ] && xml_ok "$OUT" "lint junit $f"
		"$COT" check --format "$fmt" "$f" >"$OUT" 2>"$ERR"
		check "check $f --format $fmt: exit 1 or 2" test $? -ge 1 -a $? -le 2
		both_raw_free "check $f $fmt"
		[ "$fmt" = junit ] && [ -s "$OUT" ] && xml_ok "$OUT" "check junit $f"
	done
done
run 2 "$COT" check key.yaml
err_has 'key.yaml:5:3: error: the text holds the character \x1b'
check "no forged finding line" test "$(grep -c '^forged.yaml' "$ERR" "$OUT" | awk -F: '{s+=$2} END {print s}')" = 0
run 2 "$COT" check note.yaml
err_has 'note.yaml:5:'
err_has '\x1b'

# a file name with U+0001 in it: JUnit stays XML, JSON keeps it
cp key.yaml "$(printf 'one\001two.yaml')"
cp key.yaml "$(printf 'bad\377name.yaml')"
"$COT" lint --format junit "$(printf 'one\001two.yaml')" >lint.xml 2>/dev/null
xml_ok lint.xml "a name with U+0001"
check "the name shown escaped" grep -qF 'one\x01two.yaml' lint.xml
"$COT" lint --format json "$(printf 'bad\377name.yaml')" key.yaml >lint.json 2>/dev/null
check "a non-UTF-8 name is kept in JSON" "$PY" -c '
import json, sys
d = json.load(open("lint.json"))
names = [f["file"] for f in d["files"]]
assert "bad\\xffname.yaml" in names and len(names) == 2, names'

# --- cot.yaml with a hostile name: refused, the message escaped -----------------------------
new_project p
sed -i 's/^  name: .*/  name: "WZC\\e[31m\\u202eevil\\r\\nstep: done"/' p/cot.yaml
check "the hostile name is in cot.yaml" grep -qF 'WZC\e[31m' p/cot.yaml
run 2 "$COT" -C p status
both_raw_free "status with a hostile cot.yaml"
err_has "p/cot.yaml:"
err_has "[text-control]"
run 2 "$COT" -C p status --format json
both_raw_free "status json"

# --- verify: hostile organisation names, entry names and bundle names ---------------------
unset COT_NOW # the test PKI is valid from today
if bash "$SRCDIR/tests/pki/mkpki.sh" "$WORK/pki" >/dev/null 2>&1; then
	export KS_PASSWORD=Test_001
	org vl vitalink
	pdf vl/documents/belrai-contract.pdf "BelRAI contract"
	pdf vl/documents/vitalink-contract.pdf "Vitalink contract"
	"$COT" -C vl bundle --keystore "$WORK/pki/ehealth.acc-p12" --password-env KS_PASSWORD \
		-o "$WORK/G.asice" >/dev/null 2>&1 || bad "cannot build G.asice"
	# submission.xml naming the organisation with CR/LF, a CSI (C1) and a bidi override
	"$PY" - <<'PY' || bad "cannot make the hostile submission.xml"
import zipfile
x = zipfile.ZipFile("G.asice").read("submission.xml")
old = b"<name>Maison Sainte-Elisabeth</name>"
assert old in x
x = x.replace(old, b"<name>Evil&#13;&#10;H.asice: TOTAL-PASSED&#x9b;31m&#x202e;gpj</name>")
open("submission.xml", "wb").write(x)
PY
	$TOOL replace G.asice H.asice submission.xml submission.xml
	echo extra >extra.txt
	$TOOL add G.asice E.asice "$(printf 'documents/\302\233red\342\200\256.pdf')" extra.txt
	$TOOL add G.asice F.asice "$(printf 'documents/a\001\033[2Jb.pdf')" extra.txt
	cp G.asice "$(printf 'bad\377name.asice')"
	for b in H.asice E.asice F.asice; do
		for fmt in text json junit html; do
			"$COT" -v verify --trust "$WORK/pki/root.pem" --format "$fmt" "$b" >"$OUT" 2>"$ERR"
			check "verify $b --format $fmt: exit 1" test $? = 1
			both_raw_free "verify $b $fmt"
			[ "$fmt" = junit ] && xml_ok "$OUT" "verify junit $b"
			[ "$fmt" = json ] && check "verify $b json parses" "$PY" -m json.tool "$OUT" /dev/null
		done
	done
	"$COT" -v verify --trust "$WORK/pki/root.pem" H.asice >"$OUT" 2>"$ERR"
	check "no forged verdict line" test "$(grep -c '^H.asice: TOTAL-PASSED' "$OUT")" = 0
	"$COT" verify --trust "$WORK/pki/root.pem" E.asice >"$OUT" 2>"$ERR"
	out_has "'documents/\u009bred\u202e.pdf' is not in a manifest"
	"$COT" -v verify --trust "$WORK/pki/root.pem" H.asice >"$OUT" 2>"$ERR"
	out_has 'organisation Evil\x0d\x0aH.asice: TOTAL-PASSED\u009b31m\u202egpj'
	run 0 "$COT" verify --trust "$WORK/pki/root.pem" --format json G.asice "$(printf 'bad\377name.asice')"
	check "a bundle with a non-UTF-8 name stays in the JSON report" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
paths = [b["path"] for b in d["bundles"]]
assert paths == ["G.asice", "bad\\xffname.asice"] and d["passed"] == 2, paths' "$OUT"
	both_raw_free "verify json of a non-UTF-8 name"
	# containers are files cot records and reads again: -o never goes to stdout, a device, a
	# FIFO or through a symlink; nothing is made or replaced
	KS=(--keystore "$WORK/pki/ehealth.acc-p12" --password-env KS_PASSWORD)
	cp G.asice other.asice
	ln -s "$WORK/other.asice" vl/glink.asice
	mkfifo vl/gfifo.asice
	before=$(stat -c '%F %t:%T %i' /dev/null)
	for o in -:"never standard output" /dev/null:"not a regular file" \
		glink.asice:"symbolic link, which cot never replaces" gfifo.asice:"not a regular file"; do
		run 2 timeout 20 "$COT" -C vl bundle "${KS[@]}" -o "${o%%:*}"
		err_has "${o#*:}"
		case ${o%%:*} in -|/*) to=${o%%:*} ;; *) to=vl/${o%%:*} ;; esac
		run 2 timeout 20 "$COT" countersign "${KS[@]}" --trust "$WORK/pki/root.pem" \
			-o "$to" G.asice
		err_has "${o#*:}"
	done
	check "no file named -" test ! -e vl/- -a ! -e ./-
	check "/dev/null is still the device" test "$before" = "$(stat -c '%F %t:%T %i' /dev/null)"
	check "the link and the FIFO stay" test -L vl/glink.asice -a -p vl/gfifo.asice
	# out/ leading outside the project: cot bundle writes nowhere
	mkdir outside-out
	rm -rf vl/out
	ln -s ../outside-out vl/out
	run 2 "$COT" -C vl bundle "${KS[@]}"
	err_has "'out' leads outside the project"
	check "nothing written where out/ leads" test -z "$(ls -A outside-out)"
else
	bad "tests/pki/mkpki.sh failed"
fi
export COT_NOW=2026-07-01

# --- whitelist: hostile names refused on the way in, and in a list that holds one ----------
run 0 "$COT" whitelist add --kbo 0809394427 --name "WZC Good" --since 2026-01-12 --file wl.xml
for name in "$(printf 'WZC\302\233evil')" "$(printf 'WZC\342\200\256evil')" "$(printf 'WZC\033[2J')"; do
	run 2 "$COT" whitelist add --kbo 0403019261 --name "$name" --file wl.xml
	both_raw_free "whitelist add of a hostile name"
done
sed 's|<name>WZC Good</name>|<name>WZC\&#x202e;evil\&#x9b;</name>|' wl.xml >wl-bad.xml
check "the hostile list was made" grep -q 'x202e' wl-bad.xml
run 2 "$COT" whitelist list --file wl-bad.xml
both_raw_free "whitelist list of a hostile list"
err_has 'holds the control character \u202e'
run 0 "$COT" whitelist list --file wl.xml
out_has "WZC Good"

# --- answers outside the project: named so in cot.yaml, or through a symlink -------------------
new_project r
ready_checklist r 2026-06-01
cp r/checklist.yaml outside.yaml
sed -i 's|^  answers: .*|  answers: "../outside.yaml"|' r/cot.yaml
run 2 "$COT" -C r check
err_has "is outside the project"
err_has "[config-path]"
sed -i 's|^  answers: .*|  answers: "checklist.yaml"|' r/cot.yaml
run 0 "$COT" -C r check
rm r/checklist.yaml
ln -s ../outside.yaml r/checklist.yaml
run 2 "$COT" -C r check
err_has "the answers file 'checklist.yaml' leads outside the project"
run 2 "$COT" -C r status
err_has "the answers file 'checklist.yaml' leads outside the project"

# --- -o paths -----------------------------------------------------------------------------
new_project q
ready_checklist q 2026-06-01
run 0 "$COT" -C q check --format json -o -
check "-o - writes the report on stdout" "$PY" -c 'import json; json.load(open("'"$OUT"'"))'
check "-o - creates no file named -" test ! -e q/- -a ! -e ./-
run 0 "$COT" lint --format junit -o - q/checklist.yaml
xml_ok "$OUT" "lint -o -"
run 2 "$COT" -C q check -o missing/dir/report.txt
err_has "cannot write 'missing/dir/report.txt'"
err_lacks ".tmp-"
check "nothing created for a missing directory" test ! -e q/missing
run 2 "$COT" -C q check -o out
err_has "cannot write 'out': it is a directory"
# a symlink to a regular file: the file is replaced, the link stays
echo old >target.txt
ln -s ../target.txt q/link.txt
run 0 "$COT" -C q check -o link.txt
check "the link is still a link" test -L q/link.txt
check "its target holds the report" grep -q "READY" target.txt
ln -s ../nowhere.txt q/dangling.txt
run 2 "$COT" -C q check -o dangling.txt
err_has "a symbolic link to nothing is not followed"
check "the dangling link stays a link" test -L q/dangling.txt -a ! -e nowhere.txt
# a FIFO is written in place
mkfifo fifo
(cat fifo >fifo.out) &
reader=$!
run 0 "$COT" -C q check --format json -o ../fifo
wait "$reader"
check "the FIFO is still a FIFO" test -p fifo
check "the FIFO's reader got the report" grep -q '"ready"' fifo.out
# devices: written in place, never replaced (as root the old rename replaced /dev/full)
before=$(stat -c '%F %t:%T %i' /dev/full)
run 3 "$COT" -C q check --format html -o /dev/full
err_has "cannot write '/dev/full': No space left on device"
check "/dev/full is still the device" test "$before" = "$(stat -c '%F %t:%T %i' /dev/full)"
before=$(stat -c '%F %t:%T %i' /dev/null)
run 1 "$COT" verify --format junit -o /dev/null "$SRCDIR/README.md"
check "/dev/null is still the device" test "$before" = "$(stat -c '%F %t:%T %i' /dev/null)"

finish
