#!/usr/bin/env bash
# Benchmark: `sesame scan` against `rg -F -f values.txt` on the same large tree.
#
#   bench/scan.sh [TREE_DIR]      (default /tmp/sesame-scan-bench)
#
# Builds (once) a tree of at least 500 MB outside the repository from copies of
# ~/.cargo/registry/src, plants a few of 100 generated secrets in it, and times
# both tools with hyperfine on a warm cache. Needs: cargo, rg, hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=${1:-/tmp/sesame-scan-bench}
TREE=$ROOT/tree
SRC=$(ls -d "$HOME"/.cargo/registry/src/*/ | head -1)
MIN_MB=${MIN_MB:-500}

cargo build --release --quiet
BIN=$PWD/target/release/sesame

export SESAME_STORE=$ROOT/store SESAME_PASSWORD=bench-password
unset SESAME_IDENTITY SESAME_IDENTITY_FILE SESAME_PASSWORD_FILE
if [ ! -e "$SESAME_STORE/vault.age" ]; then
  rm -rf "$ROOT" && mkdir -p "$ROOT"
  "$BIN" init --work-factor 10 >/dev/null 2>&1
  for i in $(seq -w 1 100); do
    "$BIN" generate "bench/secret-$i" --length 32 >/dev/null 2>&1
  done
fi
for i in $(seq -w 1 100); do "$BIN" get -n "bench/secret-$i"; echo; done >"$ROOT/values.txt"

if [ ! -d "$TREE" ]; then
  mkdir -p "$TREE"
  n=0
  while [ "$(du -sm "$TREE" | cut -f1)" -lt "$MIN_MB" ]; do
    n=$((n + 1))
    cp -r "$SRC" "$TREE/copy-$n"
  done
  # A few real leaks, so both tools have something to report.
  sed -n 1p "$ROOT/values.txt" | sed 's/^/API_KEY=/' >"$TREE/copy-1/leak.env"
  sed -n 2p "$ROOT/values.txt" | tr -d '\n' | base64 >"$TREE/copy-2/leak.b64"
fi

files=$(find "$TREE" -type f | wc -l)
bytes=$(find "$TREE" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "tree: $TREE, $files files, $((bytes / 1000000)) MB; $(wc -l <"$ROOT/values.txt") secrets; $(nproc) CPUs"
"$BIN" --version; rg --version | head -1

# A fast scanner that misses the planted leaks would be no result: check first.
found=$(cd "$TREE" && "$BIN" scan -q || true)
echo "$found"
[ "$(printf '%s\n' "$found" | grep -c 'bench/secret-00[12] ')" -eq 2 ] || { echo "sesame missed the planted leaks" >&2; exit 1; }

# sesame exits 8 when it finds something, rg 0: both expected here.
hyperfine --warmup 2 --runs "${RUNS:-5}" -i --export-json "$ROOT/results.json" \
  -n 'sesame scan' "cd $TREE && $BIN scan -q >/dev/null" \
  -n 'rg -F -f values.txt' "cd $TREE && rg -F -f $ROOT/values.txt >/dev/null" \
  -n 'rg -F -f values.txt --hidden --binary' "cd $TREE && rg -F -f $ROOT/values.txt --hidden --binary >/dev/null"

python3 - "$ROOT/results.json" "$bytes" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
size = int(sys.argv[2])
rg = next(r["mean"] for r in res if r["command"] == "rg -F -f values.txt")
print()
rg_cpu = next(r["user"] + r["system"] for r in res if r["command"] == "rg -F -f values.txt")
print("| command | wall time (mean ± σ) | throughput | vs rg | CPU time (user+sys) | CPU vs rg |")
print("| --- | --- | --- | --- | --- | --- |")
for r in res:
    cpu = r["user"] + r["system"]
    print(f"| `{r['command']}` | {r['mean']:.2f} s ± {r['stddev']:.2f} | {size / r['mean'] / 1e6:.0f} MB/s "
          f"| {rg / r['mean']:.2f}× | {cpu:.2f} s | {rg_cpu / cpu:.2f}× |")
PY
