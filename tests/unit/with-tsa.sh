#!/usr/bin/env bash
# Runs a test program with timestamp tokens made by 'openssl ts -reply' of a fresh test PKI.
#
# usage: with-tsa.sh PROGRAM [ARGS]
# The program finds in $COT_TEST_TSA: the PKI of tests/cli/tsa-pki.sh, data.bin (the
# bytes timestamped), q.tsq (its query: SHA-256, certReq), and the answers to it:
# good.tsr and good.tst (its token), future.tst (dated two days ahead), other.tst
# (another CA's TSA), noeku.tst (signed again by a certificate without timeStamping),
# sha512.tst (a SHA-512 imprint), nocert.tst (a query without certReq),
# rejected.tsr (a policy the TSA does not accept).
set -eu
here=$(dirname "$0")
. "$here/../cli/tsa-pki.sh"
dir=$(mktemp -d /tmp/cot-tsa-XXXXXX)
trap 'rm -rf "$dir"' EXIT
fail() { echo "with-tsa: cannot make $1" >&2; exit 99; }
tsa_make "$dir" || fail "the test PKI"
cd "$dir"
head -c 256 /dev/urandom >data.bin
openssl ts -query -data data.bin -sha256 -cert -out q.tsq 2>/dev/null || fail q.tsq
tsa_reply "$dir" good q.tsq good.tsr || fail good.tsr
tsa_reply "$dir" good q.tsq future.tsr +2d || fail future.tsr
tsa_reply "$dir" other q.tsq other.tsr || fail other.tsr
openssl ts -query -data data.bin -sha512 -cert -out q512.tsq 2>/dev/null &&
	tsa_reply "$dir" good q512.tsq sha512.tsr || fail sha512.tsr
openssl ts -query -data data.bin -sha256 -out qnocert.tsq 2>/dev/null &&
	tsa_reply "$dir" good qnocert.tsq nocert.tsr || fail nocert.tsr
openssl ts -query -data data.bin -sha256 -cert -tspolicy 1.3.6.1.4.1.99999.9 -out qpol.tsq \
	2>/dev/null && tsa_reply "$dir" good qpol.tsq rejected.tsr || fail rejected.tsr
for t in good future other sha512 nocert; do
	openssl ts -reply -in $t.tsr -token_out -out $t.tst 2>/dev/null || fail $t.tst
done
tsa_resign "$dir" good.tst noeku.tst || fail noeku.tst
cd - >/dev/null
COT_TEST_TSA="$dir" "$@"
