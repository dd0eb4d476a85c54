//! Reads a generated file through the library (`pipeline::convert_path`) and compares the
//! model read with the generated one field by field; gathers the outcomes per format, field
//! and feature.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use ikplan::normalize::assemble::Options;
use ikplan::pipeline::{convert_path, id_base, output};
use ikplan::rules::RuleOptions;
use serde_json::Value;

use super::{Case, FEATURES, Field, Format, Kind, Layout, iso};

/// Matched and total counts.
pub type Tally = (u64, u64);

/// A field and the test of its read value.
type Check<'a> = (Field, Box<dyn Fn(&Value) -> bool + 'a>);

/// What reading one generated file gave.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub format: Format,
    pub index: usize,
    pub flags: [bool; 13],
    /// Per field key (and `antal_risker`, `antal_kontroller`): matched, total.
    pub fields: BTreeMap<&'static str, Tally>,
    pub risks_expected: usize,
    pub risks_read: usize,
    pub controls_expected: usize,
    pub controls_read: usize,
    pub ik107: bool,
    pub silent_empty: bool,
    pub panicked: Option<String>,
    pub read_error: Option<String>,
    /// Finding codes with severity, `IK101 varning`, for the dump.
    pub findings: Vec<String>,
    /// Per header wording, `field: wording`: the field's values matched under it.
    pub headers: BTreeMap<String, Tally>,
    /// Per written form of sannolikhet/konsekvens or riskvärde (`{n}`, `S{s} K{k}` …): matched.
    pub forms: BTreeMap<String, Tally>,
}

impl Outcome {
    pub fn tally(&self) -> Tally {
        self.fields
            .values()
            .fold((0, 0), |(m, t), (a, b)| (m + a, t + b))
    }
    pub fn share(&self) -> f64 {
        let (m, t) = self.tally();
        if t == 0 { 1.0 } else { m as f64 / t as f64 }
    }
}

/// Lowercase, white space folded.
pub fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(fold(s)),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn list(v: &Value, key: &str) -> Vec<String> {
    match v.get(key) {
        Some(Value::Array(a)) => a.iter().filter_map(|x| x.as_str()).map(fold).collect(),
        Some(Value::String(s)) => vec![fold(s)],
        _ => Vec::new(),
    }
}

fn int(v: &Value, key: &str) -> Option<i64> {
    v.get(key)?.as_i64()
}

fn arr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Converts the file at `path` (named `name`) and compares it with the case.
pub fn read_and_compare(case: &Case, path: &Path, name: &str) -> Outcome {
    let l = &case.layout;
    let mut out = Outcome {
        format: l.format,
        index: case.index,
        flags: l.features.flags(),
        fields: BTreeMap::new(),
        risks_expected: case.plan.risks.len(),
        risks_read: 0,
        controls_expected: case.plan.risks.iter().map(|r| r.controls.len()).sum(),
        controls_read: 0,
        ik107: false,
        silent_empty: false,
        panicked: None,
        read_error: None,
        findings: Vec::new(),
        headers: BTreeMap::new(),
        forms: BTreeMap::new(),
    };
    let opts = Options {
        id_base: id_base(name),
        ..Default::default()
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        convert_path(path, name, &opts, &RuleOptions::default())
    }));
    let json = match result {
        Err(p) => {
            out.panicked = Some(
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "panic".to_string()),
            );
            Value::Null
        }
        Ok(Err(e)) => {
            out.read_error = Some(e.to_string());
            Value::Null
        }
        Ok(Ok(c)) => serde_json::to_value(output(vec![c])).expect("output serializes"),
    };
    let findings = arr(&json, "anmarkningar");
    out.findings = findings
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["kod"].as_str().unwrap_or("?"),
                f["allvarlighet"].as_str().unwrap_or("?")
            )
        })
        .collect();
    out.ik107 = findings.iter().any(|f| f["kod"] == "IK107");
    let read_risks: Vec<&Value> = arr(&json, "dokument")
        .iter()
        .flat_map(|d| arr(d, "risker"))
        .collect();
    out.risks_read = read_risks.len();
    out.controls_read = read_risks.iter().map(|r| arr(r, "kontroller").len()).sum();
    let loud = findings
        .iter()
        .any(|f| f["allvarlighet"] == "fel" || f["allvarlighet"] == "varning");
    out.silent_empty = out.panicked.is_none() && out.risks_read == 0 && !loud;
    compare(case, &read_risks, &mut out);
    out
}

fn add(out: &mut Outcome, key: &'static str, ok: bool) {
    let e = out.fields.entry(key).or_insert((0, 0));
    e.0 += ok as u64;
    e.1 += 1;
}

/// Counts a field's value, and, when its record was found (so the wording is what is
/// measured, not the table), the same under the header wording its column had.
fn add_field(out: &mut Outcome, l: &Layout, f: Field, found: bool, ok: bool) {
    add(out, f.key(), ok);
    if !found {
        return;
    }
    let form = match f {
        Field::Sannolikhet | Field::Konsekvens => {
            Some(format!("sannolikhet/konsekvens: {}", l.sk_form))
        }
        Field::Riskvarde => Some(format!("riskvarde: {}", l.rv_form)),
        _ => None,
    };
    if let Some(form) = form {
        let e = out.forms.entry(form).or_insert((0, 0));
        e.0 += ok as u64;
        e.1 += 1;
    }
    if let Some(c) = l.columns.iter().find(|c| c.kind == Kind::Field(f)) {
        let e = out
            .headers
            .entry(format!("{}: {}", f.key(), c.header))
            .or_insert((0, 0));
        e.0 += ok as u64;
        e.1 += 1;
    }
}

/// Finds the unused read record whose `key` folds to `want`, or else one that contains it.
fn find<'a>(
    read: &[&'a Value],
    used: &mut [bool],
    key: &str,
    want: &str,
) -> Option<(&'a Value, bool)> {
    let pos = read
        .iter()
        .enumerate()
        .position(|(i, r)| !used[i] && text(r, key).as_deref() == Some(want))
        .map(|i| (i, true))
        .or_else(|| {
            read.iter()
                .enumerate()
                .position(|(i, r)| {
                    !used[i] && text(r, key).is_some_and(|t| !want.is_empty() && t.contains(want))
                })
                .map(|i| (i, false))
        })?;
    used[pos.0] = true;
    Some((read[pos.0], pos.1))
}

/// When no record is found by its name and as many were read as were written, the one at the
/// same place: its other fields are still measured (its name counts as not matched).
fn by_order<'a>(
    read: &[&'a Value],
    used: &mut [bool],
    i: usize,
    same_count: bool,
) -> Option<(&'a Value, bool)> {
    if !same_count || used.get(i).copied().unwrap_or(true) {
        return None;
    }
    used[i] = true;
    Some((read[i], false))
}

fn compare(case: &Case, read_risks: &[&Value], out: &mut Outcome) {
    let l: &Layout = &case.layout;
    add(out, "antal_risker", out.risks_read == out.risks_expected);
    add(
        out,
        "antal_kontroller",
        out.controls_read == out.controls_expected,
    );
    let mut used = vec![false; read_risks.len()];
    let same_risk_count = read_risks.len() == case.plan.risks.len();
    for (ri, r) in case.plan.risks.iter().enumerate() {
        let found = find(read_risks, &mut used, "riskomrade", &fold(&r.riskomrade))
            .or_else(|| by_order(read_risks, &mut used, ri, same_risk_count));
        let rv = found.map(|(v, _)| v);
        add_field(
            out,
            l,
            Field::Riskomrade,
            true,
            found.is_some_and(|(_, exact)| exact),
        );
        let risk_checks: [Check; 6] = [
            (
                Field::Riskbeskrivning,
                Box::new(|v| text(v, "riskbeskrivning") == Some(fold(&r.riskbeskrivning))),
            ),
            (
                Field::Kategori,
                // Section rows that name processes ("STÖDPROCESSER") are the process of the
                // rows below them when no column gives one (issue 19, item 1).
                Box::new(|v| {
                    let k = fold(&r.kategori);
                    list(v, "kategori").contains(&k)
                        || (l.features.sections
                            && !l.has(Field::Kategori)
                            && !l.has(Field::Process)
                            && k.contains("process")
                            && text(v, "process") == Some(k.clone()))
                }),
            ),
            (
                Field::Process,
                Box::new(|v| text(v, "process") == Some(fold(&r.process))),
            ),
            (
                Field::Sannolikhet,
                Box::new(|v| int(v, "sannolikhet") == Some(r.sannolikhet)),
            ),
            (
                Field::Konsekvens,
                Box::new(|v| int(v, "konsekvens") == Some(r.konsekvens)),
            ),
            (
                Field::Riskvarde,
                Box::new(|v| int(v, "riskvarde") == Some(r.riskvarde())),
            ),
        ];
        for (f, check) in risk_checks.iter() {
            // A section row names the category even without a column for it.
            let expected = l.has(*f) || (*f == Field::Kategori && l.features.sections);
            if expected {
                add_field(out, l, *f, rv.is_some(), rv.is_some_and(check));
            }
        }
        let read_controls: Vec<&Value> = rv
            .map(|v| arr(v, "kontroller").iter().collect())
            .unwrap_or_default();
        let mut cused = vec![false; read_controls.len()];
        let same_control_count = read_controls.len() == r.controls.len();
        for (ci, c) in r.controls.iter().enumerate() {
            let found = find(&read_controls, &mut cused, "kontroll", &fold(&c.kontroll))
                .or_else(|| by_order(&read_controls, &mut cused, ci, same_control_count));
            add_field(
                out,
                l,
                Field::Kontroll,
                rv.is_some(),
                found.is_some_and(|(_, exact)| exact),
            );
            let cv = found.map(|(v, _)| v);
            let same_list = |v: &Value, key: &str, want: &[String]| {
                let mut a = list(v, key);
                let mut b: Vec<String> = want.iter().map(|s| fold(s)).collect();
                a.sort();
                b.sort();
                a == b
            };
            let follow = |v: &Value| arr(v, "uppfoljningar").first().cloned();
            let control_checks: [Check; 9] = [
                (
                    Field::Metod,
                    Box::new(|v| text(v, "metod") == Some(fold(&c.metod))),
                ),
                (
                    Field::Frekvens,
                    Box::new(|v| text(v, "frekvens") == Some(fold(&c.frekvens))),
                ),
                (
                    Field::Ansvarig,
                    Box::new(|v| same_list(v, "ansvarig", &c.ansvarig)),
                ),
                (
                    Field::Rapporteringsansvarig,
                    Box::new(|v| same_list(v, "rapporteringsansvarig", &c.rapporteringsansvarig)),
                ),
                (
                    Field::Startdatum,
                    Box::new(|v| text(v, "startdatum") == Some(iso(c.startdatum))),
                ),
                (
                    Field::Slutdatum,
                    Box::new(|v| text(v, "slutdatum") == Some(iso(c.slutdatum))),
                ),
                (
                    Field::Status,
                    Box::new(|v| {
                        follow(v).is_some_and(|u| text(&u, "status") == Some(fold(&c.status)))
                    }),
                ),
                (
                    Field::Kontrollbedomning,
                    Box::new(|v| {
                        follow(v).is_some_and(|u| {
                            text(&u, "kontrollbedomning") == Some(fold(&c.kontrollbedomning))
                        })
                    }),
                ),
                (
                    Field::Resultat,
                    Box::new(|v| {
                        follow(v).is_some_and(|u| text(&u, "resultat") == Some(fold(&c.resultat)))
                    }),
                ),
            ];
            for (f, check) in control_checks.iter() {
                if l.has(*f) {
                    add_field(out, l, *f, cv.is_some(), cv.is_some_and(check));
                }
            }
        }
    }
}

/// Outcomes gathered for one format.
#[derive(Debug, Clone, Default)]
pub struct Agg {
    pub layouts: u64,
    pub matched: u64,
    pub total: u64,
    pub fields: BTreeMap<&'static str, Tally>,
    /// Per feature: (without it, with it).
    pub features: BTreeMap<&'static str, (Tally, Tally, u64)>,
    pub silent_empty: u64,
    pub ik107: u64,
    pub panics: u64,
    pub read_errors: u64,
    pub zero_risks: u64,
    pub headers: BTreeMap<String, Tally>,
    pub forms: BTreeMap<String, Tally>,
}

impl Agg {
    pub fn add(&mut self, o: &Outcome) {
        let (m, t) = o.tally();
        self.layouts += 1;
        self.matched += m;
        self.total += t;
        for (k, (a, b)) in &o.fields {
            let e = self.fields.entry(k).or_insert((0, 0));
            e.0 += a;
            e.1 += b;
        }
        for (i, name) in FEATURES.iter().enumerate() {
            let e = self.features.entry(name).or_default();
            if o.flags[i] {
                e.1.0 += m;
                e.1.1 += t;
                e.2 += 1;
            } else {
                e.0.0 += m;
                e.0.1 += t;
            }
        }
        self.silent_empty += o.silent_empty as u64;
        self.ik107 += o.ik107 as u64;
        self.panics += o.panicked.is_some() as u64;
        self.read_errors += o.read_error.is_some() as u64;
        self.zero_risks += (o.risks_read == 0) as u64;
        for (map, from) in [(&mut self.headers, &o.headers), (&mut self.forms, &o.forms)] {
            for (k, (a, b)) in from {
                let e = map.entry(k.clone()).or_insert((0, 0));
                e.0 += a;
                e.1 += b;
            }
        }
    }

    pub fn share(&self) -> f64 {
        pct(self.matched, self.total)
    }
}

pub fn pct(m: u64, t: u64) -> f64 {
    if t == 0 {
        f64::NAN
    } else {
        100.0 * m as f64 / t as f64
    }
}

fn cell(m: u64, t: u64) -> String {
    if t == 0 {
        "–".to_string()
    } else {
        format!("{:.1} %", pct(m, t))
    }
}

/// The field keys in report order.
pub fn field_keys() -> Vec<&'static str> {
    let mut keys = vec!["antal_risker", "antal_kontroller"];
    keys.extend(Field::ALL.iter().map(|f| f.key()));
    keys
}

/// Markdown tables: overall, per field and per feature, one column per format.
pub fn tables(aggs: &[(Format, Agg)]) -> String {
    let mut s = String::new();
    let head: Vec<&str> = aggs.iter().map(|(f, _)| f.name()).collect();
    s.push_str(&format!(
        "| | {} |\n|---|{}\n",
        head.join(" | "),
        "---|".repeat(aggs.len())
    ));
    let row = |s: &mut String, label: &str, vals: Vec<String>| {
        s.push_str(&format!("| {label} | {} |\n", vals.join(" | ")));
    };
    row(
        &mut s,
        "layouts",
        aggs.iter().map(|(_, a)| a.layouts.to_string()).collect(),
    );
    row(
        &mut s,
        "**fields matched**",
        aggs.iter()
            .map(|(_, a)| format!("**{}**", cell(a.matched, a.total)))
            .collect(),
    );
    row(
        &mut s,
        "files read with 0 risks",
        aggs.iter().map(|(_, a)| a.zero_risks.to_string()).collect(),
    );
    row(
        &mut s,
        "silent empty readings (0 risks, no fel/varning)",
        aggs.iter()
            .map(|(_, a)| a.silent_empty.to_string())
            .collect(),
    );
    row(
        &mut s,
        "files with IK107 (cells lost)",
        aggs.iter().map(|(_, a)| a.ik107.to_string()).collect(),
    );
    row(
        &mut s,
        "panics",
        aggs.iter().map(|(_, a)| a.panics.to_string()).collect(),
    );
    row(
        &mut s,
        "unreadable files",
        aggs.iter()
            .map(|(_, a)| a.read_errors.to_string())
            .collect(),
    );

    s.push_str(&format!(
        "\n### Per field (share matched; n = times expected)\n\n| field | {} |\n|---|{}\n",
        head.join(" | "),
        "---|".repeat(aggs.len())
    ));
    for k in field_keys() {
        row(
            &mut s,
            k,
            aggs.iter()
                .map(|(_, a)| {
                    let (m, t) = a.fields.get(k).copied().unwrap_or((0, 0));
                    format!("{} (n={t})", cell(m, t))
                })
                .collect(),
        );
    }

    s.push_str(&format!(
        "\n### Per feature (fields matched in layouts without → with the feature; n = layouts with it)\n\n| feature | {} |\n|---|{}\n",
        head.join(" | "),
        "---|".repeat(aggs.len())
    ));
    for name in FEATURES {
        row(
            &mut s,
            name,
            aggs.iter()
                .map(|(_, a)| {
                    let ((m0, t0), (m1, t1), n) = a.features.get(name).copied().unwrap_or_default();
                    if n == 0 {
                        "–".to_string()
                    } else {
                        format!("{} → {} (n={n})", cell(m0, t0), cell(m1, t1))
                    }
                })
                .collect(),
        );
    }
    s
}

/// Features ordered by how much they lower the share (with minus without), all formats pooled.
pub fn worst_features(aggs: &[(Format, Agg)]) -> Vec<(&'static str, f64)> {
    let mut out: Vec<(&'static str, f64)> = FEATURES
        .iter()
        .filter_map(|name| {
            let (mut m0, mut t0, mut m1, mut t1) = (0, 0, 0, 0);
            for (_, a) in aggs {
                let ((a0, b0), (a1, b1), _) = a.features.get(name).copied().unwrap_or_default();
                m0 += a0;
                t0 += b0;
                m1 += a1;
                t1 += b1;
            }
            // Only features that split the layouts enough to compare (5 % each side).
            let with: u64 = aggs
                .iter()
                .map(|(_, a)| a.features.get(name).map_or(0, |e| e.2))
                .sum();
            let layouts: u64 = aggs.iter().map(|(_, a)| a.layouts).sum();
            let enough = 20 * with >= layouts && 20 * (layouts - with) >= layouts;
            (enough && t0 > 0 && t1 > 0).then(|| (*name, pct(m1, t1) - pct(m0, t0)))
        })
        .collect();
    out.sort_by(|a, b| a.1.total_cmp(&b.1));
    out
}

/// Generates, writes, reads and compares `n` layouts of `format` in `dir`; the files are
/// removed unless `keep`.
pub fn run(
    w: &super::wordings::Wordings,
    seed: u64,
    format: Format,
    n: usize,
    dir: &Path,
    keep: bool,
) -> Vec<Outcome> {
    (0..n)
        .map(|i| {
            let case = super::case(w, seed, format, i);
            let name = file_name(format, i);
            let path = dir.join(&name);
            if let Err(e) = super::render::write(&case, &path) {
                panic!("writing {name}: {e}");
            }
            let o = read_and_compare(&case, &path, &name);
            if !keep {
                let _ = std::fs::remove_file(&path);
            }
            o
        })
        .collect()
}

pub fn file_name(format: Format, index: usize) -> String {
    format!("gen_{}_{index:04}.{}", format.name(), format.ext())
}
