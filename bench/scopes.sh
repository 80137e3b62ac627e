#!/usr/bin/env bash
# Benchmark of access by prefix (issue 16): what granting a prefix writes, and
# `get`/`set` by a key limited to a prefix, in a team store of 1,000 and 10,000
# secrets (made from a single-user store by `team init --from`), 100 of them
# under myapp/prod. The limited key is a writer CI key (SESAME_IDENTITY: no
# scrypt), as a deploy job would hold.
#
#   bench/scopes.sh            # needs: hyperfine, age, python3, git
#
# Prints two Markdown tables. Builds the release binary first.
set -euo pipefail
# Loud on any failure, also inside $(…): a failed command stops the run.
shopt -s inherit_errexit
trap 'echo "bench/scopes.sh: FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=$PWD/target/release/sesame
WORK=$(mktemp -d /tmp/sesame-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export XDG_STATE_HOME=$WORK/state XDG_DATA_HOME=$WORK/data
RUNS=${RUNS:-30}
. bench/lib.sh

# written STORE CMD…: run CMD once, print "bytes files ms" for what it wrote
# (the vault files new after it, and the manifest).
written() {
  local store=$1; shift
  ls "$store/vault" | sort > "$WORK/before"
  local t0 t1; t0=$(date +%s%N)
  if ! "$@" > /dev/null 2> "$WORK/err"; then
    echo "bench/scopes.sh: FAILED: $* — $(cat "$WORK/err")" >&2
    exit 1
  fi
  t1=$(date +%s%N)
  ls "$store/vault" | sort > "$WORK/after"
  local bytes=0 files=0 f
  for f in $(comm -13 "$WORK/before" "$WORK/after"); do
    bytes=$((bytes + $(stat -c %s "$store/vault/$f"))); files=$((files + 1))
  done
  bytes=$((bytes + $(stat -c %s "$store/manifest")))
  echo "$bytes $files $(( (t1 - t0) / 1000000 ))"
}

vault_bytes() { # the bucket files the manifest names, in bytes
  python3 - "$1" <<'PY'
import json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest")))
print(sum(os.path.getsize(os.path.join(d, "vault", h + ".age")) for h in m["header"]["buckets"].values()))
PY
}

make_team() { # N -> path of a team store of N + 100 secrets (100 under myapp/prod)
  local N=$1 single=$WORK/store-$1 team=$WORK/repo-$1/.sesame
  SESAME_STORE=$single SESAME_PASSWORD=bench "$BIN" -q init --work-factor 10 --format-1 2>/dev/null
  python3 bench/make_store.py "$((N - 100))" | age -e -R "$single/recipients" -o "$single/vault.age"
  SESAME_IDENTITY=$(bench/unwrap_identity.py "$single/identity.age" bench) \
    SESAME_STORE=$single "$BIN" -q upgrade --yes 2>/dev/null
  python3 -c 'import secrets
for i in range(100): print(f"KEY{i}={secrets.token_hex(16)}")' > "$WORK/app.env"
  SESAME_STORE=$single SESAME_PASSWORD=bench "$BIN" -q import "$WORK/app.env" --prefix myapp/prod >/dev/null
  git init -q "$WORK/repo-$N"
  SESAME_PASSWORD=bench "$BIN" -q team init "$team" --from "$single" --name bench >/dev/null 2>&1
  echo "$team"
}

echo "What granting access writes (team store; vault = the bucket files its manifest names):"
echo
echo "| secrets | change | vault before | bytes written (files) | share of the vault | wall time |"
echo "| ---: | --- | ---: | ---: | ---: | ---: |"
for N in ${SIZES:-1000 10000}; do
  team=$(make_team "$N")
  export SESAME_PASSWORD=bench
  total=$(vault_bytes "$team")
  row() {
    read -r bytes files ms <<< "$2"
    echo "| $N | $1 | $total | $bytes ($files) | $(python3 -c "print('%.1f %%' % (100*$bytes/$total))") | $ms ms |"
  }
  w=$(written "$team" "$BIN" --store "$team" recipients add --generate-ci deploy --write --access myapp/prod)
  row "a new key, access to myapp/prod (100 secrets; a new prefix)" "$w"
  w=$(written "$team" "$BIN" --store "$team" recipients add --generate-ci deploy2 --access myapp/prod)
  row "a second key, the same prefix (its files re-encrypted)" "$w"
  # The same through `member access` on an existing key: a second prefix
  # (svc1: about N/97 secrets of the bulk names), then taken away again.
  w=$(written "$team" "$BIN" --store "$team" member access deploy --add svc1)
  row "\`member access deploy --add svc1\` (a second prefix, ~$((N / 97)) secrets)" "$w"
  w=$(written "$team" "$BIN" --store "$team" member access deploy --remove svc1)
  row "\`member access deploy --remove svc1\` (taken away: that scope re-encrypted)" "$w"
  w=$(written "$team" "$BIN" --store "$team" recipients add --generate-ci everything)
  row "for comparison: a key with all access (the whole store)" "$w"
  unset SESAME_PASSWORD
done
echo

echo "\`get\` and \`set\` by the writer limited to myapp/prod (median of $RUNS, ms):"
echo
echo "| secrets | command | limited key | admin | target (member) |"
echo "| ---: | --- | ---: | ---: | --- |"
for N in ${SIZES:-1000 10000}; do
  team=$WORK/repo-$N/.sesame
  # A writer key limited to myapp/prod, and the admin's key (the team store's
  # identity is the single-user store's, moved by `team init --from`), unlocked.
  token=$(SESAME_PASSWORD=bench "$BIN" --store "$team" recipients add --generate-ci "w$N" --write --access myapp/prod 2>/dev/null)
  admin=$(bench/unwrap_identity.py "$WORK/store-$N/identity.age" bench)
  l=$(SESAME_IDENTITY=$token bench "$BIN --store $team get myapp/prod/KEY50")
  a=$(SESAME_IDENTITY=$admin bench "$BIN --store $team get myapp/prod/KEY50")
  echo "| $N | \`get\` | $l | $a | $(member_verdict "$N" get "$l") |"
  printf 'new-value-0123456789' > "$WORK/value"
  l=$(SESAME_IDENTITY=$token bench_sh "$BIN --store $team set myapp/prod/written < $WORK/value")
  a=$(SESAME_IDENTITY=$admin bench_sh "$BIN --store $team set myapp/prod/written < $WORK/value")
  echo "| $N | \`set\` | $l | $a | $(member_verdict "$N" set "$l") |"
done
