#!/usr/bin/env bash
# cot status DIR... in Dutch and French: --lang, LANG, LANGUAGE; ids, JSON keys and CSV heads stay.
. "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"
export COT_NOW=2026-09-01
mkdir org
"$COT" init org/nl --lang nl --name "Zorg NL" --kbo 0809394427 --route direct >/dev/null ||
	bad "init nl"
new_project org/en
ln -s "$WORK/nowhere" org/weg
mkdir org/leeg

# Outside a project, the environment's language; a Dutch project does not change it.
run 1 env LANG=fr_BE.UTF-8 LC_ALL= "$COT" status org
out_has "DOSSIER"
out_has "ORGANISATION"
out_has "ÉTAPE"
out_has "EN RETARD"
out_has "demandez le certificat"
out_has "erreur : 'org/weg' est un lien symbolique qui ne mène nulle part"
out_has "erreur : 'org/leeg' n'est pas un projet cot (pas de cot.yaml)"
out_has "cert-requested"
run 1 env LANGUAGE=nl LANG=nl_BE.UTF-8 LC_ALL= "$COT" status org
out_has "MAP"
out_has "ORGANISATIE"
out_has "TE LAAT"
out_has "fout: 'org/weg' is een symbolische koppeling naar niets"
out_has "vraag het productiecertificaat"
out_has "direct"
# --lang, inside the Dutch project: French all the same.
(cd org/nl && run 1 "$COT" --lang fr status ../weg ../en && out_has "SUITE" && out_has "lien symbolique")
# JSON keys, step ids and CSV heads are for machines: never translated.
run 1 env LANG=fr_BE.UTF-8 LC_ALL= "$COT" status --format json org
python3 - "$OUT" <<'PY' && ok || bad "json keys untranslated"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
r = {x["path"]: x for x in rows}
assert set(r["org/nl"]) == {"schema", "path", "error", "organisation", "route", "step", "since",
                            "days", "next", "blocked_by", "overdue"}, r["org/nl"]
assert r["org/nl"]["blocked_by"] in (None, "certificate", "cert-request", "waiver", "checklist")
assert r["org/nl"]["step"] == "cert-requested" and r["org/nl"]["route"] == "direct"
assert r["org/nl"]["next"].startswith("demandez"), r["org/nl"]["next"]
assert "lien symbolique" in r["org/weg"]["error"]
PY
run 1 "$COT" --lang nl status --format csv org
check "csv head untranslated" test "$(head -1 "$OUT" | tr -d '\r')" = \
	"path,organisation,kbo,route,step,since,days,overdue,next,error"
out_has "vraag het productiecertificaat"
# The help, in both languages; with LANG=C the English stays.
run 0 "$COT" --lang nl status --help
out_has "één regel per project"
run 0 "$COT" --lang fr status --help
out_has "une ligne par projet"
run 1 env LANG=C LC_ALL=C "$COT" status org
out_has "FOLDER"
out_has "error: 'org/weg' is a symbolic link to nothing"
out_lacks "MAP "
finish
