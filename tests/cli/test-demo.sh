#!/usr/bin/env bash
# cot demo: runs every step on sample data and leaves a project that verifies.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
run 0 "$COT" demo "$WORK/demo"
out_has "$ cot init $WORK/demo --example"
out_has "journal intact"
# The checklist: not ready at first, then answered, recorded and reported.
out_has "$ cot -C $WORK/demo check"
out_has "NIET KLAAR om in te dienen"
out_has "KLAAR om in te dienen: 80 van 80 vereisten beantwoord; 78 conform, 1 niet van toepassing, 1 met een aanvaard risico."
out_has "[x] checklist-complete"
out_has "--> contract-signed"
check "the demo wrote the HTML report" grep -q '<strong>KLAAR</strong>' demo/out/report.html
# The bundle: a review copy, then signed and verified as the authority would.
out_has "UNSIGNED: a copy for review"
out_has "Signed for CBE=0566988259, WZC ZONNEWEIDE"
out_has "/out/0566988259-$(date -u +%Y-%m-%d).asice: TOTAL-PASSED"
out_has "Laatste bundel: out/0566988259-"
# The submission: what would be sent, then the message for a mail client (no server in the demo).
out_has "$ cot -C $WORK/demo submit --dry-run --smtp smtps://smtp.zonneweide.example"
out_has "Dry run: nothing is sent, written or recorded."
out_has "Wrote out/submission.eml"
out_has "Aanvraag: voor een mailprogramma geschreven op"
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
run 2 "$COT" demo "$WORK/demo"
err_has "exists already"
# Without a directory it makes a temporary one and says where.
run 0 "$COT" demo
dir=$(sed -n 's/^The demo project is in \(.*\): look around.*/\1/p' "$OUT")
check "temporary demo directory exists" test -f "$dir/cot.yaml"
rm -rf "$(dirname "$dir")"
finish
