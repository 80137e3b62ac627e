#!/usr/bin/env bash
# Benchmark of run's masker (issue 14): what building it costs for large values,
# and its throughput with 50 ordinary values.
#  1. build: `sesame run --mask -f NAME -- true` minus `sesame run --no-mask -f NAME -- true`
#     (hyperfine, minimum of $RUNS runs) and the peak RSS of the masked run
#     (/usr/bin/time), for one value of 100 KB, 1 MB (one line, and PEM-like
#     64-character lines) and 100 MB (masked by windows);
#  2. throughput: 1 GiB ($SIZE_MB MiB) of log-like text through
#     `sesame run --mask -- cat BIG > /dev/null` with 50 values of 32 characters.
#
#   bench/mask.sh                 # needs: hyperfine, age, python3, /usr/bin/time
#   SIZE_MB=256 bench/mask.sh     # a smaller throughput input
#   SKIP_HUGE=1 bench/mask.sh     # leave out the 100 MB value
#   ONLY=build bench/mask.sh      # only the first table (ONLY=throughput: the second)
#
# Prints Markdown tables. Builds the release binary first.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
cargo build --release --quiet
BIN=$PWD/target/release/sesame
WORK=$(mktemp -d /tmp/sesame-bench-mask.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
RUNS=${RUNS:-10}
SIZE_MB=${SIZE_MB:-1024}
WARMUP=2
. bench/lib.sh
min_ms() { # hyperfine JSON -> minimum in ms
  python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["min"]*1000))' "$1"
}

unset SESAME_IDENTITY
export SESAME_STORE=$WORK/store HOME=$WORK XDG_STATE_HOME=$WORK/state
SESAME_PASSWORD=bench "$BIN" -q init --work-factor 10
SESAME_IDENTITY=$("$ROOT/bench/unwrap_identity.py" "$SESAME_STORE/identity.age" bench)
export SESAME_IDENTITY
[ -n "$SESAME_IDENTITY" ] || { echo "could not unwrap the identity (is age installed?)" >&2; exit 1; }

value() { # NAME BYTES WRAP: a base64 value of BYTES characters, lines of WRAP (0: one line)
  python3 - "$WORK/$1" "$2" "$3" <<'PY'
import base64, os, sys
path, n, wrap = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
text = base64.b64encode(os.urandom(n)).decode()[:n]
if wrap:
    text = "\n".join(text[i:i + wrap] for i in range(0, len(text), wrap))
open(path, "w").write(text + "\n")
PY
  "$BIN" -q set "big/$1" < "$WORK/$1"
}

if [ "${ONLY:-}" != throughput ]; then
echo "### building the masker (one value, handed over with -f)"
echo
echo "| value | build (ms, min of $RUNS) | peak RSS masked (MB) | peak RSS --no-mask (MB) |"
echo "| --- | ---: | ---: | ---: |"
sizes="v100k:100000:0 v1m:1000000:0 v1mpem:1000000:64"
[ -n "${SKIP_HUGE:-}" ] || sizes="$sizes v100m:100000000:0"
for spec in $sizes; do
  IFS=: read -r name bytes wrap <<< "$spec"
  value "$name" "$bytes" "$wrap"
  t_mask=$(SUMMARY=min_ms bench "$BIN run --mask -f big/$name -- true")
  t_plain=$(SUMMARY=min_ms bench "$BIN run --no-mask -f big/$name -- true")
  build=$(python3 -c "print('%.1f' % ($t_mask - $t_plain))")
  rss=$(peak_rss_mb "$BIN" run --mask -f "big/$name" -- true)
  rss0=$(peak_rss_mb "$BIN" run --no-mask -f "big/$name" -- true)
  label="$name ($bytes bytes$([ "$wrap" = 0 ] || echo ", lines of $wrap"))"
  echo "| $label | $build | $rss | $rss0 |"
  "$BIN" -q remove --force "big/$name" >/dev/null 2>&1 || true
  rm -f "$WORK/$name"
done
fi
[ "${ONLY:-}" != build ] || exit 0

echo
echo "### throughput ($SIZE_MB MiB through \`cat\`, 50 values of 32 characters, median of 3 runs)"
echo
python3 - "$WORK/in.env" <<'PY'
import secrets, string, sys
alphabet = string.ascii_letters + string.digits
with open(sys.argv[1], "w") as f:
    for i in range(50):
        f.write(f"M{i}=" + "".join(secrets.choice(alphabet) for _ in range(32)) + "\n")
PY
"$BIN" -q import "$WORK/in.env" --prefix app/bench
log_with_values "$WORK/big" "$SIZE_MB" "$WORK/in.env"
cat "$WORK/big" > /dev/null
hyperfine --runs 3 --warmup 1 --export-json "$WORK/m.json" \
  "cat $WORK/big > /dev/null" \
  "$BIN run --mask --prefix app/bench/ -- cat $WORK/big > /dev/null" >/dev/null 2>&1
rss=$(/usr/bin/time -f %M "$BIN" run --mask --prefix app/bench/ -- cat "$WORK/big" 2>&1 >/dev/null | tail -1)
python3 - "$WORK/m.json" "$SIZE_MB" "$rss" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
mb, rss = int(sys.argv[2]), int(sys.argv[3])
print("| command | median (s) | throughput (GB/s) | peak RSS (MB) |")
print("| --- | ---: | ---: | ---: |")
for name, x, m in zip(["`cat BIG > /dev/null`", "`sesame run --mask -- cat BIG > /dev/null`"], r, ["", "%.1f" % (rss / 1024)]):
    print("| %s | %.3f | %.2f | %s |" % (name, x["median"], mb * 1048576 / x["median"] / 1e9, m))
PY
cut -d= -f2- "$WORK/in.env" > "$WORK/values"
"$BIN" run --mask --prefix app/bench/ -- cat "$WORK/big" > "$WORK/masked"
masked=$(grep -c 'token=\*\*\*$' "$WORK/masked" || true)
leaked=$(grep -c -F -f "$WORK/values" "$WORK/masked" || true)
echo
echo "check: $masked lines masked (expected $((50 * SIZE_MB))), $leaked lines with a value left (expected 0)"
