#!/usr/bin/env python3
"""OCSP responders on 127.0.0.1 for test-revoc.c (started by with-revoc.sh).

usage: ocsp-server.py PORT file PATH
         POST /  200 with the bytes PATH holds at that moment (the test writes
                 garbage, truncated, huge or wrongly signed answers there)
       ocsp-server.py PORT openssl ARGS...
         POST /  the request goes to `openssl ocsp ARGS -reqin REQ -respout RESP`
                 (ARGS: -index, -CA, -rsigner, -rkey, -ndays): openssl answers,
                 nonce copied; this server only carries it over HTTP, bound to
                 127.0.0.1 (openssl ocsp -port listens on every interface)
"""
import http.server
import os
import subprocess
import sys
import tempfile

port, mode, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]


def answer_file():
    try:
        with open(args[0], "rb") as f:
            return f.read()
    except OSError:
        return b""


def answer_openssl(request):
    with tempfile.TemporaryDirectory() as d:
        req, resp = os.path.join(d, "req.der"), os.path.join(d, "resp.der")
        with open(req, "wb") as f:
            f.write(request)
        subprocess.run(["openssl", "ocsp"] + args + ["-reqin", req, "-respout", resp],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        try:
            with open(resp, "rb") as f:
                return f.read()
        except OSError:
            return b""


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        request = self.rfile.read(min(n, 1 << 16))
        body = answer_file() if mode == "file" else answer_openssl(request)
        self.send_response(200)
        self.send_header("Content-Type", "application/ocsp-response")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
