#!/usr/bin/python3
"""Rewrites a zip archive byte by byte with a writer that can lie about its headers.

usage: ziplie.py KIND IN OUT

KIND (each a copy of IN with one thing wrong, or right in an unusual way):
  same               the entries rewritten as they are (the writer itself is honest)
  dd-sig dd-nosig    every entry with a data descriptor (flag bit 3), with or without its
  dd-zip64           signature, or with 8-byte sizes after a zip64 local field: all valid
  hidden             a second local entry named like the first document, with other bytes,
                     absent from the central directory, just before the real one
  gap                16 bytes of nothing between two entries
  overlap            submission.xml's compressed size 40 bytes longer in both headers
  shared             one more central entry that points at submission.xml's local header
  name flags method crc csize usize
                     submission.xml's local header disagrees on that field
  dd-lie             with data descriptors; submission.xml's says another CRC
  trailing           bytes after the end of central directory record
  unicode-path       submission.xml carries an Info-ZIP Unicode Path field naming another file
  bomb2048           2,048 more entries of 1 MiB of zeros each (2 GiB from about 2 MB)
  cp437              one more entry 'documents/r\\x82sum\\x82.pdf' without the UTF-8 flag
  overlong           one more entry whose name holds an overlong '/' (C0 AF)
  c1 bidi            one more entry whose name holds U+0085, or U+202E
  casedup nfkcdup    one more entry 'SUBMISSION.XML', or 'ｓubmission.xml' (fullwidth s)
"""
import struct
import sys
import zipfile
import zlib

LOCAL, CENTRAL, EOCD, DD = 0x04034b50, 0x02014b50, 0x06054b50, 0x08074b50
UTF8 = 1 << 11
DATE, TIME = 0x5c21, 0


def deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def entry(name, data, method, flags=0):
    if isinstance(name, str):
        raw = name.encode()
        flags |= UTF8 if any(b > 0x7f for b in raw) else 0
        name = raw
    comp = deflate(data) if method == zipfile.ZIP_DEFLATED else data
    return {'name': name, 'comp': comp, 'method': method, 'flags': flags,
            'crc': zlib.crc32(data), 'size': len(data), 'dd': None, 'hidden': False,
            'local': {}, 'lextra': b'', 'cextra': b'', 'before': b'', 'at': None}


def read(path):
    with zipfile.ZipFile(path) as z:
        return [entry(i.filename, z.read(i.filename), i.compress_type) for i in z.infolist()]


def local_bytes(e):
    f = dict(flags=e['flags'], method=e['method'], crc=e['crc'], csize=len(e['comp']),
             usize=e['size'], name=e['name'])
    extra = e['lextra']
    if e['dd']:
        f['flags'] |= 1 << 3
        f.update(crc=0, csize=0, usize=0)
        if e['dd'] == 'zip64':
            f.update(csize=0xffffffff, usize=0xffffffff)
            extra = struct.pack('<HHQQ', 1, 16, 0, 0) + extra
    f.update(e['local'])
    head = struct.pack('<IHHHHHIIIHH', LOCAL, 45 if e['dd'] == 'zip64' else 20, f['flags'],
                       f['method'], TIME, DATE, f['crc'], f['csize'], f['usize'],
                       len(f['name']), len(extra))
    out = head + f['name'] + extra + e['comp']
    if e['dd']:
        crc = e.get('dd_crc', e['crc'])
        sizes = struct.pack('<QQ' if e['dd'] == 'zip64' else '<II', len(e['comp']), e['size'])
        sig = struct.pack('<I', DD) if e['dd'] in ('sig', 'zip64') else b''
        out += sig + struct.pack('<I', crc) + sizes
    return out


def central_bytes(e, offset):
    flags = e['flags'] | (1 << 3 if e['dd'] else 0)
    csize, usize, extra = e.get('ccsize', len(e['comp'])), e['size'], e['cextra']
    if e['dd'] == 'zip64':
        extra = struct.pack('<HHQQ', 1, 16, usize, csize) + extra
        csize = usize = 0xffffffff
    return struct.pack('<IHHHHHHIIIHHHHHII', CENTRAL, 0x031e, 45 if e['dd'] == 'zip64' else 20,
                       flags, e['method'], TIME, DATE, e['crc'], csize, usize, len(e['name']),
                       len(extra), 0, 0, 0, 0o100644 << 16, offset) + e['name'] + extra


def build(entries, extra_central=(), trailing=b''):
    out = bytearray()
    listed = []
    for e in entries:
        out += e['before']
        offset = len(out)
        out += local_bytes(e)
        if not e['hidden']:
            listed.append((e, offset))
    for e, target in extra_central:
        listed.append((e, dict((id(x), o) for x, o in listed)[id(target)]))
    cd = len(out)
    for e, offset in listed:
        out += central_bytes(e, offset)
    out += struct.pack('<IHHHHIIH', EOCD, 0, 0, len(listed), len(listed), len(out) - cd, cd, 0)
    return bytes(out + trailing)


def find(entries, name):
    return [e for e in entries if e['name'] == name.encode()][0]


def main(kind, src, out):
    es = read(src)
    extra_central, trailing = [], b''
    sub = find(es, 'submission.xml')
    if kind in ('dd-sig', 'dd-nosig', 'dd-zip64', 'dd-lie'):
        for e in es[1:]:  # mimetype, first, stays as ASiC wants it
            e['dd'] = {'dd-nosig': 'nosig', 'dd-zip64': 'zip64'}.get(kind, 'sig')
        if kind == 'dd-lie':
            sub['dd_crc'] = sub['crc'] ^ 1
    elif kind == 'hidden':
        doc = [e for e in es if e['name'].startswith(b'documents/')][0]
        fake = entry(doc['name'].decode(), b'%PDF-1.4\n% the hidden contract\n%%EOF\n',
                     zipfile.ZIP_STORED)
        fake['hidden'] = True
        es.insert(es.index(doc), fake)
    elif kind == 'gap':
        sub['before'] = b'\0' * 16
    elif kind == 'overlap':
        sub['local']['csize'] = sub['ccsize'] = len(sub['comp']) + 40
    elif kind == 'shared':
        other = entry('documents/extra.pdf', b'', zipfile.ZIP_STORED)
        other.update(comp=sub['comp'], method=sub['method'], crc=sub['crc'], size=sub['size'])
        extra_central.append((other, sub))
    elif kind in ('name', 'flags', 'method', 'crc', 'csize', 'usize'):
        sub['local'][kind] = {'name': b'submission.xmL', 'flags': sub['flags'] | 2,
                              'method': 0 if sub['method'] else 8, 'crc': sub['crc'] ^ 1,
                              'csize': len(sub['comp']) - 1, 'usize': sub['size'] + 1}[kind]
    elif kind == 'trailing':
        trailing = b'after the end record'
    elif kind == 'unicode-path':
        alt = b'documents/other.pdf'
        field = struct.pack('<BI', 1, zlib.crc32(sub['name'])) + alt
        sub['lextra'] = sub['cextra'] = struct.pack('<HH', 0x7075, len(field)) + field
    elif kind == 'bomb2048':
        zeros = b'\0' * (1 << 20)
        comp = deflate(zeros)
        for k in range(2048):
            e = entry('bomb/%04d' % k, b'', zipfile.ZIP_DEFLATED)
            e.update(comp=comp, crc=zlib.crc32(zeros), size=len(zeros))
            es.append(e)
    elif kind == 'cp437':
        es.append(entry(b'documents/r\x82sum\x82.pdf', b'%PDF-1.4\n', zipfile.ZIP_STORED))
    elif kind == 'overlong':
        es.append(entry(b'documents\xc0\xafx.pdf', b'%PDF-1.4\n', zipfile.ZIP_STORED, UTF8))
    elif kind in ('c1', 'bidi', 'casedup', 'nfkcdup'):
        name = {'c1': 'documents/a\u0085b.pdf', 'bidi': 'documents/contract\u202efdp.exe',
                'casedup': 'SUBMISSION.XML', 'nfkcdup': '\uff53ubmission.xml'}[kind]
        es.append(entry(name, b'%PDF-1.4\n', zipfile.ZIP_STORED))
    elif kind != 'same':
        raise SystemExit(__doc__)
    data = build(es, extra_central, trailing)
    with open(out, 'wb') as f:
        f.write(data)


if __name__ == '__main__':
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
