# Helpers sourced by the benchmark scripts (core.sh, completions.sh, run.sh).
# They write hyperfine's JSON to $WORK/h.json and run each command $RUNS times
# after $WARMUP warm-up runs (default 3); $SUMMARY (default median_ms) turns the
# JSON into the figure printed in the tables.

median_ms() { # hyperfine JSON -> median in ms
  python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$1"
}
median_min_ms() { # hyperfine JSON -> "median (min)" in ms: on a shared machine the minimum shows the cost without noise
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f (%.2f)" % (r["median"]*1000, r["min"]*1000))' "$1"
}
peak_rss_mb() { # peak RSS of one run of "$@", in MB
  /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.1f", $1/1024}'
}
bench() { # command line run without a shell (output to /dev/null, not a terminal), extra hyperfine flags first
  rm -f "$WORK/h.json"
  hyperfine -N --warmup "${WARMUP:-3}" --runs "$RUNS" --export-json "$WORK/h.json" "$@" >/dev/null 2>&1
  "${SUMMARY:-median_ms}" "$WORK/h.json"
}
bench_sh() { # command line with redirections (hyperfine subtracts the shell's own time)
  rm -f "$WORK/h.json"
  hyperfine --warmup "${WARMUP:-3}" --runs "$RUNS" --export-json "$WORK/h.json" "$@" >/dev/null 2>&1
  "${SUMMARY:-median_ms}" "$WORK/h.json"
}
