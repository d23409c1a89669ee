#!/usr/bin/env bash
# Benchmark of cot verify on timestamped B-LT bundles, offline, against an unzip + openssl cms loop.
#
# usage: bench/verify-lt.sh [PATH_TO_COT]     (default: build/cot)
#   RUNS=3 BUNDLES=1000                     runs per measurement (the median is shown), bundles
#   BENCH_DIR=/var/tmp                      where to work
#
# The test PKI, OCSP responders and CRLs of tests/unit/with-revoc.sh (the script runs itself
# through it) and a TSA (openssl ts -reply behind tests/cli/tsa-server.py) on 127.0.0.1 make one
# B-LT bundle: signed, timestamped, with the OCSP answers for its signer and CA embedded. It is
# copied BUNDLES times; then, files in the page cache:
#   - cot verify -j 2 --offline of all of them: manifest, digests, signature, the timestamp and
#     its TSA chain, the signer's chain at the timestamp's time, revocation from the embedded
#     answers, policy, submission.xml and the checklist report;
#   - the loop a user would script: unzip -t, then openssl cms -verify of the manifest against
#     the root (no timestamp, no revocation, no document digests: less than cot checks).
# Prints a markdown table with the ratio.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
COT=$(realpath "${1:-$here/build/cot}")
if [ -z "${COT_TEST_REVOC_DIR:-}" ]; then
	exec bash "$here/tests/unit/with-revoc.sh" bash "$0" "$COT"
fi
RUNS=${RUNS:-3}
BUNDLES=${BUNDLES:-1000}
D=$COT_TEST_REVOC_DIR
work=$(mktemp -d "${BENCH_DIR:-/tmp}/cot-bench-XXXXXX")
. "$here/tests/cli/servers.sh"
. "$here/tests/cli/tsa-pki.sh"
. "$here/bench/lib.sh"
# set +e: wait returns 143 for each server it stopped, which set -e would make the script's status
trap 'set +e; servers_stop; rm -rf "$work"' EXIT
cd "$work"
export LC_ALL=C COT_ACTOR=bench@cot NO_COLOR=1 XDG_CACHE_HOME=$work/cache KS_PASSWORD=Test_001

for tool in unzip openssl python3 /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is needed" >&2; exit 3; }
done
tsa_make tsa >/dev/null 2>&1 || { echo "bench: cannot make the TSA PKI" >&2; exit 3; }
PORT=
for attempt in 1 2 3 4 5; do
	PORT=$(random_port) || break
	python3 "$here/tests/cli/tsa-server.py" "$PORT" "$work/tsa" 2>/dev/null &
	keep_if_listening "$PORT" $! && break
	PORT=
done
[ -n "$PORT" ] || { echo "bench: the TSA did not start" >&2; exit 3; }

"$COT" init org --name "Maison Sainte-Elisabeth" --kbo 0809394427 --route vitalink >/dev/null
sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
	-e "s|^  environment: \"production\"\$|&\n  trust:\n    - \"$D/root.pem\"|" org/cot.yaml
for doc in belrai-contract vitalink-contract; do
	{ printf '%%PDF-1.4\n'; head -c 200000 /dev/urandom; printf '\n%%%%EOF\n'; } \
		>"org/documents/$doc.pdf"
done
cat "$D/int.pem" "$D/root.pem" >chain.pem
openssl pkcs12 -export -inkey "$D/leaf.key" -in "$D/leaf.pem" -certfile chain.pem \
	-name authentication -passout env:KS_PASSWORD -out leaf.p12 2>/dev/null
"$COT" -C org bundle --keystore "$work/leaf.p12" --password-env KS_PASSWORD \
	--tsa "http://127.0.0.1:$PORT/good" -o "$work/one.asice" >bundle.out
grep -q '(B-LT)' bundle.out || { echo "bench: the bundle is not B-LT" >&2; exit 1; }
V=(verify -j 2 --offline --trust "$D/root.pem" --tsa-trust "$work/tsa/ca.pem")
"$COT" -v "${V[@]}" one.asice | grep -q 'B-LT' ||
	{ echo "bench: cot verify --offline does not see B-LT" >&2; exit 1; }
mkdir many
for i in $(seq "$BUNDLES"); do cp one.asice "many/b$i.asice"; done
cat many/*.asice >/dev/null

verify_vs_loop "$D/root.pem" -certfile chain.pem

cat <<EOF

Measured on $(machine),
load average $(cut -d' ' -f1-3 /proc/loadavg) at the end, median of $RUNS runs, bundles in the page cache.
Reproduce: \`RUNS=$RUNS BUNDLES=$BUNDLES bench/verify-lt.sh build-release/cot\`

| what | wall clock | CPU (user+sys) | ratio (wall clock) |
|---|---|---|---|
| \`cot verify -j 2 --offline\`, $BUNDLES timestamped B-LT bundles | ${t_verify} s | ${c_verify} s | 1.0 |
| loop of \`unzip -t\` + \`openssl cms -verify\` (no timestamp, no revocation) | ${t_loop} s | ${c_loop} s | cot is $(ratio "$t_loop" "$t_verify" 1)x faster |
EOF
