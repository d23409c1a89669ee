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
# completion descriptions in the user's language (locale or --lang); the words stay ids
run 0 env -u LC_ALL LANG=fr_BE.UTF-8 "$COT" help --complete --describe -- whitelist si
out_has "$(printf 'sign\t')"
check "a verb's description in French" test "$(cut -f2 "$OUT")" = "$(LANGUAGE=fr "$COT" --lang fr help whitelist sign | sed -n '/^$/{n;p;q}')"
run 0 "$COT" --lang nl help --complete --describe -- cert show --password-f
out_has "$(printf -- '--password-file\thet wachtwoord van de keystore: de eerste regel van F (chmod 600)')"
run 0 env LANGUAGE=nl "$COT" help --complete --describe -- --lang=
out_has "--lang=nl"
# the password options: one wording, in each language, and one refusal of both
run 0 "$COT" --lang fr bundle --help
out_has "--password-env V  le mot de passe du magasin de clés : la variable"
run 0 env -u LC_ALL LANG=nl_BE.UTF-8 "$COT" whitelist sign --help
out_has "(geen van beide: gevraagd op de terminal, zonder echo)"
run 2 "$COT" --lang fr whitelist sign --keystore k.p12 --password-env A --password-file B
err_has "donnez le mot de passe avec --password-file ou avec --password-env, pas les deux"
run 2 env LANG=C "$COT" whitelist sign --keystore k.p12 --password-env A --password-file B
err_has "give the password with --password-file or --password-env, not both"
run 0 env LANG=C "$COT" status --help
out_has "From the build tree: man -l "
finish
