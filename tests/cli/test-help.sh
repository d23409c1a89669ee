#!/usr/bin/env bash
# Help for every command, exit codes of the command line, and the stdout check.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
cmds=$("$COT" help --commands)
check "commands listed" test -n "$cmds"
for c in $cmds; do
	run 0 "$COT" "$c" --help
	out_has "usage: cot $c"
	run 0 "$COT" help "$c"
	out_has "usage: cot $c"
	run 0 "$COT" "$c" -h
	# the page named opens from the build tree, where this cot runs
	page=$(sed -n 's/^From the build tree: man -l //p' "$OUT")
	# shell-quoted when the source path needs it: as the user pastes it
	eval "set -- $page"
	check "'cot $c --help' names one page" test $# = 1
	page=$1
	check "'cot $c --help' names its page in the build tree ($page)" test -f "$page"
	check "the page of $c renders" bash -c "MANWIDTH=80 man -l '$page' 2>/dev/null | grep -q 'cot-$c'"
done
run 0 "$COT" --help
for c in $cmds; do out_has "  $c "; done
out_has "Exit status: 0 success"
run 0 "$COT" --version
out_has "cot 0."
run 2 "$COT"
err_has "usage: cot"
run 2 "$COT" stauts
err_has "did you mean 'status'?"
run 2 "$COT" frobnicate
err_has "unknown command 'frobnicate'"
run 2 "$COT" --bogus status
err_has "unknown option '--bogus'"
run 2 "$COT" --color sometimes status
run 2 "$COT" --lang de status
run 2 "$COT" --format yaml status
run 2 "$COT" -C /nonexistent status
err_has "cannot change to '/nonexistent'"
run 2 "$COT" help nosuch

# help for programs: lists, and refusals.
run 2 "$COT" help --options
run 2 "$COT" help --commands extra
run 2 "$COT" help --verbs nosuch
run 2 "$COT" help status nosuchverb
run 0 "$COT" help --verbs status
check "a command without verbs has none" test ! -s "$OUT"
# Text-only commands refuse another global --format.
run 2 "$COT" --format json demo
err_has "does not write json"
# An invalid COT_NOW is refused rather than silently ignored.
run 2 env COT_NOW=tomorrow "$COT" help
err_has "COT_NOW='tomorrow' is not a time"

# A full disk on stdout is an error (exit 3), not a silent success.
"$COT" --help >/dev/full 2>"$ERR"
rc=$?
check "stdout to /dev/full exits 3 (got $rc)" test "$rc" = 3
err_has "cannot write to standard output"
# Outside a project, a misspelt option is what is said, not the missing project.
mkdir -p nowhere
for cmd in "status --frob" "bundle --unsinged" "cert import --frob x" "log --verfy" "done --frob x"; do
	run 2 sh -c "cd nowhere && exec \"\$0\" $cmd" "$COT"
	err_has "unknown option '--"
	err_lacks "not in a cot project"
done
new_project p
run 2 "$COT" -C p status --format
err_has "needs a value"
"$COT" -C p status >/dev/full 2>"$ERR"
rc=$?
check "status to /dev/full exits 3 (got $rc)" test "$rc" = 3

# Color: never by default into a pipe; always on request; NO_COLOR wins over auto.
run 0 "$COT" -C p --color always status
check "color on request" grep -q $'\033\\[' "$OUT"
run 0 "$COT" -C p status
check "no color into a file" bash -c "! grep -q $'\033' '$OUT'"
# Global options after the command mean what they mean before it.
run 0 "$COT" status -C p --lang fr
out_has "langue fr"
run 0 "$COT" status --format=json -C p
out_has '"schema": "cot.status/1"'
run 0 "$COT" -C p status --color always
check "--color after the command" grep -q $'\033\\[' "$OUT"
run 2 "$COT" status -C
err_has "option '-C' needs a value"
run 2 "$COT" status -C /nonexistent
err_has "cannot change to '/nonexistent'"
run 2 "$COT" status -C p --color sometimes
err_has "--color takes auto, always or never"
# the value of a command's option is not taken for a global option
run 2 "$COT" -C p done --note -v
err_has "which step?"
# after --, nothing is a global option
run 2 "$COT" -C p done -- -q
err_has "'-q'"
# a command's own option of the same name is the command's: init's --lang is the project's
run 0 "$COT" init p-fr --example --lang fr -q
check "init -q says nothing" test ! -s "$OUT"
check "init --lang is the project's" grep -q 'lang: fr' p-fr/cot.yaml
# -q quiets check: the findings and the verdict, not the table
run 1 "$COT" -C p check
out_has "required  done"
run 1 "$COT" -C p check -q
out_lacks "required  done"
out_has "NOT READY for submission"
run 1 "$COT" -q -C p check
out_lacks "required  done"
# messages name the command as typed
run 2 "$COT" whitelist list --format junit
err_has "'cot whitelist list' does not write junit"
# every help fits an 80-column terminal, in every language (wc -L: characters, not bytes)
for l in en nl fr; do
	for c in "" $("$COT" help --complete -- ""); do
		for v in "" $([ -n "$c" ] && "$COT" help --complete -- "$c" "" | grep -v '^@'); do
			run 0 "$COT" --lang "$l" $c $v --help
			# the build tree's 'man -l PATH' is a command to copy: never broken
			w=$(grep -v ' man -l /' "$OUT" | LC_ALL=C.UTF-8 wc -L)
			check "cot --lang $l $c $v --help fits 80 columns ($w)" test "$w" -le 80
		done
	done
done
run 0 "$COT" --lang fr verify --help
out_has "  -o, --output FILE écrire le rapport dans FILE plutôt que sur la sortie"
check "the rest under the description" grep -qx ' \{20\}standard' "$OUT"
check "the build tree's man -l line whole" grep -qE "man -l '?/.*/doc/cot-verify\.1'?$" "$OUT"
finish
