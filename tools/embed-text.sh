#!/bin/sh
# Writes a C header that defines NAME as the text of IN, so that a schema ships inside the binary.
#
# usage: embed-text.sh NAME IN OUT
set -eu
if [ $# -ne 3 ]; then
	echo "usage: $0 NAME IN OUT" >&2
	exit 2
fi
name=$1
in=$2
out=$3
{
	printf '/* Generated from %s by tools/embed-text.sh: do not edit. */\n' "$(basename "$in")"
	printf 'static const char %s[] =\n' "$name"
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/\t"/' -e 's/$/\\n"/' "$in"
	printf ';\n'
} >"$out.tmp"
mv "$out.tmp" "$out"
