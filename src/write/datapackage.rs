//! `datapackage.json` beside the CSV files: a Frictionless Data Package whose Table Schemas
//! give each column's type, the enum values, primary keys and the foreign keys between the
//! files, so BI tools and `frictionless validate` know what the CSV holds.
//!
//! Types and enums come from the columns' [`Kind`] in [`super::tables`]; nothing here
//! repeats a column.

use serde_json::{Value, json};

use super::csv::CsvOptions;
use super::tables::{FlatTable, Kind};

/// The primary key of a table (by file stem).
fn primary_key(file: &str) -> Option<Vec<&'static str>> {
    Some(match file {
        "dokument" => vec!["dokument_id"],
        "risker" => vec!["risk_id"],
        "kontroller" => vec!["kontroll_id"],
        "uppfoljningar" => vec!["uppfoljning_id"],
        "extra" => vec!["post_id", "kolumn"],
        "risk_kategorier" => vec!["risk_id", "ordning"],
        "kontroll_personer" => vec!["kontroll_id", "roll", "ordning"],
        "kontroll_avstamningar" => vec!["kontroll_id", "ordning"],
        "koder" => vec!["falt", "kod"],
        _ => return None,
    })
}

/// The foreign keys of a table: (field, referenced file, referenced field).
fn foreign_keys(file: &str) -> &'static [(&'static str, &'static str, &'static str)] {
    match file {
        "risker" => &[("dokument_id", "dokument", "dokument_id")],
        "kontroller" => &[
            ("risk_id", "risker", "risk_id"),
            ("dokument_id", "dokument", "dokument_id"),
            ("plan_kontroll_id", "kontroller", "kontroll_id"),
        ],
        "uppfoljningar" => &[
            ("kontroll_id", "kontroller", "kontroll_id"),
            ("dokument_id", "dokument", "dokument_id"),
        ],
        "risk_kategorier" => &[("risk_id", "risker", "risk_id")],
        "kontroll_personer" | "kontroll_avstamningar" => {
            &[("kontroll_id", "kontroller", "kontroll_id")]
        }
        "platt" => &[
            ("dokument_id", "dokument", "dokument_id"),
            ("risk_id", "risker", "risk_id"),
        ],
        _ => &[],
    }
}

/// What a table holds, for its resource description.
fn description(file: &str) -> &'static str {
    match file {
        "dokument" => "En rad per dokument (plan eller uppföljning).",
        "risker" => "En rad per risk.",
        "kontroller" => "En rad per kontroll eller åtgärd.",
        "uppfoljningar" => "En rad per uppföljning av en kontroll (delår eller helår).",
        "anmarkningar" => "ikplans anmärkningar om källfilerna.",
        "extra" => "Celler i källan som inte motsvarar något fält, per post.",
        "risk_kategorier" => {
            "En rad per kategori av en risk (kolumnen kategori i risker, uppdelad)."
        }
        "kontroll_personer" => {
            "En rad per ansvarig och rapporteringsansvarig för en kontroll (kolumnerna \
             ansvarig och rapporteringsansvarig i kontroller, uppdelade)."
        }
        "kontroll_avstamningar" => {
            "En rad per avstämningsdatum för en kontroll (kolumnen avstamningsdatum i \
             kontroller, uppdelad)."
        }
        "koder" => "Varje kodad kolumns värden (falt = tabell.kolumn) med deras svenska etikett.",
        "platt" => {
            "En rad per kontroll med dess dokument, risk och senaste uppföljning \
             (risker utan kontroll har en egen rad), för pivottabeller."
        }
        _ => "",
    }
}

/// The Table Schema type of a column of this kind: `integer`, `date` or `string` (lists,
/// enums and provenance are text). The Parquet folder types its columns by it too.
pub fn field_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Int { .. } => "integer",
        Kind::Date => "date",
        Kind::Id
        | Kind::Text
        | Kind::List
        | Kind::Suggest(_)
        | Kind::Dates
        | Kind::Enum(_)
        | Kind::Source => "string",
    }
}

fn field(key: &str, label: &str, kind: Kind, required: bool) -> Value {
    let mut f = json!({ "name": key, "title": label });
    let ty = field_type(kind);
    let extra = match kind {
        Kind::Id | Kind::Text | Kind::Int { .. } | Kind::Date => json!({}),
        Kind::List => json!({ "description": "Lista; värdena åtskilda av \"; \"." }),
        Kind::Suggest(v) => json!({ "description": format!(
            "Lista; värdena åtskilda av \"; \". Vanliga värden: {}.",
            v.values().join(", ")
        ) }),
        Kind::Dates => json!({
            "description": "Datum (ÅÅÅÅ-MM-DD) åtskilda av \"; \".",
            "constraints": { "pattern": r"\d{4}-\d{2}-\d{2}(; \d{4}-\d{2}-\d{2})*" }
        }),
        Kind::Enum(v) => json!({ "constraints": { "enum": v.values() } }),
        Kind::Source => {
            json!({ "description": "Var i källan posten står: \"Blad1!A5:H7\" eller \"rad 12–14\"." })
        }
    };
    let obj = f.as_object_mut().expect("an object");
    obj.insert("type".into(), ty.into());
    if let Value::Object(m) = extra {
        for (k, v) in m {
            obj.insert(k, v);
        }
    }
    if required {
        let c = obj.entry("constraints").or_insert_with(|| json!({}));
        if let Some(c) = c.as_object_mut() {
            c.insert("required".into(), true.into());
        }
    }
    f
}

/// The Table Schema of one flat table.
pub fn schema(table: &FlatTable) -> Value {
    let pk = primary_key(table.file);
    let fields: Vec<Value> = table
        .cols
        .iter()
        .map(|c| {
            let required = pk.as_ref().is_some_and(|pk| pk.contains(&c.key));
            field(c.key, c.label, c.kind, required)
        })
        .collect();
    let mut s = json!({ "fields": fields, "missingValues": [""] });
    if let Some(pk) = pk {
        s["primaryKey"] = json!(pk);
    }
    let fks: Vec<Value> = foreign_keys(table.file)
        .iter()
        .map(|(f, res, rf)| {
            json!({ "fields": [f], "reference": { "resource": res, "fields": [rf] } })
        })
        .collect();
    if !fks.is_empty() {
        s["foreignKeys"] = json!(fks);
    }
    s
}

/// The data package describing the CSV files of `tables` as written with `opts`.
pub fn datapackage(tables: &[FlatTable], opts: CsvOptions) -> Value {
    let resources: Vec<Value> = tables
        .iter()
        .map(|t| {
            json!({
                "name": t.file,
                "title": t.sheet,
                "description": description(t.file),
                "path": format!("{}.csv", t.file),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": if opts.excel { "utf-8-sig" } else { "utf-8" },
                "dialect": {
                    "delimiter": if opts.excel { ";" } else { "," },
                    "header": true,
                },
                "schema": schema(t),
            })
        })
        .collect();
    json!({
        "profile": "tabular-data-package",
        "name": "ikplan",
        "title": "Intern kontroll – normaliserad",
        "description": "Planer för intern kontroll och deras uppföljningar, skrivna av ikplan \
                        (schema ikplan/1).",
        "resources": resources,
    })
}

/// The data package as pretty JSON bytes with a final newline.
pub fn to_bytes(tables: &[FlatTable], opts: CsvOptions) -> Vec<u8> {
    let mut b = serde_json::to_vec_pretty(&datapackage(tables, opts)).unwrap_or_default();
    b.push(b'\n');
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::tables::flatten;

    #[test]
    fn every_table_is_a_resource_with_typed_fields() {
        let empty = crate::model::Output::default();
        let tables = flatten(&empty);
        let p = datapackage(&tables, CsvOptions::default());
        let res = p["resources"].as_array().unwrap();
        assert_eq!(res.len(), tables.len());
        let risker = &res[1];
        assert_eq!(risker["schema"]["primaryKey"], json!(["risk_id"]));
        let fields = risker["schema"]["fields"].as_array().unwrap();
        let rv = fields.iter().find(|f| f["name"] == "riskvarde").unwrap();
        assert_eq!(rv["type"], "integer");
        let up = &res[3]["schema"]["fields"];
        let status = up
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "status")
            .unwrap();
        assert_eq!(status["constraints"]["enum"][0], "Ej påbörjad");
    }
}
