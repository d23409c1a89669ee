#!/usr/bin/env bash
# Allocation failures, in the manner of curl's torture tests: every mutating command of
# lib-fault.sh and the readers (status, log, check, lint, verify, cert show, whitelist
# list, a signed whitelist check), run by cot-alloc (fail-alloc.c) with one allocation failed per run: each of
# cot's own allocations up to COT_ALLOC_OWN runs per command (spread evenly past that),
# and COT_ALLOC_LIB spread over OpenSSL's, libxml2's and jansson's. A run whose failed
# allocation mattered must say "out of memory" and exit 3; one where it did not must do
# what a run without a fault does. Never a crash or a sanitizer report, and the files as
# before, as after a run without a fault, or as the first step of a two-step command
# alone (lib-fault.sh's fault_mid). When cot ended for want of memory between two files
# (mem_die, as a kill would), running the command again must end exactly as a run
# without a fault: never half-written.
#
# usage: test-alloc-faults.sh COT_ALLOC SRCDIR [NAME...]
#   COT_ALLOC_OWN=0 COT_ALLOC_LIB=0 (0: every allocation) fails them all
#   COT_ALLOC_ONLY=KIND:N fails that one allocation only (to reproduce a failure), and
#   COT_ALLOC_KEEP=DIR keeps the run directory there
. "$(dirname "$0")/../cli/lib.sh" "$1" "$2"
shift 2
. "$SRCDIR/tests/fault/lib-fault.sh"
own_max=${COT_ALLOC_OWN:-30}
lib_max=${COT_ALLOC_LIB:-8}
runs=0
failed_allocs=0
recovered=0
cd "$WORK" || exit 1
make_bases

# The readers: they change nothing, so after a fault every file is as before.
read_commands=(
	"status|steps|p|status"
	"status-json|submit|p|--format json status"
	"log-verify|steps|p|log --verify"
	"log-json|steps|p|--format json log"
	"check|checklist|p|check"
	"check-html|checklist|p|check --format html -o /dev/null"
	"lint|checklist|p|lint checklist.yaml"
	"verify|submit|p|verify --trust test-root.pem out/0403019261-2026-11-20.asice"
	"cert-show|submit|p|cert show"
	"cert-show-json|submit|p|cert show --format json"
	"whitelist-list|whitelist|wl|whitelist list"
	"whitelist-check-signed|whitelist|wl|whitelist check --file whitelist.xml --kbo 0809394427 --trust $WORK/pki/root.pem"
)
for spec in "${read_commands[@]}"; do
	IFS='|' read -r _ base _ <<<"$spec"
	[ -d "$WORK/base/$base" ] || "base_$base" "$WORK/base/$base"
done

# spread MAX TOTAL: the allocations to fail, 1..TOTAL, or MAX of them spread evenly.
spread() {
	local max=$1 total=$2 i
	if [ "$max" = 0 ] || [ "$total" -le "$max" ]; then
		seq 1 "$total"
	else
		for ((i = 0; i < max; i++)); do echo $((1 + i * total / max)); done
	fi
}

# recovers DIR SUCCESS RC0 ARGS...: cot ended for want of memory between two files it
# writes (mem_die: as a kill would); the same command, run again, ends exactly as a run
# without a fault.
recovers() {
	local dir=$1 success=$2 rc0=$3 rc
	shift 3
	grep -qx 'cot: error: out of memory' "$ERR" || return 1
	(cd "$WORK/run/$dir" && "$COT" "$@" >/dev/null 2>&1)
	rc=$?
	[ "$rc" = "$rc0" ] && [ "$(tree "$WORK/run")" = "$success" ]
}

# fresh BASE: a copy of the base state in $WORK/run.
fresh() {
	rm -rf "$WORK/run"
	cp -a "$WORK/base/$1" "$WORK/run"
}

# one NAME BASE DIR ARGS...: every chosen allocation of the command failed in turn.
one() {
	local name=$1 base=$2 dir=$3 rc0 out0 before success mid= own lib kind n rc after torn
	shift 3
	fresh "$base"
	before=$(tree "$WORK/run")
	rm -f "$WORK/alloc.log"
	(cd "$WORK/run/$dir" && COT_FAIL_ALLOC_LOG="$WORK/alloc.log" "$COT" "$@" >"$OUT" 2>"$ERR")
	rc0=$?
	out0=$(cat "$OUT")
	success=$(tree "$WORK/run")
	own=$(sed -n 's/^own //p' "$WORK/alloc.log")
	lib=$(sed -n 's/^lib //p' "$WORK/alloc.log")
	if [ "$rc0" -ge 2 ] || [ -z "$own" ]; then
		bad "$name: exit $rc0 without a fault"
		sed 's/^/  err| /' "$ERR" | head -5
		return
	fi
	if [ -n "${fault_mid[$name]:-}" ]; then
		fresh "$base"
		# shellcheck disable=SC2086
		(cd "$WORK/run/$dir" && "$COT" ${fault_mid[$name]} >/dev/null 2>&1) ||
			bad "$name: its first step fails without a fault"
		mid=$(tree "$WORK/run")
	fi
	for kind in own lib; do
		local total=$own max=$own_max
		[ "$kind" = lib ] && total=$lib max=$lib_max
		local ns
		ns=$(spread "$max" "$total")
		if [ -n "${COT_ALLOC_ONLY:-}" ]; then
			ns=
			[ "${COT_ALLOC_ONLY%%:*}" = "$kind" ] && ns=${COT_ALLOC_ONLY#*:}
		fi
		for n in $ns; do
			fresh "$base"
			rm -f "$WORK/alloc.log"
			(
				# OpenSSL and libxml2 leak of themselves when their own allocation fails
				# (lsan-libraries.supp): not cot's, and only in these runs.
				[ "$kind" = lib ] && export LSAN_OPTIONS=suppressions=$SRCDIR/tests/fault/lsan-libraries.supp
				cd "$WORK/run/$dir" && COT_FAIL_ALLOC="$kind:$n" COT_FAIL_ALLOC_LOG="$WORK/alloc.log" \
					"$COT" "$@" >"$OUT" 2>"$ERR"
			)
			rc=$?
			runs=$((runs + 1))
			if [ -n "${COT_ALLOC_KEEP:-}" ]; then
				rm -rf "$COT_ALLOC_KEEP"
				cp -a "$WORK/run" "$COT_ALLOC_KEEP"
				cp "$OUT" "$ERR" "$COT_ALLOC_KEEP/"
			fi
			after=$(tree "$WORK/run")
			if [ "$rc" -ge 128 ] || grep -q 'Sanitizer\|runtime error' "$ERR"; then
				bad "$name: crashed (exit $rc) with $kind allocation $n failed"
				grep -m3 -A12 'ERROR\|runtime error' "$ERR" | sed 's/^/  err| /'
				continue
			fi
			if ! grep -q '^fired' "$WORK/alloc.log" 2>/dev/null; then
				bad "$name: $kind allocation $n of $total never came"
				continue
			fi
			failed_allocs=$((failed_allocs + 1))
			if [ "$rc" = "$rc0" ] && [ "$after" = "$success" ] && [ "$(cat "$OUT")" = "$out0" ]; then
				ok # the allocation was one that could fail without harm
			elif [ "$rc" = "$rc0" ] && [ -n "${fault_partial[$name]:-}" ] &&
				grep -q 'out of memory' "$ERR" && torn=$(old_or_new "$before" "$success" "$after"); then
				ok # an answer given, and what could not be kept said so
			elif [ "$rc" = "$rc0" ]; then
				bad "$name: exit $rc as without a fault, but other files or output, with $kind allocation $n failed"
				diff <(echo "$success") <(echo "$after") | head -6 | sed 's/^/  diff| /'
				diff <(echo "$out0") "$OUT" | head -6 | sed 's/^/  out| /'
			elif [ "$rc" != 3 ] || ! grep -q 'out of memory' "$ERR"; then
				bad "$name: exit $rc, not 3 with 'out of memory', with $kind allocation $n failed"
				sed 's/^/  err| /' "$ERR" | head -5
			elif [ "$after" = "$before" ] || [ "$after" = "$success" ] ||
				{ [ -n "$mid" ] && [ "$after" = "$mid" ]; }; then
				ok
			elif [ -n "${fault_partial[$name]:-}" ] && torn=$(old_or_new "$before" "$success" "$after"); then
				ok
			elif recovers "$dir" "$success" "$rc0" "$@"; then
				recovered=$((recovered + 1))
				ok
			else
				bad "$name: files half-written with $kind allocation $n failed"
				sed 's/^/  err| /' "$ERR" | head -3
				diff <(echo "$before") <(echo "$after") | head -10 | sed 's/^/  diff| /'
			fi
		done
	done
	printf '%s: %s own and %s library allocations\n' "$name" "$own" "$lib"
}

i=-1
for spec in "${fault_commands[@]}" "${read_commands[@]}"; do
	IFS='|' read -r name base dir args <<<"$spec"
	i=$((i + 1))
	in_share "$i" || continue
	if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then
		continue
	fi
	# shellcheck disable=SC2086
	one "$name" "$base" "$dir" $args
done
echo "allocations failed: $failed_allocs, in $runs runs of cot; $recovered ended between two files and recovered"
finish
