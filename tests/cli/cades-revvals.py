#!/usr/bin/env python3
"""Rewrites a CAdES signature's revocation-values without cot: for hostile B-LT tests.

usage: cades-revvals.py SIGNATURE.p7s OCSP.der OUT.p7s
Replaces the value of the only SignerInfo's id-aa-ets-revocationValues attribute
(1.2.840.113549.1.9.16.2.24) with RevocationValues { ocspVals [1] { the BasicOCSPResponse of
OCSP.der } } (OCSP.der an OCSPResponse), and writes the signature, lengths re-encoded, to
OUT.p7s. The signed part is untouched. Exit 1 when the signature has no such attribute.
"""
import sys

RV_OID = bytes.fromhex("060b2a864886f70d0109100218")


def tlv(data, off):
    """(tag, content start, end) of the TLV at off."""
    tag, n = data[off], data[off + 1]
    hl = 2
    if n >= 0x80:
        k = n & 0x7F
        n = int.from_bytes(data[off + 2:off + 2 + k], "big")
        hl += k
    return tag, off + hl, off + hl + n


def kids(data, start, end):
    out, off = [], start
    while off < end:
        t = tlv(data, off)
        out.append((t[0], off, t[1], t[2]))
        off = t[2]
    return out


def enc(tag, content):
    n = len(content)
    if n < 0x80:
        head = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + head + content


def rewrite(data, node, path, new):
    """data's TLV node with the descendant at path (child indexes) replaced by new bytes."""
    tag, start, cstart, end = node
    if not path:
        return new
    parts = kids(data, cstart, end)
    body = b"".join(rewrite(data, k, path[1:], new) if i == path[0] else data[k[1]:k[3]]
                    for i, k in enumerate(parts))
    return enc(tag, body)


def basic_of(resp):
    """The BasicOCSPResponse DER inside a DER OCSPResponse."""
    top = kids(resp, 0, len(resp))[0]
    bytes_ = kids(resp, top[2], top[3])[1]          # [0] EXPLICIT ResponseBytes
    rb = kids(resp, bytes_[2], bytes_[3])[0]
    octets = kids(resp, rb[2], rb[3])[1]
    return resp[octets[2]:octets[3]]


def main():
    data = open(sys.argv[1], "rb").read()
    basic = basic_of(open(sys.argv[2], "rb").read())
    values = enc(0x30, enc(0xA1, enc(0x30, basic)))
    ci = kids(data, 0, len(data))[0]
    content = kids(data, ci[2], ci[3])[1]
    sd = kids(data, content[2], content[3])[0]
    sd_kids = kids(data, sd[2], sd[3])
    sis_i = max(i for i, k in enumerate(sd_kids) if k[0] == 0x31)
    si = kids(data, sd_kids[sis_i][2], sd_kids[sis_i][3])[0]
    parts = kids(data, si[2], si[3])
    ua_i = [i for i, k in enumerate(parts) if k[0] == 0xA1]
    if not ua_i:
        sys.exit("no unsigned attributes")
    attrs = kids(data, parts[ua_i[0]][2], parts[ua_i[0]][3])
    for a_i, attr in enumerate(attrs):
        oid, vals = kids(data, attr[2], attr[3])
        if data[oid[1]:oid[3]] == RV_OID:
            path = [1, 0, sis_i, 0, ua_i[0], a_i, 1, 0]
            out = rewrite(data, ci, path, values)
            open(sys.argv[3], "wb").write(out)
            return
    sys.exit("no revocation-values attribute")


main()
