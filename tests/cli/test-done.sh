#!/usr/bin/env bash
# cot done: every refusal, records with files, revocation; the journal is untouched on refusal.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-06-01
new_project p direct
j=p/.cot/journal
refused() { # CODE TEXT CMD...: refused with CODE, message TEXT, journal unchanged
	local code=$1 text=$2 before
	shift 2
	before=$(sha256sum "$j")
	run "$code" "$COT" -C p done "$@"
	err_has "$text"
	check "journal unchanged after: done $*" test "$before" = "$(sha256sum "$j")"
}

refused 2 "unknown step 'sent'" sent
refused 2 "belongs to route vitalink" vitalink-requested
refused 1 "cert-requested is not done" cert-received
refused 1 "cert-requested, cert-received are not done" registered
refused 2 "in the future" cert-requested --date 2026-06-02
refused 2 "not a date" cert-requested --date 2026-02-30
refused 2 "not a date" cert-requested --date yesterday
refused 2 "which step?"
refused 2 "one step at a time" cert-requested cert-received
refused 2 "unknown option" cert-requested --when 2026-01-01
refused 2 "--revoke needs --note" cert-requested --revoke
refused 2 "UTF-8" cert-requested --note $'a\x01b'
# An input error is reported before a finding: a bad date on a step not yet possible.
refused 2 "not a date" contract-signed --date 2026-13-01
# "--help" as the value of an option is a value, not a request for help.
refused 1 "are not done" contract-signed --note --help

run 0 "$COT" -C p done cert-requested --date 2026-02-01 --ref "REQ-1"
out_has "Recorded 'cert-requested' on 2026-02-01"
refused 1 "already recorded (2026-02-01)" cert-requested
refused 2 "before the previous step, 'cert-requested' on 2026-02-01" cert-received --date 2026-01-31
run 0 "$COT" -C p -q done cert-received
check "-q prints nothing" test ! -s "$OUT"
run 0 "$COT" -C p log
out_has "step=cert-received  date=2026-06-01"

# --file: must exist and lie inside the project; its SHA-256 is recorded.
echo "outside" >outside.pdf
refused 2 "outside the project" registered --file ../outside.pdf
refused 2 "no such file" registered --file documents/nope.pdf
ln -s "$WORK/outside.pdf" p/documents/link.pdf
refused 2 "outside the project" registered --file documents/link.pdf
refused 2 "outside the project" registered --file documents/../../outside.pdf
printf '%%PDF-1.4\n' >p/documents/mandate.pdf
run 0 "$COT" -C p done registered --file documents/mandate.pdf
sum=$(sha256sum p/documents/mandate.pdf | cut -d' ' -f1)
check "file and hash in the journal" grep -q "\"file\":\"documents/mandate.pdf\",\"sha256\":\"$sum\"" "$j"
# A path relative to where cot runs (with -C: that directory) works from a subdirectory too.
"$COT" -C p done registered --revoke --note "again, from documents/" >/dev/null || bad "revoke registered"
(cd p/documents && "$COT" done registered --file mandate.pdf >/dev/null 2>&1)
check "relative --file from a subdirectory" test "$(grep -c '"step":"registered","date":"2026-06-01","file":"documents/mandate.pdf"' "$j")" = 2

# checklist-complete is recorded by 'cot check --record', which checks the checklist first:
# cot done refuses it, with the skeleton's all-open checklist or any other.
refused 2 "'checklist-complete' is recorded by 'cot check --record', which checks it first" checklist-complete
refused 2 "'cot done' can only revoke it (--revoke --note WHY)" checklist-complete --file documents/mandate.pdf --date 2026-06-01
run 1 "$COT" -C p check --record
err_has "the checklist is not ready"
# A ready checklist: the fixture's answers, for this organisation, with their evidence.
ready_checklist p 2026-05-01
refused 2 "is recorded by 'cot check --record'" checklist-complete
run 0 "$COT" -C p check --record
check "check --record recorded it" grep -q '"step":"checklist-complete"' "$j"
# Another route's step is refused as such, even this one.
new_project v vitalink
run 2 "$COT" -C v done checklist-complete
err_has "belongs to route direct"

# Revocation: a new record; history is never edited.
lines=$(wc -l <"$j")
refused 1 "cannot be revoked while 'registered'" cert-received --revoke --note "wrong"
refused 2 "--revoke takes only --note" checklist-complete --revoke --note x --date 2026-01-01
run 0 "$COT" -C p done checklist-complete --revoke --note "answers were not final"
check "revoke appends" test "$(wc -l <"$j")" -eq $((lines + 1))
check "old record kept" grep -q '"step":"checklist-complete","date"' "$j"
run 0 "$COT" -C p status --format json
out_has '"next": {'
out_has '"step": "checklist-complete"'
refused 1 "nothing to revoke" checklist-complete --revoke --note again
run 0 "$COT" -C p log --verify

# The lock: a live holder makes it exit 3 naming the lock; nothing is written.
hold_lock p/.cot/lock
refused 3 "p/.cot/lock' is locked by another cot process" contract-signed
release_lock
run 0 "$COT" -C p check --record
err_has "Recorded 'checklist-complete'"

# A read-only project: exit 3 with the cause, nothing changed.
if [ "$(id -u)" != 0 ]; then
	chmod a-w p/.cot
	refused 3 "Permission denied" contract-signed
	chmod u+w p/.cot
fi
finish
