#!/usr/bin/python3
"""A real SMTP server on 127.0.0.1 for cot's tests: aiosmtpd, delivering to a Maildir.

Run by /usr/bin/python3 (Debian's python3-aiosmtpd). Modes:
  --tls starttls   STARTTLS offered and required before MAIL (require_starttls)
  --tls smtps      TLS from the first byte (implicit TLS, ssl_context)
  --tls none       no TLS at all: a client that insists on TLS must refuse it
Failures, chosen by flags: --rcpt-550 (every RCPT refused), --rcpt-451 N and
--data-451 N (the first N RCPT / DATA deferred, then accepted), --drop-data N
(the first N DATA cut after some of the message arrived), --auth USER (login
required; the password is read from $SMTPD_PASSWORD).
Each message accepted is written byte for byte (after SMTP's dot-unstuffing,
which aiosmtpd undoes) into MAILDIR/new via MAILDIR/tmp. Events go to --log,
one line each. The port is written to --port-file once the server listens.
"""
import argparse
import asyncio
import mailbox
import os
import random
import signal
import socket
import ssl
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class State:
    def __init__(self, args):
        self.args = args
        self.rcpt_451 = args.rcpt_451
        self.data_451 = args.data_451
        self.drop_data = args.drop_data
        self.lock = threading.Lock()
        self.queued = 0

    def log(self, line):
        if self.args.log:
            with self.lock, open(self.args.log, 'a') as f:
                f.write(line + '\n')

    def take(self, name):
        with self.lock:
            left = getattr(self, name)
            if left > 0:
                setattr(self, name, left - 1)
                return True
            return False


class Handler:
    def __init__(self, state):
        self.state = state

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.state.args.rcpt_550:
            self.state.log('RCPT %s 550' % address)
            return '550 5.1.1 <%s>: Recipient address rejected: User unknown' % address
        if self.state.take('rcpt_451'):
            self.state.log('RCPT %s 451' % address)
            return '451 4.3.0 <%s>: Recipient address deferred: try again later' % address
        envelope.rcpt_tos.append(address)
        self.state.log('RCPT %s 250' % address)
        return '250 2.1.5 Ok'

    async def handle_DATA(self, server, session, envelope):
        if self.state.take('data_451'):
            self.state.log('DATA 451')
            return '451 4.3.0 Temporary failure: try again later'
        with self.state.lock:
            self.state.queued += 1
            qid = 'COT%04d' % self.state.queued
        deliver(self.state.args.maildir, envelope.original_content, qid)
        self.state.log('DATA 250 %s from=%s to=%s tls=%s auth=%s bytes=%d' % (
            qid, envelope.mail_from, ','.join(envelope.rcpt_tos),
            session.ssl is not None, bool(session.authenticated),
            len(envelope.original_content)))
        return '250 2.0.0 Ok: queued as %s' % qid


def deliver(maildir, content, qid):
    """Writes the message's exact bytes into maildir/tmp, then renames it into new/."""
    name = '%d.%s.%d.cot-test' % (time.time_ns(), qid, os.getpid())
    tmp = os.path.join(maildir, 'tmp', name)
    with open(tmp, 'wb') as f:
        f.write(content)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, os.path.join(maildir, 'new', name))


def make_smtp_class(state):
    class TestSMTP(SMTP):
        async def smtp_DATA(self, arg):
            if self.envelope.rcpt_tos and state.take('drop_data'):
                await self.push('354 End data with <CR><LF>.<CR><LF>')
                got = await self._reader.read(4096)
                state.log('DATA dropped after %d bytes' % len(got))
                self.transport.abort()
                while await self._reader.read(65536):  # what was buffered: never a command
                    pass
                return
            return await super().smtp_DATA(arg)
    return TestSMTP


class TestController(Controller):
    def __init__(self, state, smtp_class, **kwargs):
        self.smtp_class = smtp_class
        super().__init__(Handler(state), **kwargs)

    def factory(self):
        return self.smtp_class(self.handler, **self.SMTP_kwargs)


def authenticator(state):
    want_user = state.args.auth
    want_password = os.environ.get('SMTPD_PASSWORD', '')

    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and
              auth_data.login.decode() == want_user and
              auth_data.password.decode() == want_password)
        state.log('AUTH %s %s' % (mechanism, 'ok' if ok else 'refused'))
        return AuthResult(success=ok, handled=False)
    return check


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--maildir', required=True)
    p.add_argument('--port-file', required=True)
    p.add_argument('--log')
    p.add_argument('--tls', choices=['starttls', 'smtps', 'none'], default='starttls')
    p.add_argument('--cert')
    p.add_argument('--key')
    p.add_argument('--rcpt-550', action='store_true')
    p.add_argument('--rcpt-451', type=int, default=0)
    p.add_argument('--data-451', type=int, default=0)
    p.add_argument('--drop-data', type=int, default=0)
    p.add_argument('--auth')
    p.add_argument('--data-size-limit', type=int, default=0)
    args = p.parse_args()

    mailbox.Maildir(args.maildir, create=True)  # tmp/, new/ and cur/
    state = State(args)
    kwargs = dict(hostname='127.0.0.1', data_size_limit=args.data_size_limit or None,
                  ready_timeout=10)
    if args.tls != 'none':
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.cert, args.key)
        if args.tls == 'starttls':
            kwargs.update(tls_context=ctx, require_starttls=True)
        else:
            kwargs.update(ssl_context=ctx)
    if args.auth:
        kwargs.update(authenticator=authenticator(state), auth_required=True,
                      auth_require_tls=True)
    controller = None
    for _ in range(20):
        port = free_port()
        try:
            controller = TestController(state, make_smtp_class(state), port=port, **kwargs)
            controller.start()
            break
        except Exception:  # the port was taken meanwhile: another one
            controller = None
            time.sleep(0.05 + random.random() / 10)
    if controller is None:
        print('smtpd: cannot listen', file=sys.stderr)
        return 1
    tmp = args.port_file + '.tmp'
    with open(tmp, 'w') as f:
        f.write('%d\n' % port)
    os.rename(tmp, args.port_file)
    state.log('LISTEN %d %s' % (port, args.tls))

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: done.set())
    signal.signal(signal.SIGINT, lambda *a: done.set())
    done.wait()
    controller.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main())
