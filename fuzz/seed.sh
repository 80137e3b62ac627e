#!/bin/sh
# Seed the fuzz corpora from real files: a store made by the debug build
# (work factor 10) holding the fuzzing identity (sesame::fuzzing::IDENTITY) as a
# recipient, so that its vault payload and audit log open in the targets.
# Usage: fuzz/seed.sh  (from the repository; needs target/debug/sesame and age)
set -eu
cd "$(dirname "$0")/.."
bin=$PWD/target/debug/sesame
c=$PWD/fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
key=$(sed -n 's/^pub const IDENTITY: &str = "\(.*\)";/\1/p' src/fuzzing.rs)
echo "$key" > "$tmp/key"
pub=$(age-keygen -y "$tmp/key")
export SESAME_STORE="$tmp/store" HOME="$tmp" XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config"
export SESAME_PASSWORD=fuzzing
"$bin" init --work-factor 10 >/dev/null
"$bin" recipients add "$pub" --label fuzzing >/dev/null
unset SESAME_PASSWORD
export SESAME_IDENTITY="$key"
printf 'hunter2hunter2' | "$bin" set app/db/password --description "the database" --tag a --tag b >/dev/null
printf 'sk_live_0123456789' | "$bin" set stripe/prod/secret_key --expires 2030-01-01T00:00:00Z --max-age 90d >/dev/null
"$bin" generate app/session --length 24 >/dev/null || true
printf 'second' | "$bin" set app/db/password >/dev/null
"$bin" get app/db/password >/dev/null
SESAME_IDENTITY= SESAME_PASSWORD=wrong "$bin" get app/db/password >/dev/null || true
"$bin" rotate app/session >/dev/null || true
"$bin" get stripe/prod/secret_key >/dev/null
mkdir -p "$c"/vault_payload "$c"/age_file "$c"/identity_file "$c"/audit_log
age -d -i "$tmp/key" "$tmp/store/vault.age" > "$c/vault_payload/store"
cp "$tmp/store/vault.age" "$c/age_file/vault.age"
cp "$tmp/store/identity.age" "$c/age_file/identity.age"
cp "$tmp/store/recipients" "$c/identity_file/recipients"
cp "$tmp/key" "$c/identity_file/identity"
cp "$tmp/store/audit.log" "$c/audit_log/store"
ls -l "$c"/*/
