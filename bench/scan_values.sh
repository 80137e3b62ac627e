#!/usr/bin/env bash
# Benchmark of `sesame scan DIR` with one large stored value (review of issue 14):
# preparing the search must be linear in the values' size. For one value of
# 100 KB, 1 MB and 100 MB (base64 text, one line), DIR holds one file with
# 1 MB of other text and the value once; prints `/usr/bin/time -f "%e s %M KB"`
# of one scan, and whether the value was found.
#
#   bench/scan_values.sh                      # the binary built from this tree
#   BIN=/path/to/sesame bench/scan_values.sh  # another build (the one before)
#   SKIP_HUGE=1 bench/scan_values.sh          # leave out the 100 MB value
#   LIMIT_KB=4000000 bench/scan_values.sh     # ulimit -v for the scans (a build
#                                             # that balloons fails instead of
#                                             # taking the machine)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=$PWD/target/release/sesame
fi
WORK=$(mktemp -d /tmp/sesame-bench-scan.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
unset SESAME_IDENTITY
export SESAME_STORE=$WORK/store HOME=$WORK XDG_STATE_HOME=$WORK/state
SESAME_PASSWORD=bench "$BIN" -q init --work-factor 10
SESAME_IDENTITY=$("$ROOT/bench/unwrap_identity.py" "$SESAME_STORE/identity.age" bench)
export SESAME_IDENTITY
[ -n "$SESAME_IDENTITY" ] || { echo "could not unwrap the identity (is age installed?)" >&2; exit 1; }

echo "| value | \`sesame scan DIR\` (time, peak RSS) | found |"
echo "| --- | ---: | --- |"
sizes="v100k:100000 v1m:1000000"
[ -n "${SKIP_HUGE:-}" ] || sizes="$sizes v100m:100000000"
for spec in $sizes; do
  IFS=: read -r name bytes <<< "$spec"
  mkdir -p "$WORK/dir"
  python3 - "$WORK/$name" "$WORK/dir/file.txt" "$bytes" <<'PY'
import base64, os, sys
value_path, file_path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
value = base64.b64encode(os.urandom(n)).decode()[:n]
open(value_path, "w").write(value + "\n")
other = base64.b64encode(os.urandom(750_000)).decode()
with open(file_path, "w") as f:
    f.write(other[:500_000] + "\nkey=" + value + "\n" + other[500_000:] + "\n")
PY
  "$BIN" -q set "big/$name" < "$WORK/$name"
  rm -f "$WORK/$name"
  res=$( (ulimit -v "${LIMIT_KB:-unlimited}"; /usr/bin/time -f "%e s %M KB" "$BIN" scan "$WORK/dir" 2>&1 >"$WORK/out") | tail -1 || true)
  found=$(grep -c "big/$name" "$WORK/out" || true)
  echo "| $name ($bytes bytes) | $res | $found finding(s) |"
  "$BIN" -q remove --force "big/$name" >/dev/null 2>&1 || true
  rm -rf "$WORK/dir"
done
