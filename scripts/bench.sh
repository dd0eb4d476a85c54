#!/usr/bin/env bash
# Benchmarks for ikplan, reported as ratios against baselines run in the same invocation.
#
#   scripts/bench.sh            # full run (2,000 mixed documents, 100,000-row workbook, pandas)
#   NO_PANDAS=1 scripts/bench.sh  # skip the pandas comparison (no venv needed)
#   RUNS=5 scripts/bench.sh       # repetitions per measurement (median is reported)
#
# Needs /usr/bin/time (Debian package `time`). Results are printed as a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
T=target/bench
mkdir -p "$T"
cargo build --release --quiet
cargo build --release --quiet --examples
if [ ! -f "$T/corpus/large.xlsx" ]; then
  ./target/release/examples/gen_corpus "$T/corpus" 2000 100000 2>/dev/null
fi
BIN=./target/release/ikplan
FLOOR=./target/release/examples/floor

# Each run starts after the previous run's output is deleted and the disk is synced: the
# kernel writing back what the run before wrote (pandas and the floor do not sync their
# output; ikplan does) would otherwise take a core from the run being measured.
# run_once CMD...: one timed run; sets W (wall seconds) and M (max RSS, KiB).
run_once() {
  rm -rf "$T/out"; mkdir -p "$T/out"; sync
  /usr/bin/time -f "%e %M" -o "$T/time.txt" "$@" >/dev/null 2>"$T/stderr.txt" || true
  read -r W M < <(tail -n 1 "$T/time.txt")
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# measure NAME CMD...: runs CMD $RUNS times; records median wall seconds and max RSS (KiB).
declare -A WALL RSS
measure() {
  local name=$1; shift
  local walls=() rss=0
  for _ in $(seq "$RUNS"); do
    run_once "$@"
    walls+=("$W"); [ "$M" -gt "$rss" ] && rss=$M
  done
  WALL[$name]=$(median "${walls[@]}")
  RSS[$name]=$rss
}

measure mixed_xlsx "$BIN" convert "$T/corpus/mixed" -o "$T/out/all.xlsx" -q
measure mixed_csv "$BIN" convert "$T/corpus/mixed" -o "$T/out/csv" -q
measure mixed_both "$BIN" convert "$T/corpus/mixed" -o "$T/out/all.xlsx" -o "$T/out/csv" -q
measure mixed_1thread "$BIN" convert "$T/corpus/mixed" -o "$T/out/csv" -q --threads 1
# measure_together NAME...: runs the commands in the arrays CMD_<NAME> in turn, $RUNS rounds,
# so that the machine's drift (a shared VM's speed varies by tens of per cent within
# minutes) falls alike on the program and its baselines; records each one's median wall
# seconds and max RSS.
measure_together() {
  declare -A runs=()
  local name names=("$@") round k
  for round in $(seq 0 $((RUNS - 1))); do
    # Each round starts with the next command, so that none is always first after
    # another's run.
    for k in $(seq 0 $(($# - 1))); do
      name=${names[$(((round + k) % $#))]}
      local -n cmd="CMD_$name"
      run_once "${cmd[@]}"
      runs[$name]+="$W "
      [ "$M" -gt "${RSS[$name]:-0}" ] && RSS[$name]=$M
      unset -n cmd
    done
  done
  for name in "$@"; do
    # shellcheck disable=SC2086 # the runs are words
    WALL[$name]=$(median ${runs[$name]})
  done
}

mapfile -t XLSX < <(find "$T/corpus/mixed" -name '*.xlsx' | sort)
CMD_large_ikplan=("$BIN" convert "$T/corpus/large.xlsx" -o "$T/out/csv" -q)
CMD_large_floor=("$FLOOR" "$T/out/floor" "$T/corpus/large.xlsx")
CMD_mixed_xlsx_only_ikplan=("$BIN" convert "${XLSX[@]}" -o "$T/out/csv" -q)
CMD_mixed_xlsx_only_floor=("$FLOOR" "$T/out/floor" "${XLSX[@]}")
LARGE=(large_ikplan large_floor)
CORPUS=(mixed_xlsx_only_ikplan mixed_xlsx_only_floor)

if [ -z "${NO_PANDAS:-}" ]; then
  if [ ! -x "$T/venv/bin/python" ]; then
    python3 -m venv "$T/venv"
    "$T/venv/bin/pip" install --quiet pandas openpyxl
  fi
  cat > "$T/pandas_convert.py" <<'PY'
import sys, pandas as pd
out = sys.argv[1]
for i, f in enumerate(sys.argv[2:]):
    for name, df in pd.read_excel(f, sheet_name=None, engine="openpyxl").items():
        df.to_csv(f"{out}/{i}_{name}.csv", index=False)
PY
  CMD_large_pandas=("$T/venv/bin/python" "$T/pandas_convert.py" "$T/out" "$T/corpus/large.xlsx")
  CMD_mixed_xlsx_only_pandas=("$T/venv/bin/python" "$T/pandas_convert.py" "$T/out" "${XLSX[@]}")
  LARGE+=(large_pandas)
  CORPUS+=(mixed_xlsx_only_pandas)
fi
# ikplan and its baselines on the same files are measured round by round.
measure_together "${LARGE[@]}"
measure_together "${CORPUS[@]}"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }
echo "| measurement | wall s (median of $RUNS) | peak RSS MiB |"
echo "|---|---|---|"
for k in mixed_xlsx mixed_csv mixed_both mixed_1thread large_ikplan large_floor large_pandas mixed_xlsx_only_ikplan mixed_xlsx_only_floor mixed_xlsx_only_pandas; do
  [ -n "${WALL[$k]:-}" ] || continue
  echo "| $k | ${WALL[$k]} | $(awk -v m="${RSS[$k]}" 'BEGIN { printf "%.1f", m / 1024 }') |"
done
echo
echo "| ratio | value | target |"
echo "|---|---|---|"
echo "| 2,000 mixed documents → xlsx (s) | ${WALL[mixed_xlsx]} | < 2 |"
echo "| 2,000 mixed documents → CSV (s) | ${WALL[mixed_csv]} | < 2 |"
echo "| 2,000 mixed documents → xlsx and CSV, one run (s) | ${WALL[mixed_both]} | < 2 |"
echo "| 2,000 mixed documents, 2 threads vs 1 (speed-up) | $(ratio "${WALL[mixed_1thread]}" "${WALL[mixed_csv]}") | |"
echo "| ikplan ÷ floor, 100,000-row workbook (time) | $(ratio "${WALL[large_ikplan]}" "${WALL[large_floor]}") | ≤ 1.5 |"
echo "| ikplan ÷ floor, 100,000-row workbook (peak memory) | $(ratio "${RSS[large_ikplan]}" "${RSS[large_floor]}") | |"
echo "| ikplan ÷ floor, the corpus's xlsx files (time) | $(ratio "${WALL[mixed_xlsx_only_ikplan]}" "${WALL[mixed_xlsx_only_floor]}") | |"
if [ -n "${WALL[large_pandas]:-}" ]; then
  echo "| pandas ÷ ikplan, 100,000-row workbook (speed-up) | $(ratio "${WALL[large_pandas]}" "${WALL[large_ikplan]}") | ≥ 20 |"
  echo "| pandas ÷ ikplan, the corpus's xlsx files (speed-up) | $(ratio "${WALL[mixed_xlsx_only_pandas]}" "${WALL[mixed_xlsx_only_ikplan]}") | ≥ 20 |"
fi
