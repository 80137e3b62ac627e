#!/usr/bin/env bash
# Benchmark of a team store in git (issue 15): a member of a store of N
# secrets (1,000 by default), unlocked with a writer token, in a clone of a
# bare remote.
#
# Targets: a merge ≤ 300 ms (`team resolve` of a merge that changed the same
# secret on both sides, and the merge driver of one that changed different
# buckets); `sync` with nothing new ≤ git's own `fetch` + `push` + 50 ms;
# `get` ≤ 4 ms and `set` ≤ 12 ms for the member.
#
# The store is imported in one `sesame import` and unlocked with an age key
# (SESAME_IDENTITY), so the scrypt unlock, paid on purpose, is not measured.
#
# Usage: bench/team.sh [N]     (needs age-keygen, git, hyperfine, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
RUNS=${RUNS:-20}
for p in age-keygen git hyperfine python3; do
  command -v "$p" >/dev/null || { echo "bench/team.sh needs $p" >&2; exit 1; }
done
. bench/lib.sh

cargo build --release -q
BIN=$PWD/target/release/sesame
WORK=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT
echo "work dir: $WORK"
export HOME=$WORK/home XDG_STATE_HOME=$WORK/home/state SESAME_CONFIG=$WORK/none.toml
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@example.com
export GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@example.com
mkdir -p "$HOME"
: > "$SESAME_CONFIG"

# The owner: a store in a repository, N secrets, a writer token for the member.
git init -q --bare -b main "$WORK/remote.git"
git init -q -b main "$WORK/owner"
export SESAME_STORE=$WORK/owner/team
SESAME_PASSWORD=bench "$BIN" init --work-factor 10 -q
python3 - "$N" > "$WORK/values.env" <<'PY'
import secrets, sys
for i in range(int(sys.argv[1])):
    print(f"SVC{i % 97}_KEY{i}={secrets.token_urlsafe(24)}")
PY
SESAME_PASSWORD=bench "$BIN" import -q --prefix app/ "$WORK/values.env" >/dev/null
TOKEN=$(SESAME_PASSWORD=bench "$BIN" recipients add --generate-ci member --write 2>/dev/null)
printf 'team/identity.age\nteam/audit.log*\nteam/lock\nteam/audit.lock\nteam/manifest.bak\n' > "$WORK/owner/.gitignore"
printf 'manifest -merge diff=sesame\nrecipients -merge\nvault/*.age -merge -diff -text\n' > "$SESAME_STORE/.gitattributes"
git -C "$WORK/owner" add -A && git -C "$WORK/owner" commit -q -m store
git -C "$WORK/owner" push -q "$WORK/remote.git" main

# The member's clone, with the drivers registered as `team init` does.
git clone -q "$WORK/remote.git" "$WORK/member"
M=$WORK/member
git -C "$M" config merge.sesame.driver "'$BIN' team merge-driver %O %A %B %P"
git -C "$M" config diff.sesame.textconv "'$BIN' team diff-driver"
echo "team/manifest merge=sesame diff=sesame" > "$M/.git/info/attributes"
export SESAME_STORE=$M/team SESAME_IDENTITY=$TOKEN
cd "$M"
NAME=$("$BIN" list | head -1)
"$BIN" get "$NAME" >/dev/null
echo "store: $N secrets, $(ls team/vault | wc -l) vault files"

printf 'a-new-value-for-the-benchmark' > "$WORK/value"
GET=$(SUMMARY=median_min_ms bench "$BIN get $NAME")
SET=$(SUMMARY=median_min_ms bench_sh "$BIN set $NAME < $WORK/value")
git add -A && git commit -q -m "member sets" && git push -q

# Two branches off main: the same secret changed on both (a full merge,
# with new vault files: `team resolve`), and different buckets (the driver).
git branch -q -f base HEAD
OTHER=$("$BIN" list | awk -v n="$NAME" '$0 != n' | head -1)
printf "ours" | "$BIN" set -q "$NAME"; git add -A; git commit -q -m ours; git branch -q -f ours HEAD
git reset -q --hard base
printf "theirs" | "$BIN" set -q "$NAME"; git add -A; git commit -q -m theirs; git branch -q -f theirs HEAD
RESOLVE=$(SUMMARY=median_min_ms bench --prepare "sh -c 'git reset -q --hard ours; git merge -q --no-edit theirs >/dev/null 2>&1; true'" "$BIN team resolve -q")
git merge --abort 2>/dev/null || true
git reset -q --hard base
git show ours:team/manifest > "$WORK/ours.m"; git show theirs:team/manifest > "$WORK/theirs.m"; git show base:team/manifest > "$WORK/base.m"
# Different buckets: change OTHER on the second branch instead.
git reset -q --hard base
printf "theirs" | "$BIN" set -q "$OTHER"; git add -A; git commit -q -m theirs2; git branch -q -f theirs2 HEAD
git show theirs2:team/manifest > "$WORK/theirs2.m"
DRIVER=$(SUMMARY=median_min_ms bench --prepare "cp $WORK/ours.m $WORK/a.m" "$BIN team merge-driver $WORK/base.m $WORK/a.m $WORK/theirs2.m team/manifest")

# sync with nothing new against git's own fetch and push.
git reset -q --hard origin/main
git branch -q -u origin/main
"$BIN" sync -q
FETCHPUSH=$(SUMMARY=median_min_ms bench_sh "git fetch -q origin && git push -q origin HEAD:refs/heads/main")
SYNC=$(SUMMARY=median_min_ms bench "$BIN sync -q")

printf '\n| %-50s | %-18s | %s\n' "what ($N secrets, a writer member)" "median (min) ms" "target"
printf '|%s|%s|%s\n' "----------------------------------------------------" "--------------------" "-------"
printf '| %-50s | %-18s | %s\n' "get NAME" "$GET" "≤ 4"
printf '| %-50s | %-18s | %s\n' "set NAME" "$SET" "≤ 12"
printf '| %-50s | %-18s | %s\n' "team resolve (same secret both sides, new files)" "$RESOLVE" "≤ 300"
printf '| %-50s | %-18s | %s\n' "team merge-driver (different buckets)" "$DRIVER" "≤ 300"
printf '| %-50s | %-18s | %s\n' "git fetch + git push (nothing new)" "$FETCHPUSH" "-"
printf '| %-50s | %-18s | %s\n' "sync (nothing new)" "$SYNC" "≤ git's + 50"
