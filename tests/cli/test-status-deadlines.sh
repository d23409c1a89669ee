#!/usr/bin/env bash
# cot status: the upcoming and overdue deadlines, --warn-days, --exit-code, an honest next step.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$OUT" "$1"; }
expect_json() { # PY-EXPR EXPECTED
	local got
	got=$(jget "$1")
	if [ "$got" = "$2" ]; then ok; else bad "status json $1 = '$got', expected '$2'"; fi
}
status() { # EXIT DATE [ARGS...]: cot status in project p on DATE
	local want=$1 date=$2
	shift 2
	run "$want" env COT_NOW="$date" "$COT" -C "$P" status "$@"
}

# --- the issue's scenario: a certificate requested on 2026-12-06 ---------------------------
P=p
COT_NOW=2026-12-06 new_project p
COT_NOW=2026-12-06 "$COT" -C p cert request --date 2026-12-06 >/dev/null || bad "cert request"

status 0 2026-12-10
out_has "Upcoming and overdue:"
out_has "2026-12-16  in 6 days"
out_has "eHealth takes up to 10 days"
status 0 2026-12-10 --exit-code
status 0 2026-12-10 --warn-days 0
out_has "Upcoming and overdue: nothing within 0 days"

status 0 2027-01-10
out_has "2026-12-16  25 days overdue"
out_has "contact eHealth"
out_has "Next: contact eHealth: the certificate requested on 2026-12-06 has not arrived"
out_has "Certificate: requested on 2026-12-06, not received after 35 days"
out_lacks "eHealth takes up to 10 days"
out_has "Elapsed: 35 days (1.1 months) since 2026-12-06; typically 3 to 6 months"
status 1 2027-01-10 --exit-code
check "--exit-code prints the status too" grep -qF "Upcoming and overdue:" "$OUT"
status 0 2027-01-10 --format json
expect_json 'd["next"]["step"]' cert-received
expect_json 'd["next"]["blocked_by"]' cert-request
expect_json 'd["deadlines"][0]["kind"]' cert-request
expect_json 'd["deadlines"][0]["uid"]' cert-request-2026-12-06@0809394427
expect_json 'd["deadlines"][0]["date"]' 2026-12-16
expect_json 'd["deadlines"][0]["days"]' -25
expect_json 'd["deadlines"][0]["overdue"]' True
expect_json '[x["kind"] for x in d["deadlines"]]' "['cert-request', 'typical-end']"
expect_json 'd["deadlines"][1]["opens"]' 2027-03-06
status 1 2027-01-10 --format json --exit-code

# Bad values of the options.
status 2 2027-01-10 --warn-days -1
err_has "--warn-days takes a number of days from 0 to 3650, not '-1'"
status 2 2027-01-10 --warn-days 12x
status 2 2027-01-10 --warn-days 3651

# --- a waiver expiring 2027-06-04, reviews of 2026-11-22 ------------------------------------
P=q
COT_NOW=2026-12-01 new_project q
ready_checklist q 2026-11-22
python3 - q/checklist.yaml <<'EOF' || bad "cannot add the waiver"
import sys
p = sys.argv[1]
s = open(p).read()
old = '  GOV-02:\n    status: compliant\n'
assert old in s
s = s.replace(old, '  GOV-02:\n    status: non-compliant\n'
	'    waiver: {justification: "new policy in spring", approver: "Director", expires: 2027-06-04}\n')
open(p, 'w').write(s)
EOF
for s in cert-requested cert-received registered; do
	COT_NOW=2026-12-06 "$COT" -C q done "$s" --date 2026-12-06 >/dev/null || bad "done $s"
done
COT_NOW=2026-12-06 "$COT" -C q check --record >/dev/null || bad "check --record"
COT_NOW=2026-12-06 "$COT" -C q done contract-signed --date 2026-12-06 >/dev/null ||
	bad "done contract-signed"

status 0 2027-01-10
out_has "Upcoming and overdue: nothing within 30 days"
out_has "--> submitted"
out_has "Next: send the completed checklist and the signed BelRAI contract"
status 0 2027-01-10 --exit-code
status 0 2027-01-10 --warn-days 150
out_has "2027-06-04  in 145 days"
out_has "the waiver of GOV-02 expires: renew it or comply (owner Jan Peeters) [checklist.yaml:16]"
out_lacks "2027-11-22"
status 0 2027-01-10 --format json
expect_json 'd["next"]["step"]' submitted
expect_json 'd["next"]["blocked_by"]' None
expect_json '[x["date"] for x in d["deadlines"] if x["uid"] == "review-GOV-01@0809394427"]' "['2027-11-22']"
expect_json '[(x["date"], x["owner"], x["file"], x["line"]) for x in d["deadlines"] if x["kind"] == "waiver"]' \
	"[('2027-06-04', 'Jan Peeters', 'checklist.yaml', 16)]"
expect_json 'sorted(x["date"] for x in d["deadlines"]) == [x["date"] for x in d["deadlines"]]' True

# Within 30 days of the waiver's expiry it is listed by default.
status 0 2027-05-10
out_has "2027-06-04  in 25 days"

# Lapsed: the next step goes to the waiver's owner, and cron sees it.
status 0 2027-06-10
out_has "Next: the waiver of GOV-02 lapsed on 2027-06-04: ask Jan Peeters, its owner, to renew it"
out_has "6 days overdue"
out_lacks "Next: send the completed checklist"
status 1 2027-06-10 --exit-code
status 0 2027-06-10 --format json
expect_json 'd["next"]["blocked_by"]' waiver
expect_json 'd["next"]["step"]' submitted

# Not ready for another reason: cot check, naming how many errors and the first.
sed -i 's/^    status: non-compliant$/    status: compliant/; /^    waiver: /d' q/checklist.yaml
sed -i '0,/^    status: compliant$/s//    status: open/' q/checklist.yaml
status 0 2027-01-10
out_has "Next: the checklist is not ready, 1 error: run 'cot check' (first: checklist.yaml:9:"
out_has "GOV-01"
status 0 2027-01-10 --format json
expect_json 'd["next"]["blocked_by"]' checklist
expect_json '"cot check" in d["next"]["action"]' True


# Past the typical 3 to 6 months, with nothing else overdue: shown overdue, but it is nobody's
# deadline, so --exit-code (cron) and status DIR... still exit 0.
P=t
COT_NOW=2026-12-06 new_project t
for s in cert-requested cert-received; do
	COT_NOW=2026-12-10 "$COT" -C t done $s --date 2026-12-06 >/dev/null || bad "done $s"
done
status 0 2027-07-01 --format json
expect_json '[x["kind"] for x in d["deadlines"] if x["overdue"]]' "['typical-end']"
status 0 2027-07-01 --exit-code
out_has "typically takes 3 to 6 months"
out_has "days overdue"
run 0 env COT_NOW=2027-07-01 "$COT" status t
run 0 env COT_NOW=2027-07-01 "$COT" -C t status --format html -o t.html --exit-code
# a deadline someone set, missed, still counts: q, whose reviews are due
run 1 env COT_NOW=2027-07-01 "$COT" status t q
P=q

# Reviews of 2026-11-22 due on 2027-11-22: overdue after it, and the checklist with them.
status 0 2027-12-01
out_has "2027-11-22  9 days overdue    review GOV-01 and update its 'reviewed' date (owner Jan Peeters)"
status 1 2027-12-01 --exit-code

# --- bad input: each a clear line, the rest still reported ----------------------------------
# Review dates malformed and in the past.
P=r
COT_NOW=2026-12-01 new_project r
ready_checklist r 2026-11-22
sed -i '0,/reviewed: 2026-11-22/s//reviewed: 2026-02-30/' r/checklist.yaml
sed -i '0,/reviewed: 2026-11-22/s//reviewed: 2019-01-01/' r/checklist.yaml
status 0 2027-01-10
out_has "2020-01-01  2566 days overdue review GOV-02"
out_has "Checklist: "
out_has "Whitelist: "
status 0 2027-01-10 --format json
expect_json '[x["uid"] for x in d["deadlines"] if x["subject"] in ("GOV-01", "GOV-02")]' \
	"['review-GOV-02@0809394427']"
expect_json 'len(d["deadlines"]) > 60' True

# Answers that are no YAML at all: no deadline from them, the rest reported.
printf 'answers: [\n\001' >r/checklist.yaml
status 0 2027-01-10 --format json
expect_json '[x["kind"] for x in d["deadlines"]]' "[]"
status 0 2027-01-10
out_has "Upcoming and overdue: nothing within 30 days"
out_has "Checklist: "

# A journal record dated after today (a wrong clock): a warning naming it, the rest reported.
P=f
COT_NOW=2027-03-01 new_project f
COT_NOW=2027-03-01 "$COT" -C f done cert-requested --date 2027-03-01 >/dev/null || bad "done"
status 0 2027-01-10
err_has "journal record 2 (line 2) is dated 2027-03-01, after today (2027-01-10)"
out_has "--> cert-received"
out_has "Upcoming and overdue:"
status 0 2027-01-10 --format json
err_has "is dated 2027-03-01, after today"
expect_json 'd["deadlines"][0]["days"]' 60

# An edited journal fails verification: --exit-code says so and exits 1.
P=e
COT_NOW=2026-12-06 new_project e
COT_NOW=2026-12-06 "$COT" -C e done cert-requested --date 2026-12-06 >/dev/null || bad "done"
status 0 2026-12-07 --exit-code
sed -i 's/"actor":"[^"]*"/"actor":"mallory"/' e/.cot/journal
status 1 2026-12-07 --exit-code
err_has "journal verification failed"
out_has "--> cert-received"
status 0 2026-12-07

# --- a real certificate (the test PKI): its renewal window, expiry, and an unreadable store --
if bash "$SRCDIR/tests/pki/mkpki.sh" "$WORK/pki" >/dev/null 2>&1; then
	P=c
	org c direct
	"$COT" -C c cert request >/dev/null || bad "cert request"
	"$COT" -C c cert import "$WORK/pki/good-chain.pem" >/dev/null || bad "cert import"
	na=$(date -u -d "$(openssl x509 -in "$WORK/pki/good.pem" -noout -enddate | cut -d= -f2)" +%Y-%m-%d)
	opens=$(date -u -d "$na - 90 days" +%Y-%m-%d)
	status 0 "$(date -u -d "$na - 100 days" +%Y-%m-%d)"
	out_has "$na  in 100 days"
	out_has "renew the certificate with eHealth between $opens and $na"
	status 0 "$(date -u -d "$na - 100 days" +%Y-%m-%d)" --warn-days 9
	out_lacks "renew the certificate"
	status 0 "$(date -u -d "$na + 1 day" +%Y-%m-%d)"
	out_has "Next: the certificate expired on $na and cannot be renewed: request a new one"
	out_has "$na  1 day overdue"
	status 1 "$(date -u -d "$na + 1 day" +%Y-%m-%d)" --exit-code
	status 0 "$(date -u -d "$na + 1 day" +%Y-%m-%d)" --format json
	expect_json 'd["next"]["blocked_by"]' certificate
	expect_json '[(x["kind"], x["opens"], x["overdue"]) for x in d["deadlines"] if x["kind"] == "cert-renewal"]' \
		"[('cert-renewal', '$opens', True)]"
	# A stored file whose notAfter cannot be read: its own line says so, the rest is reported.
	for f in c/.cot/certs/*.pem; do printf 'garbage\n' >"$f"; done
	status 0 "$(date -u -d "$na + 1 day" +%Y-%m-%d)"
	out_has "Certificate: "
	out_has "Upcoming and overdue:"
	out_has "--> registered"
	out_lacks "Next: the certificate expired"
	status 0 "$(date -u -d "$na + 1 day" +%Y-%m-%d)" --format json
	expect_json 'd["certificate"]["state"]' unreadable
	expect_json '[x["kind"] for x in d["deadlines"]]' "['typical-end']"
else
	bad "tests/pki/mkpki.sh failed"
fi

finish
