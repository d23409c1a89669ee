#!/usr/bin/env python3
"""A plain HTTP server on 127.0.0.1 for the POST tests of test-http.c (started by with-https.sh).

usage: http-echo.py PORT
  POST /echo       200, the body: the Content-Type received, a newline, the body received
  POST /flaky/KEY  503 for the first two requests with this KEY, then 200 "ok"
  POST /down       503 always
  POST /moved      302 to /echo (a POST follows no redirect)
  POST /big        200 with 100,000 bytes
  GET  /hello      200 "hello"
"""
import http.server
import sys

seen = {}


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(min(n, 1 << 20))
        if self.path == "/echo":
            ctype = self.headers.get("Content-Type", "").encode()
            self.answer(200, ctype + b"\n" + body)
        elif self.path.startswith("/flaky/"):
            seen[self.path] = seen.get(self.path, 0) + 1
            self.answer(503 if seen[self.path] <= 2 else 200, b"ok")
        elif self.path == "/down":
            self.answer(503, b"down")
        elif self.path == "/moved":
            self.answer(302, b"", [("Location", "/echo")])
        elif self.path == "/big":
            self.answer(200, b"x" * 100000)
        else:
            self.answer(404, b"no such path")

    def do_GET(self):
        self.answer(200 if self.path == "/hello" else 404, b"hello")

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
