#!/usr/bin/env bash
# I/O faults: every mutating command, with the Nth write, pwrite, fsync, close or rename
# of a regular file failing (ENOSPC, then EIO), for N = 1, 2, ... until the command
# succeeds without the fault firing. Each failed run must exit 3 naming the cause and
# leave every file exactly as it was (types, modes, bytes), or for a command of two steps
# exactly as its first step alone (fault_mid); each success must verify.
#
# usage: test-io-faults.sh COT SRCDIR SHIM [NAME...]
. "$(dirname "$0")/../cli/lib.sh" "$1" "$2"
SHIM=$(realpath -e "$3") || { echo "no fault shim at '$3'" >&2; exit 1; }
shift 3
. "$SRCDIR/tests/fault/lib-fault.sh"
# A shim before the sanitizer's runtime is fine here: it only forwards to libc.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
max=${COT_FAULT_MAX:-5000}
injected=0
runs=0
cd "$WORK" || exit 1
make_bases

errtext() { case $1 in ENOSPC) echo "No space left on device" ;; EIO) echo "Input/output error" ;; esac; }

# verify_after NAME DIR: what a successful run must leave: an intact journal or history.
verify_after() {
	local dir=$WORK/run/$2
	if [ -f "$dir/.cot/journal" ]; then
		"$COT" -C "$dir" log --verify >/dev/null 2>&1 || bad "$1: the journal does not verify"
	fi
	if [ -f "$dir/whitelist.xml" ]; then
		(cd "$dir" && "$COT" whitelist list >/dev/null 2>&1) || bad "$1: the whitelist does not read"
	fi
}

# one NAME BASE DIR ERRNO ARGS...: the loop over N for one command and one errno.
one() {
	local name=$1 base=$2 dir=$3 errno=$4 n=0 rc fired before after success torn mid=
	shift 4
	if [ -n "${fault_mid[$name]:-}" ]; then
		rm -rf "$WORK/run"
		cp -a "$WORK/base/$base" "$WORK/run"
		# shellcheck disable=SC2086
		(cd "$WORK/run/$dir" && "$COT" ${fault_mid[$name]} >/dev/null 2>&1) ||
			bad "$name: its first step fails without a fault"
		mid=$(tree "$WORK/run")
	fi
	if [ -n "${fault_partial[$name]:-}" ]; then
		# What a run without a fault leaves: the "new" state of each file.
		rm -rf "$WORK/run"
		cp -a "$WORK/base/$base" "$WORK/run"
		(cd "$WORK/run/$dir" && "$COT" "$@" >/dev/null 2>&1) || bad "$name: fails without a fault"
		success=$(tree "$WORK/run")
	fi
	while [ "$n" -lt "$max" ]; do
		n=$((n + 1))
		rm -rf "$WORK/run"
		cp -a "$WORK/base/$base" "$WORK/run"
		before=$(tree "$WORK/run")
		rm -f "$WORK/fault.log"
		(cd "$WORK/run/$dir" && COT_FAIL_IO="any:$n:$errno" COT_FAIL_IO_LOG="$WORK/fault.log" \
			LD_PRELOAD="$SHIM" "$COT" "$@" >"$OUT" 2>"$ERR")
		rc=$?
		runs=$((runs + 1))
		fired=$(grep '^fired' "$WORK/fault.log" 2>/dev/null)
		if [ "$rc" -ge 128 ]; then
			bad "$name: crashed (signal $((rc - 128))) with $errno at I/O call $n: $fired"
			sed 's/^/  err| /' "$ERR" | head -20
			return
		fi
		if [ -z "$fired" ]; then
			if [ "$rc" = 0 ]; then ok; else bad "$name: exit $rc without a fault ($errno, call $n)"; sed 's/^/  err| /' "$ERR" | head; fi
			verify_after "$name" "$dir"
			printf '%s %s: %d I/O calls, each failed once\n' "$name" "$errno" "$((n - 1))"
			return
		fi
		injected=$((injected + 1))
		case $fired in
		"fired close "*[/.]lock)
			# Releasing the lock: its file holds only the holder's pid, nothing is lost.
			[ "$rc" = 0 ] && { ok; continue; } ;;
		esac
		after=$(tree "$WORK/run")
		if [ "$rc" != "${fault_exit[$name]:-3}" ]; then
			bad "$name: exit $rc, expected ${fault_exit[$name]:-3}, with $errno at I/O call $n ($fired)"
			sed 's/^/  err| /' "$ERR" | head -5
		elif ! grep -qF "$(errtext "$errno")" "$ERR"; then
			bad "$name: the message does not name the cause ($fired)"
			sed 's/^/  err| /' "$ERR" | head -5
		elif [ -n "${fault_partial[$name]:-}" ]; then
			if torn=$(old_or_new "$before" "$success" "$after"); then
				ok
			else
				bad "$name: a file neither old nor new after a failure at I/O call $n ($fired): $torn"
			fi
		elif [ -n "$mid" ] && [ "$mid" = "$after" ]; then
			ok
		elif [ "$before" != "$after" ]; then
			bad "$name: files changed after a failure at I/O call $n ($fired)"
			sed 's/^/  err| /' "$ERR" | head -3
			diff <(echo "$before") <(echo "$after") | head -10 | sed 's/^/  diff| /'
		else
			ok
		fi
	done
	bad "$name: still failing after $max I/O calls"
}

i=-1
for spec in "${fault_commands[@]}"; do
	IFS='|' read -r name base dir args <<<"$spec"
	i=$((i + 1))
	in_share "$i" || continue
	if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then
		continue
	fi
	for errno in ENOSPC EIO; do
		# shellcheck disable=SC2086
		one "$name" "$base" "$dir" "$errno" $args
	done
done
echo "I/O faults injected: $injected, in $runs runs of cot"
finish
