#!/usr/bin/env python3
"""A terminal for the tests and bench/pty.sh: runs a command on a new
pseudo-terminal (as its controlling terminal, the command leading a session as
in a login) and plays a script against it.

    pty_driver.py ROWS COLS STEP... -- COMMAND ARGS...

Steps (text takes Python escapes: \\r, \\x03 for Ctrl-C, \\x1a for Ctrl-Z):
    send:TEXT     type TEXT
    expect:TEXT   wait (10 s at most) until TEXT appears after the last match
    resize:R,C    give the terminal a new size (the kernel sends SIGWINCH)
    sleep:SECS    wait
    signal:N      send signal N to the command

When the command has exited, prints one JSON object: "status" (its exit code,
128+N for signal N, as a shell reports), "output" (all it wrote, latin-1),
"mode_kept" (whether the terminal's settings are the same as before it ran)
and "timed_out" (the step that did not come, or null). Exit status 0.
"""

import codecs
import fcntl
import json
import os
import select
import struct
import sys
import termios
import time

LIMIT = 10.0


def set_size(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def main():
    args = sys.argv[1:]
    split = args.index("--")
    rows, cols = int(args[0]), int(args[1])
    steps, command = args[2:split], args[split + 1 :]
    master, slave = os.openpty()
    set_size(slave, rows, cols)
    before = termios.tcgetattr(slave)
    pid = os.fork()
    if pid == 0:
        os.close(master)
        os.login_tty(slave)
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    output = bytearray()
    seen = 0
    status = None

    def pump(timeout):
        nonlocal status
        ready, _, _ = select.select([master], [], [], timeout)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            output.extend(data)
        if status is None:
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status = os.waitstatus_to_exitcode(st)
                if status < 0:
                    status = 128 - status

    timed_out = None
    for step in steps:
        kind, _, arg = step.partition(":")
        if kind == "send":
            os.write(master, codecs.decode(arg, "unicode_escape").encode("latin-1"))
        elif kind == "expect":
            want = codecs.decode(arg, "unicode_escape").encode("latin-1")
            end = time.monotonic() + LIMIT
            while output.find(want, seen) < 0 and time.monotonic() < end:
                pump(0.05)
            at = output.find(want, seen)
            if at < 0:
                timed_out = step
                break
            seen = at + len(want)
        elif kind == "resize":
            r, c = arg.split(",")
            set_size(master, int(r), int(c))
        elif kind == "signal":
            os.kill(pid, int(arg))
        elif kind == "sleep":
            end = time.monotonic() + float(arg)
            while time.monotonic() < end:
                pump(0.02)
        else:
            raise SystemExit(f"unknown step {step!r}")
    end = time.monotonic() + LIMIT
    while status is None and time.monotonic() < end:
        pump(0.05)
    if status is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        timed_out = timed_out or "exit"
    # What is still on its way to the screen.
    while select.select([master], [], [], 0.1)[0]:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        output.extend(data)
    after = termios.tcgetattr(slave)
    print(
        json.dumps(
            {
                "status": status,
                "output": output.decode("latin-1"),
                "mode_kept": before == after,
                "timed_out": timed_out,
            }
        )
    )


if __name__ == "__main__":
    main()
