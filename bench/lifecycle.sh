#!/usr/bin/env bash
# Benchmark of the secret lifecycle (issue 5): `rotate --due` and `status`
# across 10,000 secrets, half of them past their max age.
#
# Targets: `rotate --due` ≤ 1 s and `status` ≤ 50 ms, excluding the time of
# rotate commands: the due secrets rotate from their stored generator, so no
# shell command runs and what is measured is sesame itself (load, decide,
# generate 5,000 values, encrypt and write the store once).
#
# The store is built directly in the documented format (a JSON payload
# encrypted with the reference `age` CLI to a key made by `age-keygen`), and
# unlocked with SESAME_IDENTITY so that the one-second scrypt unlock, paid on
# purpose, is not what gets measured.
#
# Usage: bench/lifecycle.sh [N]     (needs age, age-keygen, hyperfine, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
for p in age age-keygen hyperfine python3; do
  command -v "$p" >/dev/null || { echo "bench/lifecycle.sh needs $p" >&2; exit 1; }
done

cargo build --release -q
BIN=$PWD/target/release/sesame
WORK=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT   # KEEP=1: leave the store for profiling
echo "work dir: $WORK"
export SESAME_STORE=$WORK/store SESAME_CONFIG=$WORK/none.toml
: > "$SESAME_CONFIG"

SESAME_PASSWORD=bench "$BIN" init --work-factor 10 -q
age-keygen -o "$WORK/key.txt" 2>/dev/null
PUB=$(age-keygen -y "$WORK/key.txt")
printf '%s\n' "$PUB" > "$SESAME_STORE/recipients"

python3 - "$N" > "$WORK/payload.json" <<'PY'
import json, secrets, sys, datetime as dt
n = int(sys.argv[1])
now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
fmt = lambda t: t.isoformat().replace("+00:00", "Z")
old, new = fmt(now - dt.timedelta(days=2)), fmt(now)
out = {"format": 1, "max_versions": 10, "secrets": {}}
for i in range(n):
    created = old if i % 2 == 0 else new          # half are past their 1-day max age
    out["secrets"][f"team{i % 50}/svc{i}/api_key"] = {
        "created": created, "updated": created,
        "policy": {"max_age": 86400,
                   "generator": {"kind": "chars", "charset": "alnum", "length": 32}},
        "versions": [{"n": 1, "value": secrets.token_urlsafe(24),
                      "created": created, "state": "active"}],
    }
sys.stdout.write(json.dumps(out, separators=(",", ":")))
PY
age -r "$PUB" -o "$WORK/vault.base" "$WORK/payload.json"
cp "$WORK/vault.base" "$SESAME_STORE/vault.age"
export SESAME_IDENTITY
SESAME_IDENTITY=$(grep '^AGE-SECRET-KEY-' "$WORK/key.txt")

echo "store: $N secrets, $((N / 2)) due; vault.age $(stat -c %s "$WORK/vault.base") bytes"
"$BIN" status -q >/dev/null && { echo "expected status to exit 8" >&2; exit 1; } || true
"$BIN" rotate --due -q
[ "$("$BIN" --json rotate --due --dry-run | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["rotate"]))')" = 0 ]
cp "$WORK/vault.base" "$SESAME_STORE/vault.age"

hyperfine --style basic --warmup 2 --runs 10 \
  --prepare "cp $WORK/vault.base $SESAME_STORE/vault.age" \
  --export-json "$WORK/rotate.json" \
  -n "rotate --due ($((N / 2)) rotated)" "$BIN rotate --due -q" \
  -n "rotate --due --dry-run" "$BIN rotate --due --dry-run -q"
hyperfine --style basic --warmup 3 --runs 30 -i \
  --export-json "$WORK/status.json" \
  -n "status" "$BIN status -q" \
  -n "status --json" "$BIN status --json -q" \
  -n "get (baseline: unlock + load)" "$BIN get -n team1/svc1/api_key"
# Wall time on a busy machine mostly measures waiting for a CPU; user+system
# is the work sesame itself does. Both are printed.
python3 - "$WORK/rotate.json" "$WORK/status.json" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import json, sys
print(f"\n{sys.argv[3]} CPUs, load average {sys.argv[4]}\n")
print("| command | wall mean ± σ [ms] | wall min [ms] | user+sys mean [ms] |")
print("| --- | ---: | ---: | ---: |")
for f in sys.argv[1:3]:
    for r in json.load(open(f))["results"]:
        print(f"| `{r['command']}` | {r['mean']*1e3:.1f} ± {r['stddev']*1e3:.1f} | "
              f"{r['min']*1e3:.1f} | {(r['user']+r['system'])*1e3:.1f} |")
PY
