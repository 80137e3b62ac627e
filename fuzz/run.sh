#!/bin/sh
# Long fuzz runs: every target in turn (or those named), SECONDS each (600 by
# default), one job, nice'd, then a table: target, seconds, execs/s, coverage
# (libFuzzer's final cov/ft), corpus added, findings (files in fuzz/artifacts).
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). The
# targets are built once, before the first run, without a sanitizer (sesame
# forbids unsafe code; the CPU goes to executions): later edits to the sources do
# not change a run under way. New corpus entries land in fuzz/corpus/TARGET;
# minimise them with `cargo fuzz cmin -s none TARGET` before committing.
#
# Memory: inputs are capped at MAX_LEN bytes (64 KiB). Issue 19's bound, no more
# than 16× the input plus 64 MiB allocated at once, is enforced per input by the
# targets' counting allocator (fuzz/src/lib.rs): 65 MiB for the largest input.
# libFuzzer's -malloc_limit_mb is set to the same 65 (it only bites with a
# sanitizer's hooks); -rss_limit_mb adds room for libFuzzer itself and the
# corpus it holds (RSS_MB, 256), catching leaks across executions.
set -eu
cd "$(dirname "$0")"
secs=${1:-600}
[ $# -gt 0 ] && shift
all="vault_payload age_file identity_file project_file dotenv_import config_file time_values names git_cat_file audit_log masker manifest member_list signature ci_token git_credential docker_credential import_csv import_bitwarden pass_entry template env_file join_request scopes"
targets=${*:-$all}
max_len=${MAX_LEN:-65536}
budget_mb=$(( 64 + (16 * max_len + 1048575) / 1048576 ))
rss_mb=${RSS_MB:-256}
triple=$(rustc +nightly -vV | sed -n 's/^host: //p')
bin=target/$triple/release
nice cargo +nightly fuzz build -s none -O >/dev/null
mkdir -p logs artifacts
# The audit target writes its log files per execution: keep them in memory.
[ -d /dev/shm ] && export TMPDIR=/dev/shm
rows=""
for t in $targets; do
    mkdir -p "corpus/$t" "artifacts/$t"
    before=$(ls "artifacts/$t" | wc -l)
    start=$(date +%s)
    nice -n 10 "$bin/$t" "corpus/$t" \
        -artifact_prefix="artifacts/$t/" -max_total_time="$secs" -max_len="$max_len" \
        -rss_limit_mb="$rss_mb" -malloc_limit_mb="$budget_mb" -timeout=10 \
        -print_final_stats=1 >"logs/$t.log" 2>&1 || true
    took=$(( $(date +%s) - start ))
    last=$(grep -E '^#[0-9]+' "logs/$t.log" | tail -n 1)
    cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "logs/$t.log")
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "logs/$t.log")
    added=$(sed -n 's/^stat::new_units_added: *//p' "logs/$t.log")
    found=$(( $(ls "artifacts/$t" | wc -l) - before ))
    row=$(printf '%-14s %7s %10s %9s %6s %6s %6s %8s' "$t" "$took" "${runs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" "${added:-?}" "$found")
    echo "$row"
    rows="$rows$row
"
done
printf '\n%-14s %7s %10s %9s %6s %6s %6s %8s\n' target seconds execs execs/s cov ft added findings
printf '%s' "$rows"
