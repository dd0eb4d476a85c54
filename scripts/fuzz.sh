#!/usr/bin/env bash
# Runs every fuzz target for SECS seconds (default 600) with cargo-fuzz on the nightly
# toolchain, seeding each corpus with the bundled fixtures, and prints one line per target:
# executions, seconds, crashes. Crashers land in fuzz/artifacts/<target>/; copy them to
# fixtures/fuzz/ so tests/fuzz_regressions.rs replays them on every `cargo test`.
#
#   cargo install cargo-fuzz        # once
#   scripts/fuzz.sh                 # all targets, 600 s each
#   SECS=60 scripts/fuzz.sh headers # one target, one minute
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${SECS:-600}
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(text_reader csv_sniff normalizers headers pipeline)
report=target/fuzz-report.txt
mkdir -p target
for t in "${TARGETS[@]}"; do
  corpus=fuzz/corpus/$t
  mkdir -p "$corpus" "fuzz/artifacts/$t"
  # Seeds: the text seeds and the office-made files (the pipeline target reads the first
  # byte as the choice of file name, so byte 7, "no extension", is prepended there).
  for f in fixtures/seeds/* fixtures/formats/* fixtures/rules/* fixtures/quirks/*.xlsx fixtures/workbooks/*.xlsx \
    fixtures/office-made/*.xlsx; do
    [ -f "$f" ] || continue
    if [ "$t" = pipeline ]; then
      { printf '\7'; head -c 200000 "$f"; } > "$corpus/seed-$(basename "$f")"
    else
      head -c 200000 "$f" > "$corpus/seed-$(basename "$f")"
    fi
  done
  log=target/fuzz-$t.log
  before=$(find "fuzz/artifacts/$t" -type f | wc -l)
  # -fork=1 keeps fuzzing after a crash (each crash is saved); without it the first crash
  # ends the run.
  # Short inputs for the targets that take a line or a cell: many more executions.
  case "$t" in
    normalizers | headers) max_len=4096 ;;
    csv_sniff) max_len=65536 ;;
    *) max_len=262144 ;;
  esac
  (cd fuzz && cargo +nightly fuzz run "$t" -- -max_total_time="$SECS" -rss_limit_mb=2048 \
      -timeout=20 -max_len="$max_len" -print_final_stats=1 -fork=1 -ignore_crashes=1 \
      -ignore_timeouts=1 -ignore_ooms=1) > "$log" 2>&1 || true
  after=$(find "fuzz/artifacts/$t" -type f | wc -l)
  # Fork mode's status lines: "#10975: cov: … oom/timeout/crash: 0/0/0 time: 367s job: 23".
  last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1 || true)
  runs=$(echo "$last" | grep -oE '^#[0-9]+' | tr -d '#' || true)
  secs=$(echo "$last" | grep -oE ' time: [0-9]+s' | grep -oE '[0-9]+' || true)
  otc=$(echo "$last" | grep -oE 'oom/timeout/crash: [0-9/]+' | grep -oE '[0-9/]+$' || true)
  line="$t: ${runs:-?} executions in ${secs:-?} s, oom/timeout/crash ${otc:-?}, $((after - before)) new artifact(s)"
  echo "$line" | tee -a "$report"
done
