#!/usr/bin/env bash
# Benchmark of cot submit: memory that does not grow with the bundle, and speed against curl.
#
# usage: bench/submit.sh [PATH_TO_COT]     (default: build/cot)
#   SIZES="16 256" bench/submit.sh build/cot   the documents' sizes in MiB, one project each
#   RUNS=3                                     runs per measurement (the median is shown)
#   BENCH_DIR=/var/tmp                         where to work (needs about 4 x the largest size)
#
# For each size: a route vitalink project whose two PDFs hold SIZE MiB of random bytes, its
# signed bundle built once; then, with /usr/bin/time (peak RSS) and wall time:
#   - cot submit --eml: builds the message and writes it (base64, fsync, link);
#   - cot submit --smtp: sends it over STARTTLS to aiosmtpd on 127.0.0.1 (--force after the
#     first send); the server's own time to store the message is part of it;
#   - curl --upload-file of that same .eml to the same server with --ssl-reqd: what a user
#     would script with a message already made (it makes no message and records nothing).
# Prints a markdown table.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
COT=$(realpath "${1:-$here/build/cot}")
RUNS=${RUNS:-3}
SIZES=${SIZES:-16 256}
work=$(mktemp -d "${BENCH_DIR:-/tmp}/cot-bench-submit-XXXXXX")
. "$here/tests/cli/servers.sh"
. "$here/tests/cli/smtpd.sh"
trap 'smtpd_stop; rm -rf "$work"' EXIT
cd "$work"
export LC_ALL=C COT_ACTOR=bench@cot NO_COLOR=1 HOME=$work
unset https_proxy HTTPS_PROXY http_proxy HTTP_PROXY all_proxy ALL_PROXY COT_SMTP_USER \
	COT_SMTP_PASSWORD NETRC

for tool in curl openssl /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is needed" >&2; exit 3; }
done
smtpd_available || { echo "bench: /usr/bin/python3 lacks aiosmtpd" >&2; exit 3; }
bash "$here/tests/pki/mkpki.sh" pki >/dev/null 2>&1
tls_make tls
start_smtpd srv tls --tls starttls --data-size-limit 4000000000
URL=smtp://127.0.0.1:$SMTP_PORT

# project DIR MIB: route vitalink, every step before 'submitted', two PDFs of MIB/2, signed bundle.
project() {
	local d=$1 half=$(($2 / 2)) f
	"$COT" init "$d" --name "Bench Org" --kbo 0403019261 --route vitalink >/dev/null
	cp pki/ca-chain.pem "$d/test-ca.pem"
	sed -i 's|^    - "ehealth-production"$|    - "test-ca.pem"|' "$d/cot.yaml"
	printf '  from: "it@bench.test"\n' >>"$d/cot.yaml"
	for f in belrai-contract vitalink-contract; do
		{ printf '%%PDF-1.4\n'; head -c "$((half << 20))" /dev/urandom; printf '\n%%%%EOF\n'; } \
			>"$d/documents/$f.pdf"
	done
	for s in cert-requested cert-received vitalink-requested vitalink-contract-received \
		contract-signed; do
		"$COT" -C "$d" done "$s" >/dev/null
	done
	"$COT" -C "$d" bundle --keystore "$work/pki/modern.p12" --password-file "$work/pki/password.txt" >/dev/null
}

# measure CMD...: prints "seconds kib" of the median run (by time) of CMD.
measure() {
	local i
	for i in $(seq "$RUNS"); do
		/usr/bin/time -f '%e %M' -o t.out "$@" >/dev/null 2>run.err ||
			{ echo "bench: failed: $*" >&2; cat run.err >&2; exit 1; }
		cat t.out
	done | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

echo "| documents | message | what | time (s) | MB/s | peak RSS (MiB) |"
echo "|---:|---:|---|---:|---:|---:|"
for mib in $SIZES; do
	project "p$mib" "$mib"
	rm -f "m$mib.eml"
	"$COT" -C "p$mib" submit --eml "$work/m$mib.eml" >/dev/null
	msg=$(stat -c %s "m$mib.eml")
	row() {
		echo "| $mib MiB | $((msg >> 20)) MiB | $1 | $2 | $(awk -v b="$msg" -v s="$2" \
			'BEGIN { printf "%.0f", (s > 0 ? b / s / 1048576 : 0) }') | $(awk -v k="$3" \
			'BEGIN { printf "%.1f", k / 1024 }') |"
	}
	read -r s k < <(measure sh -c "rm -f '$work/e.eml' && '$COT' -C p$mib submit --force \
		--eml '$work/e.eml'")
	row "cot submit --eml" "$s" "$k"
	"$COT" -C "p$mib" submit --smtp "$URL" --cacert "$work/tls/ca.pem" >/dev/null
	read -r s k < <(measure "$COT" -C "p$mib" submit --force --smtp "$URL" --cacert "$work/tls/ca.pem")
	row "cot submit --smtp (STARTTLS)" "$s" "$k"
	read -r s k < <(measure curl -sS --ssl-reqd --cacert "$work/tls/ca.pem" --url "$URL" \
		--mail-from it@bench.test --mail-rcpt circleoftrust@belrai.org --upload-file "m$mib.eml")
	row "curl --upload-file of the .eml" "$s" "$k"
	rm -rf "p$mib" "m$mib.eml" e.eml srv/Maildir/new/*
done
