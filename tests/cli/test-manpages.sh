#!/bin/bash
# Checks the man pages in doc/ against the cot binary.
#
# usage: tests/cli/test-manpages.sh PATH_TO_COT SRCDIR
#
# The commands and their long options come from the binary ('cot help
# --commands', 'cot help --options CMD'), the global options from 'cot --help';
# so new commands are picked up without changing this script. It checks:
#   - every command has doc/cot-NAME.1, and there is no page for a command the
#     binary lacks;
#   - each command's page has .TH COT-NAME 1, the sections NAME, SYNOPSIS,
#     DESCRIPTION, OPTIONS, EXIT STATUS, EXAMPLES and SEE ALSO, and every long
#     option of the command in its OPTIONS section;
#   - doc/cot.1 has every global option in its OPTIONS section, refers to every
#     command as cot-NAME(1), and states the four exit statuses;
#   - every page renders without a warning from 'groff -man -Tutf8 -ww -z'
#     (skipped, with a note, when groff is absent).
# Ends with "N passed, M failed"; exits 1 on any failure.

. "$(dirname "$0")/lib.sh" "$@"
DOC=$SRCDIR/doc
# lib.sh counts; these say what passed or failed, as the checks below are written
ok_said() { ok; printf 'ok - %s\n' "$1"; }
not_ok() {
	bad "$1"
	shift
	[ $# -eq 0 ] || printf '  %s\n' "$@"
}
note() { printf '# %s\n' "$*"; }

# Runs cot; stdout to $OUT, stderr to $ERR. A crash counts as a failure and returns 125.
run_cot() {
	local rc
	"$COT" "$@" >"$OUT" 2>"$ERR"
	rc=$?
	if [ $rc -ge 128 ]; then
		bad "'cot $*' crashed (exit status $rc)"
		return 125
	fi
	return $rc
}

# The roff source of a page with escapes that hide text undone: "\-" is "-",
# font changes, "\&", "\%" and "\:" vanish.
plain() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRPC]//g' -e 's/\\f([A-Z][A-Z]//g' \
		-e 's/\\f\[[^]]*\]//g' -e 's/\\[&%:]//g' "$1"
}

# The lines of section $2 (".SH NAME", quotes optional) of plain text $1.
section() {
	printf '%s\n' "$1" | awk -v want="$2" '
		/^\.SH[ \t]/ {
			name = $0
			sub(/^\.SH[ \t]+/, "", name)
			gsub(/"/, "", name)
			insec = (name == want)
			next
		}
		insec'
}

# True when text $1 holds option $2 as a whole word.
has_option() {
	printf '%s\n' "$1" | grep -Eq -- "(^|[^A-Za-z0-9_-])$2([^A-Za-z0-9_-]|\$)"
}

REQUIRED_SECTIONS='NAME|SYNOPSIS|DESCRIPTION|OPTIONS|EXIT STATUS|EXAMPLES|SEE ALSO'

# Checks that plain text $2 of page $1 has the required sections.
check_sections() {
	local page=$1 text=$2 sec lacking='' IFS='|'
	for sec in $REQUIRED_SECTIONS; do
		printf '%s\n' "$text" | grep -Eq "^\\.SH[[:space:]]+\"?$sec\"?[[:space:]]*\$" ||
			lacking="$lacking, $sec"
	done
	if [ -z "$lacking" ]; then
		ok_said "$page has the sections $(echo "$REQUIRED_SECTIONS" | sed 's/|/, /g')"
	else
		not_ok "$page has the required sections" "missing: ${lacking#, }"
	fi
}

# Checks that the OPTIONS section of plain text $2 of page $1 names options $3.
check_options() {
	local page=$1 text=$2 opts=$3 what=$4 options opt lacking=
	options=$(section "$text" OPTIONS)
	for opt in $opts; do
		has_option "$options" "$opt" || lacking="$lacking $opt"
	done
	if [ -z "$lacking" ]; then
		ok_said "$page documents $what ($(echo $opts))"
	else
		not_ok "$page documents $what in OPTIONS" "missing:$lacking"
	fi
}

# --- what the binary says ------------------------------------------------------

if [ ! -x "$COT" ] && ! command -v "$COT" >/dev/null 2>&1; then
	not_ok "the cot binary '$COT' is executable"
	finish
fi
if run_cot help --commands && [ -s "$OUT" ]; then
	COMMANDS=$(cat "$OUT")
	ok_said "cot help --commands lists $(echo $COMMANDS | wc -w | tr -d ' ') commands"
else
	not_ok "cot help --commands works" "$(cat "$ERR")"
	finish
fi
if run_cot --help; then
	GLOBALS=$(sed -n '/^Global options:/,/^$/p' "$OUT" | sed 1d | awk '{
		for (i = 1; i <= NF; i++) {
			w = $i; sub(/,$/, "", w)
			if (w ~ /^--?[A-Za-z][A-Za-z0-9-]*$/) print w; else break
		}
	}')
else
	not_ok "cot --help works" "$(cat "$ERR")"
	GLOBALS=
fi

# --- cot.1 -----------------------------------------------------------------------

if [ -r "$DOC/cot.1" ]; then
	text=$(plain "$DOC/cot.1")
	check_sections cot.1 "$text"
	[ -n "$GLOBALS" ] && check_options cot.1 "$text" "$GLOBALS" "the global options"
	lacking=
	for cmd in $COMMANDS; do
		printf '%s\n' "$text" | grep -Eq -- "(^|[^A-Za-z0-9_-])cot-${cmd}[[:space:]]*\\(1\\)" ||
			lacking="$lacking cot-$cmd(1)"
	done
	if [ -z "$lacking" ]; then
		ok_said "cot.1 refers to every command"
	else
		not_ok "cot.1 refers to every command as cot-NAME(1)" "missing:$lacking"
	fi
	status=$(section "$text" "EXIT STATUS")
	lacking=
	for want in 'success/pass' 'the command ran and found problems' 'usage or input error' \
		'environment failure (network, I/O, lock held, out of memory)'; do
		printf '%s\n' "$status" | grep -qF -- "$want" || lacking="$lacking; $want"
	done
	if [ -z "$lacking" ]; then
		ok_said "cot.1 states the four exit statuses"
	else
		not_ok "cot.1 states the four exit statuses in EXIT STATUS" "missing: ${lacking#; }"
	fi
else
	not_ok "$DOC/cot.1 exists"
fi

# --- a page per command ------------------------------------------------------------

for cmd in $COMMANDS; do
	page=$DOC/cot-$cmd.1
	if [ ! -r "$page" ]; then
		not_ok "'cot $cmd' has a man page" "$page does not exist"
		continue
	fi
	ok_said "'cot $cmd' has a man page"
	text=$(plain "$page")
	th=$(printf '%s\n' "$text" | sed -n 's/^\.TH[[:space:]]\{1,\}\([^[:space:]]*\)[[:space:]]\{1,\}\([^[:space:]]*\).*/\1 \2/p' | head -n 1)
	upper=$(printf 'COT-%s 1' "$cmd" | tr '[:lower:]' '[:upper:]')
	if [ "$th" = "$upper" ]; then
		ok_said "cot-$cmd.1 has .TH $upper"
	else
		not_ok "cot-$cmd.1 has .TH $upper" "found: .TH ${th:-nothing}"
	fi
	check_sections "cot-$cmd.1" "$text"
	if run_cot help --options "$cmd"; then
		check_options "cot-$cmd.1" "$text" "$(cat "$OUT")" "the options of 'cot $cmd'"
	else
		not_ok "cot help --options $cmd works" "$(cat "$ERR")"
	fi
done

# no page for a command the binary lacks
extra=
for page in "$DOC"/cot-*.1; do
	[ -e "$page" ] || continue
	name=$(basename "$page" .1)
	name=${name#cot-}
	printf '%s\n' "$COMMANDS" | grep -qxF -- "$name" || extra="$extra $(basename "$page")"
done
if [ -z "$extra" ]; then
	ok_said "no page for a command the binary lacks"
else
	not_ok "no page for a command the binary lacks" "pages:$extra"
fi

# --- rendering -----------------------------------------------------------------------

if command -v groff >/dev/null 2>&1; then
	for page in "$DOC"/*.1; do
		[ -e "$page" ] || continue
		warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
		if [ -z "$warnings" ]; then
			ok_said "$(basename "$page") renders without warnings"
		else
			not_ok "$(basename "$page") renders without warnings" \
				"$(printf '%s\n' "$warnings" | head -n 10)"
		fi
	done
else
	note "SKIP: groff is not installed; rendering not checked (apt-get install groff-base)"
fi

finish
