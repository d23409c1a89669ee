#!/usr/bin/env bash
# Secrets: every command that opens a keystore, at every verbosity (-q, default, -v, -vv),
# with good and wrong passwords from a file, the environment and the terminal; then
# everything cot wrote (files, stdout, stderr, the terminal, the bundles unpacked) is
# searched for the passwords and the private keys' bytes: no hit. And every file under
# every .cot/ is 0600, every directory 0700, even with umask 000.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK" || exit 1
PY=/usr/bin/python3
PKI=$WORK/pki
PW=Test_001
WRONG=not-the-password
CAP=$WORK/captured
mkdir -p "$CAP"
umask 000
export COT_NOW=2026-11-20T09:30:00Z KS_PASSWORD=$PW KS_WRONG=$WRONG
if ! bash "$SRCDIR/tests/pki/mkpki.sh" "$PKI" >/dev/null 2>&1; then
	bad "tests/pki/mkpki.sh failed"
	finish
	exit 1
fi
pki_keys keys.pem
printf '%s\n' "$WRONG" >wrong.txt
chmod 600 wrong.txt

n=0
# cap WANT ARGS...: runs cot ARGS, keeping its stdout and stderr in $CAP; a crash never passes.
cap() {
	local want=$1 got
	shift
	n=$((n + 1))
	"$COT" "$@" >"$CAP/$n.out" 2>"$CAP/$n.err"
	got=$?
	if [ "$got" -ge 128 ] || { [ "$want" != any ] && [ "$got" != "$want" ]; }; then
		bad "exit $got, expected $want: cot $*"
		sed 's/^/  err| /' "$CAP/$n.err" | head -5
	else
		ok
	fi
}

for v in -q "" -v -vv; do
	tag=v${v#-}
	p=$WORK/p-$tag
	org "$p" vitalink
	pdf "$p/documents/belrai-contract.pdf" "BelRAI contract"
	pdf "$p/documents/vitalink-contract.pdf" "Vitalink contract"
	cap 0 $v -C "$p" cert request --date 2026-10-01
	# wrong passwords first: refused, and said so without the password
	cap 2 $v -C "$p" cert import "$PKI/modern.p12" --password-file wrong.txt
	cap 2 $v -C "$p" cert import "$PKI/legacy.p12" --password-env KS_WRONG
	cap 2 $v cert show "$PKI/ehealth.acc-p12" --password-env KS_WRONG
	cap 2 $v -C "$p" bundle --keystore "$PKI/ehealth.acc-p12" --password-file wrong.txt
	# then the right ones
	for ks in modern.p12 legacy.p12 ehealth.acc-p12 empty-password.p12 noname.p12; do
		cap any $v cert show "$PKI/$ks" --password-env KS_PASSWORD
		cap any $v --format json cert show "$PKI/$ks" --password-file "$PKI/password.txt"
	done
	cap 0 $v -C "$p" cert import "$PKI/ehealth.acc-p12" --password-file "$PKI/password-nl.txt"
	cap 0 $v -C "$p" cert import "$PKI/modern.p12" --password-env KS_PASSWORD
	cap any $v -C "$p" cert check
	cap 0 $v -C "$p" bundle --keystore "$PKI/ehealth.acc-p12" --password-env KS_PASSWORD
	cap 0 $v -C "$p" bundle --keystore "$PKI/modern.p12" --password-file "$PKI/password.txt" \
		-o "$p/out/second.asice"
	cap any $v verify --trust "$PKI/root.pem" "$p/out/second.asice"
	cap any $v --format json verify --trust "$PKI/root.pem" "$p"/out/*.asice
	cap 0 $v -C "$p" status
	cap 0 $v -C "$p" log
	cap 0 $v -C "$p" --format json log
	# the authority's signature on the whitelist
	wl=$WORK/wl-$tag
	mkdir -p "$wl"
	cap 0 $v whitelist add --file "$wl/whitelist.xml" --kbo 0403019261 --name "Sainte-Elisabeth"
	cap 2 $v whitelist sign --file "$wl/whitelist.xml" --keystore "$PKI/modern.p12" --password-env KS_WRONG
	cap 0 $v whitelist sign --file "$wl/whitelist.xml" --keystore "$PKI/modern.p12" --password-env KS_PASSWORD
	cap 0 $v whitelist list --file "$wl/whitelist.xml"
	# the bundles' contents, as a reader unpacks them (text entries are deflated)
	for b in "$p"/out/*.asice; do
		mkdir -p "$CAP/unzipped-$tag-$(basename "$b")"
		unzip -qo "$b" -d "$CAP/unzipped-$tag-$(basename "$b")" || bad "cannot unzip $b"
	done
done

# the password typed on a terminal: neither echoed nor printed, at any verbosity
mkdir -p "$CAP/tty"
for v in -q -v -vv; do
	t=$WORK/tty$v
	org "$t" direct
	"$COT" -C "$t" cert request --date 2026-10-01 >/dev/null
	"$PY" "$SRCDIR/tests/cli/pty-run.py" type "$PW" -- "$COT" $v -C "$t" cert import "$PKI/legacy.p12" \
		>"$CAP/tty/import$v.json" 2>&1
	grep -q '"rc": 0' "$CAP/tty/import$v.json" && ok || bad "tty import $v: $(head -c 300 "$CAP/tty/import$v.json")"
	"$PY" "$SRCDIR/tests/cli/pty-run.py" type "$WRONG" -- "$COT" $v -C "$t" bundle --keystore "$PKI/modern.p12" \
		>"$CAP/tty/wrong$v.json" 2>&1
	grep -q '"rc": 2' "$CAP/tty/wrong$v.json" && ok || bad "tty wrong password $v: $(head -c 300 "$CAP/tty/wrong$v.json")"
done

# cot demo makes and drops a throwaway keystore of its own
cap 0 demo "$WORK/demo"
check "cot demo leaves no keystore" test -z "$(find "$WORK/demo" -name '*.p12' -o -name '*.key')"

# Nothing anywhere: not the passwords, not the keys, not a copy of a keystore.
for d in "$CAP" "$WORK"/p-* "$WORK"/wl-* "$WORK"/tty-* "$WORK/demo"; do
	for ks in modern.p12 ehealth.acc-p12; do
		if "$PY" "$SRCDIR/tests/cli/no-key-material.py" "$d" keys.pem "$PW" "$PKI/$ks" >nokey.out; then
			ok
		else
			bad "key material under $d: $(head -3 nokey.out | tr '\n' ' ')"
		fi
	done
	if grep -rqF -- "$WRONG" "$d"; then bad "the wrong password under $d: $(grep -rlF -- "$WRONG" "$d" | head -3)"; else ok; fi
done
echo "searched: $(find "$CAP" -type f | wc -l) captured outputs and files, $n runs of cot"

# Every file under .cot/ private, every directory under it too.
for d in "$WORK"/p-* "$WORK"/tty-* "$WORK/demo"; do
	bad_modes=$(find "$d/.cot" \( \( -type f ! -perm 0600 \) -o \( -type d ! -perm 0700 \) \) -printf '%m %p\n')
	if [ -z "$bad_modes" ]; then ok; else bad "not private under $d/.cot: $bad_modes"; fi
	check "$d/.cot has files" test -n "$(find "$d/.cot" -type f)"
done
finish
