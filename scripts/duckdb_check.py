"""Loads each CSV folder ikplan wrote with DuckDB, as a BI tool would, and checks it against
its datapackage.json: every column has the declared type (integers cast as BIGINT, dates as
DATE), primary keys are unique, every foreign key resolves, and the bridge tables give back
the joined "; " columns. Then `frictionless validate` on each package.

Usage: python duckdb_check.py FOLDER...   (exit 1 with one line per failure)"""

import json
import os
import subprocess
import sys

import duckdb

FAILURES = []

BRIDGES = [
    # (bridge, its id, value column, role filter, table, joined column)
    ("risk_kategorier", "risk_id", "kategori", None, "risker", "kategori"),
    ("kontroll_personer", "kontroll_id", "namn", "ansvarig", "kontroller", "ansvarig"),
    ("kontroll_personer", "kontroll_id", "namn", "rapporteringsansvarig", "kontroller", "rapporteringsansvarig"),
    ("kontroll_avstamningar", "kontroll_id", "strftime(datum, '%Y-%m-%d')", None, "kontroller", "avstamningsdatum"),
]
SQL_TYPE = {"string": "VARCHAR", "integer": "BIGINT", "date": "DATE"}


def check(cond, what):
    if not cond:
        FAILURES.append(what)


def load(db, folder, res):
    """The resource as a typed table: every column read as text, then cast as declared."""
    delim = res["dialect"]["delimiter"]
    path = os.path.join(folder, res["path"])
    fields = res["schema"]["fields"]
    cols = ", ".join(f"'{f['name']}': 'VARCHAR'" for f in fields)
    db.execute(
        f"CREATE TABLE raw_{res['name']} AS SELECT * FROM read_csv('{path}', delim='{delim}', "
        f"header=true, columns={{{cols}}}, quote='\"', escape='\"')"
    )
    casts = ", ".join(
        f"TRY_CAST(NULLIF({f['name']}, '') AS {SQL_TYPE[f['type']]}) AS {f['name']}" for f in fields
    )
    db.execute(f"CREATE TABLE {res['name']} AS SELECT {casts} FROM raw_{res['name']}")
    for f in fields:
        n = f["name"]
        bad = db.execute(
            f"SELECT count(*) FROM (SELECT {n} AS v FROM raw_{res['name']}) "
            f"WHERE v <> '' AND TRY_CAST(v AS {SQL_TYPE[f['type']]}) IS NULL"
        ).fetchone()[0]
        check(bad == 0, f"{folder}: {res['name']}.{n}: {bad} values not {f['type']}")


def check_folder(folder):
    pkg = json.load(open(os.path.join(folder, "datapackage.json"), encoding="utf-8"))
    db = duckdb.connect()
    names = [r["name"] for r in pkg["resources"]]
    for res in pkg["resources"]:
        load(db, folder, res)
    for res in pkg["resources"]:
        name, schema = res["name"], res["schema"]
        pk = schema.get("primaryKey")
        if pk:
            keys = ", ".join(pk)
            dup = db.execute(
                f"SELECT count(*) FROM (SELECT {keys} FROM {name} GROUP BY {keys} HAVING count(*) > 1)"
            ).fetchone()[0]
            check(dup == 0, f"{folder}: {name}: {dup} duplicate keys ({keys})")
        for fk in schema.get("foreignKeys", []):
            (f,), target, (tf,) = fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"]
            check(target in names, f"{folder}: {name}.{f} refers to missing {target}")
            missing = db.execute(
                f"SELECT count(*) FROM {name} a WHERE a.{f} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {target} b WHERE b.{tf} = a.{f})"
            ).fetchone()[0]
            check(missing == 0, f"{folder}: {name}.{f}: {missing} values not in {target}.{tf}")
    for bridge, key, value, role, table, column in BRIDGES:
        if bridge not in names:
            FAILURES.append(f"{folder}: no {bridge}")
            continue
        where = f"WHERE roll = '{role}'" if role else ""
        differ = db.execute(
            f"""SELECT count(*) FROM {table} t LEFT JOIN (
                  SELECT {key} AS k, string_agg({value}, '; ' ORDER BY ordning) AS v
                  FROM {bridge} {where} GROUP BY {key}) b ON b.k = t.{key}
                WHERE coalesce(b.v, '') <> coalesce(t.{column}, '')"""
        ).fetchone()[0]
        filled = db.execute(f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL").fetchone()[0]
        check(differ == 0, f"{folder}: {bridge} does not give back {table}.{column} ({differ} rows)")
        print(f"{folder}: {bridge} → {table}.{column}: {filled} filled rows agree")
    exe = os.path.join(os.path.dirname(sys.executable), "frictionless")
    r = subprocess.run([exe, "validate", os.path.join(folder, "datapackage.json")], capture_output=True, text=True)
    check(r.returncode == 0, f"frictionless validate {folder}: {r.stdout[-2000:]}{r.stderr[-1000:]}")


def main():
    for folder in sys.argv[1:]:
        check_folder(folder)
    for f in FAILURES:
        print(f"FEL: {f}")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
