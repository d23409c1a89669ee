#!/bin/bash
# Checks the translated man pages (po4a, doc/po4a.cfg) built into BUILDDIR/doc/LANG/.
#
# usage: tests/cli/test-manpages-i18n.sh SRCDIR BUILDDIR
#
# For Dutch, and for French once doc/po/fr.po exists, every page of doc/ has a translation that
#   - renders without a warning from 'groff -k -man -Tutf8 -ww -z' (-k: preconv reads UTF-8, as man does);
#   - keeps the .TH line's title, section, date and source;
#   - holds every long option of the English page;
#   - keeps every example command line ("$ cot ...") of the English page as it is;
#   - has its section headings translated (Dutch: NAAM, OVERZICHT, BESCHRIJVING, OPTIES,
#     AFSLUITSTATUS, VOORBEELDEN, ZIE OOK; French: no NAME, EXIT STATUS, EXAMPLES, SEE ALSO).
# Then 'man -l' shows Dutch text for cot-verify, 'meson install --destdir' puts
# share/man/LANG/man1/cot.1 in a temporary directory, and man there shows the Dutch cot(1)
# under a Dutch locale (LANG, LC_MESSAGES) or with -L nl, and the English one in C.
# Each catalog, merged with today's pages, has no untranslated or fuzzy entry.
# Ends with "N passed, M failed"; exits 1 on any failure.

set -u
export NO_COLOR=1 MANPAGER=cat PAGER=cat MANWIDTH=100

if [ $# -ne 2 ]; then
	echo "usage: $0 SRCDIR BUILDDIR" >&2
	exit 2
fi
SRC=$(realpath "$1")
BUILD=$(realpath "$2")
DOC=$SRC/doc

passed=0
failed=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cot-test-manpages-i18n.XXXXXX") || exit 3
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

# The roff source of page $1 with the escapes that hide text undone.
plain() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRPC]//g' -e 's/\\f([A-Z][A-Z]//g' \
		-e 's/\\f\[[^]]*\]//g' -e 's/\\[&%:]//g' "$1"
}

# The long options of page $1, one a line.
long_options() {
	plain "$1" | grep -oE -- '--[a-z][a-z0-9-]*[a-z0-9]' | sort -u
}

# The section headings of page $1, one a line, quotes removed.
headings() {
	sed -n 's/^\.SH[[:space:]]\{1,\}//p' "$1" | tr -d '"'
}

# The first four fields of page $1's .TH line (title, section, date, source), as plain text.
th_line() {
	plain "$1" | sed -n '/^\.TH[[:space:]]/{p;q}' | awk -F'"' '{
		split($1, a, /[ \t]+/)
		print a[2], a[3], a[4], $2
	}'
}

# Checks translated page $2 against English page $1 in language $3.
check_page() {
	local en=$1 tr=$2 lang=$3 name lacking opt warnings h
	name=$lang/$(basename "$en")
	warnings=$(groff -k -man -Tutf8 -ww -z "$tr" 2>&1)
	if [ -z "$warnings" ]; then
		ok "$name renders without warnings"
	else
		not_ok "$name renders without warnings" "$(printf '%s\n' "$warnings" | head -n 10)"
	fi
	if [ "$(th_line "$tr")" = "$(th_line "$en")" ]; then
		ok "$name keeps the .TH line ($(th_line "$en"))"
	else
		not_ok "$name keeps the .TH line" "english: $(th_line "$en")" \
			"translated: $(th_line "$tr")"
	fi
	long_options "$tr" >"$WORK/opts"
	lacking=$(long_options "$en" | grep -vxF -f "$WORK/opts" | tr '\n' ' ')
	if [ -z "$lacking" ]; then
		ok "$name holds every long option of the English page"
	else
		not_ok "$name holds every long option of the English page" "missing: $lacking"
	fi
	lacking=$(grep -e '^\$ ' "$en" | grep -vxF -f <(grep -e '^\$ ' "$tr") | head -n 3 | paste -sd '|')
	if [ -z "$lacking" ]; then
		ok "$name keeps the example command lines"
	else
		not_ok "$name keeps the example command lines" "missing: $lacking"
	fi
	headings "$tr" >"$WORK/headings"
	lacking=
	case $lang in
	nl)
		for h in NAAM OVERZICHT BESCHRIJVING OPTIES AFSLUITSTATUS VOORBEELDEN 'ZIE OOK'; do
			grep -qxF "$h" "$WORK/headings" || lacking="$lacking, $h"
		done ;;
	esac
	for h in NAME 'EXIT STATUS' EXAMPLES 'SEE ALSO' ENVIRONMENT FILES; do
		grep -qxF "$h" "$WORK/headings" && lacking="$lacking, $h (english)"
	done
	if [ -z "$lacking" ]; then
		ok "$name has its section headings translated"
	else
		not_ok "$name has its section headings translated" "${lacking#, }"
	fi
}

# Catalog $1 as the build merged it with today's pages: every entry translated, none fuzzy.
# A page changed after doc/po/$1.po was updated leaves new (untranslated) or changed (fuzzy)
# entries here: run 'tools/po4a-man update' and translate them.
check_catalog() {
	local po=$BUILD/doc/$1/.po4a/po/$1.po stats
	if [ ! -r "$po" ]; then
		not_ok "doc/po/$1.po is merged by the build" "$po does not exist"
		return
	fi
	stats=$(msgfmt --statistics -o /dev/null "$po" 2>&1)
	note "$1: $stats"
	case $stats in
	*fuzzy* | *untranslated*)
		not_ok "doc/po/$1.po translates every entry of the pages, none fuzzy" "$stats" \
			"fuzzy: $(msgattrib --only-fuzzy "$po" | grep '^msgid ' | sed 1d | head -n 3 | paste -sd '|')" \
			"untranslated: $(msgattrib --untranslated "$po" | grep '^msgid ' | sed 1d | head -n 3 | paste -sd '|')" ;;
	*)
		ok "doc/po/$1.po translates every entry of the pages, none fuzzy" ;;
	esac
}

if ! command -v groff >/dev/null 2>&1 || ! command -v man >/dev/null 2>&1; then
	echo "SKIP: groff or man (man-db) is not installed"
	exit 77
fi

LANGS=nl
if [ -e "$DOC/po/fr.po" ]; then
	LANGS="nl fr"
else
	note "no doc/po/fr.po: French pages not checked"
fi
for lang in $LANGS; do
	for en in "$DOC"/*.1; do
		tr=$BUILD/doc/$lang/$(basename "$en")
		if [ -r "$tr" ]; then
			check_page "$en" "$tr" "$lang"
		else
			not_ok "$lang/$(basename "$en") is built" "$tr does not exist"
		fi
	done
	check_catalog "$lang"
done

# --- man -l: the Dutch page as man shows it ------------------------------------------

page=$BUILD/doc/nl/cot-verify.1
if LC_ALL=C.UTF-8 man -l "$page" >"$WORK/verify.txt" 2>"$WORK/err"; then
	lacking=
	for want in BESCHRIJVING ondertekenaar handtekening 'bewijs van bestaan'; do
		grep -qF -- "$want" "$WORK/verify.txt" || lacking="$lacking; $want"
	done
	if [ -z "$lacking" ]; then
		ok "man -l shows cot-verify in Dutch"
	else
		not_ok "man -l shows cot-verify in Dutch" "missing: ${lacking#; }" \
			"$(head -n 15 "$WORK/verify.txt")"
	fi
else
	not_ok "man -l $page works" "$(cat "$WORK/err")"
fi

# --- installed layout -------------------------------------------------------------------

DEST=$WORK/dest
if meson install -C "$BUILD" --no-rebuild --quiet --tags man --destdir "$DEST" \
	>"$WORK/install.log" 2>&1; then
	ok "meson install --tags man --destdir works"
else
	not_ok "meson install --tags man --destdir works" "$(tail -n 10 "$WORK/install.log")"
	finish
fi
mandir=$(find "$DEST" -type f -path '*/man1/cot.1' ! -path '*/nl/*' ! -path '*/fr/*' |
	head -n 1)
mandir=${mandir%/man1/cot.1}
if [ -n "$mandir" ] && [ "${mandir%/share/man}" != "$mandir" ]; then
	ok "the English cot.1 is installed in share/man/man1"
else
	not_ok "the English cot.1 is installed in share/man/man1" "found: ${mandir:-nothing}"
	finish
fi
for lang in $LANGS; do
	n=$(find "$mandir/$lang/man1" -name 'cot*.1' 2>/dev/null | wc -l)
	want=$(find "$DOC" -maxdepth 1 -name 'cot*.1' | wc -l)
	if [ -f "$mandir/$lang/man1/cot.1" ] && [ "$n" -eq "$want" ]; then
		ok "share/man/$lang/man1 holds cot.1 and the $want pages"
	else
		not_ok "share/man/$lang/man1 holds cot.1 and the $want pages" "found $n"
	fi
done
if [ ! -e "$DOC/po/fr.po" ] && [ -e "$mandir/fr" ]; then
	not_ok "no French pages are installed without doc/po/fr.po" "$(ls "$mandir/fr/man1")"
fi

# man finds the page by the locale. man-db (2.11) takes the language of LC_MESSAGES (or
# LANG), or of its -L option; LANGUAGE alone does not choose the page (it only orders the
# languages gettext uses for man's own messages), so a Dutch locale is set with it.
# man_shows NAME ENV... -- ARGS...: man ARGS under ENV shows the Dutch cot(1)
man_shows() {
	local name=$1
	shift
	if env MANPATH="$mandir" "$@" >"$WORK/man.txt" 2>"$WORK/err" &&
		grep -q '^NAAM' "$WORK/man.txt" && grep -q '^BESCHRIJVING' "$WORK/man.txt"; then
		ok "$name shows the Dutch page"
	else
		not_ok "$name shows the Dutch page" "$(cat "$WORK/err")" "$(head -n 5 "$WORK/man.txt")"
	fi
}
man_shows 'LANG=nl_BE.UTF-8 LANGUAGE=nl man cot' LC_ALL= LANG=nl_BE.UTF-8 LANGUAGE=nl man cot
man_shows 'LC_MESSAGES=nl_BE.UTF-8 man cot' LC_ALL= LANG= LC_MESSAGES=nl_BE.UTF-8 man cot
man_shows 'man -L nl cot' LC_ALL=C.UTF-8 man -L nl cot
if MANPATH=$mandir LC_ALL=C.UTF-8 LANGUAGE= man cot >"$WORK/cot-en.txt" 2>"$WORK/err" &&
	grep -q '^NAME' "$WORK/cot-en.txt"; then
	ok "man cot in the C locale shows the English page"
else
	not_ok "man cot in the C locale shows the English page" "$(head -n 5 "$WORK/cot-en.txt")"
fi

finish
