#!/usr/bin/env bash
# The shell completions in completions/, driven for real in bash, zsh and fish, against cot.
# They ask cot what may follow (cot help --complete), so each check compares what TAB
# offers with what cot accepts: its commands, the options of each command and verb, and
# the steps of the project's route.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
# the completions call "cot" as the user typed it: the built one, first on PATH
mkdir bin && ln -s "$COT" bin/cot
export PATH=$WORK/bin:$PATH
S=$SRCDIR/completions
check "cot.bash parses" bash -n "$S/cot.bash"
check "_cot parses" zsh -n "$S/_cot"
check "cot.fish parses" fish -n "$S/cot.fish"

# what TAB offers in each shell for the words after "cot" (the last one being completed),
# sorted, one per line; paths show as what the shell lists
tab_bash() {
	bash --norc --noprofile -c '. "$1"; shift; COMP_WORDS=(cot "$@"); COMP_CWORD=$#
		_cot; printf "%s\n" "${COMPREPLY[@]}"' sh "$S/cot.bash" "$@" | sed '/^$/d' | sort
}
tab_zsh() {
	zsh -f -c 'compadd() { local -a a; a=("${(@P)${@[-1]}}"); print -l -- $a; }
		_files() { print -- "@files$*"; }
		source "$1" 2>/dev/null; shift; words=(cot "$@"); CURRENT=$(( $# + 1 )); _cot' \
		sh "$S/_cot" "$@" | sed -e '/^$/d' -e 's|^@files-/$|@dirs|' | sort
}
tab_fish() {
	local line="cot" w
	for w in "$@"; do line="$line $w"; done
	fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$S/cot.fish" "$line" |
		cut -f1 | sed '/^$/d' | sort
}
# expect WHAT WANT WORDS...: every shell offers the lines of WANT (sorted) for WORDS
expect() {
	local what=$1 want=$2 sh got
	shift 2
	for sh in ${SHELLS:-bash zsh fish}; do
		got=$(tab_$sh "$@")
		if [ "$got" = "$want" ]; then ok; else
			bad "$sh: $what: 'cot $*<TAB>'"
			diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/  /' | head -8
		fi
	done
}

# commands
expect "the commands" "$("$COT" help --commands | sort)" ""
expect "a command by its start" "status" st
# every command's and verb's options, and only those (with --help): as cot accepts them
# (in bash and zsh; fish, slower to start, for the cases below)
SHELLS="bash zsh"
for c in $("$COT" help --commands); do
	verbs=$("$COT" help --verbs "$c")
	if [ -n "$verbs" ]; then
		expect "the verbs of $c" "$(printf '%s\n' $verbs | sort)" "$c" ""
		for v in $verbs; do
			want=$( ("$COT" help --options "$c" "$v"; echo --help) | sort)
			expect "the options of $c $v" "$want" "$c" "$v" --
		done
	else
		want=$( ("$COT" help --options "$c"; echo --help) | sort)
		expect "the options of $c" "$want" "$c" --
	fi
done
SHELLS=
# the issue's case: 'cot whitelist list --<TAB>' offers only what it accepts (not the 19 of old)
expect "whitelist list: its options" "$(printf '%s\n' --file --format --help)" whitelist list --
# option values
expect "--route" "$(printf '%s\n' direct vitalink)" init x --route ""
expect "--lang before the command" "$(printf '%s\n' en fr nl)" --lang ""
expect "--lang after the command" "$(printf '%s\n' en fr nl)" status --lang ""
expect "--color" "$(printf '%s\n' always auto never)" --color ""
# a global option's value is not taken for the command
expect "the command after --format json" "status" --format json st
# cot done: the steps of the project's route, asked from cot; both routes outside a project
new_project direct direct
new_project vita vitalink
for r in direct vita; do
	want=$("$COT" -C "$r" help --steps | sort)
	check "cot help --steps lists the route's steps ($r)" test "$(echo "$want" | wc -l)" -ge 8
	expect "the steps of route $r (-C)" "$want" -C "$r" done ""
	(cd "$r" && expect "the steps of route $r (inside)" "$want" done "")
done
check "the routes differ in their steps" test "$("$COT" -C direct help --steps)" != \
	"$("$COT" -C vita help --steps)"
expect "a step by its start" "$("$COT" -C direct help --steps | grep '^reg')" -C direct done reg
both=$("$COT" help --steps | sort)
check "outside a project, the steps of both routes" bash -c \
	"printf '%s\n' '$both' | grep -qx registered && printf '%s\n' '$both' | grep -qx vitalink-requested"
# paths where a command takes files or directories
touch some-file.pdf
mkdir some-dir
for sh in bash fish; do
	check "$sh: a file for cert import" bash -c "$(declare -f tab_$sh); S=$S; tab_$sh cert import some- | grep -q some-file.pdf"
done
check "zsh: files for cert import" test "$(tab_zsh cert import some-)" = "@files"
check "zsh: directories for init" test "$(tab_zsh init "")" = "@dirs"
check "bash: only directories for init" test "$(tab_bash init some-)" = "some-dir"
# an unknown command: nothing offered
expect "nothing after an unknown command" "" frobnicate ""
# cot help --complete itself
run 0 "$COT" help --complete -- whitelist list --f
out_has "--file"
run 2 "$COT" help --steps extra
run 2 "$COT" help --complete --steps
finish
