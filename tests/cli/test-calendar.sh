#!/usr/bin/env bash
# cot calendar: the deadlines as RFC 5545, parsed by a real iCalendar library (python3-icalendar),
# imported twice, with hostile text; libical is loaded by this command only.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
PY=/usr/bin/python3
export COT_NOW=2026-09-01T08:30:00Z
KBO=0809394427
if ! $PY -c 'import icalendar' 2>/dev/null; then
	bad "/usr/bin/python3 with icalendar is needed (apt-get install python3-icalendar)"
	finish
	exit 1
fi

# ical.py FILE CHECK ARGS...: asserts about a calendar; prints what is wrong, exits 1 then.
cat >ical.py <<'PYEOF'
import sys, datetime, icalendar
path, check, args = sys.argv[1], sys.argv[2], sys.argv[3:]
raw = open(path, 'rb').read()
cal = icalendar.Calendar.from_ical(raw)
events = {str(e['UID']): e for e in cal.walk('VEVENT')}
def fail(msg):
    print(msg)
    sys.exit(1)
if check == 'wire':  # CRLF everywhere, lines folded at 75 octets, UTF-8 never split
    if not raw.endswith(b'\r\n') or b'\n' in raw.replace(b'\r\n', b''):
        fail('a line does not end with CRLF')
    for line in raw.split(b'\r\n'):
        if len(line) > 75:
            fail('line of %d octets: %r' % (len(line), line))
    raw.decode('utf-8')
    unfolded = raw.replace(b'\r\n ', b'').decode('utf-8')
    if cal['VERSION'] != '2.0' or 'cot' not in cal['PRODID']:
        fail('VERSION or PRODID: %s %s' % (cal.get('VERSION'), cal.get('PRODID')))
    if len(events) != len(cal.walk('VEVENT')):
        fail('a UID is used twice')
elif check == 'events':  # UID=DATE=SUMMARY... : exactly these events, each all-day with its alarm
    want = dict(a.split('=', 1) for a in args)
    if set(events) != set(want):
        fail('UIDs %s, expected %s' % (sorted(events), sorted(want)))
    for uid, spec in want.items():
        e = events[uid]
        date, summary = spec.split('=', 1)
        start = e['DTSTART']
        if type(start.dt) is not datetime.date or start.params.get('VALUE') != 'DATE':
            fail('%s: DTSTART %r is not an all-day date' % (uid, start.to_ical()))
        if start.dt.isoformat() != date:
            fail('%s: date %s, expected %s' % (uid, start.dt, date))
        if str(e['SUMMARY']) != summary:
            fail('%s: SUMMARY %r, expected %r' % (uid, str(e['SUMMARY']), summary))
        alarms = e.walk('VALARM')
        if len(alarms) != 1 or str(alarms[0]['ACTION']) != 'DISPLAY' or \
                alarms[0]['TRIGGER'].dt != datetime.timedelta(days=-14) or \
                not str(alarms[0].get('DESCRIPTION', '')):
            fail('%s: not one DISPLAY alarm 14 days before' % uid)
        if not isinstance(e['SEQUENCE'], int) or e['DTSTAMP'].dt.tzinfo is None:
            fail('%s: SEQUENCE or DTSTAMP' % uid)
elif check == 'has':  # UID PROP TEXT: the property holds TEXT (unescaped)
    uid, prop, text = args
    v = events[uid][prop]
    v = str(v) if isinstance(v, str) else v.to_ical().decode()
    if text not in v:
        fail('%s %s: %r lacks %r' % (uid, prop, v, text))
elif check == 'stamp':  # DTSTAMP: every event's is this UTC time
    for uid, e in events.items():
        if e['DTSTAMP'].dt.strftime('%Y-%m-%dT%H:%M:%SZ') != args[0]:
            fail('%s: DTSTAMP %s' % (uid, e['DTSTAMP'].dt))
elif check == 'newer':  # OLDER: imported after OLDER, this calendar replaces each of its events
    old = {str(e['UID']): e for e in icalendar.Calendar.from_ical(open(args[0], 'rb').read()).walk('VEVENT')}
    if set(old) != set(events):
        fail('the UIDs changed: %s' % sorted(set(old) ^ set(events)))
    store = dict(old)  # a calendar store that keeps the newest of each UID (RFC 5546 3.7)
    for uid, e in events.items():
        o = store[uid]
        if (e['SEQUENCE'], e['DTSTAMP'].dt) <= (o['SEQUENCE'], o['DTSTAMP'].dt):
            fail('%s: SEQUENCE %s DTSTAMP %s does not supersede %s %s' % (uid, e['SEQUENCE'],
                e['DTSTAMP'].dt, o['SEQUENCE'], o['DTSTAMP'].dt))
        store[uid] = e
    if len(store) != len(events):
        fail('the second import duplicated events')
    print(' '.join('%s=%s' % (u, store[u]['DTSTART'].dt) for u in sorted(store)))
elif check == 'count':
    if len(events) != int(args[0]):
        fail('%d events, expected %s' % (len(events), args[0]))
PYEOF
ical() { if $PY ical.py "$@" >ical.out; then ok; else bad "calendar $*: $(cat ical.out)"; fi; }

# A project with a certificate requested 7 days ago and the answers of waiver.yaml: a waiver
# until 2026-12-31 and two answers reviewed on 2026-04-30 (yearly reviews).
answers() { # DIR OWNER IAM-02-REVIEWED
	sed -e "s/kbo: \"0123456749\"/kbo: \"$KBO\"/" -e "0,/owner: \"Marc Dubois\"/s//owner: \"$2\"/" \
		-e "/IAM-02:/,\$s/reviewed: 2026-04-30/reviewed: $3/" \
		"$SRCDIR/tests/fixtures/checklist/valid/waiver.yaml" >"$1/checklist.yaml"
}
new_project p
"$COT" -C p done cert-requested --date 2026-08-25 >/dev/null || bad "done cert-requested"
answers p "Marc Dubois" 2026-04-30
EVENTS=(
	"cert-request-2026-08-25@$KBO@cot=2026-09-04=cot: the requested certificate is due from eHealth"
	"waiver-OPS-03@$KBO@cot=2026-12-31=cot: a waiver expires: OPS-03"
	"review-OPS-03@$KBO@cot=2027-04-30=cot: a review falls due: OPS-03"
	"review-IAM-02@$KBO@cot=2027-04-30=cot: a review falls due: IAM-02"
	"typical-end@$KBO@cot=2027-02-25=cot: the typical 3 to 6 months of the procedure end"
)
run 0 "$COT" -C p calendar
cp "$OUT" stdout.ics
ical stdout.ics wire
ical stdout.ics events "${EVENTS[@]}"
ical stdout.ics stamp 2026-09-01T08:30:00Z
ical stdout.ics has "waiver-OPS-03@$KBO@cot" DESCRIPTION "owner: Marc Dubois"
ical stdout.ics has "waiver-OPS-03@$KBO@cot" DESCRIPTION "checklist.yaml:"
ical stdout.ics has "typical-end@$KBO@cot" DESCRIPTION "opens: 2026-11-25"
ical stdout.ics has "cert-request-2026-08-25@$KBO@cot" CATEGORIES "cert-request"

# -o: the same bytes, written atomically, nothing on stdout; an existing file keeps its mode
run 0 "$COT" -C p calendar -o "$WORK/cal1.ics"
check "nothing on stdout with -o" test ! -s "$OUT"
same cal1.ics stdout.ics
chmod 600 cal1.ics
run 0 "$COT" -C p calendar --output "$WORK/cal1.ics"
check "mode kept" test "$(stat -c %a cal1.ics)" = 600
check "no temp file left" test -z "$(ls -a | grep -F .tmp-)"
run 0 "$COT" -C p calendar -o -
same "$OUT" stdout.ics

# import twice: a day later, after IAM-02 was reviewed again, the same UIDs, each event newer
answers p "Marc Dubois" 2026-08-30
COT_NOW=2026-09-02T09:00:00Z run 0 "$COT" -C p calendar -o "$WORK/cal2.ics"
ical cal2.ics newer cal1.ics
check "IAM-02's review moved after re-import" grep -qF "review-IAM-02@$KBO@cot=2027-08-30" ical.out
check "OPS-03's review stays" grep -qF "review-OPS-03@$KBO@cot=2027-04-30" ical.out
ical cal2.ics stamp 2026-09-02T09:00:00Z
# the same minute, nothing changed: the same bytes (a re-import changes nothing)
COT_NOW=2026-09-02T09:00:00Z run 0 "$COT" -C p calendar -o "$WORK/cal3.ics"
same cal2.ics cal3.ics

# hostile text from the answers: separators, quotes, backslashes, newlines that would start an
# event, long UTF-8: escaped and folded, never a second event; the owner comes back whole
new_project h
"$COT" -C h done cert-requested --date 2026-08-25 >/dev/null || bad "done cert-requested"
answers h "Marc Dubois" 2026-04-30
# as YAML writes it: the double-quoted scalar's escapes \" \\ \r \n
EVIL='Marc; IT, \"ops\" \\ team\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil — Élodie Çaëlle Vandersmissen-Vanderstraeten, verantwoordelijke informatieveiligheid en gegevensbescherming'
$PY - h/checklist.yaml "$EVIL" <<'PYEOF'
import sys
p, evil = sys.argv[1], sys.argv[2]
t = open(p, encoding='utf-8').read().replace('owner: "Marc Dubois"', 'owner: "%s"' % evil, 1)
open(p, 'w', encoding='utf-8').write(t)
PYEOF
run 0 "$COT" -C h calendar -o "$WORK/evil.ics"
ical evil.ics wire
ical evil.ics count 5
ical evil.ics has "waiver-OPS-03@$KBO@cot" DESCRIPTION 'owner: Marc; IT, "ops" \ team'
ical evil.ics has "waiver-OPS-03@$KBO@cot" DESCRIPTION $'team\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil — Élodie Çaëlle Vandersmissen-Vanderstraeten, verantwoordelijke informatieveiligheid en gegevensbescherming'
check "no line starts an injected event" test "$(grep -c $'^BEGIN:VEVENT\r$' evil.ics)" = 5

# no deadlines: a calendar without events, still valid for the library
new_project empty
run 0 "$COT" -C empty calendar -o "$WORK/empty.ics"
ical empty.ics count 0

# refusals: nothing written
run 2 "$COT" -C p calendar extra
err_has "unexpected argument 'extra'"
run 2 "$COT" -C p --format json calendar
run 2 "$COT" -C p calendar -o "$WORK/missing/dir/cal.ics"
ln -s nowhere dangling.ics
run 2 "$COT" -C p calendar -o "$WORK/dangling.ics"
check "the dangling link stays a link" test -L dangling.ics
run 2 "$COT" calendar
run 0 "$COT" calendar --help
out_has "cot calendar [-o FILE]"

# libical: not linked (every other command starts without it), loaded by cot calendar only
if readelf -d "$COT" 2>/dev/null | grep -q 'NEEDED.*libical'; then bad "cot is linked with libical"; else ok; fi
ical_so=$(readlink -f /usr/lib/x86_64-linux-gnu/libical.so.3 2>/dev/null)
if [ -n "$ical_so" ] && [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null && [ -z "${COT_VALGRIND:-}" ]; then
	hidden() { unshare -m sh -c 'mount --bind /dev/null "$1" && shift && exec "$@"' sh "$ical_so" "$@"; }
	run 0 hidden "$COT" -C p status
	run 3 hidden "$COT" -C p calendar -o "$WORK/hidden.ics"
	err_has "cannot load 'libical.so.3', needed for calendars"
	check "nothing written without libical" test ! -e hidden.ics
else
	echo "# libical not hidden: needs root and unshare -m"
fi
finish
