#!/usr/bin/env python3
"""Score ikplan's reading of the cases made by gen.py.

usage: score.py --cases gen_out [--ikplan /work/ikplan-g40] [--out score_out] [--jobs 2] [--worst 25]
Runs `ikplan convert FILE -o OUT.json` per case, compares with check_acceptance.py --score,
and prints points matched per format, per feature flag, per field key, and the worst cases.
"""
import argparse
import collections
import concurrent.futures as cf
import json
import os
import re
import subprocess

CHECK = "/work/shared/tools/check_acceptance.py"


def count_keys(exp, acc, prefix=""):
    """Count expected points per field key (same walk as check_acceptance)."""
    def rec(obj, level):
        for k, v in obj.items():
            if k in ("risker", "kontroller", "uppfoljningar"):
                continue
            acc[f"{level}.{k.rstrip('^')}"] += 1
        for child in ("risker", "kontroller", "uppfoljningar"):
            if child in obj:
                acc[f"count.{child}"] += 1
                for c in obj[child]:
                    rec(c, child)
    acc["count.dokument"] += 1
    for d in exp.get("dokument", []):
        rec(d, "dokument")


LEVEL = {"dokument": "dokument", "risker": "risker", "kontroller": "kontroller", "uppfoljningar": "uppfoljningar"}


def diff_key(line):
    # e.g. "dokument[0]/risker[2]/kontroller[0]: metod: got ..., want ..."
    m = re.match(r"^(\S+?): (.*)$", line)
    if not m:
        return "other"
    where, rest = m.group(1), m.group(2)
    parts = re.findall(r"(dokument|risker|kontroller|uppfoljningar)(\[\d+\])?", where)
    last = parts[-1] if parts else ("other", "")
    if re.match(r"^\d+ records, want \d+", rest):
        return f"count.{last[0]}"
    fm = re.match(r"^([a-z_]+):", rest)
    if fm:
        return f"{last[0]}.{fm.group(1)}"
    return "other"


def run_case(args, info):
    case = info["case"]
    src = os.path.join(args.cases, info["file"])
    out = os.path.join(args.out, case + ".json")
    exp = os.path.join(args.cases, case + ".expected.json")
    if not os.path.exists(src):
        return case, None, ["source missing"], 0
    # ikplan never writes over an output: a run into an existing --out folder would score the
    # last run's files.
    if os.path.exists(out):
        os.remove(out)
    try:
        p = subprocess.run([args.ikplan, "convert", src, "-o", out], capture_output=True, text=True, timeout=120)
        err = p.returncode
    except subprocess.TimeoutExpired:
        err = -1
    c = subprocess.run(["python3", CHECK, out, exp, "--score"], capture_output=True, text=True)
    lines = c.stdout.strip().splitlines()
    m = re.match(r"score: (\d+)/(\d+)", lines[-1]) if lines else None
    ok, tot = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    return case, (ok, tot), lines[:-1], err


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", default="gen_out")
    ap.add_argument("--ikplan", default="/work/ikplan-g40")
    ap.add_argument("--out", default="score_out")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--worst", type=int, default=25)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    index = json.load(open(os.path.join(args.cases, "index.json"), encoding="utf-8"))
    results = {}
    with cf.ThreadPoolExecutor(args.jobs) as ex:
        for case, score, diffs, err in ex.map(lambda i: run_case(args, i), index):
            results[case] = (score, diffs, err)
    per_fmt = collections.defaultdict(lambda: [0, 0, 0, 0])
    per_flag = collections.defaultdict(lambda: [0, 0, 0, 0])
    key_tot = collections.Counter()
    key_lost = collections.Counter()
    rows = []
    for info in index:
        score, diffs, err = results[info["case"]]
        ok, tot = score if score else (0, 0)
        exp = json.load(open(os.path.join(args.cases, info["case"] + ".expected.json"), encoding="utf-8"))
        kt = collections.Counter()
        count_keys(exp, kt)
        if not score or tot == 0:
            tot = sum(kt.values())
        key_tot.update(kt)
        if score:
            for d in diffs:
                key_lost[diff_key(d)] += 1
        else:
            key_lost["(no output)"] += tot
        full = ok == tot
        for bucket in [per_fmt[info["format"]]] + [per_flag[f] for f in info["flags"]] + [per_flag["(all)"]]:
            bucket[0] += ok
            bucket[1] += tot
            bucket[2] += 1
            bucket[3] += 1 if full else 0
        rows.append((ok / tot if tot else 0, info["case"], ok, tot, diffs[:4], info["flags"]))
    summary = {"per_format": {}, "per_flag": {}, "per_key": {}, "worst": []}

    def pr(title, table):
        print(f"\n## {title}\n")
        print("| | points | % | cases | all right |")
        print("|---|---|---|---|---|")
        for k, (ok, tot, n, full) in sorted(table.items(), key=lambda kv: kv[1][0] / max(kv[1][1], 1)):
            print(f"| {k} | {ok}/{tot} | {100 * ok / max(tot, 1):.1f} | {n} | {full} |")
    pr("Per format", per_fmt)
    pr("Per feature flag", per_flag)
    print("\n## Per field key (points lost / expected)\n")
    print("| key | lost | expected | % kept |")
    print("|---|---|---|---|")
    for k in sorted(set(key_tot) | set(key_lost), key=lambda k: -key_lost[k]):
        t = key_tot[k]
        print(f"| {k} | {key_lost[k]} | {t} | {100 * (t - key_lost[k]) / max(t, 1):.1f} |")
    print(f"\n## Worst {args.worst} cases\n")
    rows.sort()
    for frac, case, ok, tot, diffs, flags in rows[:args.worst]:
        print(f"- {case} {ok}/{tot} [{', '.join(flags)}]")
        for d in diffs:
            print(f"    {d[:200]}")
    for k, v in per_fmt.items():
        summary["per_format"][k] = v
    for k, v in per_flag.items():
        summary["per_flag"][k] = v
    summary["per_key"] = {k: [key_lost[k], key_tot[k]] for k in key_tot}
    summary["cases"] = {c: {"score": results[c][0], "diffs": results[c][1]} for c in results}
    json.dump(summary, open(os.path.join(args.out, "summary.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=0)


if __name__ == "__main__":
    main()
