#!/usr/bin/python3
"""Checks a cot journal (or whitelist history) on its own, without cot: every line a
JSON record with seq 1, 2, ..., each "prev" the SHA-256 of the line before (64 zeros
first), and the head file "SEQ HASH" naming a record that is there with that hash.

usage: chain.py JOURNAL HEAD      exit 0 intact, 1 not (the reason on stderr)
"""
import hashlib
import json
import os
import sys


def main(journal, head):
    prev = "0" * 64
    hashes = {}
    lines = []
    if os.path.exists(journal):
        with open(journal, "rb") as f:
            data = f.read()
        if data and not data.endswith(b"\n"):
            return "the last line is not whole"
        lines = data.split(b"\n")[:-1] if data else []
    for n, line in enumerate(lines, 1):
        try:
            rec = json.loads(line)
        except ValueError as e:
            return "line %d is not JSON: %s" % (n, e)
        if rec.get("seq") != n:
            return "line %d has seq %r" % (n, rec.get("seq"))
        if rec.get("prev") != prev:
            return "line %d does not chain to the line before" % n
        prev = hashlib.sha256(line).hexdigest()
        hashes[n] = prev
    if not os.path.exists(head):
        return "no head" if lines else None
    with open(head) as f:
        parts = f.read().split()
    if len(parts) != 2 or not parts[0].isdigit():
        return "the head is malformed"
    seq = int(parts[0])
    if hashes.get(seq) != parts[1]:
        return "the head names record %d, which is not there as it was" % seq
    return None


if __name__ == "__main__":
    why = main(sys.argv[1], sys.argv[2])
    if why:
        print("%s: %s" % (sys.argv[1], why), file=sys.stderr)
        sys.exit(1)
