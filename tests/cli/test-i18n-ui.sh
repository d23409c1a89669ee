#!/usr/bin/env bash
# The messages of issue 16's interface details in Dutch and French; ids stay as they are.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
# the missing options, all at once, in the locale's language and in the one --lang names
run 2 env LANGUAGE=nl "$COT" init x --name X
err_has "'cot init' heeft ook --kbo, --route nodig"
run 2 "$COT" --lang fr init x --name X
err_has "'cot init' demande aussi --kbo, --route"
# a global --lang after the command speaks too, in help and in messages
run 0 "$COT" status --help --lang fr
out_has "Depuis l'arborescence de compilation : man -l "
out_has "/doc/cot-status.1"
run 0 env -u LC_ALL LANG=nl_BE.UTF-8 "$COT" help help
out_has "voor shell-aanvulling"
run 2 env -u LC_ALL LANG=fr_BE.UTF-8 "$COT" help --steps extra
err_has "--steps ne prend pas d'opérande"
# the steps offered for completion are ids: never translated
new_project p
run 0 "$COT" -C p help --steps --lang fr
out_has "checklist-complete"
run 0 env LANG=C "$COT" status --help
out_has "From the build tree: man -l "
finish
