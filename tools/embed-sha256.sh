#!/bin/sh
# Writes a C header that defines NAME as the SHA-256 (hex) of IN, so that the binary knows the
# exact bytes of a file it ships.
#
# usage: embed-sha256.sh NAME IN OUT
set -eu
if [ $# -ne 3 ]; then
	echo "usage: $0 NAME IN OUT" >&2
	exit 2
fi
sum=$(sha256sum "$2" | cut -d' ' -f1)
{
	printf '/* Generated from %s by tools/embed-sha256.sh: do not edit. */\n' "$(basename "$2")"
	printf '#define %s "%s"\n' "$1" "$sum"
} >"$3.tmp"
mv "$3.tmp" "$3"
