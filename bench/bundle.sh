#!/usr/bin/env bash
# Benchmarks of cot bundle and cot verify against what a user would script instead.
#
# usage: bench/bundle.sh [PATH_TO_COT]     (default: build/cot)
#   RUNS=5 bench/bundle.sh build/cot       runs per measurement (the median is shown)
#   SIZE_MIB=1024 BUNDLES=1000             the documents' size and the number of small bundles
#   BENCH_DIR=/var/tmp                     where to work (needs 3 x SIZE_MIB free)
#
# 1. cot bundle with SIZE_MIB of documents (route vitalink: two PDFs of SIZE_MIB/2, random
#    bytes after a PDF header, as scans are) against
#      - the pipeline a user would script: sha256sum of the documents as a manifest,
#        openssl cms -sign of it, zip -0 of everything;
#      - openssl dgst -sha256 over the same bytes: the hashing limit;
#      - cat of the same bytes into a new file, and dd conv=fsync of them: the write limits,
#        what any tool that writes its output (and keeps it safe on disk) pays here.
#    cot also fsyncs the container and computes its own SHA-256 for the journal, which the
#    pipeline does not; its peak memory is measured with /usr/bin/time.
# 2. cot verify -j 2 of BUNDLES small bundles against a loop of unzip -t and openssl cms -verify.
# Files are read from the page cache (a warm-up read comes first). Prints a markdown table.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
COT=$(realpath "${1:-$here/build/cot}")
RUNS=${RUNS:-3}
SIZE_MIB=${SIZE_MIB:-1024}
BUNDLES=${BUNDLES:-1000}
work=$(mktemp -d "${BENCH_DIR:-/tmp}/cot-bench-XXXXXX")
export work
trap 'rm -rf "$work"' EXIT
. "$here/bench/lib.sh"
cd "$work"
export LC_ALL=C COT_ACTOR=bench@cot NO_COLOR=1

for tool in zip unzip openssl sha256sum /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is needed" >&2; exit 3; }
done
bash "$here/tests/pki/mkpki.sh" pki >/dev/null 2>&1
export KS_PASSWORD=Test_001
openssl pkcs12 -in pki/ehealth.acc-p12 -legacy -nokeys -clcerts -passin env:KS_PASSWORD \
	-out signer.pem 2>/dev/null
cp pki/leaf.key signer.key

# project DIR MIB: a route vitalink project with two PDFs of MIB/2 each.
project() {
	"$COT" init "$1" --name "Maison Sainte-Elisabeth" --kbo 0403019261 --route vitalink >/dev/null
	sed -i -e '/^    - "ehealth-production"$/d' -e '/^  trust:$/d' \
		-e "s|^  environment: \"production\"\$|&\n  trust:\n    - \"$work/pki/root.pem\"|" "$1/cot.yaml"
	for doc in belrai-contract vitalink-contract; do
		{ printf '%%PDF-1.4\n'; head -c $(($2 * 1048576 / 2 - 9)) /dev/urandom; } \
			>"$1/documents/$doc.pdf"
	done
}

pipeline() { # the user's script: a manifest of digests, signed, everything stored in a zip
	(cd big && printf 'application/vnd.etsi.asic-e+zip' >mimetype &&
		sha256sum documents/*.pdf >manifest.txt &&
		openssl cms -sign -binary -in manifest.txt -signer "$work/signer.pem" \
			-inkey "$work/signer.key" -md sha256 -outform DER -out signature.p7s &&
		zip -0 -X -q ../pipeline.zip mimetype documents/*.pdf manifest.txt signature.p7s)
	rm -f pipeline.zip big/mimetype big/manifest.txt big/signature.p7s
}

project big "$SIZE_MIB"
cat big/documents/*.pdf >/dev/null
for i in $(seq "$RUNS"); do
	rm -f big.asice
	timed cot.t "$COT" -C big bundle --keystore "$work/pki/ehealth.acc-p12" --password-env KS_PASSWORD \
		-o "$work/big.asice"
	timed pipe.t bash -c "$(declare -f pipeline); cd '$work'; pipeline"
	timed dgst.t openssl dgst -sha256 big/documents/belrai-contract.pdf \
		big/documents/vitalink-contract.pdf
	rm -f copy.bin
	timed cat.t bash -c "cat big/documents/*.pdf >copy.bin"
	rm -f copy.bin
	timed sync.t bash -c "cat big/documents/*.pdf | dd of=copy.bin bs=1M conv=fsync status=none"
	rm -f copy.bin
done
"$COT" verify --trust pki/root.pem big.asice >/dev/null || { echo "bench: big.asice does not verify" >&2; exit 1; }
t_cot=$(cut -d' ' -f1 cot.t | median)
c_cot=$(cut -d' ' -f3 cot.t | median)
m_cot=$(cut -d' ' -f2 cot.t | sort -n | tail -1)
t_pipe=$(cut -d' ' -f1 pipe.t | median)
c_pipe=$(cut -d' ' -f3 pipe.t | median)
t_dgst=$(cut -d' ' -f1 dgst.t | median)
c_dgst=$(cut -d' ' -f3 dgst.t | median)
t_cat=$(cut -d' ' -f1 cat.t | median)
c_cat=$(cut -d' ' -f3 cat.t | median)
t_sync=$(cut -d' ' -f1 sync.t | median)
c_sync=$(cut -d' ' -f3 sync.t | median)
rm -f big.asice

# Many small bundles: one built, copied.
project small 1
"$COT" -C small bundle --keystore "$work/pki/ehealth.acc-p12" --password-env KS_PASSWORD -o "$work/one.asice" >/dev/null
mkdir many
for i in $(seq "$BUNDLES"); do cp one.asice "many/b$i.asice"; done
V=(verify -j 2 --trust pki/root.pem)
verify_vs_loop pki/root.pem

cat <<EOF

Measured on $(machine),
load average $(cut -d' ' -f1-3 /proc/loadavg) at the end, in $(df --output=fstype "$work" | tail -1)
(BENCH_DIR=${BENCH_DIR:-/tmp}), median of $RUNS runs, documents in the page cache.
Reproduce: \`RUNS=$RUNS SIZE_MIB=$SIZE_MIB BUNDLES=$BUNDLES BENCH_DIR=${BENCH_DIR:-/tmp} bench/bundle.sh build/cot\`

| what | wall clock | CPU (user+sys) | ratio (wall clock) |
|---|---|---|---|
| \`cot bundle\`, $SIZE_MIB MiB of documents (signed, fsynced, own SHA-256) | ${t_cot} s | ${c_cot} s | 1.00 |
| pipeline: \`sha256sum\` + \`openssl cms -sign\` + \`zip -0\` | ${t_pipe} s | ${c_pipe} s | cot is $(ratio "$t_pipe" "$t_cot" 2)x faster |
| hashing limit: \`openssl dgst -sha256\` over the same bytes | ${t_dgst} s | ${c_dgst} s | cot takes $(ratio "$t_cot" "$t_dgst" 2)x the limit |
| write limit: \`cat\` of the same bytes into a new file | ${t_cat} s | ${c_cat} s | cot takes $(ratio "$t_cot" "$t_cat" 2)x the limit |
| durable-write limit: the same bytes to a new file, \`dd conv=fsync\` | ${t_sync} s | ${c_sync} s | cot takes $(ratio "$t_cot" "$t_sync" 2)x the limit |
| \`cot bundle\` peak memory (RSS) | $((m_cot / 1024)) MiB | | |
| \`cot verify -j 2\`, $BUNDLES small bundles | ${t_verify} s | ${c_verify} s | 1.00 |
| loop of \`unzip -t\` + \`openssl cms -verify\` | ${t_loop} s | ${c_loop} s | cot is $(ratio "$t_loop" "$t_verify" 2)x faster |
EOF
