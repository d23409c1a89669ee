#!/usr/bin/env bash
# cot demo: runs every step on sample data and leaves a project that verifies.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
run 0 "$COT" demo "$WORK/demo"
out_has "$ cot init $WORK/demo --example"
out_has "logboek intact"
# The sample project speaks Dutch (cot init --example); the narration stays in the caller's language.
out_has "# The demo has no mail server: cot submit shows what it would send"
out_has "The demo project is in $WORK/demo: look around"
# Every command is shown as a shell takes it: an argument with spaces in single quotes.
out_has "--ref 'eHealth request 2026/0412'"
out_lacks "eHealth~request"
check "the shown cert request is one shell command with the reference as one argument" \
	/usr/bin/python3 -c '
import shlex, sys
line = next(l for l in open(sys.argv[1]) if l.startswith("$ cot -C ") and " cert request " in l)
argv = shlex.split(line[2:])
assert argv[:5] == ["cot", "-C", sys.argv[2], "cert", "request"] and argv[-2:] == ["--ref", "eHealth request 2026/0412"], argv' \
	"$OUT" "$WORK/demo"
# The checklist: not ready at first, then answered, recorded and reported.
out_has "$ cot -C $WORK/demo check"
out_has "NIET KLAAR om in te dienen"
# The answers are linted before they are checked.
out_has "$ cot -C $WORK/demo lint checklist.yaml"
out_has "1 bestand nagekeken: geen bevindingen"  # lint in the Dutch project speaks Dutch
out_has "KLAAR om in te dienen: 80 van 80 vereisten beantwoord; 78 conform, 1 niet van toepassing, 1 met een aanvaard risico."
out_has "[x] checklist-complete"
out_has "--> contract-signed"
check "the demo wrote the HTML report" grep -q '<strong>KLAAR</strong>' demo/out/report.html
# The bundle: a review copy, then signed and verified as the authority would.
out_has "NIET ONDERTEKEND: een kopie ter nazicht"
out_has "Ondertekend voor CBE=0566988259, WZC ZONNEWEIDE"
out_has "/out/0566988259-$(date -u +%Y-%m-%d).asice: TOTAL-PASSED"
out_has "Laatste bundel: out/0566988259-"
# The submission: what would be sent, then the message for a mail client (no server in the demo).
out_has "$ cot -C $WORK/demo submit --dry-run --smtp smtps://smtp.zonneweide.example"
out_has "Proefdraai: er wordt niets verstuurd, geschreven of geregistreerd."
out_has "out/submission.eml geschreven"
# The message taken as sent, and the authority's round: the FOD admits the organisation from
# its verified bundle to a whitelist of its own, signs it, and the check records 'whitelisted'.
out_has "$ cot -C $WORK/demo done submitted --file out/submission.eml"
out_has "'submitted' vastgelegd op"
out_has "$ cot -C $WORK/demo done fod-validated --ref 'FOD letter 2026/118'"
bundle=0566988259-$(date -u +%Y-%m-%d).asice
out_has "$ cot -C $WORK/demo/fod whitelist add --bundle ../out/$bundle --trust ../trust/cot-demo-signing-ca.pem"
out_has "KBO 0566.988.259 (WZC Zonneweide) toegevoegd"
out_has "die de verificatie doorstaat"
out_has "$ cot -C $WORK/demo/fod whitelist sign --keystore /tmp/cot-demo-keys-"
out_has "whitelist.xml ondertekend (volgnummer 1) als CN=CBE=0367302178"
out_has "$ cot -C $WORK/demo whitelist check --file fod/whitelist.xml --trust trust/cot-demo-fod-ca.pem"
out_has "op de lijst: KBO 0566.988.259 (WZC Zonneweide) staat op de whitelist"
out_has "handtekening: geverifieerd"
# Everything on standard output, each message after the command that said it.
out_has "'whitelisted' geregistreerd"
check "the demo writes nothing to standard error" test ! -s "$ERR"
check "a command's message follows its command line" /usr/bin/python3 -c '
import sys
lines = open(sys.argv[1]).read().split("\n")
said = next(i for i, l in enumerate(lines) if "whitelisted" in l and "geregistreerd" in l)
cmd = max(i for i, l in enumerate(lines[:said]) if l.startswith("$ cot "))
assert " whitelist check " in lines[cmd], lines[cmd]' "$OUT"
keys=$(sed -n 's|.* whitelist sign --keystore \(/tmp/cot-demo-keys-[A-Za-z0-9]*\)/.*|\1|p' "$OUT")
check "the FOD's keystore is removed" test -n "$keys" -a ! -e "$keys"
check "the signed whitelist stays in the demo" test -s demo/fod/whitelist.xml -a -s demo/fod/whitelist.xml.p7s
# The demo ends with the status: every step but the returned contract done.
check "the last command is cot status" test "$(grep '^\$ ' "$OUT" | tail -1)" = "$ cot -C $WORK/demo status"
out_has "[x] whitelisted"
out_has "--> contract-returned"
out_has "Indiening: verstuurd op"
check "the demo's message carries the signed bundle" /usr/bin/python3 -c '
import email, email.policy, hashlib, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
a = next(m.iter_attachments())
assert a.get_content_type() == "application/vnd.etsi.asic-e+zip"
assert hashlib.sha256(a.get_content()).hexdigest() == hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()
assert "Geachte mevrouw" in m.get_body(("plain",)).get_content()' \
	demo/out/submission.eml "demo/out/0566988259-$(date -u +%Y-%m-%d).asice"
run 0 "$COT" -C demo check
run 0 "$COT" -C demo log --verify
run 0 "$COT" -C demo whitelist check --file fod/whitelist.xml --trust trust/cot-demo-fod-ca.pem
run 2 "$COT" demo "$WORK/demo"
err_has "exists already"
# A directory with a space and a quote: shown quoted, and each shown command works as shown.
run 0 "$COT" demo "$WORK/it's a demo"
out_has "$ cot init '$WORK/it'\\''s a demo' --example"
line=$(grep '^\$ cot ' "$OUT" | tail -1)
check "the last shown command, run by a shell, works: $line" \
	bash -c 'cot() { "$0" "$@"; }; eval "${1:2}" >/dev/null' "$COT" "$line"
# The closing hint, quoted for a shell, runs as it stands.
hint=$(sed -n "s/.*look around, or run '\(cot -C .* status\)'\.\$/\1/p" "$OUT")
check "the closing hint runs: $hint" \
	bash -c '[ -n "$1" ] && cot() { "$0" "$@"; } && eval "$1" >/dev/null' "$COT" "$hint"
# Without a directory it makes a temporary one and says where.
run 0 "$COT" demo
dir=$(sed -n 's/^The demo project is in \(.*\): look around.*/\1/p' "$OUT")
check "temporary demo directory exists" test -f "$dir/cot.yaml"
rm -rf "$(dirname "$dir")"
finish
