#!/usr/bin/env bash
# Benchmark of `sesame run` (issue 4):
#  1. start-up: `sesame run -s NAME -- true` against `true` and `sesame get NAME`
#     on stores of 10 and 10,000 secrets unlocked by SESAME_IDENTITY (no scrypt),
#     in exec mode (--no-mask) and in spawn mode with masking (--mask);
#     `dotenvx run -- true` with 10 variables beside it when npm can install it;
#  2. masking throughput: `sesame run --mask -- cat BIG > /dev/null` with 1 GiB of
#     input and 50 secrets, against `cat BIG > /dev/null`.
#
#   bench/run.sh          # needs: hyperfine, age, python3; npm optional
#   SIZE_MB=256 bench/run.sh   # a smaller masking input
#   ONLY=mask bench/run.sh      # only the masking throughput
#
# Prints Markdown tables. Builds the release binary first.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
cargo build --release --quiet
BIN=$PWD/target/release/sesame
WORK=$(mktemp -d /tmp/sesame-bench-run.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
RUNS=${RUNS:-50}
SIZE_MB=${SIZE_MB:-1024}

WARMUP=5 SUMMARY=median_min_ms
. bench/lib.sh
identity() { # unwrap identity.age with the reference age CLI
  "$ROOT/bench/unwrap_identity.py" "$1" bench
}
make_env() { # N random KEY=value lines, 32-character values
  python3 - "$1" "$2" <<'PY'
import secrets, string, sys
n, prefix = int(sys.argv[1]), sys.argv[2]
alphabet = string.ascii_letters + string.digits
for i in range(n):
    print(f"{prefix}{i}=" + "".join(secrets.choice(alphabet) for _ in range(32)))
PY
}
new_store() { # dir N prefix
  unset SESAME_IDENTITY
  export SESAME_STORE=$1
  SESAME_PASSWORD=bench "$BIN" -q init --work-factor 10
  make_env "$2" "$3" > "$WORK/in.env"
  SESAME_PASSWORD=bench "$BIN" -q import "$WORK/in.env" --prefix "app/bench"
  SESAME_IDENTITY=$(identity "$SESAME_STORE/identity.age")
  export SESAME_IDENTITY
  [ -n "$SESAME_IDENTITY" ] || { echo "could not unwrap the identity (is age installed?)" >&2; exit 1; }
}

if [ "${ONLY:-}" != mask ]; then
echo "### start-up (ms: median of $RUNS runs, minimum in brackets)"
echo
echo "| secrets | \`true\` | \`get NAME\` | \`run --no-mask -s NAME -- true\` (exec) | \`run --mask -s NAME -- true\` (spawn, masked) | overhead of run over get (exec / masked) |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
t_true=$(bench true)
for N in 10 10000; do
  new_store "$WORK/store-$N" "$N" K
  NAME=app/bench/K$((N / 2))
  t_get=$(bench "$BIN get $NAME")
  t_exec=$(bench "$BIN run --no-mask -s $NAME -- true")
  t_mask=$(bench "$BIN run --mask -s $NAME -- true")
  over=$(python3 -c "
g, e, m = (float(x.split()[0]) for x in ('$t_get', '$t_exec', '$t_mask'))
gm, em, mm = (float(x.split()[1].strip('()')) for x in ('$t_get', '$t_exec', '$t_mask'))
print('%+.2f / %+.2f (%+.2f / %+.2f)' % (e - g, m - g, em - gm, mm - gm))")
  echo "| $N | $t_true | $t_get | $t_exec | $t_mask | $over |"
done

if command -v npm >/dev/null 2>&1 && npm install --prefix "$WORK/npm" --silent --no-audit --no-fund @dotenvx/dotenvx >/dev/null 2>&1; then
  make_env 10 K > "$WORK/.env"
  t_dx=$(cd "$WORK" && bench "$WORK/npm/node_modules/.bin/dotenvx run -q -f $WORK/.env -- true")
  echo
  echo "dotenvx $("$WORK/npm/node_modules/.bin/dotenvx" --version) \`run -f .env -- true\` with 10 variables: $t_dx ms"
else
  echo
  echo "dotenvx: not measured (npm could not install @dotenvx/dotenvx)"
fi

fi

echo
echo "### masking throughput ($SIZE_MB MiB through \`cat\`, 50 secrets, median of 3 runs)"
echo
new_store "$WORK/store-mask" 50 M
# Log-like text: base64 lines of random bytes with the secrets' values sprinkled in.
log_with_values "$WORK/big" "$SIZE_MB" "$WORK/in.env"
cat "$WORK/big" > /dev/null
hyperfine --runs 3 --warmup 1 --export-json "$WORK/m.json" \
  "cat $WORK/big > /dev/null" \
  "$BIN run --mask --prefix app/bench/ -- cat $WORK/big > /dev/null" >/dev/null 2>&1
python3 - "$WORK/m.json" "$SIZE_MB" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
mb = int(sys.argv[2])
print("| command | median (s) | throughput (GB/s) |")
print("| --- | ---: | ---: |")
for name, x in zip(["`cat BIG > /dev/null`", "`sesame run --mask -- cat BIG > /dev/null`"], r):
    print("| %s | %.3f | %.2f |" % (name, x["median"], mb * 1048576 / x["median"] / 1e9))
PY
cut -d= -f2- "$WORK/in.env" > "$WORK/values"
"$BIN" run --mask --prefix app/bench/ -- cat "$WORK/big" > "$WORK/masked"
masked=$(grep -c 'token=\*\*\*$' "$WORK/masked" || true)
leaked=$(grep -c -F -f "$WORK/values" "$WORK/masked" || true)
echo
echo "check: $masked lines masked (expected $((50 * SIZE_MB))), $leaked lines with a value left (expected 0)"
