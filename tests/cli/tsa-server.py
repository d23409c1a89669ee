#!/usr/bin/python3
"""A time-stamping authority on 127.0.0.1 for the tests: each POSTed query is answered by
'openssl ts -reply' with the test TSA of tests/cli/tsa-pki.sh.

usage: tsa-server.py DIR PORTFILE   (DIR: made by tsa_make; the port is written to PORTFILE)
"""
import http.server
import os
import subprocess
import sys
import tempfile

MAX_QUERY = 64 << 10


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get('Content-Length', '0'))
        if n <= 0 or n > MAX_QUERY:
            self.send_error(413)
            return
        query = self.rfile.read(n)
        with tempfile.TemporaryDirectory() as t:
            q, r = os.path.join(t, 'q.tsq'), os.path.join(t, 'r.tsr')
            open(q, 'wb').write(query)
            rc = subprocess.call(['openssl', 'ts', '-reply', '-config',
                                  os.path.join(sys.argv[1], 'tsa.cnf'), '-section', 'good',
                                  '-queryfile', q, '-out', r], cwd=sys.argv[1],
                                 stderr=subprocess.DEVNULL)
            if rc != 0:
                self.send_error(500)
                return
            body = open(r, 'rb').read()
        self.send_response(200)
        self.send_header('Content-Type', 'application/timestamp-reply')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
with open(sys.argv[2] + '.tmp', 'w') as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[2] + '.tmp', sys.argv[2])
server.serve_forever()
