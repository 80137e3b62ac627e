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

# log_with_values FILE SIZE_MB ENVFILE: SIZE_MB MiB of log-like text (base64
# lines of random bytes) with every value of the dotenv ENVFILE once per MiB, for
# the masking benchmarks.
log_with_values() {
python3 - "$1" "$2" "$3" <<'PY'
import base64, os, sys
path, mb, envfile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
values = [l.split("=", 1)[1].strip().encode() for l in open(envfile)]
block = bytearray()
for v in values:
    block += b"token=" + v + b"\n"
while len(block) < (1 << 20):
    block += b"2026-01-01T00:00:00Z INFO request " + base64.b64encode(os.urandom(57)) + b"\n"
block = bytes(block[: 1 << 20])
with open(path, "wb") as f:
    for _ in range(mb):
        f.write(block)
PY
}

# member_verdict N COMMAND MS: MS against issue 15's targets for a member of a
# team store (unlocked): "≤ T: pass", "≤ T: MISSED", or "–" where none is set.
member_verdict() {
  local t
  case "$1 $2" in
    "1000 get") t=4 ;; "1000 set") t=12 ;; "10000 get") t=12 ;; *) echo "–"; return ;;
  esac
  if python3 -c "import sys; sys.exit(0 if float('$3') <= $t else 1)"; then echo "≤ $t: pass"; else echo "≤ $t: MISSED"; fi
}
