#!/usr/bin/env bash
# Runs a test program with a freshly generated test PKI in $COT_TEST_PKI, then removes it.
set -eu
here=$(dirname "$0")
dir=$(mktemp -d /tmp/cot-pki-XXXXXX)
trap 'rm -rf "$dir"' EXIT
bash "$here/mkpki.sh" "$dir/pki" >/dev/null
COT_TEST_PKI="$dir/pki" "$@"
