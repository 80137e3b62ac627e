#!/usr/bin/env bash
# Benchmark of unlocking (issue 6): `sesame get` on a store of 1,000 secrets,
# unlocked three ways:
#   - through the cached unlock (kernel keyring on Linux) written by `sesame unlock`,
#   - with SESAME_IDENTITY (a CI key added with `recipients add --generate-ci`),
#   - with the master password (SESAME_PASSWORD_FILE; scrypt at the default work
#     factor 18, or WORK_FACTOR=N).
#
#   bench/unlock.sh          # needs: hyperfine, age, python3, keyctl-capable kernel
#
# Prints a Markdown table. Builds the release binary first.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=$PWD/target/release/sesame
WORK=$(mktemp -d /tmp/sesame-bench.XXXXXX)
RUNS=${RUNS:-100}
WF=${WORK_FACTOR:-18}
N=${SECRETS:-1000}
export SESAME_STORE=$WORK/store
trap '"$BIN" -q lock >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
unset SESAME_IDENTITY SESAME_IDENTITY_FILE SESAME_PASSWORD SESAME_PASSWORD_FILE

# Other load on a shared machine drifts over seconds, so the two fast paths are
# measured in alternating rounds and every run of a path is pooled.
ROUNDS=${ROUNDS:-5}
summary() { # pooled hyperfine JSONs -> median wall, stddev, mean CPU (user+system), runs
  python3 - "$@" <<'PY'
import json, statistics, sys
times, cpu = [], []
for f in sys.argv[1:]:
    r = json.load(open(f))["results"][0]
    times += r["times"]
    cpu += [u + s for u, s in zip(r["user"] if isinstance(r["user"], list) else [r["user"]] * len(r["times"]),
                                   r["system"] if isinstance(r["system"], list) else [r["system"]] * len(r["times"]))]
print("%.1f | %.1f | %.1f | %d" % (statistics.median(times) * 1000, statistics.pstdev(times) * 1000,
                                   statistics.mean(cpu) * 1000, len(times)))
PY
}
run() { # output json, runs, command (no shell)
  local json=$1 runs=$2; shift 2
  hyperfine -N --warmup 2 --runs "$runs" --export-json "$json" "$@" >/dev/null 2>&1
}

printf 'bench password\n' > "$WORK/pw"
chmod 600 "$WORK/pw"
SESAME_PASSWORD_FILE=$WORK/pw "$BIN" -q init --work-factor "$WF"
CI_KEY=$(SESAME_PASSWORD_FILE=$WORK/pw "$BIN" -q recipients add --generate-ci bench)
# The payload: N secrets, encrypted to the store's recipients by the reference age CLI.
python3 - "$N" "$WORK/name" <<'PY' | age -e -R "$SESAME_STORE/recipients" -o "$SESAME_STORE/vault.age"
import json, secrets, string, sys
from datetime import datetime, timezone
n = int(sys.argv[1])
now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
abc = string.ascii_letters + string.digits
envs = ["prod", "staging", "dev", "ci"]
out = {}
for i in range(n):
    v = "".join(secrets.choice(abc) for _ in range(32))
    out[f"svc{i % 97}/{envs[i % 4]}/key{i}"] = {"created": now, "updated": now,
        "versions": [{"n": 1, "value": v, "created": now, "state": "active"}]}
open(sys.argv[2], "w").write(list(out)[n // 2])
json.dump({"format": 1, "max_versions": 10, "secrets": out}, sys.stdout, separators=(",", ":"))
PY
NAME=$(cat "$WORK/name")

SESAME_PASSWORD_FILE=$WORK/pw "$BIN" -q unlock --timeout 10m
"$BIN" unlock --check >/dev/null   # fails the script if the cache is not usable here

per_round=$((RUNS / ROUNDS))
for r in $(seq 1 "$ROUNDS"); do
  run "$WORK/cache-$r.json" "$per_round" "$BIN get $NAME"
  SESAME_IDENTITY=$CI_KEY run "$WORK/ident-$r.json" "$per_round" "$BIN get $NAME"
done
SESAME_PASSWORD_FILE=$WORK/pw run "$WORK/pw.json" 10 "$BIN get $NAME"

echo "| unlocked by | \`get\` median wall (ms) | stddev (ms) | mean CPU user+sys (ms) | runs |"
echo "| --- | ---: | ---: | ---: | ---: |"
echo "| cached unlock (\`sesame unlock\`, kernel keyring) | $(summary "$WORK"/cache-*.json) |"
echo "| \`SESAME_IDENTITY\` | $(summary "$WORK"/ident-*.json) |"
echo "| \`SESAME_PASSWORD_FILE\` (scrypt work factor $WF) | $(summary "$WORK/pw.json") |"
