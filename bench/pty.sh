#!/usr/bin/env bash
# Benchmark of `run --mask` on a terminal (issue 18): the child on a
# pseudo-terminal that sesame relays, measured from a terminal of our own
# (python3's os.openpty, the command leading a session on it as in a login):
#  1. keystroke latency: a key typed and its echo read back, $KEYS times, for
#     `cat` directly on the terminal and under `sesame run --mask -s NAME -- cat`,
#     with a key that cannot start a value (x) and one that can (the value's
#     first character, which the masker holds back for at most 30 ms);
#  2. start-up: `sesame run --mask -s NAME -- true` on the terminal against
#     `--no-mask` (exec, no relay), median of $RUNS;
#  3. throughput: `cat` of a $SIZE_MB MiB log-like file to the terminal,
#     directly and through sesame (the file holds the value once per MiB).
#
#   bench/pty.sh                   # needs: python3, age
#   SIZE_MB=20 KEYS=50 bench/pty.sh
#
# Prints Markdown tables. Builds the release binary first.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
cargo build --release --quiet
BIN=$PWD/target/release/sesame
WORK=$(mktemp -d /tmp/sesame-bench-pty.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
RUNS=${RUNS:-20}
KEYS=${KEYS:-200}
SIZE_MB=${SIZE_MB:-100}
. bench/lib.sh

unset SESAME_IDENTITY
export SESAME_STORE=$WORK/store HOME=$WORK XDG_STATE_HOME=$WORK/state XDG_CONFIG_HOME=$WORK/config
SESAME_PASSWORD=bench "$BIN" -q init --work-factor 10 2>/dev/null
SESAME_IDENTITY=$("$ROOT/bench/unwrap_identity.py" "$SESAME_STORE/identity.age" bench)
export SESAME_IDENTITY
[ -n "$SESAME_IDENTITY" ] || { echo "could not unwrap the identity (is age installed?)" >&2; exit 1; }
VALUE=hunter2-Secret/Value+42-0123456789abcdef
printf '%s' "$VALUE" | "$BIN" -q set app/token
printf 'TOKEN=%s\n' "$VALUE" > "$WORK/values.env"
log_with_values "$WORK/big.log" "$SIZE_MB" "$WORK/values.env"

python3 - "$BIN" "$KEYS" "$RUNS" "$WORK/big.log" "$SIZE_MB" "$VALUE" <<'PY'
import os, select, statistics, sys, time

BIN, KEYS, RUNS, BIG, SIZE_MB, VALUE = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), sys.argv[6].encode()
FIRST = VALUE[:1].decode()
SESAME = [BIN, "run", "--mask", "-s", "app/token", "--"]


def spawn(argv):
    master, slave = os.openpty()
    pid = os.fork()
    if pid == 0:
        os.close(master)
        os.login_tty(slave)
        os.execvp(argv[0], argv)
    os.close(slave)
    return pid, master


def read_until(master, want, limit=10.0, times=1):
    got = bytearray()
    end = time.monotonic() + limit
    while got.count(want) < times:
        left = end - time.monotonic()
        if left <= 0 or not select.select([master], [], [], left)[0]:
            raise SystemExit(f"timed out waiting for {want!r}; got {bytes(got[-200:])!r}")
        got += os.read(master, 65536)
    return got


def finish(pid, master):
    try:
        while select.select([master], [], [], 2)[0]:
            if not os.read(master, 65536):
                break
    except OSError:
        pass
    os.close(master)
    os.waitpid(pid, 0)


def keystrokes(argv, key):
    pid, master = spawn(argv + ["sh", "-c", "echo ready; exec cat"] if argv else ["sh", "-c", "echo ready; exec cat"])
    read_until(master, b"ready")
    time.sleep(0.2)
    times = []
    for _ in range(KEYS):
        t = time.perf_counter()
        os.write(master, key.encode())
        read_until(master, key.encode())
        times.append((time.perf_counter() - t) * 1000)
        # Each key on a line of its own, so that the next echo is alone.
        os.write(master, b"\r")
        read_until(master, b"\n", times=2)
    os.write(master, b"\x04")
    finish(pid, master)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1]


def run_once(argv):
    t = time.perf_counter()
    pid, master = spawn(argv)
    finish(pid, master)
    return (time.perf_counter() - t) * 1000


def throughput(argv):
    t = time.perf_counter()
    pid, master = spawn(argv + ["cat", BIG])
    shown, tail = 0, b""
    while True:
        try:
            data = os.read(master, 1 << 20)
        except OSError:
            break
        if not data:
            break
        # Values shown unmasked (one that straddles two reads included).
        both = tail + data
        shown += both.count(VALUE) - tail.count(VALUE)
        tail = both[-len(VALUE) :]
    os.close(master)
    os.waitpid(pid, 0)
    secs = time.perf_counter() - t
    return shown, secs


print(f"### keystroke echo on a terminal ({KEYS} keys, ms)")
print()
print("| command | key | median | p99 |")
print("| --- | --- | ---: | ---: |")
for name, argv in [("cat", []), ("sesame run --mask -s app/token -- cat", SESAME)]:
    for key, what in [("x", "x (cannot start a value)"), (FIRST, f"{FIRST} (may start the value)")]:
        med, p99 = keystrokes(argv, key)
        print(f"| `{name}` | {what} | {med:.2f} | {p99:.2f} |")
print()
print(f"### start-up on a terminal (median of {RUNS}, ms)")
print()
print("| command | median |")
print("| --- | ---: |")
for name, argv in [
    ("true", ["true"]),
    ("sesame run --no-mask -s app/token -- true (exec)", [BIN, "run", "--no-mask", "-s", "app/token", "--", "true"]),
    ("sesame run --mask -s app/token -- true (pty relay)", SESAME + ["true"]),
]:
    for _ in range(2):
        run_once(argv)
    med = statistics.median(run_once(argv) for _ in range(RUNS))
    print(f"| `{name}` | {med:.2f} |")
print()
print(f"### cat of {SIZE_MB} MiB to a terminal")
print()
print("| command | seconds | MiB/s | values shown |")
print("| --- | ---: | ---: | ---: |")
for name, argv in [("cat BIG", []), ("sesame run --mask -s app/token -- cat BIG", SESAME)]:
    shown, secs = throughput(argv)
    print(f"| `{name}` | {secs:.2f} | {SIZE_MB / secs:.0f} | {shown} |")
PY
