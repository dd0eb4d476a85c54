"""Loads each CSV folder ikplan wrote with DuckDB, as a BI tool would, and checks it against
its datapackage.json: every column has the declared type (integers cast as BIGINT, dates as
DATE), primary keys are unique, every foreign key resolves, and the bridge tables give back
the joined "; " columns. Then `frictionless validate` on each package.

A Parquet folder (`ut.parquet=csv`: written in the same run as the CSV folder `csv`) is
loaded as it is, its types taken from the files: it must hold the CSV folder's tables, each
column of the declared type (BIGINT, DATE, VARCHAR), with the same keys, foreign keys and
bridges, the table's schema in its key-value metadata, and the CSV tables' rows, row for row.

Usage: python duckdb_check.py FOLDER... [PARQUET=FOLDER...]   (exit 1 with one line per failure)"""

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


def load_parquet(db, folder, res):
    """The resource's Parquet file as it is: its columns and types as declared, its schema."""
    name, fields = res["name"], res["schema"]["fields"]
    path = os.path.join(folder, f"{name}.parquet")
    db.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet('{path}')")
    cols = db.execute(f"DESCRIBE {name}").fetchall()
    check(
        [c[0] for c in cols] == [f["name"] for f in fields],
        f"{folder}: {name}: columns {[c[0] for c in cols]}",
    )
    for (col, ty, *_), f in zip(cols, fields):
        want = SQL_TYPE[f["type"]]
        check(ty == want, f"{folder}: {name}.{col}: {ty}, declared {f['type']} ({want})")
    meta = db.execute(
        f"SELECT decode(value) FROM parquet_kv_metadata('{path}') WHERE decode(key) = 'ikplan.schema'"
    ).fetchall()
    check(
        len(meta) == 1 and json.loads(meta[0][0]) == res["schema"],
        f"{folder}: {name}: the key-value metadata ikplan.schema is not the table's schema",
    )


def check_keys(db, folder, pkg):
    """Primary keys unique, foreign keys resolved, bridges giving back the joined columns."""
    names = [r["name"] for r in pkg["resources"]]
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


def check_folder(folder):
    pkg = json.load(open(os.path.join(folder, "datapackage.json"), encoding="utf-8"))
    db = duckdb.connect()
    for res in pkg["resources"]:
        load(db, folder, res)
    check_keys(db, folder, pkg)
    exe = os.path.join(os.path.dirname(sys.executable), "frictionless")
    r = subprocess.run([exe, "validate", os.path.join(folder, "datapackage.json")], capture_output=True, text=True)
    check(r.returncode == 0, f"frictionless validate {folder}: {r.stdout[-2000:]}{r.stderr[-1000:]}")


def check_parquet(folder, csv_folder):
    """The Parquet folder `folder` against the CSV folder written in the same run."""
    pkg = json.load(open(os.path.join(csv_folder, "datapackage.json"), encoding="utf-8"))
    names = sorted(r["name"] for r in pkg["resources"])
    files = sorted(f[: -len(".parquet")] for f in os.listdir(folder) if f.endswith(".parquet"))
    check(files == names, f"{folder}: tables {files}, the CSV folder's {names}")
    check(len(os.listdir(folder)) == len(files), f"{folder}: other files than the tables")
    db = duckdb.connect()
    for res in pkg["resources"]:
        load_parquet(db, folder, res)
    check_keys(db, folder, pkg)
    csv = duckdb.connect()
    for res in pkg["resources"]:
        load(csv, csv_folder, res)
    for res in pkg["resources"]:
        name = res["name"]
        ours = db.execute(f"SELECT * FROM {name}").fetchall()
        theirs = csv.execute(f"SELECT * FROM {name}").fetchall()
        differ = sum(a != b for a, b in zip(ours, theirs))
        check(
            len(ours) == len(theirs) and differ == 0,
            f"{folder}: {name}: {len(ours)} rows, the CSV's {len(theirs)}; {differ} differ",
        )
        print(f"{folder}: {name}: {len(ours)} rows equal the CSV's")


def main():
    for arg in sys.argv[1:]:
        if "=" in arg:
            check_parquet(*arg.split("=", 1))
        else:
            check_folder(arg)
    for f in FAILURES:
        print(f"FEL: {f}")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
