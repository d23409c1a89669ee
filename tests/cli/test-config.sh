#!/usr/bin/env bash
# Hostile and malformed cot.yaml: located errors, exit 2, nothing changed.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
new_project p
base=$(cat p/cot.yaml)

# put TEXT: replaces cot.yaml (printf-style escapes allowed).
put() { printf "$1" >p/cot.yaml; }
bad_config() { # CODE-free: expects exit 2 and the location and rule
	local loc=$1 rule=$2
	before=$(snapshot p)
	run 2 "$COT" -C p status
	err_has "cot.yaml:$loc: error:"
	err_has "[$rule]"
	check "nothing changed ($rule)" test "$before" = "$(snapshot p)"
}

put 'format: cot.project/1\norganisation:\n  name: X\n  kbo: "0809394427"\n  route: direct\n  extra: 1\n'
bad_config 6:3 schema-unknown-key
put 'format: cot.project/1\norganisation: [\n'
bad_config 3:1 yaml-syntax
put 'format: cot.project/1\norganisation:\n  name: X\n  kbo: "0809394427"\n  route: direct\n  name: Y\n'
bad_config 6:3 yaml-duplicate-key
put 'format: cot.project/1\norganisation: &o\n  name: X\n  kbo: "0809394427"\n  route: direct\ncontacts: *o\n'
bad_config 2:15 yaml-alias
put 'format: cot.project/1\norganisation:\n  name: caf\xe9\n'
bad_config 3:12 yaml-syntax
put 'format: cot.project/1\norganisation:\n\tname: X\n'
bad_config 3:1 yaml-syntax
put 'format: cot.project/1\norganisation:\n  name: X\n  kbo: 0809394428\n  route: direct\n'
bad_config 4:8 config-kbo
put 'format: cot.project/1\norganisation:\n  name: {a: b}\n  kbo: "0809394427"\n  route: direct\n'
bad_config 3:9 schema-type

# Deep nesting and an alias bomb stop early, with a finding.
{ printf 'format: cot.project/1\norganisation:\n  name: '; printf '[%.0s' $(seq 1 5000); printf '\n'; } >p/cot.yaml
bad_config 3:15 yaml-depth
{ printf 'format: cot.project/1\n'; printf 'a: &a ["x","x","x","x","x","x","x","x"]\n';
  for l in b c d e f g h i; do printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' $l $l a a a a a a a a; done; } >p/cot.yaml
run 2 "$COT" -C p status
err_has "[yaml-alias]"

# A 10 MB document is refused by size, before parsing.
{ printf 'format: cot.project/1\n'; head -c 10485760 /dev/zero | tr '\0' '#'; } >p/cot.yaml
run 2 "$COT" -C p status
err_has "too large"

# Empty, a list, a second document.
put ''
bad_config 1:1 schema-type
put 'format: cot.project/1\n---\na: 1\n'
bad_config 2:1 yaml-documents

# A BOM and CRLF line ends are valid YAML and are accepted.
{ printf '\xef\xbb\xbf'; printf '%s\n' "$base" | sed 's/$/\r/'; } >p/cot.yaml
run 0 "$COT" -C p status
out_has "Test Org"

# A FIFO in cot.yaml's place is refused at once, not waited on (it has no writer).
mkdir fifo
mkfifo fifo/cot.yaml
run 2 timeout 20 "$COT" -C fifo status
err_has "not a regular file"

# Outside a project, commands that need one say so.
mkdir empty
run 2 "$COT" -C empty status
err_has "not in a cot project"
# Discovery walks up from a subdirectory.
printf '%s\n' "$base" >p/cot.yaml
mkdir -p p/documents/deep/er
run 0 "$COT" -C p/documents/deep/er status
out_has "Test Org"
finish
