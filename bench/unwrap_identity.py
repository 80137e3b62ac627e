#!/usr/bin/env python3
"""Print the AGE-SECRET-KEY-1… inside a store's identity.age, unwrapped by the
reference `age` CLI with PASSWORD. age reads passphrases only from a terminal,
so it is driven through a pseudo-terminal.

    bench/unwrap_identity.py STORE/identity.age PASSWORD
"""
import os, pty, re, sys

path, password = sys.argv[1], sys.argv[2].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execvp("age", ["age", "-d", path])
out, sent = b"", False
while True:
    try:
        chunk = os.read(fd, 1024)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    if not sent and b"passphrase" in out.lower():
        os.write(fd, password + b"\n")
        sent = True
os.waitpid(pid, 0)
m = re.search(rb"AGE-SECRET-KEY-1[0-9A-Z]+", out)
print(m.group(0).decode() if m else "")
