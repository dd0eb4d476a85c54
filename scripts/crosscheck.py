#!/usr/bin/env python3
"""Cross-check of ikplan's outputs with independent readers (run by .ci/run).

    crosscheck.py OUT IKPLAN

OUT holds what .ci/run wrote from the seeds: seeds.xlsx (with --platt), csv/ and
csv-excel/ (CSV folders with datapackage.json), and mall.xlsx (the template). IKPLAN is
the binary.

* openpyxl reads the workbook: the sheets, each entity sheet's header row against the
  titles in datapackage.json, every cell against the CSV (dates are date cells, integers
  numbers), its Excel table's range, and the data validations.
* `frictionless validate` validates both data packages (types, enums, primary and
  foreign keys).
* The template is filled in with openpyxl, as a person would, and converted back with
  ikplan; the plan's risks, controls and follow-up come out linked.
"""

import csv
import datetime
import json
import os
import subprocess
import sys

import openpyxl

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FEL:", what)


def read_csv(folder, resource):
    dialect = resource.get("dialect", {})
    enc = resource.get("encoding", "utf-8")
    with open(os.path.join(folder, resource["path"]), encoding=enc, newline="") as f:
        return list(csv.reader(f, delimiter=dialect.get("delimiter", ",")))


# The workbook shows these enum keys by their Swedish labels (MODEL.md); CSV keeps the keys.
LABELS = {"delar": "Delår", "helar": "Helår", "kontroll": "Kontroll", "atgard": "Åtgärd",
          "plan": "Plan", "uppfoljning": "Uppföljning"}
# Columns the workbook shows for reading beside a record's own (not in the CSV).
SHOWN = {"Risknivå", "Risk", "Kontroll"}


def workbook_against_csv(out):
    wb = openpyxl.load_workbook(os.path.join(out, "seeds.xlsx"))
    package = json.load(open(os.path.join(out, "csv", "datapackage.json"), encoding="utf-8"))
    # The bridge and code tables are in the CSV folder only (MODEL.md).
    csv_only = {"risk_kategorier", "kontroll_personer", "kontroll_avstamningar", "koder"}
    resources = [r for r in package["resources"] if r["name"] not in csv_only]
    expected = ["Översikt", "Riskmatris"] + [r["title"] for r in resources]
    # Utveckling follows Översikt when the input spans several plan years of a nämnd.
    sheets = [n for n in wb.sheetnames if n != "Utveckling"]
    check(sheets == expected, f"blad {wb.sheetnames} != {expected}")
    for res in resources:
        ws = wb[res["title"]]
        fields = res["schema"]["fields"]
        header = [c.value for c in ws[1]]
        titles = [f["title"] for f in fields]
        # Every field once, in the workbook's reading order, plus columns shown for reading.
        check(sorted(h for h in header if h in titles) == sorted(titles)
              and all(h in titles or h in SHOWN for h in header), f"{ws.title}: rubriker {header}")
        col = {h: i for i, h in enumerate(header) if h in titles}
        rows = read_csv(os.path.join(out, "csv"), res)
        check(rows[0] == [f["name"] for f in fields], f"{res['path']}: rubriker {rows[0]}")
        data = rows[1:]
        cells = list(ws.iter_rows(min_row=2, max_row=len(data) + 1, values_only=True))
        check(len(cells) == len(data), f"{ws.title}: {len(cells)} rader, CSV {len(data)}")
        dates = ints = 0
        for r, (xrow, crow) in enumerate(zip(cells, data), start=2):
            for f, c in zip(fields, crow):
                x = xrow[col[f["title"]]] if f["title"] in col else None
                where = f"{ws.title}!{f['title']} rad {r}"
                if c == "":
                    check(x is None, f"{where}: {x!r} men tom i CSV")
                elif f["type"] == "date":
                    check(isinstance(x, datetime.datetime), f"{where}: {x!r} är ingen datumcell")
                    if isinstance(x, datetime.datetime):
                        check(x.date().isoformat() == c, f"{where}: {x} != {c}")
                        dates += 1
                elif f["type"] == "integer":
                    check(isinstance(x, (int, float)) and int(x) == int(c), f"{where}: {x!r} != {c}")
                    ints += 1
                else:
                    check(isinstance(x, str) and x in (c, LABELS.get(c)), f"{where}: {x!r} != {c!r}")
        print(f"{ws.title}: {len(data)} rader, {dates} datumceller, {ints} heltal stämmer")
        # The sheet's Excel table spans its header and every data row (ikplan declares it
        # small and widens it after saving).
        tables = list(ws.tables.values())
        last = openpyxl.utils.get_column_letter(len(header)) + str(max(len(data), 1) + 1)
        check(len(tables) == 1, f"{ws.title}: {len(tables)} tabeller")
        for t in tables:
            check(t.ref == f"A1:{last}", f"{ws.title}: tabellen {t.name} täcker {t.ref}")
            check(t.autoFilter.ref == t.ref, f"{ws.title}: filtret täcker {t.autoFilter.ref}")
        if res["name"] in ("dokument", "risker", "kontroller", "uppfoljningar"):
            dv = ws.data_validations.dataValidation
            check(len(dv) > 0, f"{ws.title}: ingen datavalidering")
            kinds = sorted({v.type for v in dv})
            print(f"  validering: {len(dv)} regler ({', '.join(kinds)})")
    check(wb["Riskmatris"]["A1"].value == "Riskmatris", "Riskmatris: rubrik")
    check(wb["Översikt"]["A1"].value == "Översikt", "Översikt: rubrik")


def frictionless(out):
    exe = os.path.join(os.path.dirname(sys.executable), "frictionless")
    for folder in ("csv", "csv-excel"):
        p = os.path.join(out, folder, "datapackage.json")
        r = subprocess.run([exe, "validate", p], capture_output=True, text=True)
        print(r.stdout[-2000:])
        check(r.returncode == 0, f"frictionless validate {p}: {r.stderr[-2000:]}")


def template(out, ikplan):
    wb = openpyxl.load_workbook(os.path.join(out, "mall.xlsx"))
    check(wb.sheetnames == ["Instruktion", "Dokument", "Risker", "Kontroller", "Uppföljningar"],
          f"mallens blad {wb.sheetnames}")

    def put(sheet, row, values):
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        for label, v in values.items():
            cell = ws.cell(row=row, column=header.index(label) + 1, value=v)
            if isinstance(v, datetime.date):
                cell.number_format = "yyyy-mm-dd"

    put("Risker", 2, {"Risk-id": "R1", "Riskområde": "Felaktiga utbetalningar",
                      "Sannolikhet": 3, "Konsekvens": 4, "Riskvärde": 12})
    put("Risker", 3, {"Risk-id": "R2", "Riskområde": "Hot och våld", "Riskvärde": 10})
    put("Kontroller", 2, {"Kontroll-id": "K1", "Risk-id": "R1", "Typ": "kontroll",
                          "Kontroll": "Stickprov", "Ansvarig": "Ekonomichef; Controller",
                          "Startdatum": datetime.date(2025, 1, 1)})
    put("Kontroller", 3, {"Risk-id": "R2", "Typ": "atgard", "Kontroll": "Utbildning"})
    put("Uppföljningar", 2, {"Kontroll-id": "K1", "Period": "delar", "År": 2025,
                             "Status": "Pågående"})
    plan = os.path.join(out, "plan_2025.xlsx")
    wb.save(plan)
    js = os.path.join(out, "plan_2025.json")
    r = subprocess.run([ikplan, "convert", "-q", "--force", plan, "-o", js],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"ikplan convert av ifylld mall: {r.stderr}")
    model = json.load(open(js, encoding="utf-8"))
    doc = model["dokument"][0]
    check(doc["ar"] == 2025 and doc["namnd"] == "Socialnämnden" and doc["typ"] == "plan",
          f"dokument {doc['ar']} {doc['namnd']} {doc['typ']}")
    risks = doc["risker"]
    check([r["riskomrade"] for r in risks] == ["Felaktiga utbetalningar", "Hot och våld"],
          f"risker {[r['riskomrade'] for r in risks]}")
    k = risks[0]["kontroller"][0]
    check(k["startdatum"] == "2025-01-01", f"startdatum {k['startdatum']}")
    check(k["ansvarig"] == ["Ekonomichef", "Controller"], f"ansvarig {k['ansvarig']}")
    check(k["uppfoljningar"][0]["status"] == "Pågående", "uppföljningens status")
    check(risks[1]["kontroller"][0]["typ"] == "atgard", "åtgärd")
    print(f"ifylld mall: {len(risks)} risker, anmärkningar "
          f"{[f['kod'] for f in model['anmarkningar']]}")


def main():
    out, ikplan = sys.argv[1], sys.argv[2]
    workbook_against_csv(out)
    frictionless(out)
    template(out, ikplan)
    if failures:
        print(f"{len(failures)} fel")
        sys.exit(1)
    print("korskontroll: ok")


if __name__ == "__main__":
    main()
