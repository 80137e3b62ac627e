#!/usr/bin/env bash
# Benchmark of shell completion (issue 3): what a TAB costs. Median wall time of
# `sesame completions bash`, of the hidden `sesame __complete names PREFIX` that
# the scripts run for secret names (locked; SESAME_IDENTITY on 10 and 10,000
# secrets; SESAME_PASSWORD at the default scrypt work factor), and of a whole
# `complete -C` in fish, with peak RSS.
#
#   bench/completions.sh     # needs: hyperfine, age, age-keygen, python3; fish optional
#
# Prints a Markdown table. Builds the release binary first.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=$PWD/target/release/sesame
WORK=$(mktemp -d /tmp/sesame-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
RUNS=${RUNS:-30}
export PATH=$(dirname "$BIN"):$PATH
unset SESAME_IDENTITY SESAME_IDENTITY_FILE SESAME_PASSWORD SESAME_PASSWORD_FILE

. bench/lib.sh

# A store of N secrets whose vault is encrypted to the store's key and to an age
# key of ours (as a CI key would be), so SESAME_IDENTITY opens it without scrypt.
age-keygen -o "$WORK/ci.key" 2>/dev/null
KEY=$(grep AGE-SECRET-KEY "$WORK/ci.key")
make_store() { # dir N [work factor]
  SESAME_STORE=$1 SESAME_PASSWORD=bench "$BIN" -q init --work-factor "${3:-10}"
  age-keygen -y "$WORK/ci.key" >> "$1/recipients"
  python3 - "$2" <<'PY' | age -e -R "$1/recipients" -o "$1/vault.age"
import json, secrets, string, sys
n = int(sys.argv[1]); now = "2026-01-01T00:00:00Z"; envs = ["prod", "staging", "dev", "ci"]
alphabet = string.ascii_letters + string.digits
out = {f"svc{i % 97}/{envs[i % 4]}/key{i}": {"created": now, "updated": now, "versions": [
    {"n": 1, "value": "".join(secrets.choice(alphabet) for _ in range(32)), "created": now, "state": "active"}]}
    for i in range(n)}
json.dump({"format": 1, "max_versions": 10, "secrets": out}, sys.stdout, separators=(",", ":"))
PY
}
make_store "$WORK/s10" 10
make_store "$WORK/s10000" 10000
make_store "$WORK/s18" 10 18

row() { echo "| $1 | $2 | $3 | $4 |"; }
echo "| what | names printed | median (ms) | peak RSS (MB) |"
echo "| --- | ---: | ---: | ---: |"
row "\`true\`" – "$(bench true)" –
row "\`sesame completions bash\`" – "$(bench "$BIN completions bash")" "$(peak_rss_mb "$BIN" completions bash)"
for N in 10 10000; do
  S=$WORK/s$N
  n=$(SESAME_STORE=$S "$BIN" __complete names svc1 | wc -l)
  row "\`__complete names svc1\`, locked, $N secrets" "$n" \
    "$(SESAME_STORE=$S bench "$BIN __complete names svc1")" \
    "$(SESAME_STORE=$S peak_rss_mb "$BIN" __complete names svc1)"
  n=$(SESAME_STORE=$S SESAME_IDENTITY=$KEY "$BIN" __complete names svc1 | wc -l)
  row "\`__complete names svc1\`, SESAME_IDENTITY, $N secrets" "$n" \
    "$(SESAME_STORE=$S SESAME_IDENTITY=$KEY bench "$BIN __complete names svc1")" \
    "$(SESAME_STORE=$S SESAME_IDENTITY=$KEY peak_rss_mb "$BIN" __complete names svc1)"
done
S=$WORK/s18
n=$(SESAME_STORE=$S SESAME_PASSWORD=bench "$BIN" __complete names svc1 | wc -l)
row "\`__complete names svc1\`, SESAME_PASSWORD (work factor 18), 10 secrets" "$n" \
  "$(SESAME_STORE=$S SESAME_PASSWORD=bench RUNS=5 bench "$BIN __complete names svc1")" \
  "$(SESAME_STORE=$S SESAME_PASSWORD=bench peak_rss_mb "$BIN" __complete names svc1)"
if command -v fish >/dev/null; then
  S=$WORK/s10000
  n=$(SESAME_STORE=$S SESAME_IDENTITY=$KEY fish --no-config -c "source completions/sesame.fish; complete -C 'sesame get svc1'" | wc -l)
  row "fish \`complete -C 'sesame get svc1'\`, SESAME_IDENTITY, 10000 secrets" "$n" \
    "$(SESAME_STORE=$S SESAME_IDENTITY=$KEY bench "fish --no-config -c \"source completions/sesame.fish; complete -C 'sesame get svc1'\"")" –
  row "fish \`complete -C 'sesame get svc1'\`, locked, 10000 secrets" 0 \
    "$(SESAME_STORE=$S bench "fish --no-config -c \"source completions/sesame.fish; complete -C 'sesame get svc1'\"")" –
fi
