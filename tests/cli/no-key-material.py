#!/usr/bin/python3
"""Proves that no file under a directory holds private key material or a password.

usage: no-key-material.py DIR KEYS.pem [PASSWORD [KEYSTORE]]
KEYS.pem holds the private keys that must not be found (one or several PEM
blocks, as 'openssl pkcs12 -nocerts -nodes' writes them). For each key it
takes the DER of the key and looks, in every file under DIR, for a 32-byte
slice of its private part: as raw bytes, as hex, and inside every base64 run
(so PEM and base64 in JSON count). It also looks for "PRIVATE KEY", for
PASSWORD, and for a 64-byte slice of the KEYSTORE file (a copy of it). Prints what it found; exits 1 when anything was found, 2 on a bad
invocation.
"""
import base64
import binascii
import os
import re
import subprocess
import sys


def key_slices(pem_path):
    text = open(pem_path, "rb").read()
    blocks = re.findall(rb"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----",
                        text, re.S)
    slices = []
    for block in blocks:
        der = subprocess.run(["openssl", "pkey", "-outform", "DER"], input=block,
                             capture_output=True, check=True).stdout
        # the middle of the DER lies in the private exponent (RSA) or the private key
        mid = len(der) // 2
        slices.append(der[mid:mid + 32])
    return slices


def base64_runs(data):
    for run in re.findall(rb"[A-Za-z0-9+/=\r\n]{40,}", data):
        compact = re.sub(rb"[\r\n]", b"", run)
        for shift in range(4):
            chunk = compact[shift:]
            chunk = chunk[:len(chunk) - len(chunk) % 4]
            try:
                yield base64.b64decode(chunk, validate=False)
            except (binascii.Error, ValueError):
                pass


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    root, keys = sys.argv[1], sys.argv[2]
    password = sys.argv[3].encode() if len(sys.argv) > 3 and sys.argv[3] else None
    store = open(sys.argv[4], "rb").read() if len(sys.argv) > 4 else b""
    store = store[len(store) // 2:len(store) // 2 + 64]
    slices = key_slices(keys)
    if not slices:
        print("no private key in " + keys, file=sys.stderr)
        sys.exit(2)
    found = []
    files = 0
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            files += 1
            data = open(path, "rb").read()
            if b"PRIVATE KEY" in data:
                found.append(path + ": PRIVATE KEY")
            if password and password in data:
                found.append(path + ": the password")
            if store and store in data:
                found.append(path + ": a copy of the keystore")
            decoded = list(base64_runs(data))
            for s in slices:
                if s in data or s.hex().encode() in data.lower():
                    found.append(path + ": private key bytes")
                if any(s in d for d in decoded):
                    found.append(path + ": private key bytes in base64")
    for f in found:
        print(f)
    print("%d files searched for %d keys" % (files, len(slices)))
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
