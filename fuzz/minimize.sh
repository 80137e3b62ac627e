#!/bin/sh
# Minimise the corpora of TARGETs (all by default) for committing: libFuzzer's
# merge keeps the smallest inputs that reach all the coverage of the corpus
# (what `cargo fuzz cmin` does), considering only inputs up to MAX_LEN bytes
# (1 KiB by default) so that the committed corpora stay small.
#   fuzz/minimize.sh [TARGET...]
set -eu
cd "$(dirname "$0")"
all="vault_payload age_file identity_file project_file dotenv_import config_file time_values names git_cat_file audit_log masker manifest member_list signature ci_token git_credential docker_credential import_csv import_bitwarden pass_entry template env_file join_request scopes"
triple=$(rustc +nightly -vV | sed -n 's/^host: //p')
bin=target/$triple/release
[ -d /dev/shm ] && export TMPDIR=/dev/shm
for t in ${*:-$all}; do
    min=$(mktemp -d)
    nice -n 10 "$bin/$t" -set_cover_merge=1 -use_counters=0 -max_len="${MAX_LEN:-1024}" -rss_limit_mb=512 "$min" "corpus/$t" >"logs/$t.merge.log" 2>&1
    rm -rf "corpus/$t"
    mkdir -p "corpus/$t"
    mv "$min"/* "corpus/$t"/ 2>/dev/null || true
    rmdir "$min"
    echo "$t: $(ls "corpus/$t" | wc -l) files, $(du -sk "corpus/$t" | cut -f1) KiB on disk, $(cat "corpus/$t"/* | wc -c) bytes"
done
