# Shared by the fault tests: the states each mutating command starts from, and a snapshot.
# Sourced after tests/cli/lib.sh; needs $WORK, $COT and $SRCDIR.

PW=Test_001
export KS_PASSWORD=$PW COT_NOW=2026-11-20T09:30:00Z

# tree DIR: every directory, file and symlink under DIR with its type and mode, and each
# file's SHA-256; lock files (a flock target holding only the holder's pid) left out.
tree() {
	(
		cd "$1" || exit 1
		find . \( -name lock -o -name '*.lock' \) -prune -o -printf '%y %m %p\n' | LC_ALL=C sort
		find . -type f ! -name lock ! -name '*.lock' -print0 | LC_ALL=C sort -z |
			xargs -0 -r sha256sum
	)
}

make_pki() {
	[ -d "$WORK/pki" ] && return 0
	bash "$SRCDIR/tests/pki/mkpki.sh" "$WORK/pki" >/dev/null 2>&1 || {
		bad "tests/pki/mkpki.sh failed"
		return 1
	}
}

# The base states, one directory each under $WORK/base/NAME; each command runs in a copy.
base_empty() { mkdir -p "$1"; }

base_project() {
	mkdir -p "$1"
	"$COT" init "$1/p" --name "Test Org" --kbo 0809394427 --route direct >/dev/null
}

base_steps() {
	base_project "$1"
	"$COT" -C "$1/p" done cert-requested --date 2026-10-01 >/dev/null
	"$COT" -C "$1/p" done cert-received --date 2026-10-02 >/dev/null
}

base_import() {
	mkdir -p "$1"
	org "$1/p" direct
	"$COT" -C "$1/p" cert request --date 2026-10-01 >/dev/null
}

# A project whose checklist is complete (the fixture complete.yaml, its evidence present,
# reviews brought within their period) and checklist-complete not recorded yet.
base_checklist() {
	local p=$1/p f
	mkdir -p "$1"
	"$COT" init "$p" --name "De Linde" --kbo 0123456749 --route direct >/dev/null
	sed -e 's/reviewed: 2026-0[1-6]-/reviewed: 2026-09-/' \
		"$SRCDIR/tests/fixtures/checklist/valid/complete.yaml" >"$p/checklist.yaml"
	grep -o 'evidence/[^] ,]*[a-z]' "$p/checklist.yaml" | sort -u | while read -r f; do
		mkdir -p "$p/$(dirname "$f")"
		pdf "$p/$f" "$f"
	done
	"$COT" -C "$p" done cert-requested --date 2026-10-01 >/dev/null
	"$COT" -C "$p" done cert-received --date 2026-10-02 >/dev/null
	"$COT" -C "$p" done registered --date 2026-10-03 >/dev/null
	"$COT" -C "$p" check >/dev/null 2>&1 || bad "the checklist base is not ready"
}

base_bundle() {
	mkdir -p "$1"
	org "$1/p" vitalink
	pdf "$1/p/documents/belrai-contract.pdf" "BelRAI contract"
	pdf "$1/p/documents/vitalink-contract.pdf" "Vitalink contract"
}

# The same with the day's bundle built already: a rebuild replaces it.
base_rebuild() {
	base_bundle "$1"
	"$COT" -C "$1/p" bundle --keystore "$WORK/pki/ehealth.acc-p12" \
		--password-env KS_PASSWORD >/dev/null || bad "cannot build the first bundle"
}

base_whitelist() {
	mkdir -p "$1/wl"
	(
		cd "$1/wl" || exit 1
		"$COT" whitelist add --kbo 0809394427 --name eHealth-platform >/dev/null &&
			"$COT" whitelist add --kbo 0566988259 --name "WZC Zonneweide" --nihii 71089815 \
				>/dev/null &&
			"$COT" whitelist sign --keystore "$WORK/pki/modern.p12" --password-env KS_PASSWORD \
				>/dev/null
	) || bad "cannot make the whitelist"
}

# The same list with a recognised software package, signed. add --software takes a vendor's
# verified request (a bundle and the KMEHR schemas); here the package is written in by hand,
# and the next add records that change ("unrecorded") as it would any, so the history is whole.
base_wlsoftware() {
	base_whitelist "$1"
	(
		cd "$1/wl" || exit 1
		sed -i 's|^</whitelist>|  <software product="CareSoft" version="4.2" vendor="0403019261" since="2026-02-01"/>\n&|' \
			whitelist.xml &&
			"$COT" whitelist add --kbo 0403019261 --name Sainte-Elisabeth >/dev/null 2>&1 &&
			grep -q 'product="CareSoft"' whitelist.xml &&
			"$COT" whitelist sign --keystore "$WORK/pki/modern.p12" --password-env KS_PASSWORD \
				>/dev/null
	) || bad "cannot make the whitelist with software"
}

# A project ready to submit: every step before 'submitted', the checklist, the signed bundle.
base_submit() {
	local p=$1/p f
	mkdir -p "$1"
	org "$p" direct
	printf '  from: "it@sainte-elisabeth.test"\n' >>"$p/cot.yaml"
	pdf "$p/documents/proof-of-mandate.pdf" "Staatsblad"
	pdf "$p/documents/belrai-contract.pdf" "BelRAI contract"
	sed -e 's/reviewed: 20[0-9-]*/reviewed: 2026-11-01/' \
		-e 's/^organisation: .*/organisation: {name: "Maison Sainte-Elisabeth", kbo: "0403019261"}/' \
		"$SRCDIR/tests/fixtures/checklist/valid/complete.yaml" >"$p/checklist.yaml"
	grep -o 'evidence/[^] ,]*[a-z]' "$p/checklist.yaml" | sort -u | while read -r f; do
		mkdir -p "$p/$(dirname "$f")"
		pdf "$p/$f" "$f"
	done
	(
		cd "$p" &&
			"$COT" cert request --date 2026-10-01 &&
			"$COT" cert import "$WORK/pki/modern.p12" --password-env KS_PASSWORD --date 2026-10-02 &&
			"$COT" done registered --date 2026-10-03 --file documents/proof-of-mandate.pdf &&
			"$COT" check --record &&
			"$COT" done contract-signed --file documents/belrai-contract.pdf &&
			"$COT" bundle --keystore "$WORK/pki/modern.p12" --password-env KS_PASSWORD
	) >/dev/null 2>&1 || bad "cannot make the project ready to submit"
}

# The same without its bundle: cot submit builds and signs it first.
base_submit_nobundle() {
	base_submit "$1"
	rm -f "$1"/p/out/*.asice
}

# A project at fod-validated, and a whitelist that lists it: a check records 'whitelisted'.
# checklist-complete is recorded by a passing 'cot check --record', as only it may.
base_validated() {
	local s
	base_checklist "$1"
	"$COT" -C "$1/p" check --record >/dev/null 2>&1 || bad "cannot record checklist-complete"
	for s in contract-signed submitted fod-validated; do
		"$COT" -C "$1/p" done "$s" >/dev/null || bad "cannot record $s"
	done
	(cd "$1" && "$COT" whitelist add --kbo 0123456749 --name "De Linde" >/dev/null) ||
		bad "cannot make the whitelist"
}

# in_share I: whether item I (counted from 0) of a test's list of commands is this run's to do.
# COT_FAULT_SHARE=K/N takes every Nth item from the Kth (the meson tests io-faults-K and the like,
# so that the two cores share each fault test); unset, all of them.
in_share() {
	local k n
	[ -n "${COT_FAULT_SHARE:-}" ] || return 0
	k=${COT_FAULT_SHARE%/*} n=${COT_FAULT_SHARE#*/}
	[ $(($1 % n)) -eq $((k - 1)) ]
}

# The commands, as "NAME|BASE|DIR|ARGS...": DIR (under the copy) is where cot runs.
fault_commands=(
	"init|empty|.|init p --name Test --kbo 0809394427 --route direct"
	"init-example|empty|.|init p --example"
	"done|project|p|done cert-requested --ref R1 --date 2026-10-01"
	"done-file|steps|p|done registered --file checklist.yaml"
	"done-revoke|steps|p|done cert-received --revoke --note mistaken"
	"cert-request|project|p|cert request --ref eHealth-2026-0412"
	"cert-import|import|p|cert import $WORK/pki/modern.p12 --password-env KS_PASSWORD"
	"cert-import-legacy|import|p|cert import $WORK/pki/ehealth.acc-p12 --password-env KS_PASSWORD"
	"check-record|checklist|p|check --record"
	"bundle|bundle|p|bundle --keystore $WORK/pki/ehealth.acc-p12 --password-env KS_PASSWORD"
	"bundle-rebuild|rebuild|p|bundle --keystore $WORK/pki/ehealth.acc-p12 --password-env KS_PASSWORD"
	"bundle-unsigned|bundle|p|bundle --unsigned"
	"submit-eml|submit|p|submit --eml message.eml"
	"countersign|submit|p|countersign out/0403019261-2026-11-20.asice --keystore $WORK/pki/modern.p12 --password-env KS_PASSWORD --trust test-root.pem -o out/returned.asice"
	"submit-eml-build|submit_nobundle|p|submit --eml message.eml --keystore $WORK/pki/modern.p12 --password-env KS_PASSWORD"
	"whitelist-add|whitelist|wl|whitelist add --kbo 0403019261 --name Sainte-Elisabeth"
	"whitelist-new|empty|.|whitelist add --kbo 0403019261 --name Sainte-Elisabeth"
	"whitelist-remove|whitelist|wl|whitelist remove --kbo 0566988259 --reason closed"
	"whitelist-remove-software|wlsoftware|wl|whitelist remove --software CareSoft --version 4.2 --reason withdrawn"
	"whitelist-check|validated|p|whitelist check --file ../whitelist.xml"
	"whitelist-sign|whitelist|wl|whitelist sign --keystore $WORK/pki/modern.p12 --password-env KS_PASSWORD"
)

# Commands with independent effects: a whitelist check answers whether the organisation is
# listed (exit 0 after a fault too), and then keeps the answer in .cot/cache/ and records
# 'whitelisted', each on its own and with a warning when it cannot. After a fault each
# file must then be as before or as after a run without a fault, never anything else.
declare -A fault_exit=([whitelist-check]=0)
declare -A fault_partial=([whitelist-check]=1)

# Commands made of two steps, each whole on its own: cot submit --keystore first builds the
# bundle (recorded as 'bundle-built', kept when what follows fails: nothing to redo), then
# writes the message. After a fault the files must be as before, or exactly as this command
# alone leaves them.
declare -A fault_mid=(
	[submit-eml-build]="bundle --keystore $WORK/pki/modern.p12 --password-env KS_PASSWORD"
)

# old_or_new BEFORE SUCCESS AFTER: every line of AFTER (a tree) is in BEFORE or SUCCESS, and
# every path of AFTER was in one of them; prints the first line that is neither.
old_or_new() {
	local line
	while IFS= read -r line; do
		if ! grep -qxF -- "$line" <<<"$1" && ! grep -qxF -- "$line" <<<"$2"; then
			printf '%s\n' "$line"
			return 1
		fi
	done <<<"$3"
}

# make_bases: every base state, once.
make_bases() {
	local spec name base
	make_pki || return 1
	for spec in "${fault_commands[@]}"; do
		IFS='|' read -r name base _ <<<"$spec"
		[ -d "$WORK/base/$base" ] || "base_$base" "$WORK/base/$base"
	done
}
