#!/usr/bin/env bash
# Crash consistency: SIGKILL every mutating command at random moments, COT_KILLS times each
# (default 140), and after every kill check that nothing is torn or lost: the journal and
# the whitelist's history verify (with cot and with an independent checker), the whitelist
# reads and any signature matches it, every bundle and certificate in place is whole, and
# no lock or temp file blocks the next command. (tests/cli/test-crash.sh does cot done.)
#
# usage: test-kill.sh COT SRCDIR [NAME...]   NAME: init cert-import check-record bundle
#                                                   whitelist-edit whitelist-software
#                                                   whitelist-sign
. "$(dirname "$0")/../cli/lib.sh" "$1" "$2"
shift 2
. "$SRCDIR/tests/fault/lib-fault.sh"
per=${COT_KILLS:-140}
CHAIN=(/usr/bin/python3 "$SRCDIR/tests/fault/chain.py")
kills=0
landed=0
cd "$WORK" || exit 1
make_pki || { finish; exit 1; }
cat "$WORK/pki/good.pem" "$WORK/pki/issuing.pem" >"$WORK/good-chain.pem"
cat "$WORK/pki/app.pem" "$WORK/pki/issuing.pem" >"$WORK/app-chain.pem"

# ms CMD...: how long CMD takes, in milliseconds (the middle of three runs).
ms() {
	local t0 t1 i v=()
	for i in 1 2 3; do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		v+=($(((t1 - t0) / 1000000)))
	done
	printf '%s\n' "${v[@]}" | sort -n | sed -n 2p
}

# kill_during DIR SPAN_MS CMD...: starts CMD in DIR, SIGKILLs it after 0 to SPAN_MS ms.
kill_during() {
	local dir=$1 span=$2 pid d
	shift 2
	(cd "$dir" && exec "$@") >/dev/null 2>&1 &
	pid=$!
	d=$((RANDOM % (span + 1)))
	sleep "$((d / 1000)).$(printf %03d $((d % 1000)))"
	kill -9 "$pid" 2>/dev/null && landed=$((landed + 1))
	wait "$pid" 2>/dev/null
	kills=$((kills + 1))
}

# temps DIR: how many temp files of killed writers lie under DIR.
temps() { find "$1" -name '*.tmp-*' | wc -l; }

# project_ok NAME DIR [MAX_TEMPS]: the journal verifies twice over, status runs, nothing is
# locked, and temp files do not pile up (a killed writer leaves its own until the next one
# of the same files sweeps them: 3 by default).
project_ok() {
	if ! "${CHAIN[@]}" "$2/.cot/journal" "$2/.cot/journal.head" 2>"$ERR"; then
		bad "$1 after kill $kills: $(cat "$ERR")"
		return 1
	fi
	if ! "$COT" -C "$2" log --verify >"$OUT" 2>&1; then
		bad "$1 after kill $kills: cot log --verify: $(cat "$OUT")"
		return 1
	fi
	if ! "$COT" -C "$2" status >"$OUT" 2>&1; then
		bad "$1 after kill $kills: cot status: $(head -3 "$OUT")"
		return 1
	fi
	if [ "$(temps "$2")" -gt "${3:-3}" ]; then
		bad "$1 after kill $kills: temp files pile up: $(find "$2" -name '*.tmp-*' | head -8)"
		return 1
	fi
}

# --- init: killed anywhere, the directory is a whole project, or empty, or says what to do
scenario_init() {
	local i d span rc
	span=$(ms "$COT" init "$WORK/init-probe" --example)
	for i in $(seq 1 "$per"); do
		d=$WORK/init/$i
		mkdir -p "$WORK/init"
		kill_during . "$span" "$COT" init "$d" --example
		if [ -f "$d/cot.yaml" ]; then
			project_ok init "$d" || return
		fi
		"$COT" init "$d" --example >"$OUT" 2>"$ERR"
		rc=$?
		if [ "$rc" = 2 ] && grep -qE "interrupted 'cot init'|holds a checklist.yaml but no cot.yaml" "$ERR"; then
			# It says what to do; doing it must be enough.
			rm -rf "$d/.cot" "$d/checklist.yaml"
			"$COT" init "$d" --example >"$OUT" 2>"$ERR"
			rc=$?
		elif [ "$rc" = 2 ] && grep -q "already holds a cot project" "$ERR" && [ -f "$d/cot.yaml" ]; then
			rc=0
		fi
		if [ "$rc" != 0 ]; then
			bad "init after kill $kills: the next init: exit $rc: $(cat "$ERR")"
			return
		fi
		project_ok init "$d" || return
		ok
	done
}

# --- cert import: two certificates of the organisation in turn (store, then journal)
scenario_cert_import() {
	local p=$WORK/import/p i f span
	base_import "$WORK/import"
	"$COT" -C "$p" cert import "$WORK/good-chain.pem" >/dev/null || bad "cert import"
	span=$(ms "$COT" -C "$p" cert import "$WORK/app-chain.pem")
	for i in $(seq 1 "$per"); do
		f=$WORK/good-chain.pem
		[ $((i % 2)) = 0 ] && f=$WORK/app-chain.pem
		kill_during . "$span" "$COT" -C "$p" cert import "$f"
		project_ok cert-import "$p" || return
		for f in "$p"/.cot/certs/*.pem; do
			openssl x509 -noout -in "$f" 2>/dev/null || { bad "cert-import: $f is torn"; return; }
		done
		"$COT" -C "$p" cert show >"$OUT" 2>&1 || { bad "cert show after kill $kills: $(head -2 "$OUT")"; return; }
		ok
	done
}

# --- check --record, and its revocation
scenario_check_record() {
	local p=$WORK/checklist/p i span
	base_checklist "$WORK/checklist"
	span=$(ms "$COT" -C "$p" check --record)
	"$COT" -C "$p" done checklist-complete --revoke --note again >/dev/null
	for i in $(seq 1 "$per"); do
		if grep checklist-complete "$p/.cot/journal" | tail -1 | grep -q '"event":"step"'; then
			kill_during . "$span" "$COT" -C "$p" done checklist-complete --revoke --note "k$i"
		else
			kill_during . "$span" "$COT" -C "$p" check --record
		fi
		project_ok check-record "$p" || return
		ok
	done
}

# --- bundle: signed and unsigned in turn, each over the day's earlier one
scenario_bundle() {
	local p=$WORK/bundle/p i f span span_unsigned sha rec
	local sign=(--keystore "$WORK/pki/ehealth.acc-p12" --password-env KS_PASSWORD)
	base_bundle "$WORK/bundle"
	# A dead writer's temp file goes with the next build of that name; a live one's stays.
	f=$p/out/0403019261-2026-11-20.asice
	touch "$f.tmp-4194305" "$f.tmp-$$"
	"$COT" -C "$p" bundle "${sign[@]}" >/dev/null || bad "bundle"
	check "bundle: a killed build's temp file is swept" test ! -e "$f.tmp-4194305"
	check "bundle: a live writer's temp file is kept" test -e "$f.tmp-$$"
	rm -f "$f.tmp-$$"
	span=$(ms "$COT" -C "$p" bundle "${sign[@]}")
	span_unsigned=$(ms "$COT" -C "$p" bundle --unsigned)
	for i in $(seq 1 "$per"); do
		if [ $((i % 2)) = 0 ]; then
			kill_during . "$span_unsigned" "$COT" -C "$p" bundle --unsigned
		else
			kill_during . "$span" "$COT" -C "$p" bundle "${sign[@]}"
		fi
		# Killed builds of the signed and the unsigned name: each may leave its temp
		# file and the earlier bundle it kept aside, until the next build of that name.
		project_ok bundle "$p" 6 || return
		for f in "$p"/out/*.asice; do
			[ -e "$f" ] || continue
			unzip -tqq "$f" >/dev/null 2>&1 || { bad "bundle: $f is torn after kill $kills"; return; }
		done
		ok
	done
	# The next build clears what killed ones left, and the journal names the bundle in place.
	"$COT" -C "$p" bundle --unsigned >/dev/null 2>&1 || bad "bundle: the build after the kills fails"
	"$COT" -C "$p" bundle "${sign[@]}" >/dev/null 2>&1 || bad "bundle: the build after the kills fails"
	check "bundle: no temp file left in out/ after a build" test "$(temps "$p/out")" = 0
	rec=$("$COT" -C "$p" log --format json | /usr/bin/python3 -c '
import json, sys
last = [r for r in json.load(sys.stdin)["records"] if r["event"] == "bundle-built"][-1]["data"]
print(last["path"], last["sha256"])')
	sha=$(sha256sum "$p/${rec% *}" | cut -d' ' -f1)
	check "bundle: the journal records the bundle in place" test "$sha" = "${rec#* }"
}

# whitelist_ok NAME DIR: the history verifies, the list reads, a signature matches it.
whitelist_ok() {
	if ! "${CHAIN[@]}" "$2/whitelist.xml.history" "$2/whitelist.xml.history.head" 2>"$ERR"; then
		bad "$1 after kill $kills: $(cat "$ERR")"
		return 1
	fi
	if ! (cd "$2" && "$COT" whitelist list) >"$OUT" 2>&1; then
		bad "$1 after kill $kills: cot whitelist list: $(head -3 "$OUT")"
		return 1
	fi
	if grep -q "does not hold" "$OUT"; then
		bad "$1 after kill $kills: $(grep 'does not hold' "$OUT")"
		return 1
	fi
	if [ "$(temps "$2")" -gt 3 ]; then
		bad "$1 after kill $kills: temp files pile up: $(find "$2" -name '*.tmp-*' | head -5)"
		return 1
	fi
}

# --- whitelist add and remove in turn
scenario_whitelist_edit() {
	local wl=$WORK/whitelist/wl i span
	base_whitelist "$WORK/whitelist"
	# What a killed writer leaves goes with the next change, under the list's lock; only that.
	touch "$wl/whitelist.xml.tmp-4194305" "$wl/whitelist.xml.history.head.tmp-77" \
		"$wl/whitelist.xml.tmp-notes" "$wl/other.xml.tmp-77"
	(cd "$wl" && "$COT" whitelist add --kbo 0123456749 --name Sweep >/dev/null) || bad "whitelist add"
	check "whitelist: a killed writer's temp files are swept" \
		test ! -e "$wl/whitelist.xml.tmp-4194305" -a ! -e "$wl/whitelist.xml.history.head.tmp-77"
	check "whitelist: other files are kept" test -e "$wl/whitelist.xml.tmp-notes" -a -e "$wl/other.xml.tmp-77"
	rm -f "$wl/whitelist.xml.tmp-notes" "$wl/other.xml.tmp-77"
	span=$(cd "$wl" && ms "$COT" whitelist add --kbo 0403019261 --name Probe)
	for i in $(seq 1 "$per"); do
		if grep -q 'kbo="0403019261"' "$wl/whitelist.xml"; then
			kill_during "$wl" "$span" "$COT" whitelist remove --kbo 0403019261 --reason "k$i"
		else
			kill_during "$wl" "$span" "$COT" whitelist add --kbo 0403019261 --name "Org $i"
		fi
		whitelist_ok whitelist-edit "$wl" || return
		ok
	done
}

# --- whitelist remove --software, killed; the package is then put back by hand, a change
# without a record that the next remove must record first (so that path is killed too)
scenario_whitelist_software() {
	local wl=$WORK/whitelist-software/wl i span
	local rm=(whitelist remove --software CareSoft --version 4.2)
	base_wlsoftware "$WORK/whitelist-software"
	span=$(remove_ms "$wl" "${rm[@]}" --reason probe)
	for i in $(seq 1 "$per"); do
		if ! grep -q 'product="CareSoft"' "$wl/whitelist.xml"; then
			sed -i 's|^</whitelist>|  <software product="CareSoft" version="4.2" vendor="0403019261" since="2026-02-01"/>\n&|' \
				"$wl/whitelist.xml"
			rm -f "$wl/whitelist.xml.p7s"
		fi
		kill_during "$wl" "$span" "$COT" "${rm[@]}" --reason "k$i"
		whitelist_ok whitelist-software "$wl" || return
		ok
	done
}

# remove_ms DIR ARGS...: how long cot ARGS takes in a copy of DIR (the middle of three runs):
# a remove, unlike an add, cannot be timed again in the same place.
remove_ms() {
	local dir=$1 probe=$WORK/remove-probe t0 t1 i v=()
	shift
	for i in 1 2 3; do
		rm -rf "$probe"
		cp -a "$dir" "$probe"
		t0=$(date +%s%N)
		(cd "$probe" && "$COT" "$@") >/dev/null 2>&1
		t1=$(date +%s%N)
		v+=($(((t1 - t0) / 1000000)))
	done
	rm -rf "$probe"
	printf '%s\n' "${v[@]}" | sort -n | sed -n 2p
}

# --- whitelist sign
scenario_whitelist_sign() {
	local wl=$WORK/whitelist-sign/wl i span
	local sign=(--keystore "$WORK/pki/modern.p12" --password-env KS_PASSWORD)
	base_whitelist "$WORK/whitelist-sign"
	span=$(cd "$wl" && ms "$COT" whitelist sign "${sign[@]}")
	for i in $(seq 1 "$per"); do
		kill_during "$wl" "$span" "$COT" whitelist sign "${sign[@]}"
		whitelist_ok whitelist-sign "$wl" || return
		ok
	done
}

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(init cert-import check-record bundle whitelist-edit whitelist-software
	whitelist-sign)
start=$(date +%s)
i=-1
for n in "${names[@]}"; do
	i=$((i + 1))
	in_share "$i" || continue
	before=$kills
	"scenario_${n//-/_}"
	echo "$n: $((kills - before)) kills"
done
echo "kills: $kills in $(($(date +%s) - start)) s, $landed of them while cot ran"
check "at least half the kills landed while cot ran" test "$landed" -ge $((kills / 2))
finish
