#!/usr/bin/env python3
"""Score ikplan on the indep3 (g50) corpus.

usage: score.py --dir /work/gen/g50 [--bin /work/main/target/release/ikplan] [--jobs 2] [--md]
Converts each case to DIR/_out/<case>.json (an old output is removed first: ikplan never overwrites),
compares with <case>.expected.json by shared/tools/check_acceptance.py --score, and prints points per
format, per feature flag and per field key, and the worst cases. All diffs go to DIR/_score.json.
"""
import argparse
import concurrent.futures as cf
import json
import os
import re
import subprocess
from collections import defaultdict

CHECK = "/work/shared/tools/check_acceptance.py"


def run_case(args, exp_path):
    stem = exp_path[: -len(".expected.json")]
    exp = json.load(open(exp_path, encoding="utf-8"))
    src = os.path.join(os.path.dirname(exp_path), exp["kalla"])
    name = os.path.basename(stem)
    out = os.path.join(args.dir, "_out", name + ".json")
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run([args.bin, "convert", "-q", src, "-o", out], capture_output=True, text=True)
    r = subprocess.run(["python3", CHECK, out, exp_path, "--score"], capture_output=True, text=True)
    lines = r.stdout.strip().splitlines()
    m = re.match(r"score: (\d+)/(\d+)", lines[-1]) if lines else None
    ok, tot = (int(m.group(1)), int(m.group(2))) if m else (0, 1)
    flags = json.load(open(stem + ".flags.json", encoding="utf-8"))
    fmt = re.search(r"(xlsx|ods|xls|docx|csv|text|pdftext)[ _](\d{4})", name).group(1)
    return {"case": name, "file": exp["kalla"], "fmt": fmt, "flags": flags, "ok": ok, "total": tot,
            "diffs": lines[:-1], "stderr": p.stderr[-500:], "fields": field_totals(exp)}


def field_totals(exp):
    t = defaultdict(int)

    def rec(level, e):
        for k, v in e.items():
            if k in ("risker", "kontroller", "uppfoljningar"):
                t["count." + k] += 1
                for x in v:
                    rec(k, x)
            elif k != "kalla":
                t[level + "." + k.rstrip("^")] += 1
    t["count.dokument"] += 1
    for d in exp.get("dokument", []):
        rec("dokument", d)
    return dict(t)


def diff_field(line):
    m = re.match(r"(.*?): (.*)", line)
    if not m:
        return "other"
    where, msg = m.groups()
    level = re.findall(r"(dokument|risker|kontroller|uppfoljningar)", where)
    lv = level[-1] if level else "other"
    if re.match(r"\d+ records, want", msg):
        return "count." + lv
    f = msg.split(":")[0]
    return lv + "." + f


def table(rows, head):
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        out.append("| " + " | ".join(str(x) for x in r) + " |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default="/work/gen/g50")
    ap.add_argument("--bin", default="/work/main/target/release/ikplan")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", default="")
    ap.add_argument("--md", action="store_true")
    args = ap.parse_args()
    os.makedirs(os.path.join(args.dir, "_out"), exist_ok=True)
    exps = sorted(os.path.join(args.dir, f) for f in os.listdir(args.dir) if f.endswith(".expected.json")
                  and args.only in f)
    with cf.ThreadPoolExecutor(args.jobs) as ex:
        res = list(ex.map(lambda e: run_case(args, e), exps))
    json.dump(res, open(os.path.join(args.dir, "_score.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    by_fmt = defaultdict(lambda: [0, 0, 0, 0])
    by_flag = defaultdict(lambda: [0, 0, 0, 0])
    lost = defaultdict(int)
    by_head = defaultdict(lambda: [0, 0, 0])
    comp = defaultdict(int)
    for r in res:
        for key, agg in [(r["fmt"], by_fmt), ("(all)", by_fmt)] + [(f, by_flag) for f in r["flags"] if not f.startswith("h:")]:
            a = agg[key]
            a[0] += r["ok"]
            a[1] += r["total"]
            a[2] += 1
            a[3] += r["ok"] == r["total"]
        lost_here = defaultdict(int)
        for d in r["diffs"]:
            lost[diff_field(d)] += 1
            lost_here[diff_field(d).split(".")[-1]] += 1
        for f in r["flags"]:
            if f.startswith("h:"):
                fld, word = f[2:].split("=", 1)
                a = by_head[(fld, word)]
                a[0] += lost_here.get(fld, 0)
                a[1] += sum(v for k, v in r["fields"].items() if k.split(".")[-1] == fld)
                a[2] += 1
        for k, v in r["fields"].items():
            comp[k] += v

    def pct(a):
        return f"{100 * a[0] / max(a[1], 1):.1f}"
    print("## Per format\n")
    print(table([(k, f"{a[0]}/{a[1]}", pct(a), a[2], a[3]) for k, a in sorted(by_fmt.items(), key=lambda x: x[1][0] / max(x[1][1], 1))],
                ["format", "points", "%", "cases", "all right"]))
    print("\n## Per feature flag\n")
    print(table([(k, f"{a[0]}/{a[1]}", pct(a), a[2], a[3]) for k, a in sorted(by_flag.items(), key=lambda x: x[1][0] / max(x[1][1], 1))],
                ["flag", "points", "%", "cases", "all right"]))
    print("\n## Per field key (points lost / expected)\n")
    print(table([(k, v, comp.get(k, "?")) for k, v in sorted(lost.items(), key=lambda x: -x[1])],
                ["key", "lost", "expected"]))
    print("\n## Header wordings (heads_new cases): points of that field lost / expected\n")
    print(table([(f, w, f"{a[0]}/{a[1]}", f"{100 * a[0] / max(a[1], 1):.0f}", a[2]) for (f, w), a in
                 sorted(by_head.items(), key=lambda x: -x[1][0] / max(x[1][1], 1))],
                ["field", "wording", "lost", "% lost", "cases"]))
    print("\n## Failure kinds: plain headers, not pdftext, no other major kind in the case\n")
    major = ["s_hier", "s_typed", "s_banner", "s_per_risk_table", "fu_wide_kvartal", "fu_wide_tertial", "assess_freetext",
             "meta_filename", "meta_sheetname", "status_fill_legend", "header_per_banner", "rv_in_banner", "desc_in_banner"]
    kinds = []
    for k in major:
        sel = [r for r in res if k in r["flags"] and "heads_plain" in r["flags"] and r["fmt"] != "pdftext"
               and not any(g in r["flags"] for g in major if g != k and not (k.startswith("s_") and g in
                           ("header_per_banner", "rv_in_banner", "desc_in_banner")))]
        lost_k = sum(r["total"] - r["ok"] for r in sel)
        tot_k = sum(r["total"] for r in sel)
        bad = sorted([r for r in sel if r["ok"] < r["total"]], key=lambda r: r["total"])
        kinds.append((k, lost_k, tot_k, len(sel), len(bad), bad[0]["file"] if bad else ""))
    print(table([(k, f"{l}/{t}", n, b, ex) for k, l, t, n, b, ex in sorted(kinds, key=lambda x: -x[1])],
                ["kind", "lost/points", "cases", "cases with a loss", "smallest case with a loss"]))
    print("\n## Worst cases\n")
    worst = sorted(res, key=lambda r: r["ok"] / max(r["total"], 1))[:25]
    print(table([(r["file"], f"{r['ok']}/{r['total']}", " ".join(r["flags"])) for r in worst], ["case", "points", "flags"]))


if __name__ == "__main__":
    main()
