#!/usr/bin/env python3
"""Score ikplan's first reading of the independent generator's cases.

usage: score.py --bin /work/ikplan-g30 --dir gen_out [--jobs 2] [--worst 25] [--md]

Runs `ikplan convert FILE -o OUT.json` per case (OUT in DIR/_out), compares with check_acceptance.py --score
and prints fields matched per format, per feature flag, per field key, and the worst cases.
"""
import argparse
import collections
import glob
import json
import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor

CHECK = "/work/shared/tools/check_acceptance.py"


def run_case(binp, exp_path, outdir):
    src = exp_path[: -len(".expected.json")]
    name = os.path.basename(src)
    out = os.path.join(outdir, name + ".json")
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run([binp, "convert", src, "-o", out, "--format", "json", "--tyst"], capture_output=True,
                       text=True, timeout=120)
    if p.returncode not in (0, 1) and not os.path.exists(out):
        err = (p.stderr or p.stdout)[-300:]
    else:
        err = ""
    c = subprocess.run(["python3", CHECK, out, exp_path, "--score"], capture_output=True, text=True)
    lines = c.stdout.strip().splitlines()
    m = re.match(r"score: (\d+)/(\d+)", lines[-1]) if lines else None
    ok, tot = (int(m.group(1)), int(m.group(2))) if m else (0, 1)
    return name, ok, tot, lines[:-1], err


def field_totals(exp):
    """count of compared points per field key (from the expectation itself)."""
    cnt = collections.Counter()

    def rec(e, lvl):
        for k, v in e.items():
            if k in ("risker", "kontroller", "uppfoljningar"):
                cnt[f"{k}(antal)"] += 1
                for x in v:
                    rec(x, k)
            else:
                cnt[f"{lvl}.{k.rstrip('^')}"] += 1
    cnt["dokument(antal)"] += 1
    for d in exp.get("dokument", []):
        rec(d, "dokument")
    return cnt


def diff_field(line):
    # 'dokument[0]/risker[3]/kontroller[0]: metod: got ..' -> 'kontroller.metod'
    m = re.match(r"(.*?): (\w+): got", line)
    if m:
        path = m.group(1)
        lvl = re.findall(r"(dokument|risker|kontroller|uppfoljningar)\[\d+\]", path)
        return f"{lvl[-1] if lvl else 'dokument'}.{m.group(2)}"
    m = re.match(r"(.*?): (\d+) records, want (\d+)", line)
    if m:
        lvl = re.findall(r"(dokument|risker|kontroller|uppfoljningar)", m.group(1))
        return f"{lvl[-1] if lvl else 'dokument'}(antal)"
    return "other"


def pct(a, b):
    return f"{100.0 * a / b:5.1f}%" if b else "  -  "


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="/work/ikplan-g30")
    ap.add_argument("--dir", default="gen_out")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--worst", type=int, default=25)
    ap.add_argument("--md", action="store_true", help="print markdown tables")
    a = ap.parse_args()
    outdir = os.path.join(a.dir, "_out")
    os.makedirs(outdir, exist_ok=True)
    exps = sorted(glob.glob(os.path.join(a.dir, "*.expected.json")))
    exps = [e for e in exps if os.path.exists(e[: -len(".expected.json")])]
    with ThreadPoolExecutor(a.jobs) as ex:
        res = list(ex.map(lambda e: run_case(a.bin, e, outdir), exps))
    per_fmt = collections.defaultdict(lambda: [0, 0, 0, 0])  # ok, tot, cases, perfect
    per_feat = collections.defaultdict(lambda: [0, 0, 0, 0])
    per_field_tot = collections.Counter()
    per_field_bad = collections.Counter()
    rows = []
    for (name, ok, tot, diffs, err), e in zip(res, exps):
        feat = json.load(open(e[: -len(".expected.json")] + ".features.json"))
        exp = json.load(open(e))
        for key in [feat["format"]]:
            x = per_fmt[key]; x[0] += ok; x[1] += tot; x[2] += 1; x[3] += ok == tot
        for fl in feat["features"] + ["typ=" + feat["typ"]]:
            x = per_feat[fl]; x[0] += ok; x[1] += tot; x[2] += 1; x[3] += ok == tot
        per_field_tot.update(field_totals(exp))
        for d in diffs:
            per_field_bad[diff_field(d)] += 1
        rows.append((ok / tot if tot else 1, name, ok, tot, feat, diffs, err))
    T = [0, 0, 0, 0]
    for v in per_fmt.values():
        for i in range(4):
            T[i] += v[i]
    md = a.md
    def table(title, d, keyname):
        print(f"\n{title}")
        if md:
            print(f"| {keyname} | cases | perfect | fields matched | % |\n|---|---:|---:|---:|---:|")
        for k, (ok, tot, n, perf) in sorted(d.items(), key=lambda kv: kv[1][0] / max(1, kv[1][1])):
            if md:
                print(f"| {k} | {n} | {perf} | {ok}/{tot} | {pct(ok, tot).strip()} |")
            else:
                print(f"  {k:<22} cases {n:4d}  perfect {perf:4d}  fields {ok:6d}/{tot:<6d} {pct(ok, tot)}")
    table("Per format", per_fmt, "format")
    if md:
        print(f"| **all** | {T[2]} | {T[3]} | {T[0]}/{T[1]} | {pct(T[0], T[1]).strip()} |")
    else:
        print(f"  {'ALL':<22} cases {T[2]:4d}  perfect {T[3]:4d}  fields {T[0]:6d}/{T[1]:<6d} {pct(T[0], T[1])}")
    table("Per feature flag", per_feat, "feature")
    print("\nPer field key (points lost / points compared; a count mismatch also makes the records under it miss)")
    if md:
        print("| field | lost | compared | matched % |\n|---|---:|---:|---:|")
    for k in sorted(per_field_tot, key=lambda k: -per_field_bad[k] / max(1, per_field_tot[k])):
        t = per_field_tot[k]; b = per_field_bad[k]
        if md:
            print(f"| {k} | {b} | {t} | {pct(t - b, t).strip()} |")
        else:
            print(f"  {k:<32} lost {b:6d} of {t:6d}  matched {pct(t - b, t)}")
    print(f"\nWorst {a.worst} cases")
    rows.sort(key=lambda x: x[0])
    for sc, name, ok, tot, feat, diffs, err in rows[: a.worst]:
        print(f"  {name:<18} {ok}/{tot} {pct(ok, tot)} [{', '.join(feat['features'])}] {err.strip()[:120]}")
        for d in diffs[:4]:
            print(f"      {d[:200]}")
    with open(os.path.join(a.dir, "_score.json"), "w") as fh:
        json.dump([{"case": n, "ok": ok, "tot": tot, "features": ft["features"], "diffs": df, "err": er}
                   for sc, n, ok, tot, ft, df, er in rows], fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
