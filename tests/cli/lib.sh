# Shared by the CLI tests: run the built cot in fresh directories and check what it did.
# Usage in a test: . "$(dirname "$0")/lib.sh" "$@"   (args: PATH_TO_COT SRCDIR)
set -u
COT=$(realpath "$1")
SRCDIR=$(realpath "$2")
export COT SRCDIR
export COT_ACTOR=tester@cli NO_COLOR=1 LC_ALL=C.UTF-8
unset COT_NOW
pass=0
fail=0
# Under valgrind a cot costs a second or more, and the suite must fit in CI. A test is left out
# there (exit 77, SKIP) when it mostly repeats what the other tests put under memcheck:
#   secrets: the commands of the cert, bundle, verify and whitelist tests again, at four
#     verbosities, to search what they wrote for passwords and keys (no memory question);
#   demo: the other tests' commands again, in one process on sample data, twice, most of
#     its time (minutes under valgrind) in OpenSSL making RSA keys; the ASan build runs it.
if [ -n "${COT_VALGRIND:-}" ]; then
	case $(basename "$0") in
	test-secrets.sh|test-demo.sh)
		echo "SKIP under valgrind: the same commands as other tests (tests/cli/lib.sh)"
		exit 77 ;;
	esac
fi
WORK=$(mktemp -d /tmp/cot-cli-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# Under 'meson test --setup valgrind' (COT_VALGRIND=1) every cot runs in valgrind memcheck.
if [ -n "${COT_VALGRIND:-}" ]; then
	export COT_REAL=$COT COT_VALGRIND_LOGS=$WORK/.valgrind
	mkdir -p "$COT_VALGRIND_LOGS"
	COT=$SRCDIR/tests/cli/valgrind.sh
fi
OUT="$WORK/.out"
ERR="$WORK/.err"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*"; }

# run CODE CMD...: runs CMD, requires exit CODE; a crash (signal) never counts as expected.
run() {
	local want=$1 got
	shift
	"$@" >"$OUT" 2>"$ERR"
	got=$?
	if [ "$got" -ge 128 ]; then
		bad "crashed with signal $((got - 128)): $*"
		sed 's/^/  | /' "$ERR" | head -20
	elif [ "$got" != "$want" ]; then
		bad "exit $got, expected $want: $*"
		sed 's/^/  out| /' "$OUT" | head -10
		sed 's/^/  err| /' "$ERR" | head -10
	else
		ok
	fi
}

# hold_lock FILE: another process holds FILE's lock (flock) until release_lock; returns
# once the lock is really held, so a loaded machine cannot make the test race it.
hold_lock() {
	local i
	# the subshell becomes the sleep that holds the lock: killing it releases the lock
	(exec 9>>"$1" && flock 9 && exec sleep 120) </dev/null >/dev/null 2>&1 &
	holder=$!
	for i in $(seq 1 200); do
		flock -n "$1" true 2>/dev/null || return 0
		sleep 0.05
	done
	bad "the test could not take the lock $1"
}
release_lock() {
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
}

# ready_checklist DIR DATE [NAME KBO]: the fixture complete.yaml as the answers of DIR (by
# default a project of new_project's organisation), reviewed on DATE, with every evidence
# file it names.
ready_checklist() {
	local f
	sed -e "s/^organisation: .*/organisation: {name: \"${3:-Test Org}\", kbo: \"${4:-0809394427}\"}/" \
		-e "s/reviewed: 20[0-9-]*/reviewed: $2/" \
		"$SRCDIR/tests/fixtures/checklist/valid/complete.yaml" >"$1/checklist.yaml"
	grep -Eo 'evidence/[A-Za-z0-9_./-]+' "$1/checklist.yaml" | sort -u | while read -r f; do
		mkdir -p "$1/$(dirname "$f")" && echo "sample $f" >"$1/$f"
	done
}

# pdf FILE TEXT: a minimal PDF that says TEXT.
pdf() {
	printf '%%PDF-1.4\n%% %s\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' \
		"$2" >"$1"
}

# org DIR ROUTE: a project of the test PKI's organisation (tests/pki/mkpki.sh in $WORK/pki),
# trusting the test root CA only.
org() {
	"$COT" init "$1" --name "Maison Sainte-Elisabeth" --kbo 0403019261 --route "$2" >/dev/null ||
		bad "cannot create project $1"
	cp "$WORK/pki/root.pem" "$1/test-root.pem"
	sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
		-e 's|^  environment: "production"$|&\n  trust:\n    - "test-root.pem"|' "$1/cot.yaml"
}

# pki_keys OUT: every private key of the test PKI in $WORK/pki (the leaves share leaf.key;
# the keytool keystore adds its ETK), for the tests that search for key material.
pki_keys() {
	cat "$WORK/pki/leaf.key" "$WORK/pki/weak.key" >"$1"
	openssl pkcs12 -legacy -in "$WORK/pki/ehealth.acc-p12" -nocerts -nodes -passin pass:Test_001 \
		>>"$1" 2>/dev/null || bad "cannot extract the keys of ehealth.acc-p12"
	check "the test PKI has 4 private keys" test "$(grep -c 'BEGIN PRIVATE KEY' "$1")" = 4
}

# out_has / err_has TEXT: the last run's stdout / stderr holds TEXT (fixed string).
out_has() { if grep -qF -- "$1" "$OUT"; then ok; else bad "stdout lacks '$1'"; sed 's/^/  out| /' "$OUT" | head -10; fi; }
err_has() { if grep -qF -- "$1" "$ERR"; then ok; else bad "stderr lacks '$1'"; sed 's/^/  err| /' "$ERR" | head -10; fi; }
out_lacks() { if grep -qF -- "$1" "$OUT"; then bad "stdout has '$1'"; else ok; fi; }
err_lacks() { if grep -qF -- "$1" "$ERR"; then bad "stderr has '$1'"; else ok; fi; }

# same FILE1 FILE2: identical bytes.
same() { if cmp -s "$1" "$2"; then ok; else bad "$1 and $2 differ"; fi; }

# check COND_DESCRIPTION CMD...: CMD (a test) succeeds.
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }

# snapshot DIR: a listing of every file with its hash, to prove nothing changed.
snapshot() { (cd "$1" && find . -type f ! -name lock -print0 | sort -z | xargs -0 -r sha256sum); }

# new_project DIR [ROUTE]: a fresh project.
new_project() {
	"$COT" init "$1" --name "Test Org" --kbo 0809394427 --route "${2:-direct}" >/dev/null 2>&1 ||
		bad "cannot create project $1"
}

finish() {
	local vg
	if [ -n "${COT_VALGRIND:-}" ]; then
		# A report that is not empty holds an error or a definitely lost block.
		for vg in "$COT_VALGRIND_LOGS"/vg.*.log; do
			[ -s "$vg" ] || continue
			bad "valgrind: $(grep -m1 -E 'Invalid|uninitialised|definitely lost|Mismatched|overlap' "$vg")"
			sed 's/^/  vg| /' "$vg" | head -40
		done
		printf 'valgrind: %d runs of cot\n' "$(find "$COT_VALGRIND_LOGS" -name 'vg.*.log' | wc -l)"
	fi
	printf '%d passed, %d failed\n' "$pass" "$fail"
	[ "$fail" -eq 0 ]
}
