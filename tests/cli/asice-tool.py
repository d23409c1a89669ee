#!/usr/bin/python3
"""Makes and inspects ASiC-E containers for the bundle and verify tests, with Python's zipfile.

usage:
  asice-tool.py replace IN OUT NAME FILE   copy IN with entry NAME's bytes taken from FILE
  asice-tool.py add IN OUT NAME FILE       copy IN with one more entry NAME (deflated)
  asice-tool.py reorder IN OUT             copy IN with 'mimetype' moved last (as some tools do)
  asice-tool.py rename IN OUT OLD NEW      copy IN with entry OLD called NEW
  asice-tool.py rehash IN OUT NAME FILE... copy IN with each entry NAME's bytes taken from FILE
                                           and its digest in the manifest updated (the
                                           manifest must then be signed again)
  asice-tool.py hostile KIND IN OUT        a hostile variant of container IN (see KINDS)
  asice-tool.py first IN                   print the first entry's name, method and extra length
  asice-tool.py digests IN                 check every manifest digest against the entry (exit 1)
  asice-tool.py names IN                   print the entry names, one per line
  asice-tool.py nokey DIR SECRET...        no file under DIR holds "PRIVATE KEY" or a 32-byte
                                           slice of a SECRET file (DER key, keystore) (exit 1)

Nothing here is a fixture: every hostile archive is made at test time from a good one.
"""
import base64
import hashlib
import io
import struct
import sys
import zipfile
import xml.etree.ElementTree as ET

ASIC = '{http://uri.etsi.org/02918/v1.2.1#}'
DS = '{http://www.w3.org/2000/09/xmldsig#}'


def entries(path):
    with zipfile.ZipFile(path) as z:
        return [(i, z.read(i.filename)) for i in z.infolist()]


def write(out, items):
    """items: (ZipInfo or name, data, compress_type)."""
    with zipfile.ZipFile(out, 'w') as z:
        for info, data, method in items:
            if isinstance(info, str):
                info = zipfile.ZipInfo(info, date_time=(2026, 1, 1, 0, 0, 0))
            else:
                info = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            info.compress_type = method
            z.writestr(info, data)


def copy_with(src, out, name=None, data=None, extra=None):
    items = []
    for info, old in entries(src):
        if info.filename == name:
            old = data
        items.append((info, old, info.compress_type))
    if extra:
        items.append((extra[0], extra[1], zipfile.ZIP_DEFLATED))
    write(out, items)


def patch_central(buf, name, field_offset, value, fmt='<I'):
    """Sets a field of NAME's central directory header (offsets from the header start)."""
    pos = 0
    while True:
        pos = buf.find(b'PK\x01\x02', pos)
        if pos < 0:
            raise SystemExit('no central header for ' + name)
        nlen = struct.unpack_from('<H', buf, pos + 28)[0]
        if bytes(buf[pos + 46:pos + 46 + nlen]) == name.encode():
            struct.pack_into(fmt, buf, pos + field_offset, value)
            return
        pos += 4


def patch_local(buf, name, field_offset, value, fmt='<I'):
    pos = 0
    while True:
        pos = buf.find(b'PK\x03\x04', pos)
        if pos < 0:
            raise SystemExit('no local header for ' + name)
        nlen = struct.unpack_from('<H', buf, pos + 26)[0]
        if bytes(buf[pos + 30:pos + 30 + nlen]) == name.encode():
            struct.pack_into(fmt, buf, pos + field_offset, value)
            return
        pos += 4


def hostile(kind, src, out):
    items = [(i, d, i.compress_type) for i, d in entries(src)]
    if kind == 'traversal':
        items.append(('../../evil.txt', b'escaped', zipfile.ZIP_DEFLATED))
    elif kind == 'absolute':
        items.append(('/tmp/cot-evil-absolute.txt', b'escaped', zipfile.ZIP_DEFLATED))
    elif kind == 'backslash':
        items.append(('..\\evil.txt', b'escaped', zipfile.ZIP_DEFLATED))
    elif kind == 'symlink':
        info = zipfile.ZipInfo('documents/link.pdf', date_time=(2026, 1, 1, 0, 0, 0))
        info.create_system = 3
        info.external_attr = (0o120777 << 16)
        items.append((info, b'/etc/passwd', zipfile.ZIP_STORED))
        write(out, items[:-1])
        with zipfile.ZipFile(out, 'a') as z:
            z.writestr(info, b'/etc/passwd')
        return
    elif kind == 'duplicate':
        name = [i.filename for i, _, _ in items if i.filename.startswith('documents/')][0]
        items.append((name, b'%PDF-1.4 another\n', zipfile.ZIP_STORED))
    elif kind == 'bomb':
        items.append(('bomb.txt', b'\0' * (64 << 20), zipfile.ZIP_DEFLATED))
    elif kind == 'many':
        items += [('n/%05d' % k, b'', zipfile.ZIP_STORED) for k in range(10001)]
    if kind in ('traversal', 'absolute', 'backslash', 'duplicate', 'bomb', 'many'):
        import warnings
        warnings.simplefilter('ignore')
        write(out, items)
        return
    buf = bytearray(open(src, 'rb').read())
    if kind == 'sizelie':
        # submission.xml claims to be one byte long in both headers: it holds more.
        patch_central(buf, 'submission.xml', 24, 1)
        patch_local(buf, 'submission.xml', 22, 1)
    elif kind == 'encrypted':
        patch_central(buf, 'submission.xml', 8, 1, '<H')
        patch_local(buf, 'submission.xml', 6, 1, '<H')
    elif kind == 'truncated':
        buf = buf[:len(buf) // 2]
    elif kind == 'stub':
        buf = bytearray(b'#!/bin/sh\necho a self-extracting stub\nexit 0\n' * 20) + buf
    elif kind == 'trailing':
        buf += b'garbage after the end of the archive'
    else:
        raise SystemExit('unknown kind ' + kind)
    open(out, 'wb').write(buf)


def first(path):
    with zipfile.ZipFile(path) as z:
        i = z.infolist()[0]
    raw = open(path, 'rb').read(30)
    local_extra = struct.unpack_from('<H', raw, 28)[0]
    print(i.filename, i.compress_type, len(i.extra), local_extra)


def rehash(src, out, pairs):
    """Replaces entries and rewrites their manifest digests, keeping the manifest's bytes
    otherwise (a text substitution of the base64 digest)."""
    new = {name: open(f, 'rb').read() for name, f in pairs}
    items = entries(src)
    old = dict((i.filename, d) for i, d in items)
    manifest = old['META-INF/ASiCManifest.xml'].decode()
    for name, data in new.items():
        was = base64.b64encode(hashlib.sha256(old[name]).digest()).decode()
        now = base64.b64encode(hashlib.sha256(data).digest()).decode()
        if was not in manifest:
            raise SystemExit('no digest of %s in the manifest' % name)
        manifest = manifest.replace(was, now)
    new['META-INF/ASiCManifest.xml'] = manifest.encode()
    write(out, [(i, new.get(i.filename, d), i.compress_type) for i, d in items])


def digests(path):
    bad = 0
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read('META-INF/ASiCManifest.xml'))
        n = 0
        for ref in root.iter(ASIC + 'DataObjectReference'):
            uri = ref.get('URI')
            want = base64.b64decode(ref.find(DS + 'DigestValue').text)
            got = hashlib.sha256(z.read(uri)).digest()
            n += 1
            if want != got:
                print('digest differs:', uri)
                bad += 1
    print(n, 'digests checked')
    sys.exit(1 if bad or not n else 0)


def nokey(top, secrets):
    import os
    slices = []
    for path in secrets:
        data = open(path, 'rb').read()
        slices += [data[i:i + 32] for i in range(len(data) // 4, len(data) - 32, len(data) // 4)]
    found = 0
    for d, _, files in os.walk(top):
        for f in files:
            data = open(os.path.join(d, f), 'rb').read()
            if b'PRIVATE KEY' in data or any(s in data for s in slices):
                print('key material in', os.path.join(d, f))
                found += 1
    sys.exit(1 if found else 0)


def main(argv):
    cmd = argv[1]
    if cmd == 'replace':
        copy_with(argv[2], argv[3], argv[4], open(argv[5], 'rb').read())
    elif cmd == 'add':
        copy_with(argv[2], argv[3], extra=(argv[4], open(argv[5], 'rb').read()))
    elif cmd == 'reorder':
        items = [(i, d, i.compress_type) for i, d in entries(argv[2])]
        items = [x for x in items if x[0].filename != 'mimetype'] + \
            [x for x in items if x[0].filename == 'mimetype']
        write(argv[3], items)
    elif cmd == 'rename':
        items = []
        for i, d in entries(argv[2]):
            info = zipfile.ZipInfo(argv[5] if i.filename == argv[4] else i.filename,
                                   date_time=i.date_time)
            items.append((info, d, i.compress_type))
        write(argv[3], items)
    elif cmd == 'rehash':
        rest = argv[4:]
        rehash(argv[2], argv[3], list(zip(rest[0::2], rest[1::2])))
    elif cmd == 'hostile':
        hostile(argv[2], argv[3], argv[4])
    elif cmd == 'first':
        first(argv[2])
    elif cmd == 'digests':
        digests(argv[2])
    elif cmd == 'nokey':
        nokey(argv[2], argv[3:])
    elif cmd == 'names':
        with zipfile.ZipFile(argv[2]) as z:
            for i in z.infolist():
                print(i.filename)
    else:
        raise SystemExit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
