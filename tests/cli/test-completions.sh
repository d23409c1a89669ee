#!/bin/bash
# Checks the shell completions in completions/ against the cot binary.
#
# usage: tests/cli/test-completions.sh PATH_TO_COT SRCDIR
#
# The commands and their long options come from the binary ('cot help
# --commands', 'cot help --options CMD'), the global options from 'cot --help',
# the steps of 'cot done' from SRCDIR/src/lib/procedure.c; so new commands are
# picked up without changing this script. For each of cot.bash, _cot and
# cot.fish it checks:
#   - the file parses (bash -n, zsh -n, fish -n; skipped when the shell is absent);
#   - its commands block lists every command, and no command the binary lacks;
#   - it has a block '# >>> command NAME' ... '# <<< command NAME' for every
#     command, and none for a command the binary lacks;
#   - every long option of a command appears in that command's block;
#   - every global option appears in its global block;
#   - every step of 'cot done' appears, and no other.
# Then it sources cot.bash in a bash subshell and drives _cot as bash would
# (COMP_WORDS, COMP_CWORD) and, when fish is installed, asks fish with
# 'complete -C', checking what TAB offers.
# Ends with "N passed, M failed"; exits 1 on any failure.

set -u
export LC_ALL=C.UTF-8 NO_COLOR=1

if [ $# -ne 2 ]; then
	echo "usage: $0 PATH_TO_COT SRCDIR" >&2
	exit 2
fi
# absolute, since the checks run in other directories
case $1 in
*/*) COT=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") ;;
*) COT=$(command -v "$1") || COT=$1 ;;
esac
SRCDIR=$(cd "$2" && pwd) || exit 2
BASH_FILE=$SRCDIR/completions/cot.bash
ZSH_FILE=$SRCDIR/completions/_cot
FISH_FILE=$SRCDIR/completions/cot.fish
PROCEDURE=$SRCDIR/src/lib/procedure.c

passed=0
failed=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cot-test-completions.XXXXXX") || exit 3
trap 'rm -rf "$WORK"' EXIT

ok() {
	passed=$((passed + 1))
	printf 'ok - %s\n' "$1"
}

not_ok() {
	failed=$((failed + 1))
	printf 'not ok - %s\n' "$1"
	shift
	for line in "$@"; do
		printf '#   %s\n' "$line"
	done
}

note() {
	printf '# %s\n' "$*"
}

finish() {
	printf '%d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" -eq 0 ]
	exit $?
}

# Runs cot; its stdout goes to $WORK/out, its stderr to $WORK/err. Returns its
# exit status, but a crash (killed by a signal) is reported and returns 125.
run_cot() {
	local rc
	"$COT" "$@" >"$WORK/out" 2>"$WORK/err"
	rc=$?
	if [ $rc -ge 128 ]; then
		note "'cot $*' crashed (exit status $rc)"
		return 125
	fi
	return $rc
}

# Prints the lines of file $1 between the marker lines "# >>> $2" and "# <<< $2"
# (leading blanks allowed). Fails when the opening marker is absent.
block() {
	grep -q "^[[:space:]]*# >>> $2\$" "$1" || return 1
	sed -n "/^[[:space:]]*# >>> $2\$/,/^[[:space:]]*# <<< $2\$/p" "$1"
}

# True when text $1 holds the long option $2 (e.g. --route) as written in
# shell $3: a whole word in bash and zsh, "-l NAME" or "--long-option NAME" in
# fish. Short options (-C) likewise, as "-s C" in fish.
has_option() {
	local text=$1 opt=$2 shell=$3 name
	if [ "$shell" = fish ]; then
		case $opt in
		--*)
			name=${opt#--}
			printf '%s\n' "$text" | grep -Eq -- "(^|[[:space:]])(-l|--long-option)[[:space:]]+'?$name'?([[:space:]]|\$)"
			;;
		*)
			name=${opt#-}
			printf '%s\n' "$text" | grep -Eq -- "(^|[[:space:]])(-s|--short-option)[[:space:]]+'?$name'?([[:space:]]|\$)"
			;;
		esac
	else
		printf '%s\n' "$text" | grep -Eq -- "(^|[^A-Za-z0-9_-])$opt([^A-Za-z0-9_-]|\$)"
	fi
}

# The command names a completion file's commands block offers, one per line.
listed_commands() {
	local shell=$1 file=$2 text
	text=$(block "$file" commands) || return 1
	case $shell in
	bash)
		printf '%s\n' "$text" | sed -n "s/^[[:space:]]*_cot_commands=['\"]\\(.*\\)['\"][[:space:]]*\$/\\1/p" |
			tr ' \t' '\n\n'
		;;
	zsh)
		printf '%s\n' "$text" | sed -n "s/^[[:space:]]*'\\([A-Za-z0-9_-]*\\):.*/\\1/p"
		;;
	fish)
		printf '%s\n' "$text" | sed -n 's/^[[:space:]]*set -g __cot_commands //p' | tr ' \t' '\n\n'
		printf '%s\n' "$text" | grep -oE -- "(^|[[:space:]])-a[[:space:]]+'?[A-Za-z0-9_-]+" |
			sed -E "s/.*-a[[:space:]]+'?//"
		;;
	esac | sed '/^$/d' | sort -u
}

# The step names a completion file offers for 'cot done', one per line.
listed_steps() {
	local shell=$1 file=$2
	case $shell in
	bash)
		bash --norc --noprofile -c '. "$1" && printf "%s\n" $_cot_steps' sh "$file" 2>/dev/null
		;;
	zsh)
		sed -n '/^_cot_steps()/,/^}/p' "$file" | sed -n "s/^[[:space:]]*'\\([a-z0-9-]*\\):.*/\\1/p"
		;;
	fish)
		grep -E -- '-n[[:space:]]+__cot_done_needs_step' "$file" | grep -oE -- "-a[[:space:]]+'?[a-z0-9-]+" |
			sed -E "s/-a[[:space:]]+'?//"
		;;
	esac | sed '/^$/d' | sort -u
}

# Words in $1 (newline-separated) missing from $2, space-separated.
missing_from() {
	local w out=
	for w in $1; do
		printf '%s\n' "$2" | grep -qxF -- "$w" || out="$out $w"
	done
	printf '%s' "${out# }"
}

# --- what the binary says ------------------------------------------------------

if [ ! -x "$COT" ]; then
	not_ok "the cot binary '$COT' is executable"
	finish
fi
if run_cot help --commands && [ -s "$WORK/out" ]; then
	COMMANDS=$(sort -u "$WORK/out")
	ok "cot help --commands lists $(wc -l <"$WORK/out" | tr -d ' ') commands"
else
	not_ok "cot help --commands works" "$(cat "$WORK/err")"
	finish
fi

# the options of each command, in files under $WORK/opts/
mkdir "$WORK/opts"
for cmd in $COMMANDS; do
	if run_cot help --options "$cmd"; then
		cp "$WORK/out" "$WORK/opts/$cmd"
	else
		not_ok "cot help --options $cmd works" "$(cat "$WORK/err")"
		: >"$WORK/opts/$cmd"
	fi
done

# the global options: the option columns of the "Global options:" part of --help
if run_cot --help; then
	GLOBALS=$(sed -n '/^Global options:/,/^$/p' "$WORK/out" | sed 1d | awk '{
		for (i = 1; i <= NF; i++) {
			w = $i; sub(/,$/, "", w)
			if (w ~ /^--?[A-Za-z][A-Za-z0-9-]*$/) print w; else break
		}
	}')
	if [ -n "$GLOBALS" ]; then
		ok "cot --help lists the global options ($(echo $GLOBALS))"
	else
		not_ok "cot --help lists the global options under 'Global options:'"
	fi
else
	not_ok "cot --help works" "$(cat "$WORK/err")"
	GLOBALS=
fi

# the steps of both routes
if [ -r "$PROCEDURE" ]; then
	STEPS=$(sed -n 's/^static const struct step_def [a-z_]* = {"\([a-z0-9-]*\)".*/\1/p' "$PROCEDURE" | sort -u)
	if [ -n "$STEPS" ]; then
		ok "$PROCEDURE defines $(echo "$STEPS" | wc -l | tr -d ' ') step names"
	else
		not_ok "step names found in $PROCEDURE"
	fi
else
	note "SKIP: $PROCEDURE not found; step names not checked"
	STEPS=
fi

# --- each completion file --------------------------------------------------------

check_file() {
	local shell=$1 file=$2 text listed missing extra cmd opt lacking blocks steps

	if [ ! -r "$file" ]; then
		not_ok "$file exists"
		return
	fi

	# syntax
	if command -v "$shell" >/dev/null 2>&1; then
		if "$shell" -n "$file" 2>"$WORK/syntax"; then
			ok "$shell -n $file"
		else
			not_ok "$shell -n $file" "$(cat "$WORK/syntax")"
		fi
	else
		note "SKIP: $shell is not installed; $file not parsed"
	fi

	# the command list
	if listed=$(listed_commands "$shell" "$file"); then
		missing=$(missing_from "$COMMANDS" "$listed")
		extra=$(missing_from "$listed" "$COMMANDS")
		if [ -z "$missing" ]; then
			ok "$file: the commands block lists every command"
		else
			not_ok "$file: the commands block lists every command" "missing: $missing"
		fi
		if [ -z "$extra" ]; then
			ok "$file: the commands block lists no command the binary lacks"
		else
			not_ok "$file: the commands block lists no command the binary lacks" \
				"not in 'cot help --commands': $extra"
		fi
	else
		not_ok "$file has a commands block ('# >>> commands' ... '# <<< commands')"
	fi

	# a block per command, none for a command the binary lacks
	blocks=$(sed -n 's/^[[:space:]]*# >>> command \([A-Za-z0-9_-]*\)$/\1/p' "$file" | sort -u)
	extra=$(missing_from "$blocks" "$COMMANDS")
	if [ -z "$extra" ]; then
		ok "$file: no block for a command the binary lacks"
	else
		not_ok "$file: no block for a command the binary lacks" "blocks for: $extra"
	fi
	for cmd in $COMMANDS; do
		if ! text=$(block "$file" "command $cmd"); then
			not_ok "$file: a block for 'cot $cmd'" \
				"add '# >>> command $cmd' ... '# <<< command $cmd' with its options"
			continue
		fi
		lacking=
		for opt in $(cat "$WORK/opts/$cmd"); do
			has_option "$text" "$opt" "$shell" || lacking="$lacking $opt"
		done
		if [ -z "$lacking" ]; then
			ok "$file: 'cot $cmd' completes its options ($(tr '\n' ' ' <"$WORK/opts/$cmd" | sed 's/ $//'))"
		else
			not_ok "$file: 'cot $cmd' completes all its options" \
				"missing in the block '# >>> command $cmd':$lacking"
		fi
	done

	# the global options
	if text=$(block "$file" global); then
		lacking=
		for opt in $GLOBALS; do
			has_option "$text" "$opt" "$shell" || lacking="$lacking $opt"
		done
		if [ -z "$lacking" ]; then
			ok "$file: the global options"
		else
			not_ok "$file: the global options" "missing in the block '# >>> global':$lacking"
		fi
	else
		not_ok "$file has a global block ('# >>> global' ... '# <<< global')"
	fi

	# the steps of cot done
	if [ -n "$STEPS" ]; then
		steps=$(listed_steps "$shell" "$file")
		missing=$(missing_from "$STEPS" "$steps")
		extra=$(missing_from "$steps" "$STEPS")
		if [ -z "$missing" ] && [ -z "$extra" ]; then
			ok "$file: the steps of 'cot done'"
		else
			not_ok "$file: the steps of 'cot done' are those of $PROCEDURE" \
				"missing: ${missing:-none}" "unknown: ${extra:-none}"
		fi
	fi
}

check_file bash "$BASH_FILE"
check_file zsh "$ZSH_FILE"
check_file fish "$FISH_FILE"

# --- driving the bash completion ------------------------------------------------

# Prints, one per line, what _cot offers for the words given; the last word is
# the one being completed. Fails when the file cannot be sourced or _cot fails.
bash_complete() {
	(cd "$WORK/tree" && bash --norc --noprofile -c '
		file=$1
		shift
		. "$file" || exit 1
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		COMPREPLY=()
		_cot cot "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" || exit 1
		printf "%s\n" "${COMPREPLY[@]}"
	' sh "$BASH_FILE" "$@" 2>"$WORK/bash-err")
}

# expect_bash WHAT EXACT|INCLUDES "WORDS" WORD... : checks what TAB offers.
expect_bash() {
	local how=$1 want got missing extra
	want=$(printf '%s\n' $2 | sed '/^$/d' | sort -u)
	shift 2
	if ! got=$(bash_complete "$@"); then
		not_ok "bash: '$*<TAB>' runs" "$(cat "$WORK/bash-err")"
		return
	fi
	got=$(printf '%s\n' "$got" | sed '/^$/d' | sort -u)
	missing=$(missing_from "$want" "$got")
	extra=
	[ "$how" = exact ] && extra=$(missing_from "$got" "$want")
	if [ -z "$missing" ] && [ -z "$extra" ]; then
		ok "bash: '$*<TAB>' offers $(echo $want)"
	else
		not_ok "bash: '$*<TAB>' offers $(echo $want)${extra:+ and nothing else}" \
			"offered: $(echo $got)" "missing: ${missing:-none}" "unexpected: ${extra:-none}"
	fi
}

mkdir -p "$WORK/tree/documents" "$WORK/tree/evidence"
: >"$WORK/tree/cot.yaml"
if [ -r "$BASH_FILE" ]; then
	expect_bash exact "$COMMANDS" cot ''
	expect_bash exact "$COMMANDS" cot -C /tmp ''
	expect_bash exact "$COMMANDS" cot help ''
	expect_bash exact "--route" cot init --ro
	expect_bash exact "vitalink direct" cot init --route ''
	expect_bash exact "vitalink direct" cot init --route = ''
	expect_bash exact "organisation vendor" cot init --kind ''
	expect_bash exact "nl fr en" cot init --lang ''
	expect_bash exact "auto always never" cot --color ''
	expect_bash includes "cert-requested" cot 'done' ''
	[ -n "$STEPS" ] && expect_bash exact "$STEPS" cot 'done' ''
	expect_bash exact "" cot 'done' cert-requested ''
	expect_bash exact "documents" cot 'done' --file doc
	expect_bash exact "documents" cot init doc
	expect_bash exact "text json" cot status --format ''
	expect_bash exact "text json" cot log --format ''
	expect_bash includes "$GLOBALS" cot -
	for cmd in $COMMANDS; do
		expect_bash includes "$(cat "$WORK/opts/$cmd")" cot "$cmd" -
	done
fi

# --- asking fish -----------------------------------------------------------------

# expect_fish EXACT|INCLUDES "WORDS" "COMMAND LINE"
expect_fish() {
	local how=$1 want line=$3 got missing extra
	want=$(printf '%s\n' $2 | sed '/^$/d' | sort -u)
	if ! got=$(cd "$WORK/tree" && fish --no-config -c \
		'source $argv[1]; or exit 1; complete -C"$argv[2]"' "$FISH_FILE" "$line" 2>"$WORK/fish-err"); then
		not_ok "fish: '$line<TAB>' runs" "$(cat "$WORK/fish-err")"
		return
	fi
	got=$(printf '%s\n' "$got" | sed 's/\t.*//' | sed '/^$/d' | sort -u)
	missing=$(missing_from "$want" "$got")
	extra=
	[ "$how" = exact ] && extra=$(missing_from "$got" "$want")
	if [ -z "$missing" ] && [ -z "$extra" ]; then
		ok "fish: '$line<TAB>' offers $(echo $want)"
	else
		not_ok "fish: '$line<TAB>' offers $(echo $want)${extra:+ and nothing else}" \
			"offered: $(echo $got)" "missing: ${missing:-none}" "unexpected: ${extra:-none}"
	fi
}

if ! command -v fish >/dev/null 2>&1; then
	note "SKIP: fish is not installed; fish completions not driven"
elif [ -r "$FISH_FILE" ]; then
	expect_fish exact "$COMMANDS" "cot "
	expect_fish exact "$COMMANDS" "cot help "
	expect_fish exact "--route" "cot init --ro"
	expect_fish exact "vitalink direct" "cot init --route "
	[ -n "$STEPS" ] && expect_fish exact "$STEPS" "cot done "
	expect_fish exact "text json" "cot status --format "
	for cmd in $COMMANDS; do
		expect_fish includes "$(cat "$WORK/opts/$cmd")" "cot $cmd --"
	done
fi

finish
