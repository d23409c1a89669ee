#!/usr/bin/python3
"""Writes PDFs that hide bytes for the key tests (tests/cli/test-keys.sh), with zlib.

usage:
  keys-pdf.py flate OUT FILE      FILE's bytes in a FlateDecode content stream
  keys-pdf.py embedded OUT FILE   FILE's bytes, after 1001 bytes of text, in a deflated /EmbeddedFile
  keys-pdf.py clean OUT           a PDF with a deflated text stream and nothing else
  keys-pdf.py encr OUT            a PDF whose trailer names /Encr#79pt (the name /Encrypt escaped)
  keys-pdf.py append OUT FILE     '%PDF-1.4' and 1001 bytes of text, then FILE's bytes (at an odd offset)
"""
import sys
import zlib


def pdf(objects, trailer_extra=b''):
    out = bytearray(b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b'%d 0 obj\n' % i + body + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objects) + 1)
    for off in offsets:
        out += b'%010d 00000 n \n' % off
    out += b'trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n' % (
        len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def stream(data, dict_extra=b''):
    z = zlib.compress(data, 9)
    return b'<< %s/Length %d /Filter /FlateDecode >>\nstream\n' % (dict_extra, len(z)) + z + \
        b'\nendstream'


BASE = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [] /Count 0 >>']
TEXT = (b'BT /F1 12 Tf 72 712 Td (the contract between the parties) Tj ET\n' * 16)[:1001]


def main():
    kind, out = sys.argv[1], sys.argv[2]
    data = open(sys.argv[3], 'rb').read() if len(sys.argv) > 3 else b''
    if kind == 'flate':
        doc = pdf(BASE + [stream(TEXT + data + TEXT)])
    elif kind == 'embedded':
        doc = pdf(BASE + [stream(TEXT + data, b'/Type /EmbeddedFile '),
                          b'<< /Type /Filespec /F (notes.bin) /EF << /F 3 0 R >> >>'])
    elif kind == 'clean':
        doc = pdf(BASE + [stream(TEXT)])
    elif kind == 'encr':
        doc = pdf(BASE + [b'<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <00> /U <00> >>'],
                  b'/Encr#79pt 3 0 R /ID [<01> <01>] ')
    elif kind == 'append':
        doc = b'%PDF-1.4\n' + TEXT + data
    else:
        sys.exit('keys-pdf.py: unknown kind ' + kind)
    open(out, 'wb').write(doc)


main()
