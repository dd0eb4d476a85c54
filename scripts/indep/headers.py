#!/usr/bin/env python3
"""Which generated header wordings ikplan maps to another field than the generator meant.

usage: headers.py --bin /work/ikplan-g30 --dir gen_out [--jobs 2]
Runs `ikplan inspect` per case (kept in DIR/_inspect/) and counts, per wording of gen.HEAD, how often its
column was mapped elsewhere (extra, or another field). Layout-text cases are left out (their headers wrap).
"""
import argparse
import collections
import glob
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402

FM = {"nr": ["risk.nummer", "kontroll.nummer"], "riskomrade": ["risk.riskomrade", "risk.riskomrade + riskbeskrivning"],
      "riskbeskrivning": ["risk.riskbeskrivning"], "kategori": ["risk.kategori"], "process": ["risk.process"],
      "s": ["risk.sannolikhet"], "k": ["risk.konsekvens"], "rv": ["risk.riskvarde"], "kontroll": ["kontroll.kontroll"],
      "atgard_k": ["kontroll.kontroll (typ atgard)", "kontroll.kontroll"], "metod": ["kontroll.metod"],
      "ansvarig": ["kontroll.ansvarig"], "rapp": ["kontroll.rapporteringsansvarig"], "frekvens": ["kontroll.frekvens"],
      "start": ["kontroll.startdatum"], "slut": ["kontroll.slutdatum"], "avst": ["kontroll.avstamningsdatum"],
      "uppf_nar": ["kontroll.uppfoljning_nar"], "status": ["uppfoljning.status"],
      "bedomning": ["uppfoljning.kontrollbedomning"], "resultat": ["uppfoljning.resultat"],
      "ny_atgard": ["uppfoljning.ny_atgard"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="/work/ikplan-g30")
    ap.add_argument("--dir", default="gen_out")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    idir = os.path.join(a.dir, "_inspect")
    os.makedirs(idir, exist_ok=True)
    cases = [e[: -len(".expected.json")] for e in sorted(glob.glob(os.path.join(a.dir, "*.expected.json")))]
    cases = [c for c in cases if os.path.exists(c) and not os.path.basename(c).startswith("layout")]

    def run(c):
        p = os.path.join(idir, os.path.basename(c) + ".txt")
        if not os.path.exists(p):
            with open(p, "w") as fh:
                subprocess.run([a.bin, "inspect", c], stdout=fh, stderr=subprocess.STDOUT)
        return p
    with ThreadPoolExecutor(a.jobs) as ex:
        paths = list(ex.map(run, cases))
    w2f = collections.defaultdict(set)
    for f, ws in gen.HEAD.items():
        for w in ws:
            w2f[w].add(f)
    bad, seen, ex_ = collections.Counter(), collections.Counter(), {}
    for p in paths:
        txt = open(p).read()
        case = os.path.basename(p)[:-4]
        for m in re.finditer(r"^    [A-Z]+\s+(.+?)\s{2,}→ (\S+(?: \+ \S+)?(?: \(typ atgard\))?)", txt, re.M):
            h, fld = m.group(1).strip(), m.group(2)
            hb = re.sub(r" (delår|Delår|T2|delårsrapport|helår|Helår|årsbokslut|bokslut)$", "", h)
            if hb not in w2f:
                continue
            want = [x for f in w2f[hb] for x in FM[f]]
            seen[hb] += 1
            if fld not in want:
                bad[(hb, fld)] += 1
                ex_.setdefault((hb, fld), case)
    print("| header as written | meant | read as | columns | of | example |\n|---|---|---|---:|---:|---|")
    for (h, fld), v in bad.most_common():
        print(f"| {h} | {'/'.join(sorted(w2f[h]))} | {fld} | {v} | {seen[h]} | {ex_[(h, fld)]} |")


if __name__ == "__main__":
    main()
