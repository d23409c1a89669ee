#!/usr/bin/env python3
"""An RFC 3161 TSA on 127.0.0.1 for the tests: OpenSSL's own 'openssl ts -reply' answers.

usage: tsa-server.py PORT PKIDIR [MODE]
PKIDIR is made by tsa-pki.sh's tsa_make. A request's path may name the mode (POST /future),
else MODE (default good). Each request is logged to PKIDIR/requests.log as
"MODE CONTENT-TYPE LENGTH". Modes:
  good           the TSA's answer to the query
  other-ca       the answer of a TSA of another CA
  wrong-imprint  the answer to another query (other bytes, the same nonce)
  another-tsa    the token signed again by a certificate without timeStamping
  future         a token dated two days ahead (faketime)
  reject         status rejection (systemFailure)
  huge           200 with 10 MiB of zeros
  truncated      half of the good answer
  slow           the good answer after 30 s
  garbage        an HTML page
"""
import hashlib
import http.server
import os
import subprocess
import sys
import tempfile
import time

PKI = sys.argv[2]
DEFAULT = sys.argv[3] if len(sys.argv) > 3 else "good"
MODES = {"good", "other-ca", "wrong-imprint", "another-tsa", "future", "reject", "huge",
         "truncated", "slow", "garbage"}


def tlv(tag, content):
    n = len(content)
    if n < 0x80:
        head = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + head + content


def parse(data, off):
    """(header length, content length) of the TLV at off."""
    n = data[off + 1]
    if n < 0x80:
        return 2, n
    k = n & 0x7F
    return 2 + k, int.from_bytes(data[off + 2:off + 2 + k], "big")


def reply(query, section="good", shift=None):
    with tempfile.TemporaryDirectory() as d:
        q, r = os.path.join(d, "q.tsq"), os.path.join(d, "r.tsr")
        with open(q, "wb") as f:
            f.write(query)
        cmd = ["openssl", "ts", "-reply", "-config", os.path.join(PKI, "tsa.cnf"), "-section",
               section, "-queryfile", q, "-out", r]
        if shift:
            cmd = ["faketime", "-f", shift] + cmd
        subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
        with open(r, "rb") as f:
            return f.read()


def resign(resp):
    """The response with its token's TSTInfo signed by noeku.pem instead."""
    h, _ = parse(resp, 0)
    sh, sl = parse(resp, h)
    status, token = resp[h:h + sh + sl], resp[h + sh + sl:]
    with tempfile.TemporaryDirectory() as d:
        t, i, o = (os.path.join(d, x) for x in ("t.der", "i.der", "o.der"))
        with open(t, "wb") as f:
            f.write(token)
        subprocess.run(["openssl", "cms", "-verify", "-noverify", "-inform", "DER", "-in", t,
                        "-out", i], check=True, stderr=subprocess.DEVNULL)
        subprocess.run(["openssl", "cms", "-sign", "-binary", "-nodetach", "-cades",
                        "-nosmimecap", "-md", "sha256", "-econtent_type",
                        "1.2.840.113549.1.9.16.1.4", "-in", i, "-signer",
                        os.path.join(PKI, "noeku.pem"), "-inkey", os.path.join(PKI, "noeku.key"),
                        "-outform", "DER", "-out", o], check=True, stderr=subprocess.DEVNULL)
        with open(o, "rb") as f:
            return tlv(0x30, status + f.read())


def other_imprint(query):
    """The query with another SHA-256 in its imprint: the nonce stays."""
    at = query.index(b"\x04\x20") + 2
    return query[:at] + hashlib.sha256(b"other bytes").digest() + query[at + 32:]


def answer(mode, query):
    if mode == "other-ca":
        return reply(query, "other")
    if mode == "wrong-imprint":
        return reply(other_imprint(query))
    if mode == "another-tsa":
        return resign(reply(query))
    if mode == "future":
        return reply(query, shift="+2d")
    if mode == "reject":
        info = tlv(0x02, b"\x02") + tlv(0x30, tlv(0x0C, b"the test TSA is closed")) + \
            tlv(0x03, b"\x06\x40")
        return tlv(0x30, tlv(0x30, info))
    if mode == "huge":
        return bytes(10 << 20)
    if mode == "truncated":
        r = reply(query)
        return r[:len(r) // 2]
    if mode == "slow":
        time.sleep(30)
    if mode == "garbage":
        return b"<html><body>Service Unavailable</body></html>"
    return reply(query)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        mode = self.path.strip("/") or DEFAULT
        mode = mode if mode in MODES else DEFAULT
        n = int(self.headers.get("Content-Length", "0"))
        query = self.rfile.read(min(n, 1 << 16))
        ctype = self.headers.get("Content-Type", "")
        with open(os.path.join(PKI, "requests.log"), "a") as log:
            log.write(f"{mode} {ctype} {len(query)}\n")
        try:
            body = answer(mode, query)
        except (subprocess.CalledProcessError, ValueError):
            self.send_error(400)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
