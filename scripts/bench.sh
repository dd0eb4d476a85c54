#!/usr/bin/env bash
# Benchmarks for ikplan on realistic work, reported as ratios against baselines measured in
# the same invocation, round by round (see BENCHMARKS.md).
#
#   scripts/bench.sh                      # everything, 5 rounds
#   RUNS=9 scripts/bench.sh               # more rounds (the median is reported)
#   NO_PANDAS=1 scripts/bench.sh          # without pandas (no venv)
#   ALT=path/to/ikplan scripts/bench.sh   # also a second build of ikplan, paired with the first
#
# Needs /usr/bin/time (Debian package `time`) and, for pandas, python3 with venv.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
T=target/bench
mkdir -p "$T"
cargo build --release --quiet
cargo build --release --quiet --example gen_corpus --example floor
if [ ! -f "$T/corpus/medium.xlsx" ]; then
  ./target/release/examples/gen_corpus "$T/corpus" 2000 100000 2>/dev/null
fi
BIN=./target/release/ikplan
FLOOR=./target/release/examples/floor
C=$T/corpus

# run_once CMD...: one timed run after the previous run's output is deleted and the disk
# synced (ikplan syncs what it writes; the kernel writing back another run's output would
# take a core from this one). Sets W (wall seconds) and M (max RSS, KiB).
run_once() {
  rm -rf "$T/out"; mkdir -p "$T/out"; sync
  /usr/bin/time -f "%e %M" -o "$T/time.txt" "$@" >/dev/null 2>"$T/stderr.txt" || {
    echo "failed: $*" >&2; cat "$T/stderr.txt" >&2; exit 1; }
  read -r W M < <(tail -n 1 "$T/time.txt")
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# measure_together NAME...: runs the commands in the arrays CMD_<NAME>, $RUNS rounds, each
# round starting with the next command, so that the machine's drift (a shared VM's speed
# varies by tens of per cent within minutes) falls alike on ikplan and its baselines.
declare -A WALL RSS
measure_together() {
  declare -A runs=()
  local name names=("$@") round k
  for round in $(seq 0 $((RUNS - 1))); do
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

CMD_mixed=("$BIN" convert "$C/mixed" -o "$T/out/all.xlsx" -o "$T/out/csv" -q)
CMD_medium_csv=("$BIN" convert "$C/medium.xlsx" -o "$T/out/csv" -q)
CMD_medium_xlsx=("$BIN" convert "$C/medium.xlsx" -o "$T/out/plan.xlsx" -q)
CMD_large=("$BIN" convert "$C/large.xlsx" -o "$T/out/csv" -q)
CMD_large_floor=("$FLOOR" "$T/out/floor" "$C/large.xlsx")
MIXED=(mixed)
MEDIUM=(medium_csv medium_xlsx)
LARGE=(large large_floor)

if [ -n "${ALT:-}" ]; then
  CMD_alt_mixed=("$ALT" "${CMD_mixed[@]:1}")
  CMD_alt_medium_csv=("$ALT" "${CMD_medium_csv[@]:1}")
  CMD_alt_medium_xlsx=("$ALT" "${CMD_medium_xlsx[@]:1}")
  CMD_alt_large=("$ALT" "${CMD_large[@]:1}")
  MIXED+=(alt_mixed)
  MEDIUM+=(alt_medium_csv alt_medium_xlsx)
  LARGE+=(alt_large)
fi

if [ -z "${NO_PANDAS:-}" ]; then
  if [ ! -x "$T/venv/bin/python" ]; then
    python3 -m venv "$T/venv"
    "$T/venv/bin/pip" install --quiet pandas openpyxl python-calamine
  fi
  # Every sheet of the workbook read into a DataFrame and written as CSV: less than ikplan
  # does (no layout, model or rules), the usual way such files are handled in Python.
  cat > "$T/pandas_convert.py" <<'PY'
import sys, pandas as pd
engine, out, path = sys.argv[1:4]
for name, df in pd.read_excel(path, sheet_name=None, engine=engine).items():
    df.to_csv(f"{out}/{name}.csv", index=False)
PY
  CMD_medium_openpyxl=("$T/venv/bin/python" "$T/pandas_convert.py" openpyxl "$T/out" "$C/medium.xlsx")
  CMD_medium_calamine=("$T/venv/bin/python" "$T/pandas_convert.py" calamine "$T/out" "$C/medium.xlsx")
  MEDIUM+=(medium_openpyxl medium_calamine)
fi

measure_together "${MIXED[@]}"
measure_together "${MEDIUM[@]}"
measure_together "${LARGE[@]}"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }
mib() { awk -v m="$1" 'BEGIN { printf "%.1f", m / 1024 }'; }
echo "| measurement | wall s (median of $RUNS) | peak RSS MiB |"
echo "|---|---|---|"
for k in mixed alt_mixed medium_csv alt_medium_csv medium_xlsx alt_medium_xlsx medium_openpyxl \
  medium_calamine large alt_large large_floor; do
  [ -n "${WALL[$k]:-}" ] || continue
  echo "| $k | ${WALL[$k]} | $(mib "${RSS[$k]}") |"
done
echo
echo "| ratio | value | target |"
echo "|---|---|---|"
echo "| 2,000 plans → workbook + CSV, one run (s) | ${WALL[mixed]} | < 1 |"
if [ -n "${WALL[medium_openpyxl]:-}" ]; then
  for out in csv xlsx; do
    echo "| pandas + openpyxl ÷ ikplan, 10,000-row plan → $out | $(ratio "${WALL[medium_openpyxl]}" "${WALL[medium_$out]}") | ≥ 10 |"
    echo "| pandas + calamine ÷ ikplan, 10,000-row plan → $out | $(ratio "${WALL[medium_calamine]}" "${WALL[medium_$out]}") | ≥ 3 |"
  done
fi
echo "| ikplan ÷ calamine read + CSV write, 100,000 rows (time) | $(ratio "${WALL[large]}" "${WALL[large_floor]}") | ≤ 2 |"
echo "| ikplan ÷ calamine read + CSV write, 100,000 rows (peak memory) | $(ratio "${RSS[large]}" "${RSS[large_floor]}") | |"
if [ -n "${ALT:-}" ]; then
  for k in mixed medium_csv medium_xlsx large; do
    echo "| ALT ÷ ikplan, $k (time) | $(ratio "${WALL[alt_$k]}" "${WALL[$k]}") | |"
    echo "| ALT ÷ ikplan, $k (peak memory) | $(ratio "${RSS[alt_$k]}" "${RSS[$k]}") | |"
  done
fi
