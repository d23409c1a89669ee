#!/bin/bash
# The message catalogs are complete and current: every .c file with strings is in
# po/POTFILES, every message the sources hold is in nl.po and fr.po, translated, not fuzzy,
# and msgfmt --check accepts them (format strings agree with their msgid); the man page
# catalogs (doc/po/*.po) likewise. Update with tools/po-merge.
#
# usage: tests/po/check-po.sh SRCDIR
set -u
src=$1
cd "$src" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { printf 'FAIL: %s\n' "$*"; fail=$((fail + 1)); }

(cd src && ls ./*.c lib/*.c) | sed 's|^\./||; s|^|src/|' | grep -v '^src/main\.c$' | sort >"$tmp/have"
sort po/POTFILES >"$tmp/listed"
comm -23 "$tmp/have" "$tmp/listed" | while read -r f; do
	grep -qE '\b(_|N_|C_|ngettext)\(' "$f" && echo "$f"
done >"$tmp/unlisted"
[ -s "$tmp/unlisted" ] && bad "not in po/POTFILES: $(tr '\n' ' ' <"$tmp/unlisted")"

xgettext --files-from=po/POTFILES --from-code=UTF-8 --keyword=_ --keyword=N_ \
	--keyword=C_:1c,2 --keyword=ngettext:1,2 -o "$tmp/now.pot" || bad "xgettext failed"
for l in $(cat po/LINGUAS); do
	msgfmt --check -o /dev/null "po/$l.po" || bad "po/$l.po: msgfmt --check"
	msgcmp --use-untranslated "po/$l.po" "$tmp/now.pot" 2>"$tmp/cmp" ||
		bad "po/$l.po lacks messages of the sources (run tools/po-merge): $(head -c 600 "$tmp/cmp")"
	n=$(msgattrib --untranslated --no-obsolete "po/$l.po" | grep -c '^msgid ' || true)
	[ "$n" -le 1 ] || bad "po/$l.po: $((n - 1)) untranslated messages"
	n=$(msgattrib --only-fuzzy --no-obsolete "po/$l.po" | grep -c '^msgid ' || true)
	[ "$n" -le 1 ] || bad "po/$l.po: $((n - 1)) fuzzy messages"
done
for p in doc/po/*.po; do
	[ -e "$p" ] || continue
	msgfmt --check -o /dev/null "$p" || bad "$p: msgfmt --check"
	n=$(msgattrib --untranslated --no-obsolete "$p" | grep -c '^msgid ' || true)
	[ "$n" -le 1 ] || bad "$p: $((n - 1)) untranslated messages"
	n=$(msgattrib --only-fuzzy --no-obsolete "$p" | grep -c '^msgid ' || true)
	[ "$n" -le 1 ] || bad "$p: $((n - 1)) fuzzy messages"
done
[ "$fail" = 0 ] && echo "catalogs complete and current"
exit $((fail > 0))
