#!/usr/bin/env bash
# Benchmark of a team store (issue 15): `get` and `set` by a member of a team
# store of 1,000 and 10,000 secrets, unlocked by SESAME_IDENTITY (no scrypt),
# beside the single-user store it was made from (`team init --from`).
#
#   bench/members.sh            # needs: hyperfine, age, python3, git
#
# Prints a Markdown table. Builds the release binary first.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=$PWD/target/release/sesame
WORK=$(mktemp -d /tmp/sesame-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export XDG_STATE_HOME=$WORK/state XDG_DATA_HOME=$WORK/data
RUNS=${RUNS:-30}
. bench/lib.sh

echo "| secrets | command | single-user median (ms) | team median (ms) | target (team) |"
echo "| ---: | --- | ---: | ---: | --- |"
for N in ${SIZES:-1000 10000}; do
  single=$WORK/store-$N
  SESAME_STORE=$single SESAME_PASSWORD=bench "$BIN" -q init --work-factor 10 --format-1 2>/dev/null
  python3 bench/make_store.py "$N" | age -e -R "$single/recipients" -o "$single/vault.age"
  export SESAME_IDENTITY
  SESAME_IDENTITY=$(bench/unwrap_identity.py "$single/identity.age" bench)
  SESAME_STORE=$single "$BIN" -q upgrade --yes 2>/dev/null
  git init -q "$WORK/repo-$N"
  team=$WORK/repo-$N/.sesame
  SESAME_PASSWORD=bench "$BIN" -q team init "$team" --from "$single" --name bench >/dev/null 2>&1
  NAME=$(SESAME_STORE=$single "$BIN" list | sed -n "$((N/2))p")
  s=$(bench "$BIN --store $single get $NAME"); t=$(bench "$BIN --store $team get $NAME")
  echo "| $N | \`get\` | $s | $t | $(member_verdict "$N" get "$t") |"
  printf 'new-value-0123456789' > "$WORK/value"
  s=$(bench_sh "$BIN --store $single set bench/written < $WORK/value")
  t=$(bench_sh "$BIN --store $team set bench/written < $WORK/value")
  echo "| $N | \`set\` | $s | $t | $(member_verdict "$N" set "$t") |"
done
