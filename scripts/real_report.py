#!/usr/bin/env python3
"""real_report.py - how well ikplan reads the real-layout fixtures in fixtures/real/.

For every fixtures/real/<case>.<ext> with a <case>.expected.json: run
`ikplan convert FILE -o OUT/<case>.json`, compare with shared/tools/check_acceptance.py --score
(every compared key and every count is one point), and print one row per case, then the share
of fields matched per format and overall. With --diffs, each case's differences follow.

usage: scripts/real_report.py [--bin target/release/ikplan] [--check PATH/check_acceptance.py]
                              [--out DIR] [--diffs] [--markdown] [--prefix b2_] [--exclude-prefix b2_] [CASE ...]
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "fixtures", "real")
FORMAT = {"xlsx": "xlsx", "xls": "xls/ods", "ods": "xls/ods", "docx": "docx", "csv": "csv", "txt": "text"}


def find_check():
    for p in (os.path.join(ROOT, "..", "shared", "tools", "check_acceptance.py"),
              "/work/shared/tools/check_acceptance.py"):
        if os.path.exists(p):
            return os.path.abspath(p)
    sys.exit("check_acceptance.py not found: pass --check")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")),
                                                  "release", "ikplan"))
    ap.add_argument("--check", default=None)
    ap.add_argument("--out", default=None)
    ap.add_argument("--diffs", action="store_true")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--prefix", default=None, help="only the cases whose name starts with this (b2_: batch 2)")
    ap.add_argument("--exclude-prefix", default=None, help="leave out the cases whose name starts with this")
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    check = a.check or find_check()
    out = a.out or tempfile.mkdtemp(prefix="real_report_")
    os.makedirs(out, exist_ok=True)
    rows, per_fmt, diffs = [], {}, {}
    for exp in sorted(glob.glob(os.path.join(FIX, "*.expected.json"))):
        case = os.path.basename(exp)[: -len(".expected.json")]
        if a.cases and case not in a.cases:
            continue
        if a.prefix and not case.startswith(a.prefix):
            continue
        if a.exclude_prefix and case.startswith(a.exclude_prefix):
            continue
        src = [p for p in glob.glob(os.path.join(FIX, case + ".*")) if not p.endswith(".expected.json")]
        if len(src) != 1:
            print(f"{case}: {len(src)} source files", file=sys.stderr)
            continue
        src = src[0]
        ext = src.rsplit(".", 1)[1]
        js = os.path.join(out, case + ".json")
        if os.path.exists(js):
            os.remove(js)
        r = subprocess.run([a.bin, "convert", src, "-o", js, "--quiet"], capture_output=True, text=True)
        c = subprocess.run([sys.executable, check, js, exp, "--score", "--structure-only"],
                           capture_output=True, text=True)
        m = re.search(r"score: (\d+)/(\d+)", c.stdout)
        ok, tot = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        lines = [l for l in c.stdout.splitlines() if not l.startswith("score:")]
        if r.returncode not in (0, 1):
            lines.insert(0, f"ikplan exit {r.returncode}: {r.stderr.strip()[:200]}")
        diffs[case] = lines
        fmt = FORMAT.get(ext, ext)
        rows.append((case, ext, ok, tot, len(lines)))
        f = per_fmt.setdefault(fmt, [0, 0, 0, 0])
        f[0] += ok
        f[1] += tot
        f[2] += 1
        f[3] += 1 if tot and ok / tot >= 0.95 else 0
    pct = lambda ok, tot: 100.0 * ok / tot if tot else 0.0
    if a.markdown:
        print("| case | format | fields matched | % |\n|---|---|---|---|")
        for case, ext, ok, tot, _ in rows:
            print(f"| {case} | {ext} | {ok}/{tot} | {pct(ok, tot):.1f} % |")
        print("\n| format | cases | cases ≥ 95 % | fields matched | % |\n|---|---|---|---|---|")
        for fmt in ("xlsx", "xls/ods", "docx", "csv", "text"):
            if fmt in per_fmt:
                ok, tot, n, good = per_fmt[fmt]
                print(f"| {fmt} | {n} | {good} | {ok}/{tot} | {pct(ok, tot):.1f} % |")
        ok = sum(v[0] for v in per_fmt.values())
        tot = sum(v[1] for v in per_fmt.values())
        print(f"| **all** | {len(rows)} | {sum(v[3] for v in per_fmt.values())} | {ok}/{tot} | **{pct(ok, tot):.1f} %** |")
    else:
        print(f"{'case':<28} {'fmt':<5} {'matched':>9} {'%':>7}  diffs")
        for case, ext, ok, tot, nd in rows:
            print(f"{case:<28} {ext:<5} {ok:>4}/{tot:<4} {pct(ok, tot):>6.1f}%  {nd}")
        print()
        for fmt in ("xlsx", "xls/ods", "docx", "csv", "text"):
            if fmt in per_fmt:
                ok, tot, n, good = per_fmt[fmt]
                print(f"{fmt:<8} {n:>2} cases ({good} >= 95 %)  {ok:>4}/{tot:<4} {pct(ok, tot):6.1f}%")
        ok = sum(v[0] for v in per_fmt.values())
        tot = sum(v[1] for v in per_fmt.values())
        print(f"{'all':<8} {len(rows):>2} cases              {ok:>4}/{tot:<4} {pct(ok, tot):6.1f}%")
    if a.diffs:
        for case, lines in diffs.items():
            if lines:
                print(f"\n== {case}")
                for l in lines:
                    print("  " + l)
    print(f"\n(outputs in {out})", file=sys.stderr)


if __name__ == "__main__":
    main()
