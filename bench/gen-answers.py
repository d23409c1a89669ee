#!/usr/bin/python3
"""gen-answers.py SET DIR N: N valid answer files to the requirement set SET in DIR.

Deterministic (seeded). Each file answers every requirement of the set for
route direct, kind organisation, as a real one would after months of work:
statuses, owners, one to three evidence paths, review dates, notes, some
waivers, not-applicable where allowed; about 25 KB each.
"""
import os
import random
import sys

import yaml


def main(set_path, out, n):
    doc = yaml.safe_load(open(set_path, encoding="utf-8"))
    reqs = [r for r in doc["requirements"]
            if "direct" in r["applies_to"]["routes"]
            and "organisation" in r["applies_to"]["kinds"]]
    owners = ["Jan Peeters", "An Maes", "Marc Dubois", "Els Wouters", "Sofie Claes",
              "Claire Lambert", "Pierre Renard"]
    words = ("policy procedure record register review access log backup restore test "
             "supplier contract training awareness encryption server network incident "
             "continuity management approval yearly quarterly").split()
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(20261122)
    for i in range(n):
        lines = ["# yaml-language-server: $schema=../../checklists/schema/answers.schema.json",
                 "format: cot.answers/1",
                 'requirements: {id: "%s", version: "%s"}' % (doc["id"], doc["version"]),
                 "organisation:",
                 '  name: "Woonzorgcentrum %d vzw"' % i,
                 '  kbo: "0123456749"',
                 "answers:"]
        for r in reqs:
            rid = r["id"]
            lines.append("  %s:" % rid)
            if r["not_applicable"] and rnd.random() < 0.3:
                lines.append("    status: not-applicable")
                lines.append('    justification: "%s"' % " ".join(rnd.choice(words) for _ in range(14)))
                lines.append("    reviewed: 2026-%02d-%02d" % (rnd.randint(1, 6), rnd.randint(1, 28)))
                continue
            status = rnd.choice(["compliant"] * 7 + ["partial", "planned", "non-compliant"])
            lines.append("    status: %s" % status)
            lines.append('    owner: "%s"' % rnd.choice(owners))
            lines.append("    evidence:")
            for k in range(rnd.randint(1, 3)):
                lines.append("      - evidence/%s/%s-%d-%s.pdf"
                             % (r["category"], rid.lower(), k, rnd.choice(words)))
            lines.append("    reviewed: 2026-%02d-%02d" % (rnd.randint(1, 6), rnd.randint(1, 28)))
            lines.append('    note: "%s"' % " ".join(rnd.choice(words) for _ in range(rnd.randint(6, 20))))
            if status != "compliant" and rnd.random() < 0.5:
                lines.append("    waiver:")
                lines.append('      justification: "%s"' % " ".join(rnd.choice(words) for _ in range(16)))
                lines.append('      approver: "%s, general manager"' % rnd.choice(owners))
                lines.append("      expires: 2026-12-31")
        with open(os.path.join(out, "answers-%03d.yaml" % i), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: gen-answers.py SET DIR N")
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
