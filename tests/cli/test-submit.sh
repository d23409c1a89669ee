#!/usr/bin/env bash
# cot submit against real SMTP servers on 127.0.0.1 (aiosmtpd): readiness, the bundle, the message, failures.
. "$(dirname "$0")/lib.sh" "$@"
# Its project speaks Dutch (ready: cot init --lang nl, for a Dutch mail), and the messages
# asserted here are the English ones: this cot finds no catalogs (test-i18n-net.sh has them).
export COT_LOCALEDIR=$WORK/no-catalogs  # English messages here, the status line's too; the mail's Dutch template stays
. "$SRCDIR/tests/cli/servers.sh"
. "$SRCDIR/tests/cli/smtpd.sh"
trap 'smtpd_stop; servers_stop; rm -rf "$WORK"' EXIT
cd "$WORK"
unset https_proxy HTTPS_PROXY http_proxy HTTP_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
unset COT_SMTP_USER COT_SMTP_PASSWORD NETRC
export HOME=$WORK/home COT_RETRY_BASE_MS=20
mkdir -p "$HOME"
PY=/usr/bin/python3
NOW=$(date -u +%s)
export COT_NOW=$NOW
TODAY=$(date -u -d "@$NOW" +%F)
KBO=0403019261
ORGNAME="Maison Sainte-Élisabeth"
TO=circleoftrust@belrai.org

if ! smtpd_available; then
	bad "/usr/bin/python3 lacks aiosmtpd: apt-get install python3-aiosmtpd"
	finish
	exit
fi
bash "$SRCDIR/tests/pki/mkpki.sh" "$WORK/pki" >/dev/null 2>&1 || bad "mkpki.sh failed"
tls_make "$WORK/tls" || bad "cannot make the server certificates"
CA=$WORK/tls/ca.pem
KS=(--keystore "$WORK/pki/modern.p12" --password-file "$WORK/pki/password.txt")

day() { date -u -d "@$((NOW - $1 * 86400))" +%F; }
# pdf FILE [KB]: a small PDF, or one padded to about KB kilobytes.
pdf() {
	{
		printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n'
		[ -n "${2:-}" ] && head -c "$(($2 * 1024))" /dev/urandom | base64 -w 76 | sed 's/^/% /'
		printf 'trailer << /Root 1 0 R >>\n%%%%EOF\n'
	} >"$1"
}
# state DIR: the journal and its head, to prove a failure changed nothing.
state() { cat "$1/.cot/journal" "$1/.cot/journal.head" | sha256sum; }
records() { wc -l <"$1/.cot/journal"; }
last_event() { tail -1 "$1/.cot/journal" | $PY -c 'import json,sys; print(json.load(sys.stdin)["event"])'; }
delivered() { find "$1/Maildir/new" -type f | wc -l; }

# ready DIR: a project of the test PKI's organisation on route direct, in Dutch, every step
# before 'submitted' recorded, the checklist ready and its signed bundle built.
ready() {
	local d=$1 f
	"$COT" init "$d" --name "$ORGNAME" --kbo $KBO --nihii 71089815 --route direct --lang nl \
		>/dev/null || return 1
	cp "$WORK/pki/ca-chain.pem" "$d/test-ca.pem"
	sed -i -e 's|^    - "ehealth-production"$|    - "test-ca.pem"|' \
		-e 's|^  security_officer: {}$|  security_officer: {name: "Jan Peeters", email: "jan.peeters@sainte-elisabeth.test"}|' \
		"$d/cot.yaml"
	printf '  from: "it@sainte-elisabeth.test"\n' >>"$d/cot.yaml"
	pdf "$d/documents/proof-of-mandate.pdf"
	pdf "$d/documents/belrai-contract.pdf"
	ready_checklist "$d" "$(day 10)" "$ORGNAME" "$KBO"
	(
		cd "$d" &&
		"$COT" cert request --date "$(day 60)" &&
		"$COT" cert import "$WORK/pki/modern.p12" --password-file "$WORK/pki/password.txt" \
			--date "$(day 50)" &&
		"$COT" done registered --date "$(day 40)" --file documents/proof-of-mandate.pdf &&
		"$COT" check --record &&
		"$COT" done contract-signed --file documents/belrai-contract.pdf &&
		"$COT" bundle "${KS[@]}"
	) >/dev/null
}
# server NAME [smtpd.py options]: a fresh SMTP server; sets URL (smtp:// or smtps://) and SRV.
server() {
	local name=$1 scheme=smtp
	shift
	case " $* " in *" smtps "*) scheme=smtps ;; esac
	SRV=$WORK/srv-$name
	start_smtpd "$SRV" "$WORK/tls" "$@" || bad "the SMTP server $name did not start"
	URL=$scheme://127.0.0.1:$SMTP_PORT
}

ready base 2>base.err || { bad "cannot make the ready project: $(tail -3 base.err)"; finish; exit; }
BUNDLE=$(ls base/out/*.asice)
BUNDLE_REL=out/$(basename "$BUNDLE")
SHA=$(sha256sum "$BUNDLE" | cut -d' ' -f1)
SIZE=$(stat -c %s "$BUNDLE")
# copy NAME: a copy of the ready project (times kept: the bundle stays current).
copy() { cp -a base "$1"; }

# --- usage and input errors: exit 2, nothing changed ----------------------------------------
copy u
before=$(snapshot u)
run 2 "$COT" -C u submit --smtp smtp://127.0.0.1:25 --eml x.eml
err_has "give --smtp or --eml, not both"
run 2 "$COT" -C u submit --eml -
err_has "give a file name, not '-'"
check "no file named -" test ! -e u/- -a ! -e ./-
run 2 "$COT" -C u submit --password-file x
err_has "go with --keystore"
run 2 "$COT" -C u submit --smtp smtp://127.0.0.1:25 --to 'not an address'
err_has "is not an ASCII e-mail address"
run 2 "$COT" -C u submit --smtp smtp://127.0.0.1:25 --to 'bélrai@example.org'
run 2 "$COT" -C u submit --smtp 'smtp://alice:s3cr3t@127.0.0.1:25'
err_has "never in a URL"
check "a password in a URL is not repeated" sh -c "! grep -q s3cr3t '$ERR' '$OUT'"
run 2 "$COT" -C u submit --smtp https://127.0.0.1/
err_has "not an smtp:// or smtps:// URL"
run 2 "$COT" -C u submit
err_has "which SMTP server?"
COT_RETRY_BASE_MS=soon run 2 "$COT" -C u submit --smtp smtp://127.0.0.1:25
err_has "COT_RETRY_BASE_MS='soon'"
COT_SMTP_USER=alice run 2 "$COT" -C u submit --smtp smtp://127.0.0.1:25
err_has "COT_SMTP_USER and COT_SMTP_PASSWORD go together"
run 2 "$COT" -C u submit --smtp smtp://127.0.0.1:25 extra
err_has "unexpected argument 'extra'"
run 2 "$COT" -C u --format json submit --smtp smtp://127.0.0.1:25
check "usage errors change nothing" test "$before" = "$(snapshot u)"
run 0 "$COT" submit --help
out_has "usage: cot submit"
out_has "COT_RETRY_BASE_MS"

# --- an incomplete project: exit 1, naming what is missing -----------------------------------
new_project fresh
before=$(snapshot fresh)
run 1 "$COT" -C fresh submit --smtp smtp://127.0.0.1:25
err_has "the project is not ready to submit:"
err_has "steps not recorded yet: cert-requested, cert-received, registered, checklist-complete, contract-signed"
err_has "the checklist checklist.yaml is not ready for submission"
err_has "the BelRAI contract signed by the organisation: put it in documents/belrai-contract.pdf"
err_has "proof of mandate"
check "a refusal changes nothing" test "$before" = "$(snapshot fresh)"
copy nodoc
rm nodoc/documents/belrai-contract.pdf
run 1 "$COT" -C nodoc submit --smtp smtp://127.0.0.1:25
err_has "documents: the BelRAI contract signed by the organisation"
copy nocl
sed -i '0,/status: compliant/s//status: planned/' nocl/checklist.yaml
run 1 "$COT" -C nocl submit --smtp smtp://127.0.0.1:25
err_has "is not ready for submission"
"$COT" init vl --name "Vitalink Org" --kbo 0809394427 --route vitalink >/dev/null
for s in cert-requested cert-received vitalink-requested vitalink-contract-received contract-signed; do
	"$COT" -C vl done "$s" --date "$(day 5)" >/dev/null || bad "done $s"
done
run 1 "$COT" -C vl submit --smtp smtp://127.0.0.1:25
err_has "the Vitalink contract: put it in documents/vitalink-contract.pdf"
check "route vitalink needs no checklist" sh -c "! grep -q checklist '$ERR'"
check "no step is missing on route vitalink" sh -c "! grep -q 'steps not recorded' '$ERR'"
# who sends?
copy nosender
sed -i -e '/^  from: /d' -e 's|^  security_officer: {.*}$|  security_officer: {name: "Jan Peeters"}|' \
	nosender/cot.yaml
run 2 "$COT" -C nosender submit --smtp smtp://127.0.0.1:25
err_has "who sends the submission?"

# --- the bundle: built again when missing or stale, with --keystore only ------------------------
server ok --tls starttls
OK_URL=$URL OK_SRV=$SRV
copy nob
rm nob/out/*.asice
before=$(snapshot nob)
run 2 "$COT" -C nob submit --smtp "$URL" --cacert "$CA"
err_has "the bundle must be built again: '$BUNDLE_REL' no longer exists; give --keystore FILE"
run 0 "$COT" -C nob submit --dry-run --smtp "$URL" --cacert "$CA"
out_has "Bundle:     would be built again first: '$BUNDLE_REL' no longer exists"
out_has "a real run needs --keystore FILE"
check "the dry run changed nothing" test "$before" = "$(snapshot nob)"
# Staleness is the inputs' SHA-256, not their file times: touch, cp -r and a checkout that
# writes the same bytes leave the bundle as it is.
copy st1
touch st1/documents/belrai-contract.pdf st1/checklist.yaml
run 0 "$COT" -C st1 submit --dry-run --smtp "$URL" --cacert "$CA"
out_has "Bundle:     $BUNDLE_REL"
out_lacks "built again"
cp -r base stcp
run 0 "$COT" -C stcp submit --dry-run --smtp "$URL" --cacert "$CA"
out_has "Bundle:     $BUNDLE_REL"
out_lacks "built again"
cp stcp/documents/belrai-contract.pdf stcp/contract.tmp
rm stcp/documents/belrai-contract.pdf
mv stcp/contract.tmp stcp/documents/belrai-contract.pdf
touch -d '1 hour' stcp/documents/belrai-contract.pdf
run 0 "$COT" -C stcp submit --dry-run --smtp "$URL" --cacert "$CA"
out_lacks "built again"
copy st2
echo '% a changed page' >>st2/documents/belrai-contract.pdf
touch -d '3 days ago' st2/documents/belrai-contract.pdf
run 2 "$COT" -C st2 submit --smtp "$URL" --cacert "$CA"
err_has "'documents/belrai-contract.pdf' differs from the copy in it"
copy st3
printf 'x' >>"st3/$BUNDLE_REL"
run 2 "$COT" -C st3 submit --smtp "$URL" --cacert "$CA"
err_has "is not the file cot built (its SHA-256 differs from the journal's)"
copy st4
sed -i "s/^  name: \"$ORGNAME\"$/  name: \"Maison Sainte-Élisabeth vzw\"/" st4/cot.yaml
run 2 "$COT" -C st4 submit --smtp "$URL" --cacert "$CA"
err_has "cot.yaml names the organisation 'Maison Sainte-Élisabeth vzw', the bundle '$ORGNAME'"
# A review copy built after the signed bundle does not hide it; alone, it is no submission.
copy st5
"$COT" -C st5 bundle --unsigned >/dev/null || bad "cot bundle --unsigned"
run 0 "$COT" -C st5 submit --dry-run --smtp "$URL" --cacert "$CA"
out_has "Bundle:     $BUNDLE_REL"
out_has "Attachment: $(basename "$BUNDLE")"
out_lacks "unsigned"
copy st5u
rm "st5u/$BUNDLE_REL"
"$COT" -C st5u bundle --unsigned >/dev/null || bad "cot bundle --unsigned"
run 2 "$COT" -C st5u submit --smtp "$URL" --cacert "$CA"
err_has "'$BUNDLE_REL' no longer exists"
copy st6
echo "# a changed answer file" >>st6/checklist.yaml
run 2 "$COT" -C st6 submit --smtp "$URL" --cacert "$CA"
err_has "'checklist.yaml' differs from the copy in it"
check "nothing was delivered for a stale bundle" test "$(delivered "$SRV")" = 0
# --eml naming a file that exists, or a missing directory, is refused before a stale bundle
# is built again and journalled
echo 'mine' >st2/mine.eml
before=$(snapshot st2)
run 2 "$COT" -C st2 submit --eml mine.eml "${KS[@]}"
err_has "'mine.eml' exists already"
err_lacks "building the bundle again"
run 2 "$COT" -C st2 submit --eml nodir/x.eml "${KS[@]}"
err_has "cannot write 'nodir/x.eml': its directory does not exist"
check "a refused --eml changed nothing" test "$before" = "$(snapshot st2)"
# with the keystore it is built again, signed, and sent
n=$(records st2)
run 0 "$COT" -C st2 submit --smtp "$URL" --cacert "$CA" "${KS[@]}"
err_has "building the bundle again: 'documents/belrai-contract.pdf' differs from the copy in it"
out_has "Built $BUNDLE_REL"
out_has "Recorded 'submitted' on $TODAY"
check "bundle-built, then submitted" test "$(tail -2 st2/.cot/journal | $PY -c '
import json,sys
print(" ".join(json.loads(l)["event"] for l in sys.stdin))')" = "bundle-built step"
check "two records more" test "$(records st2)" = $((n + 2))
check "the new bundle was delivered" test "$(delivered "$SRV")" = 1
run 2 "$COT" -C st5u submit --smtp "$URL" --cacert "$CA" --keystore "$WORK/pki/modern.p12" \
	--password-file "$WORK/pki/wrong-password.txt"
err_has "wrong password"

# --- a broken journal: nothing sent, nothing written, nothing recorded (issue 15) --------------
copy brk
sed -i '2s/"actor":"[^"]*"/"actor":"someone@else"/' brk/.cot/journal
before=$(snapshot brk)
rcpts=$(grep -c RCPT "$OK_SRV/log")
run 1 "$COT" -C brk submit --smtp "$OK_URL" --cacert "$CA"
err_has "nothing was recorded, the journal is broken: "
err_has "record 3: the chain is broken"
check "a broken journal: nothing reached the server" test "$(grep -c RCPT "$OK_SRV/log")" = "$rcpts"
run 1 "$COT" -C brk submit --eml "$WORK/brk.eml"
err_has "nothing was recorded, the journal is broken: "
check "a broken journal: no message written" test ! -e brk.eml
check "a broken journal: nothing changed" test "$before" = "$(snapshot brk)"

# --- the message: --dry-run, --eml, then sent; the same bytes --------------------------------
server main --tls starttls
copy main
before=$(snapshot main)
run 0 "$COT" -C main submit --dry-run --smtp "$URL" --cacert "$CA"
out_has "Dry run: nothing is sent, written or recorded."
out_has "Server:     $URL (STARTTLS required, certificate verified"
out_has "To:         $TO"
out_has "From:       it@sainte-elisabeth.test (Reply-To jan.peeters@sainte-elisabeth.test)"
out_has "Attachment: $(basename "$BUNDLE"), $SIZE bytes, SHA-256 $SHA"
out_has "Subject: =?UTF-8?B?"
out_has "Geachte mevrouw, geachte heer,"
out_has "  SHA-256: $SHA"
out_has "  KBO:          0403.019.261"
out_has "  route:        route B (rechtstreekse aanmelding)"
out_has "  - documents/belrai-contract.pdf"
run 0 "$COT" -C main --lang fr submit --dry-run --smtp "$URL" --cacert "$CA"
out_has "Madame, Monsieur,"
out_has "  voie :         voie B (inscription directe)"
run 0 "$COT" -C main --lang en submit --dry-run --smtp "$URL" --cacert "$CA"
out_has "Dear Sir or Madam,"
check "dry runs change nothing" test "$before" = "$(snapshot main)"
check "dry runs send nothing" test "$(delivered "$SRV")" = 0
run 0 "$COT" -C main submit --eml "$WORK/main.eml"
out_has "Wrote $WORK/main.eml"
out_has "nothing was sent"
out_has "cot done submitted --ref '<"
check "the eml is recorded as such" test "$(last_event main)" = submit-eml
eml_sum=$(sha256sum main.eml)
run 2 "$COT" -C main submit --eml "$WORK/main.eml"
err_has "exists already"
check "an existing file is never replaced" test "$eml_sum" = "$(sha256sum main.eml)"
run 0 "$COT" -C main status
out_has ": written for a mail client on $TODAY to $TO ($WORK/main.eml)"
run 0 "$COT" -C main submit --smtp "$URL" --cacert "$CA"
out_has "Sent $BUNDLE_REL ($SIZE bytes, SHA-256 $SHA) to $TO through $URL"
out_has "Server: 250 2.0.0 Ok: queued as COT0001"
out_has "Recorded 'submitted' on $TODAY"
check "one message delivered" test "$(delivered "$SRV")" = 1
MAIL=$(find "$SRV/Maildir/new" -type f)
check "the delivered message is what the journal and the bundle say" $PY - "$MAIL" main.eml \
	main/.cot/journal "$BUNDLE" "$ORGNAME" "$NOW" <<'EOF'
import email, email.policy, email.utils, hashlib, json, re, sys
mail, eml, journal, bundle, org, now = sys.argv[1:]
raw = open(mail, 'rb').read()
m = email.message_from_bytes(raw, policy=email.policy.default)
rec = json.loads(open(journal).read().splitlines()[-1])
d = rec['data']
sha = hashlib.sha256(open(bundle, 'rb').read()).hexdigest()
def need(cond, what):
    if not cond:
        sys.exit('FAILED: ' + what)
need(rec['event'] == 'step' and d['step'] == 'submitted', 'the last record is the step')
need(d['sha256'] == sha and d['to'] == 'circleoftrust@belrai.org', 'the record names the bundle')
need(d['reply'].startswith('250 2.0.0 Ok: queued as'), 'the record keeps the reply')
need(m['Message-ID'] == '<%s>' % d['message_id'], 'Message-ID as recorded')
need(re.fullmatch(r'[0-9a-f]{32}@sainte-elisabeth\.test', d['message_id']), 'Message-ID form')
need(m['From'].addresses[0].display_name == org, 'From name: %r' % m['From'])
need(m['From'].addresses[0].addr_spec == 'it@sainte-elisabeth.test', 'From address')
need(m['Reply-To'].addresses[0].addr_spec == 'jan.peeters@sainte-elisabeth.test', 'Reply-To')
need(m['To'].addresses[0].addr_spec == 'circleoftrust@belrai.org', 'To')
need(str(m['Subject']) == 'BelRAI-vertrouwenscirkel: aanvraag van %s (KBO 0403.019.261)' % org,
     'Subject: %r' % str(m['Subject']))
need(email.utils.parsedate_to_datetime(m['Date']).timestamp() == int(now), 'Date is COT_NOW')
need(not m.defects and all(not p.defects for p in m.walk()), 'no MIME defects')
body = m.get_body(('plain',)).get_content()
for want in ('Geachte mevrouw, geachte heer,', org, '0403.019.261', sha, 'route B',
             'Met vriendelijke groeten,', 'Jan Peeters'):
    need(want in body, 'the body says %r' % want)
atts = list(m.iter_attachments())
need(len(atts) == 1, 'one attachment')
a = atts[0]
need(a.get_content_type() == 'application/vnd.etsi.asic-e+zip', 'attachment type')
need(a.get_filename() == bundle.rsplit('/', 1)[1], 'attachment name')
need(hashlib.sha256(a.get_content()).hexdigest() == sha, "the attachment's SHA-256")
lines = raw.split(b'\r\n')
need(lines[-1] == b'' and all(b'\n' not in l and len(l) <= 78 for l in lines), 'CRLF, 78')
# --eml wrote the same message: equal bytes once its own Message-ID and boundary are swapped in
e = open(eml, 'rb').read()
me = email.message_from_bytes(e, policy=email.policy.default)
need(me.get_body(('plain',)).get_content() == body, 'the eml has the same body')
e = e.replace(me['Message-ID'].encode(), m['Message-ID'].encode())
e = e.replace(me.get_boundary().encode(), m.get_boundary().encode())
need(e == raw, 'the eml holds the bytes the server received')
EOF
run 0 "$COT" -C main log --verify
run 0 "$COT" -C main status
out_has ": sent on $TODAY to $TO, Message-ID <"
run 0 "$COT" -C main status --format json
check "status json: the last submission" $PY -c '
import json, sys
s = json.load(open(sys.argv[1]))["submission"]
assert s["how"] == "sent" and s["to"] == "circleoftrust@belrai.org", s
assert s["sha256"] == sys.argv[2] and s["date"] == sys.argv[3], s
assert s["reply"].startswith("250 "), s' "$OUT" "$SHA" "$TODAY"

# --- the same bundle again: only with --force, recorded as resubmitted ---------------------------
before=$(snapshot main)
run 1 "$COT" -C main submit --smtp "$URL" --cacert "$CA"
err_has "this bundle (SHA-256 ${SHA:0:16}...) was sent on $TODAY to $TO (Message-ID <"
err_has "give --force to send it again"
run 1 "$COT" -C main submit --eml "$WORK/again.eml"
check "no eml for a bundle sent before" test ! -e again.eml
check "refusals change nothing" test "$before" = "$(snapshot main)"
check "still one message delivered" test "$(delivered "$SRV")" = 1
run 0 "$COT" -C main submit --smtp "$URL" --cacert "$CA" --force
out_has "Recorded 'resubmitted' on $TODAY"
check "a resubmitted event, not a second step" test "$(last_event main)" = resubmitted
check "one 'submitted' step in the journal" test "$(grep -c '"step":"submitted"' main/.cot/journal)" = 1
check "two messages delivered" test "$(delivered "$SRV")" = 2
run 0 "$COT" -C main status
out_has ": sent again on $TODAY to $TO"
run 0 "$COT" -C main log --verify

# --- written for a mail client, sent from there, recorded by hand --------------------------------------
copy manual
run 0 "$COT" -C manual submit --eml "$WORK/manual.eml"
mid=$(sed -n 's/^Message-ID: \(<.*>\)\r$/\1/p' manual.eml)
check "the eml has a Message-ID" test -n "$mid"
run 0 "$COT" -C manual done submitted --ref "$mid"
run 0 "$COT" -C manual status
out_has ": sent on $TODAY, ref $mid"
run 1 "$COT" -C manual submit --smtp "$URL" --cacert "$CA"
err_has "the submission is recorded as sent on $TODAY (recorded with 'cot done', ref $mid); give --force to send this bundle too"

# --- failures: the reason and the server's reply shown; the project byte-identical ---------------
# fail NAME CODE ARGS...: on a fresh copy, runs cot submit ARGS, expecting exit CODE and no change.
fail() {
	local name=$1 code=$2 before
	shift 2
	copy "$name"
	before=$(snapshot "$name")
	run "$code" "$COT" -C "$name" submit "$@"
	check "$name: the project is unchanged" test "$before" = "$(snapshot "$name")"
	check "$name: no temporary file left" test -z "$(find "$name" -name '*.tmp-*')"
}
closed=$(random_port)
fail down 3 --smtp "smtp://127.0.0.1:$closed" --cacert "$CA"
err_has "not sent, nothing recorded: "
err_has "(4 attempts)"
err_has "attempt 3 failed"
check "three retries announced" test "$(grep -c 'trying again in' "$ERR")" = 3

server untrusted --tls starttls
fail untrusted 3 --smtp "$URL"
err_has "the server's certificate is not trusted"
err_has "--cacert"
check "untrusted: no retry" sh -c "! grep -q 'trying again' '$ERR'"
check "untrusted: nothing reached the server" sh -c "! grep -q RCPT '$SRV/log'"
fail untrusted-smtps 3 --smtp "smtps://127.0.0.1:$SMTP_PORT" --cacert "$CA"

server plain --tls none
fail plain 3 --smtp "$URL" --cacert "$CA"
err_has "the server does not offer STARTTLS, and cot never sends in clear text"
check "plain: not even the recipient was sent" sh -c "! grep -q RCPT '$SRV/log'"
check "plain: nothing delivered" test "$(delivered "$SRV")" = 0

server r550 --tls starttls --rcpt-550
fail r550 3 --smtp "$URL" --cacert "$CA"
err_has "the server refused the message: 550 5.1.1 <$TO>: Recipient address rejected: User unknown"
check "a 5xx is not retried" test "$(grep -c '^RCPT' "$SRV/log")" = 1

server r451 --tls starttls --rcpt-451 2
copy r451
# Another recipient than the authority's: named, and sent to only with --yes (no terminal here).
run 2 setsid -w "$COT" -C r451 submit --smtp "$URL" --cacert "$CA" --to other@belrai.org
err_has "'other@belrai.org' is not the authority's address (circleoftrust@belrai.org): give --yes"
run 0 "$COT" -C r451 submit --smtp "$URL" --cacert "$CA" --to other@belrai.org --yes
err_has "cot: sending to other@belrai.org through $URL"
err_has "attempt 2 failed: the server deferred the message: 451 4.3.0 <other@belrai.org>"
check "a 4xx on RCPT is retried" test "$(grep -c '^RCPT other@belrai.org 451' "$SRV/log")" = 2
check "then accepted" test "$(delivered "$SRV")" = 1

server d451 --tls starttls --data-451 1
copy d451
n=$(records d451)
run 0 "$COT" -C d451 submit --smtp "$URL" --cacert "$CA"
err_has "attempt 1 failed: the server deferred the message: 451 4.3.0 Temporary failure"
out_has "Recorded 'submitted' on $TODAY"
check "451 then 250: recorded once" test "$(records d451)" = $((n + 1))
check "the record says 2 attempts" test "$(tail -1 d451/.cot/journal | $PY -c \
	'import json,sys; print(json.load(sys.stdin)["data"]["attempts"])')" = 2
check "one message delivered after the retry" test "$(delivered "$SRV")" = 1
check "the server deferred once, then accepted" test "$(grep -c '^DATA' "$SRV/log")" = 2

server dalways --tls starttls --data-451 100
fail dalways 3 --smtp "$URL" --cacert "$CA"
err_has "the server deferred the message: 451 4.3.0 Temporary failure: try again later (4 attempts)"

# a connection cut in the middle of the transfer: a bundle of some megabytes
copy bigbase
rm -rf base-small && mv base base-small && mv bigbase base
pdf base/documents/belrai-contract.pdf 6000
"$COT" -C base bundle "${KS[@]}" >/dev/null 2>&1 || bad "cannot build the large bundle"
BIG=$(ls base/out/*.asice)
check "the large bundle is large" test "$(stat -c %s "$BIG")" -gt 6000000
server cut --tls starttls --drop-data 100
fail cut 3 --smtp "$URL" --cacert "$CA"
err_has "the connection to the server was lost"
err_has "(4 attempts)"
check "cut: cut four times" test "$(grep -c '^DATA dropped' "$SRV/log")" = 4
check "cut: nothing delivered" test "$(delivered "$SRV")" = 0
server cutonce --tls starttls --drop-data 1
copy cutonce
run 0 "$COT" -C cutonce submit --smtp "$URL" --cacert "$CA"
err_has "attempt 1 failed: the connection to the server was lost"
check "cut once: delivered whole after the retry" $PY -c '
import email, email.policy, hashlib, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
a = next(m.iter_attachments())
assert hashlib.sha256(a.get_content()).hexdigest() == sys.argv[2]' \
	"$(find "$SRV/Maildir/new" -type f)" "$(sha256sum "$BIG" | cut -d' ' -f1)"
rm -rf base && mv base-small base

# implicit TLS
server smtps --tls smtps
copy smtps
run 0 "$COT" -C smtps submit --smtp "$URL" --cacert "$CA"
out_has "through smtps://127.0.0.1:"
check "smtps: delivered" test "$(delivered "$SRV")" = 1
check "smtps: a server that speaks only TLS" grep -q "^LISTEN [0-9]* smtps$" "$SRV/log"

# a lock held by another process
copy locked
hold_lock locked/.cot/lock
before=$(snapshot locked)
run 3 "$COT" -C locked submit --smtp "$OK_URL" --cacert "$CA"
err_has "lock"
check "locked: the project is unchanged" test "$before" = "$(snapshot locked)"
release_lock

# --- the login: from the environment or netrc; never shown -----------------------------------------
PW="pw-$RANDOM-$RANDOM"
SMTPD_PASSWORD=$PW server auth --tls starttls --auth alice
fail noauth 3 --smtp "$URL" --cacert "$CA"
err_has "530 5.7.0 Authentication required"
copy envauth
# A login from the environment goes only to the host it is meant for (COT_SMTP_HOST, else
# cot.yaml's server): not to a server named on the command line alone.
COT_SMTP_USER=alice COT_SMTP_PASSWORD=$PW run 2 "$COT" -C envauth submit --smtp "$URL" --cacert "$CA"
err_has "the login from the environment is not said to be for any server"
COT_SMTP_HOST=mail.example.org COT_SMTP_USER=alice COT_SMTP_PASSWORD=$PW run 2 "$COT" -C envauth \
	submit --smtp "$URL" --cacert "$CA"
err_has "is for 'mail.example.org', not for '127.0.0.1'"
COT_SMTP_HOST=127.0.0.1 COT_SMTP_USER=alice COT_SMTP_PASSWORD=$PW run 0 "$COT" -v -C envauth submit --smtp "$URL" --cacert "$CA"
err_has "cot: smtp: > AUTH PLAIN (credentials hidden)"
err_has "cot: smtp: < 235 2.7.0 Authentication successful"
err_has "cot: smtp: > RCPT TO:<$TO>"
check "the password shows nowhere" sh -c "! grep -rq -- '$PW' '$OUT' '$ERR' envauth/.cot"
b64=$(printf '\0alice\0%s' "$PW" | base64 -w0)
check "its base64 shows nowhere" sh -c "! grep -qF -- '$b64' '$ERR'"
check "envauth: logged in" grep -q "auth=True" "$SRV/log"
fail badauth 3 --smtp "$URL" --cacert "$CA"
COT_SMTP_HOST=127.0.0.1 COT_SMTP_USER=alice COT_SMTP_PASSWORD=wrong run 3 "$COT" -C badauth submit --smtp "$URL" --cacert "$CA"
err_has "the server refused the login (535 5.7.8 Authentication credentials invalid)"
printf 'machine 127.0.0.1 login alice password %s\n' "$PW" >"$WORK/netrc"
chmod 600 "$WORK/netrc"
copy netrcauth
NETRC=$WORK/netrc run 0 "$COT" -C netrcauth submit --smtp "$URL" --cacert "$CA"
out_has "Recorded 'submitted'"
cp "$WORK/netrc" "$HOME/.netrc"
copy homenetrc
run 0 "$COT" -C homenetrc submit --smtp "$URL" --cacert "$CA"
out_has "Recorded 'submitted'"
rm "$HOME/.netrc"
check "three logins accepted" test "$(grep -c 'AUTH PLAIN ok' "$SRV/log")" = 3

# --- the configuration: server and recipient from cot.yaml ---------------------------------------------
server cfg --tls starttls
copy cfg
printf '  smtp: "%s"\n' "$URL" >>cfg/cot.yaml
sed -i "s|^  to: .*|  to: \"fod@belrai.test\"|" cfg/cot.yaml
# An address of cot.yaml that is not the authority's is confirmed all the same.
run 2 setsid -w "$COT" -C cfg submit --cacert "$CA"
err_has "give --yes"
run 0 "$COT" -C cfg submit --cacert "$CA" --yes
out_has "to fod@belrai.test through $URL"
check "cfg: delivered to the configured address" grep -q "to=fod@belrai.test" "$SRV/log"
finish
