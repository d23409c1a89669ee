#!/usr/bin/python3
"""Runs a command on a new pseudo-terminal that is its controlling terminal, like a person would.

usage: pty-run.py MODE TEXT -- COMMAND...
  MODE type: waits for the password prompt, types TEXT and Enter, reads to the end
  MODE int:  waits for the prompt, types TEXT (no Enter), then sends SIGINT
  MODE run:  types nothing (TEXT is ignored), reads to the end
Prints one JSON object: the exit status ("rc", or "signal"), whether the
terminal echoed while asking ("echo_while_asking") and after ("echo_after"),
and everything the terminal showed ("screen").
"""
import fcntl
import json
import os
import select
import signal
import subprocess
import sys
import termios
import time

PROMPT = b"Password for"


def read_until(master, want, seen, timeout=10.0):
    end = time.time() + timeout
    while want not in seen and time.time() < end:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def read_rest(master, seen, proc, timeout=60.0):
    end = time.time() + timeout
    while time.time() < end:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                chunk = b""
            seen += chunk
            if chunk:
                continue
        if proc.poll() is not None and not ready:
            break
    return seen


def echo_on(fd):
    return bool(termios.tcgetattr(fd)[3] & termios.ECHO)


def main():
    mode, text = sys.argv[1], sys.argv[2].encode()
    cmd = sys.argv[sys.argv.index("--") + 1:]
    master, slave = os.openpty()

    def child_setup():
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave,
                            preexec_fn=child_setup, close_fds=True)
    seen, asking = b"", echo_on(master)
    if mode != "run":
        seen = read_until(master, PROMPT, b"")
        time.sleep(0.2)  # the prompt is written after echo is turned off
        asking = echo_on(master)
    if mode == "run":
        pass
    elif mode == "type":
        os.write(master, text + b"\n")
    else:
        os.write(master, text)
        time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
    seen = read_rest(master, seen, proc)
    rc = proc.wait(timeout=60)
    result = {
        "prompted": PROMPT in seen,
        "echo_while_asking": asking,
        "echo_after": echo_on(master),
        "screen": seen.decode("utf-8", "replace"),
    }
    if rc < 0:
        result["signal"] = -rc
    else:
        result["rc"] = rc
    print(json.dumps(result))


if __name__ == "__main__":
    main()
