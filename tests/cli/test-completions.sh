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
# --format offers what the command writes, and its --help names the same formats
formats_of_help() { # the format names in the --format lines of a --help (text when none)
	awk '/^  --format /{on=1} on && !/^  --format / && /^  [^ ]/{on=0} on' |
		grep -oE '(^|[ ,(|])(text|json|junit|sarif|github|html|csv|xml|etsi)([ ,)|]|$)' |
		tr -d ' ,()|' | sort -u
}
for c in $("$COT" help --commands); do
	verbs=$("$COT" help --verbs "$c")
	for v in ${verbs:-""}; do
		help=$("$COT" help "$c" $v | formats_of_help)
		offered=$("$COT" help --complete -- "$c" $v --format "" | sort)
		check "'cot $c $v': --format offers what --help names ($(echo $offered))" \
			test "${help:-text}" = "$offered"
	done
done
expect "--format of check" "$(printf '%s\n' github html json junit sarif text)" check --format ""
expect "--format of whitelist export" "$(printf '%s\n' csv json xml)" whitelist export --format ""
expect "--format of a text-only command" "text" bundle --format ""
expect "a global --format before the command" "$(printf '%s\n' csv etsi github html json junit sarif text xml)" --format ""
# --opt=value: bash splits the word at '=' (COMP_WORDBREAKS) and completes after it
check "bash: --format=<TAB>" test "$(tab_bash verify --format = "" | tr '\n' ' ')" = "etsi html json junit text "
check "bash: --format=j<TAB>" test "$(tab_bash verify --format = j | tr '\n' ' ')" = "json junit "
check "bash: --lang=<TAB> after the command" test "$(tab_bash status --lang = f)" = "fr"
check "bash: --route=<TAB>" test "$(tab_bash init x --route = d)" = "direct"
check "bash: --requirements=<TAB> completes files" bash -c "$(declare -f tab_bash); S=$S; tab_bash lint --requirements = some- | grep -qx some-file.pdf"
check "bash without '=' in COMP_WORDBREAKS: the whole word" test "$(tab_bash verify --format=ju)" = "--format=junit"
expect "--format=<TAB> in zsh and fish" "--format=junit" verify --format=ju
# descriptions: zsh and fish show a verb's and an option's; bash gets bare words
tab_zsh_described() {
	zsh -f -c 'compadd() { local -a d; d=("${(@P)${@[-3]}}"); print -l -- $d; }
		source "$1" 2>/dev/null; shift; words=(cot "$@"); CURRENT=$(( $# + 1 )); _cot' \
		sh "$S/_cot" "$@"
}
check "zsh: a verb with its description" bash -c "$(declare -f tab_zsh_described); S=$S; tab_zsh_described cert '' | grep -qx 'import  -- Check the certificate of a PEM, DER or PKCS#12 file and keep its public part.'"
check "zsh: an option with its description" bash -c "$(declare -f tab_zsh_described); S=$S; tab_zsh_described bundle --k | grep -qx -- '--keystore  -- the eHealth keystore (.p12, .acc-p12): signs with its'"
check "zsh: the password options' shared description" bash -c "$(declare -f tab_zsh_described); S=$S; tab_zsh_described cert show --password-f | grep -qx -- '--password-file  -- the keystore password: the first line of F (chmod 600)'"
fish_described() {
	fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$S/cot.fish" "$1"
}
check "fish: a verb with its description" bash -c "$(declare -f fish_described); S=$S; fish_described 'cot whitelist ' | grep -qxF \"\$(printf 'sign\tSign the whitelist: a detached CMS signature PATH.p7s.')\""
check "fish: an option with its description" bash -c "$(declare -f fish_described); S=$S; fish_described 'cot log --ver' | grep -q \"^--verify\$(printf '\\t')[a-z]\""
check "zsh: a global option with its description" bash -c "$(declare -f tab_zsh_described); S=$S; tab_zsh_described --l | grep -qx -- '--lang  -- language of messages, help and reports: nl, fr or en'"
check "fish: a step of cot done with its title" bash -c "$(declare -f fish_described); S=$S; fish_described 'cot -C direct done reg' | grep -qxF \"\$(printf 'registered\tregistered with proof of mandate')\""
# --opt=PATH: the path after the '=' (bash: above)
check "fish: --requirements=<TAB> completes files after the '='" bash -c "$(declare -f tab_fish); S=$S; tab_fish lint --requirements=some- | grep -qx -- --requirements=some-file.pdf"
check "fish: -C <TAB> still directories" test "$(tab_fish -C some-)" = "some-dir/"
tab_zsh_path() { # what _cot asks of zsh for a path: compset's words, then _files'
	zsh -f -c 'compadd() { :; }; _files() { print -- "@files$*"; }
		compset() { print -- "@compset $*"; }
		source "$1" 2>/dev/null; shift; words=(cot "$@"); CURRENT=$(( $# + 1 )); _cot' \
		sh "$S/_cot" "$@"
}
check "zsh: --requirements=<TAB> completes files after the '='" test "$(tab_zsh_path lint --requirements=some- | tr '\n' ' ')" = "@compset -P *= @files "
check "zsh: a plain file operand takes the whole word" test "$(tab_zsh_path cert import some-)" = "@files"
check "bash: bare words, no description" test "$(tab_bash cert "" | tr '\n' ' ')" = "check import request show "
check "bash: no tab in what bash offers" bash -c "$(declare -f tab_bash); S=$S; ! tab_bash bundle -- | grep -q '	'"
# a hostile catalog: its tabs, newlines and escapes never reach the shell
mkdir -p evil/nl/LC_MESSAGES
printf '%s\n' 'msgid ""' 'msgstr "Content-Type: text/plain; charset=UTF-8\n"' \
	'msgid "Show where the procedure stands and what to do next."' \
	'msgstr "bad\ttab\nnew\033[31mline"' >evil.po
msgfmt -o evil/nl/LC_MESSAGES/cot.mo evil.po
run 0 env COT_LOCALEDIR="$WORK/evil" "$COT" --lang nl help --complete --describe -- stat
check "a description is one line" test "$(wc -l <"$OUT")" = 1
check "its tab, newline and escape neutralised" test "$(cat "$OUT")" = "$(printf 'status\tbad tab new [31mline')"
run 2 "$COT" help --describe --commands
# an unknown command: nothing offered
expect "nothing after an unknown command" "" frobnicate ""
# cot help --complete itself
run 0 "$COT" help --complete -- whitelist list --f
out_has "--file"
run 2 "$COT" help --steps extra
run 2 "$COT" help --complete --steps
finish
