#!/usr/bin/env bash
# Benchmarks of the audit log (issue 7); figures go to README "Performance / audit".
#
#   bench/audit.sh              # append cost, verify over 100,000 lines, get end-to-end
#   BASE=2d1377a bench/audit.sh # also `get` A/B against a build without the audit log
#
# Targets: `audit verify` over 100,000 lines <= 1 s; logging adds <= 1 ms to `get`.
# Overhead method: (1) the exact work a `get` adds (who, recipients, HKDF, lock,
# tail read, one write) timed in-process over 2,000 appends; (2) with BASE, the
# same `get` on the same store by a binary built from a revision without the log.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is required" >&2; exit 1; }

cargo build --release --quiet --bin sesame --example audit_bench
bin=$PWD/target/release/sesame
drv=$PWD/target/release/examples/audit_bench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SESAME_STORE=$tmp/store SESAME_PASSWORD=bench-password
"$bin" -q init --work-factor 10
printf 'bench-value' | "$bin" -q set bench/app/secret

echo "## append"
"$drv" append "$SESAME_STORE" 2000

echo
echo "## verify over 100,000 lines"
"$drv" fill "$SESAME_STORE" 100000
"$bin" -q get bench/app/secret >/dev/null   # a vault write seals the head
printf 'x' | "$bin" -q set bench/app/other
echo "lines: $(cat "$SESAME_STORE"/audit.log* | wc -l) in $(cd "$SESAME_STORE" && echo audit.log*), bytes: $(cat "$SESAME_STORE"/audit.log* | wc -c)"
hyperfine -N --warmup 2 --runs 10 --style basic --export-markdown "$tmp/verify.md" \
  "$bin audit verify" >/dev/null
cat "$tmp/verify.md"

echo
echo "## get, end to end (password unlock at work factor 10)"
cmds=("$bin get bench/app/secret")
if [ -n "${BASE:-}" ]; then
  mkdir "$tmp/base"
  git archive "$BASE" | tar -x -C "$tmp/base"
  cargo build --release --quiet --manifest-path "$tmp/base/Cargo.toml" --target-dir target/bench-base
  cmds+=("$PWD/target/bench-base/release/sesame get bench/app/secret")
fi
hyperfine -N --warmup 10 --runs 300 --style basic --export-markdown "$tmp/get.md" \
  --export-json "$tmp/get.json" "${cmds[@]}" >/dev/null
cat "$tmp/get.md"
# Medians and minimums resist the noise of a shared machine better than means.
python3 - "$tmp/get.json" <<'PY'
import json, statistics, sys
print("\n| command | median [ms] | min [ms] |\n| --- | ---: | ---: |")
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"| `{r['command']}` | {statistics.median(r['times'])*1e3:.2f} | {min(r['times'])*1e3:.2f} |")
PY
