#!/usr/bin/env python3
"""Takes a CAdES signature apart without cot: its signature value and its signature timestamp.

usage: cades-ts.py SIGNATURE.p7s TOKEN_OUT VALUE_OUT
Writes the id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14) of the only SignerInfo
as DER to TOKEN_OUT and the SignerInfo's signature value to VALUE_OUT; exit 1 without one.
"""
import sys

TS_OID = bytes.fromhex("060b2a864886f70d010910020e")


def items(data, off, end):
    """The TLVs between off and end: (tag, start, content start, end)."""
    out = []
    while off < end:
        tag, n = data[off], data[off + 1]
        hl = 2
        if n >= 0x80:
            k = n & 0x7F
            n = int.from_bytes(data[off + 2:off + 2 + k], "big")
            hl += k
        out.append((tag, off, off + hl, off + hl + n))
        off += hl + n
    return out


def kids(data, t):
    return items(data, t[2], t[3])


def main():
    data = open(sys.argv[1], "rb").read()
    ci = items(data, 0, len(data))[0]
    sd = kids(data, kids(data, ci)[1])[0]
    signer_infos = [t for t in kids(data, sd) if t[0] == 0x31][-1]
    si = kids(data, signer_infos)
    if len(si) != 1:
        sys.exit("not one SignerInfo")
    parts = kids(data, si[0])
    value = [t for t in parts if t[0] == 0x04][0]
    unsigned = [t for t in parts if t[0] == 0xA1]
    for attr in kids(data, unsigned[0]) if unsigned else []:
        oid, values = kids(data, attr)
        if data[oid[1]:oid[3]] == TS_OID:
            token = kids(data, values)[0]
            open(sys.argv[2], "wb").write(data[token[1]:token[3]])
            open(sys.argv[3], "wb").write(data[value[2]:value[3]])
            return
    sys.exit("no signature timestamp")


main()
