#!/usr/bin/env bash
# Benchmark of the everyday commands (issue 2): median wall time and peak RSS of
# `get`, `list` and `set` on stores of 10, 1,000 and 10,000 secrets, unlocked by
# SESAME_IDENTITY (no scrypt), next to `true` and to `pass` on the same secrets.
# The stores are signed (format 2, issue 12): signature checks included. The
# targets of issue 12 are printed beside each figure with "pass" or "MISSED".
#
#   bench/core.sh            # needs: hyperfine, age, python3; pass + gpg optional
#   RUNS=20 SUMMARY=median_min_ms bench/core.sh   # on a loaded machine: "median (min)"
#
# Prints a Markdown table. Builds the release binary first.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=$PWD/target/release/sesame
WORK=$(mktemp -d /tmp/sesame-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# Pins and last-seen records of the signed stores: kept out of the user's own.
export XDG_STATE_HOME=$WORK/state
RUNS=${RUNS:-30}

. bench/lib.sh

# Issue 12's targets (ms, unlocked): "N command" -> limit.
target() {
  case "$1 $2" in
    "1000 get") echo 3 ;; "1000 set") echo 8 ;;
    "10000 get") echo 4 ;; "10000 set") echo 15 ;; "10000 list") echo 25 ;;
    *) echo "" ;;
  esac
}
cpu_ms() { # the last hyperfine run's mean user + system time, in ms (what the machine's load does not inflate)
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f" % ((r["user"]+r["system"])*1000))' "$WORK/h.json"
}
verdict() { # N command median -> "≤ T: pass|MISSED" or "–"
  local t; t=$(target "$1" "$2")
  if [ -z "$t" ]; then echo "–"; return; fi
  # The median is the first figure (SUMMARY=median_min_ms adds the minimum).
  if python3 -c "import sys; sys.exit(0 if float('${3%% *}') <= $t else 1)"; then echo "≤ $t: pass"; else echo "≤ $t: MISSED"; fi
}

echo "| secrets | command | sesame median (ms) | sesame CPU (ms) | target (median) | sesame peak RSS (MB) | pass median (ms) |"
echo "| ---: | --- | ---: | ---: | --- | ---: | ---: |"
t_true=$(bench true)
echo "| – | \`true\` | $t_true | $(cpu_ms) | – | – | – |"

HAVE_PASS=0
if command -v pass >/dev/null && command -v gpg >/dev/null; then HAVE_PASS=1; fi
if [ $HAVE_PASS = 1 ]; then
  export GNUPGHOME=$WORK/gnupg; mkdir -m 700 "$GNUPGHOME"
  export KEYID
  gpg --batch --quiet --passphrase '' --quick-gen-key bench@sesame.invalid default default never 2>/dev/null
  KEYID=$(gpg --list-keys --with-colons bench@sesame.invalid | awk -F: '/^fpr/ {print $10; exit}')
fi

for N in 10 1000 10000; do
  export SESAME_STORE=$WORK/store-$N
  # A format-1 store filled in one go, then signed by `upgrade`.
  SESAME_PASSWORD=bench "$BIN" -q init --work-factor 10 --format-1 2>/dev/null
  python3 bench/make_store.py "$N" | age -e -R "$SESAME_STORE/recipients" -o "$SESAME_STORE/vault.age"
  export SESAME_IDENTITY
  SESAME_IDENTITY=$(bench/unwrap_identity.py "$SESAME_STORE/identity.age" bench)
  "$BIN" -q upgrade --yes 2>/dev/null
  NAME=$("$BIN" list | sed -n "$((N/2))p")
  t=$(bench "$BIN get $NAME"); c=$(cpu_ms); r=$(peak_rss_mb "$BIN" get "$NAME")
  p="–"
  if [ $HAVE_PASS = 1 ]; then
    export PASSWORD_STORE_DIR=$WORK/pass-$N
    pass init "$KEYID" >/dev/null
    # Same names and values as the sesame store.
    "$BIN" list | head -n "$N" > "$WORK/names"
    python3 - "$WORK/names" "$PASSWORD_STORE_DIR" "$BIN" <<'PY'
import os, subprocess, sys
names = open(sys.argv[1]).read().split()
root = sys.argv[2]
for n in names:
    os.makedirs(os.path.join(root, os.path.dirname(n)), exist_ok=True)
plain = []
for n in names:
    v = subprocess.run([sys.argv[3], "get", n], capture_output=True, check=True).stdout
    path = os.path.join(root, n)
    open(path, "wb").write(v)
    plain.append(path)
for i in range(0, len(plain), 500):
    subprocess.run(["gpg", "--batch", "--quiet", "--yes", "--trust-model", "always",
                    "-r", os.environ["KEYID"], "--encrypt", "--multifile"] + plain[i:i+500], check=True)
for p in plain:
    os.remove(p)
PY
    p=$(bench "pass show $NAME")
  fi
  echo "| $N | \`get\` | $t | $c | $(verdict "$N" get "$t") | $r | $p |"

  t=$(bench "$BIN list"); c=$(cpu_ms); r=$(peak_rss_mb "$BIN" list)
  p="–"; [ $HAVE_PASS = 1 ] && p=$(bench "pass ls")
  echo "| $N | \`list\` | $t | $c | $(verdict "$N" list "$t") | $r | $p |"

  printf 'new-value-0123456789' > "$WORK/value"
  t=$(bench_sh "$BIN set bench/written < $WORK/value"); c=$(cpu_ms)
  r=$(peak_rss_mb sh -c "\"$BIN\" set bench/written < \"$WORK/value\"")
  p="–"; [ $HAVE_PASS = 1 ] && p=$(bench_sh "pass insert -m -f bench/written < $WORK/value")
  echo "| $N | \`set\` | $t | $c | $(verdict "$N" set "$t") | $r | $p |"
done
