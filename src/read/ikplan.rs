//! ikplan's own workbook read back into the model: the sheets Dokument, Risker, Kontroller
//! (and Uppföljningar, Extra, Anmärkningar when present), recognised by their names and
//! header rows, rebuilt directly into documents → risks → controls → follow-ups.
//!
//! The columns are those of `write::tables` (matched by display label or key, in any
//! order), so a workbook written by `ikplan convert -o x.xlsx` reads back into the model
//! it was written from, and a plan written in the template of `ikplan mall` reads into a
//! new one: blank ids are made from the file name and the parent's id, a control names its
//! risk by the risk's id (or its number, or its riskområde), blank provenance points at the
//! row of the workbook, and a column the template does not have is kept in `extra`.
//! The derived sheets (Översikt, Riskmatris, Platt, Instruktion) are ignored.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::{Format, ReadError};
use crate::field::{
    ANMARKNING_COLS, Col, DOKUMENT_COLS, EXTRA_COLS, KONTROLL_COLS, Kind, RISK_COLS, SHOWN_COLS,
    UPPFOLJNING_COLS,
};
use crate::finding::{Loc, finding};
use crate::model::{
    Assessment, Control, ControlType, DocType, Document, Extra, Finding, FollowUp, Output, Period,
    Provenance, Risk, SCHEMA, Severity, Status,
};
use crate::normalize::assemble::child_id;
use crate::normalize::date::{Date, parse_date};

/// A cheap look at the workbook's sheet list (xl/workbook.xml, a few hundred bytes) before
/// calamine opens the workbook, which reads every shared string: most workbooks are not
/// ikplan's, and would otherwise be opened twice.
fn names_our_sheets(bytes: &[u8]) -> bool {
    // The sheet list is near the start; a bound keeps a hostile entry from growing.
    let Some(xml) = super::workbook::zip_part(Cursor::new(bytes), "xl/workbook.xml", 1 << 20)
    else {
        return false;
    };
    let xml = String::from_utf8_lossy(&xml).to_ascii_lowercase();
    ["dokument", "risker", "kontroller"]
        .iter()
        .all(|n| xml.contains(&format!("name=\"{n}\"")))
}

/// Reads ikplan's own workbook; `Ok(None)` when the bytes are not one (another workbook,
/// or not a workbook at all), so the caller reads them as an ordinary source.
///
/// # Errors
/// [`ReadError::Invalid`] when the workbook is ikplan's but a sheet of it cannot be read.
pub fn read_ikplan(bytes: &[u8], name: &str) -> Result<Option<Output>, ReadError> {
    if !bytes.starts_with(b"PK\x03\x04") || !names_our_sheets(bytes) {
        return Ok(None);
    }
    let Ok(mut wb) = Xlsx::new(Cursor::new(bytes)) else {
        return Ok(None);
    };
    let names = wb.sheet_names();
    let find = |wanted: &str| {
        names
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(wanted))
            .cloned()
    };
    let (Some(dok), Some(risk), Some(kontroll)) =
        (find("Dokument"), find("Risker"), find("Kontroller"))
    else {
        return Ok(None);
    };
    let mut load = |sheet: &str, cols: &'static [Col], required: &[&str]| {
        let range = wb.worksheet_range(sheet).map_err(|e| {
            ReadError::invalid(name, format!("bladet {sheet} kan inte läsas ({e})"))
        })?;
        Ok::<_, ReadError>(Table::new(sheet, &range, cols, required))
    };
    let Some(dok) = load(&dok, DOKUMENT_COLS, &["dokument_id"])? else {
        return Ok(None);
    };
    let Some(risk) = load(&risk, RISK_COLS, &["risk_id", "riskomrade"])? else {
        return Ok(None);
    };
    let Some(kontroll) = load(&kontroll, KONTROLL_COLS, &["kontroll_id", "risk_id"])? else {
        return Ok(None);
    };
    let mut optional = |wanted: &str, cols: &'static [Col], required: &[&str]| match find(wanted) {
        Some(sheet) => load(&sheet, cols, required),
        None => Ok(None),
    };
    let follow = optional(
        "Uppföljningar",
        UPPFOLJNING_COLS,
        &["uppfoljning_id", "kontroll_id"],
    )?;
    let extra = optional("Extra", EXTRA_COLS, &["post_id", "kolumn"])?;
    let notes = optional("Anmärkningar", ANMARKNING_COLS, &["kod", "meddelande"])?;
    let mut b = Builder {
        file: name.to_string(),
        id_base: super::stable_id_base(name, bytes),
        docs: Vec::new(),
        findings: Vec::new(),
        doc_ids: HashMap::new(),
        risk_ids: HashMap::new(),
        control_ids: HashMap::new(),
    };
    b.documents(&dok);
    b.risks(&risk);
    b.controls(&kontroll);
    if let Some(t) = &follow {
        b.follow_ups(t);
    }
    if let Some(t) = &extra {
        b.extra(t);
    }
    let mut anmarkningar = notes
        .as_ref()
        .map(|t| read_findings(t, name))
        .unwrap_or_default();
    anmarkningar.append(&mut b.findings);
    Ok(Some(Output {
        schema: SCHEMA.to_string(),
        dokument: b.docs,
        anmarkningar,
    }))
}

/// One entity sheet: where each model column is, and its data rows.
struct Table {
    sheet: String,
    cols: &'static [Col],
    /// For each of `cols`, the sheet column holding it.
    at: Vec<Option<usize>>,
    /// Columns the model does not know: (sheet column, header as written).
    unknown: Vec<(usize, String)>,
    /// Non-blank rows below the header: (1-based sheet row, cells from column A).
    rows: Vec<(u32, Vec<Data>)>,
    width: usize,
}

impl Table {
    /// The A1 cell of the column holding `key` on a sheet row, when the table has that column.
    fn cell_at(&self, key: &str, line: u32) -> Option<String> {
        let i = self.cols.iter().position(|c| c.key == key)?;
        self.at[i].map(|sc| crate::finding::a1(sc, line))
    }

    /// The table of a sheet, or `None` when no header row in its first rows names the
    /// `required` columns.
    fn new(
        sheet: &str,
        range: &calamine::Range<Data>,
        cols: &'static [Col],
        required: &[&str],
    ) -> Option<Table> {
        let (r0, c0) = range.start()?;
        let grid: Vec<(u32, Vec<Data>)> = range
            .rows()
            .enumerate()
            .map(|(i, row)| {
                let mut cells = vec![Data::Empty; c0 as usize];
                cells.extend(row.iter().cloned());
                (r0 + i as u32 + 1, cells)
            })
            .collect();
        let header_at = grid.iter().take(10).position(|(_, cells)| {
            required.iter().all(|key| {
                let col = cols.iter().find(|c| c.key == *key);
                cells.iter().any(|d| col.is_some_and(|c| names(c, d)))
            })
        })?;
        let header = &grid[header_at].1;
        let mut at = vec![None; cols.len()];
        let mut unknown = Vec::new();
        // The columns the workbook shows for reading only (a follow-up's risk and control,
        // a risk's level) are made from other records: not read back.
        let shown: &[&str] = match cols.first().map(|c| c.key) {
            Some("risk_id") => &["riskniva"],
            Some("uppfoljning_id") => &["risk_text", "kontroll_text"],
            _ => &[],
        };
        for (sc, d) in header.iter().enumerate() {
            let h = cell_text(d).unwrap_or_default();
            if h.is_empty() {
                continue;
            }
            match cols.iter().position(|c| names(c, d)) {
                Some(i) if at[i].is_none() => at[i] = Some(sc),
                None if SHOWN_COLS
                    .iter()
                    .any(|c| shown.contains(&c.key) && names(c, d)) => {}
                _ => unknown.push((sc, h)),
            }
        }
        let width = header.len();
        let rows = grid[header_at + 1..]
            .iter()
            .filter(|(_, cells)| cells.iter().any(|d| cell_text(d).is_some()))
            .cloned()
            .collect();
        Some(Table {
            sheet: sheet.to_string(),
            cols,
            at,
            unknown,
            rows,
            width,
        })
    }

    fn kind(&self, key: &str) -> Kind {
        self.cols
            .iter()
            .find(|c| c.key == key)
            .map(|c| c.kind)
            .unwrap_or(Kind::Text)
    }
}

/// Whether a header cell names a column (its display label or its key).
fn names(col: &Col, d: &Data) -> bool {
    cell_text(d).is_some_and(|h| {
        h.eq_ignore_ascii_case(col.label)
            || h.to_lowercase() == col.label.to_lowercase()
            || h.eq_ignore_ascii_case(col.key)
    })
}

/// A cell as text: trimmed, `None` when empty; numbers without ".0", dates in ISO form.
fn cell_text(d: &Data) -> Option<String> {
    let s = match d {
        Data::Empty => return None,
        Data::String(s) => s.replace("\r\n", "\n").trim().to_string(),
        Data::Float(f) => crate::read::format_number(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "SANT" } else { "FALSKT" }.to_string(),
        Data::DateTime(dt) => match date_of(dt) {
            Some(date) => date.to_string(),
            None => crate::read::format_number(dt.as_f64()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    };
    (!s.is_empty()).then_some(s)
}

fn date_of(dt: &calamine::ExcelDateTime) -> Option<Date> {
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    Date::new(y as i32, m as u32, d as u32)
}

/// One row of a table, read field by field; a cell that does not read as its kind is kept
/// in `extra` under its header and reported.
struct RowReader<'a> {
    table: &'a Table,
    line: u32,
    cells: &'a [Data],
    file: &'a str,
    findings: &'a mut Vec<Finding>,
    extra: Extra,
}

impl RowReader<'_> {
    fn cell(&self, key: &str) -> Option<(usize, &Data)> {
        let i = self.table.cols.iter().position(|c| c.key == key)?;
        let sc = self.table.at[i]?;
        self.cells.get(sc).map(|d| (sc, d))
    }

    fn text(&self, key: &str) -> Option<String> {
        self.cell(key).and_then(|(_, d)| cell_text(d))
    }

    fn label(&self, key: &str) -> &'static str {
        self.table
            .cols
            .iter()
            .find(|c| c.key == key)
            .map(|c| c.label)
            .unwrap_or("")
    }

    /// Reports a cell that does not read as `what` and keeps it in `extra`.
    fn bad(&mut self, key: &str, code: &str, what: &str, post: &str) {
        if let Some((label, value)) = self.report(key, code, what, post) {
            self.extra.push(label, &value);
        }
    }

    /// Reports a cell that does not read as `what`; returns its header and text.
    fn report(
        &mut self,
        key: &str,
        code: &str,
        what: &str,
        post: &str,
    ) -> Option<(&'static str, String)> {
        let (sc, d) = self.cell(key)?;
        let value = cell_text(d).unwrap_or_default();
        let label = self.label(key);
        let loc = Loc {
            fil: self.file.to_string(),
            blad: Some(self.table.sheet.clone()),
            cell: Some(crate::finding::a1(sc, self.line)),
            rad: Some(self.line),
        };
        self.findings.push(finding(
            code,
            format!(
                "\u{201d}{value}\u{201d} i kolumnen \u{201d}{label}\u{201d} kan inte läsas som {what}; värdet sparas"
            ),
            loc,
            (!post.is_empty()).then(|| post.to_string()),
        ));
        Some((label, value))
    }

    fn int(&mut self, key: &str, post: &str) -> Option<i64> {
        let (_, d) = self.cell(key)?;
        let v = match d {
            Data::Empty => return None,
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(*f as i64),
            Data::Int(i) => Some(*i),
            other => cell_text(other).and_then(|s| crate::normalize::number::parse_int(&s)),
        };
        if v.is_none() && cell_text(d).is_some() {
            self.bad(key, "IK201", "ett heltal", post);
        }
        v
    }

    fn date(&mut self, key: &str, post: &str) -> Option<Date> {
        let (_, d) = self.cell(key)?;
        let v = match d {
            Data::Empty => return None,
            Data::DateTime(dt) => date_of(dt),
            Data::Float(f) => date_of(&calamine::ExcelDateTime::new(
                *f,
                calamine::ExcelDateTimeType::DateTime,
                false,
            )),
            Data::DateTimeIso(s) => s.get(..10).and_then(parse_date),
            other => cell_text(other).and_then(|s| parse_date(&s)),
        };
        if v.is_none() && cell_text(d).is_some() {
            self.bad(key, "IK301", "datum", post);
        }
        v
    }

    fn list(&self, key: &str) -> Vec<String> {
        self.text(key).map(|s| split_list(&s)).unwrap_or_default()
    }

    fn dates(&mut self, key: &str, post: &str) -> Vec<Date> {
        let Some(s) = self.text(key) else {
            return Vec::new();
        };
        let parsed: Option<Vec<Date>> = split_list(&s).iter().map(|p| parse_date(p)).collect();
        match parsed {
            Some(v) => v,
            None => {
                self.bad(key, "IK301", "datum", post);
                Vec::new()
            }
        }
    }

    /// One value of a closed vocabulary (any case); the text when it is none of them.
    fn choice(&self, key: &str) -> Option<Result<&'static str, String>> {
        let s = self.text(key)?;
        let Kind::Enum(vocab) = self.table.kind(key) else {
            return Some(Err(s));
        };
        // The key ("delar") or the label the workbook shows ("Delår"), in any case or
        // folded to ASCII.
        let folded = crate::normalize::text::slug(&s);
        Some(
            vocab
                .value_of(&s)
                .or_else(|| {
                    vocab
                        .values()
                        .into_iter()
                        .find(|v| crate::normalize::text::slug(v) == folded)
                })
                .ok_or(s),
        )
    }

    fn other(&mut self, key: &str) {
        if let Some(s) = self.text(key) {
            let label = self.label(key);
            self.extra.push(label, &s);
        }
    }

    /// The columns the model does not know, into `extra`.
    fn unknown(&mut self) {
        for (sc, h) in &self.table.unknown {
            if let Some(v) = self.cells.get(*sc).and_then(cell_text) {
                self.extra.push(h, &v);
            }
        }
    }

    /// The row's provenance (see [`Self::provenance`]) and its cells of columns ikplan
    /// does not know (its `extra`), once its fields are read.
    fn rest(mut self, fil: &str, own: bool) -> (Provenance, Extra) {
        self.unknown();
        (self.provenance(fil, own), self.extra)
    }

    /// The row's provenance: the `Källa` column as written by ikplan (in the file `fil`),
    /// or, when the document is the workbook's own (a filled template), this row.
    fn provenance(&self, fil: &str, own: bool) -> Provenance {
        match self.text("kalla") {
            Some(s) => parse_provenance(&s, fil),
            None if own => Provenance {
                fil: self.file.into(),
                blad: Some(self.table.sheet.as_str().into()),
                rader: self.line.to_string().into(),
                omrade: Some(
                    format!(
                        "A{}:{}",
                        self.line,
                        crate::finding::a1(self.table.width.saturating_sub(1), self.line)
                    )
                    .into(),
                ),
            },
            None => Provenance::default(),
        }
    }
}

/// A cell list: items separated by ";" (ikplan writes "; ") or line breaks.
fn split_list(s: &str) -> Vec<String> {
    s.split([';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// The provenance of its one-cell form (`Provenance::short`): "Blad1!A5:H7", "A5:H7",
/// "Blad1 rad 5–7", "rad 12–14".
pub fn parse_provenance(s: &str, fil: &str) -> Provenance {
    let mut p = Provenance {
        fil: fil.into(),
        ..Default::default()
    };
    let area = |o: &str| -> Option<String> {
        let (a, b) = o.split_once(':')?;
        let row = |x: &str| {
            x.trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .parse::<u32>()
                .ok()
        };
        let (first, last) = (row(a)?, row(b)?);
        Some(if first == last {
            first.to_string()
        } else {
            format!("{first}\u{2013}{last}")
        })
    };
    if let Some(r) = s.strip_prefix("rad ") {
        p.rader = r.into();
    } else if let Some((b, o)) = s.rsplit_once('!')
        && let Some(rader) = area(o)
    {
        p.blad = Some(b.into());
        p.omrade = Some(o.into());
        p.rader = rader.into();
    } else if let Some((b, r)) = s.rsplit_once(" rad ") {
        p.blad = Some(b.into());
        p.rader = r.into();
    } else if let Some(rader) = area(s) {
        p.omrade = Some(s.into());
        p.rader = rader.into();
    } else {
        p.rader = s.into();
    }
    p
}

/// Builds the nested model from the flat sheets.
struct Builder {
    file: String,
    /// The id of a document whose id is blank ([`super::stable_id_base`]).
    id_base: String,
    docs: Vec<Document>,
    findings: Vec<Finding>,
    /// Document id as written (and as made) → index.
    doc_ids: HashMap<String, usize>,
    /// Risk id, number or riskområde as written, and final id → (document, risk).
    risk_ids: HashMap<(usize, String), usize>,
    /// Control id as written and final id → (document, risk, control).
    control_ids: HashMap<String, (usize, usize, usize)>,
}

/// Whether a document was made in the workbook itself (a filled template) rather than
/// converted from another file: it has no source file of its own.
fn own(d: &Document, file: &str) -> bool {
    d.kalla_fil == file && d.kalla_format == Some(Format::Ikplan)
}

/// A record's id as written when it already starts with the document's id, otherwise
/// qualified by the parent's id; when blank, the id assembly gives the `n`th child.
fn record_id(raw: Option<&str>, doc_id: &str, parent: &str, tag: char, n: usize) -> String {
    match raw {
        Some(r)
            if r.strip_prefix(doc_id)
                .is_some_and(|rest| rest.starts_with(':')) =>
        {
            r.to_string()
        }
        Some(r) => format!("{parent}:{r}"),
        None => child_id(&mut String::new(), parent, tag, n).to_string(),
    }
}

impl Builder {
    /// A document's id, the file its records' provenance names, and whether it is the
    /// workbook's own (a filled template, whose rows are their own provenance).
    fn doc_source(&self, di: usize) -> (String, String, bool) {
        let d = &self.docs[di];
        (
            d.dokument_id.clone(),
            d.kalla_fil.clone(),
            own(d, &self.file),
        )
    }

    fn reader<'a>(&'a mut self, t: &'a Table, line: u32, cells: &'a [Data]) -> RowReader<'a> {
        RowReader {
            table: t,
            line,
            cells,
            file: &self.file,
            findings: &mut self.findings,
            extra: Extra::default(),
        }
    }

    fn documents(&mut self, t: &Table) {
        let base = self.id_base.clone();
        for (line, cells) in &t.rows {
            let file = self.file.clone();
            let mut r = self.reader(t, *line, cells);
            let raw_id = r.text("dokument_id");
            let kalla_fil = r.text("kalla_fil");
            let mut d = Document {
                kalla_fil: kalla_fil.clone().unwrap_or_else(|| file.clone()),
                kalla_blad: r.text("kalla_blad"),
                titel: r.text("titel"),
                kommun: r.text("kommun"),
                namnd: r.text("namnd"),
                forvaltning: r.text("forvaltning"),
                diarienummer: r.text("diarienummer"),
                anteckningar: r.text("anteckningar"),
                ..Default::default()
            };
            d.kalla_format = match r.choice("kalla_format") {
                Some(Ok(v)) => serde_json::from_value(serde_json::Value::String(v.into())).ok(),
                Some(Err(_)) => {
                    r.other("kalla_format");
                    None
                }
                None if kalla_fil.is_none() => Some(Format::Ikplan),
                None => None,
            };
            let post = raw_id.clone().unwrap_or_default();
            d.ar = r.int("ar", &post).and_then(|v| i32::try_from(v).ok());
            d.typ = match r.choice("typ") {
                Some(Ok("uppfoljning")) => DocType::Uppfoljning,
                Some(Ok(_)) | None => DocType::Plan,
                Some(Err(s)) if s.to_lowercase().starts_with("uppf") => DocType::Uppfoljning,
                Some(Err(_)) => {
                    r.other("typ");
                    DocType::Plan
                }
            };
            d.period = period(&mut r, "period");
            d.datum = r.date("datum", &post);
            (d.kalla, d.extra) = r.rest(&d.kalla_fil, kalla_fil.is_none());
            d.dokument_id = match raw_id {
                Some(id) => id,
                None => {
                    let mut id = base.clone();
                    let mut n = 2;
                    while self.doc_ids.contains_key(&id) {
                        id = format!("{base}-{n}");
                        n += 1;
                    }
                    id
                }
            };
            self.doc_ids.insert(d.dokument_id.clone(), self.docs.len());
            self.docs.push(d);
        }
    }

    /// The document a row names in its Dokument-id column; the only (or first) document
    /// when blank; a new document when the workbook has none.
    fn doc_of(&mut self, raw: Option<&str>) -> usize {
        if let Some(i) = raw.and_then(|r| self.doc_ids.get(r)) {
            return *i;
        }
        if self.docs.is_empty() {
            let id = self.id_base.clone();
            self.doc_ids.insert(id.clone(), 0);
            self.docs.push(Document {
                dokument_id: id,
                kalla_fil: self.file.clone(),
                kalla_format: Some(Format::Ikplan),
                ..Default::default()
            });
        }
        0
    }

    fn risks(&mut self, t: &Table) {
        for (line, cells) in &t.rows {
            let raw_doc = self.reader(t, *line, cells).text("dokument_id");
            let di = self.doc_of(raw_doc.as_deref());
            let (doc_id, kalla_fil, is_own) = self.doc_source(di);
            let n = self.docs[di].risker.len() + 1;
            let mut r = self.reader(t, *line, cells);
            let raw_id = r.text("risk_id");
            let risk_id = record_id(raw_id.as_deref(), &doc_id, &doc_id, 'R', n);
            let riskomrade = r.text("riskomrade").unwrap_or_default();
            let mut risk = Risk {
                risk_id: risk_id.as_str().into(),
                dokument_id: doc_id.as_str().into(),
                risk_nyckel: r
                    .text("risk_nyckel")
                    .unwrap_or_else(|| crate::normalize::text::slug(&riskomrade)),
                risk_serie: r.text("risk_serie").unwrap_or_default(),
                nummer: r.text("nummer"),
                riskbeskrivning: r.text("riskbeskrivning"),
                kategori: r.list("kategori"),
                process: r.text("process"),
                sannolikhet: r.int("sannolikhet", &risk_id),
                konsekvens: r.int("konsekvens", &risk_id),
                riskvarde: r.int("riskvarde", &risk_id),
                befintliga_rutiner: r.text("befintliga_rutiner"),
                riskomrade,
                ..Default::default()
            };
            (risk.kalla, risk.extra) = r.rest(&kalla_fil, is_own);
            let ri = self.docs[di].risker.len();
            for key in [
                raw_id,
                Some(risk_id),
                risk.nummer.clone(),
                Some(risk.riskomrade.clone()),
            ]
            .into_iter()
            .flatten()
            {
                self.risk_ids.entry((di, key)).or_insert(ri);
            }
            self.docs[di].risker.push(risk);
        }
    }

    /// The risk a control row names; a placeholder risk (reported) when it names none.
    fn risk_of(&mut self, di: usize, raw: Option<&str>, line: u32, t: &Table) -> usize {
        if let Some(ri) = raw.and_then(|r| self.risk_ids.get(&(di, r.to_string()))) {
            return *ri;
        }
        if raw.is_none() && self.docs[di].risker.len() == 1 {
            return 0;
        }
        let msg = match raw {
            Some(r) => format!(
                "Kontrollen hör till risken \u{201d}{r}\u{201d} som inte finns på bladet Risker"
            ),
            None => "Kontrollen anger ingen risk (kolumnen Risk-id är tom)".to_string(),
        };
        self.placeholder_risk(di, msg, line, t, "risk_id")
    }

    /// The document's placeholder risk for rows that name no risk, made (and reported
    /// once, at the cell of the row's `key` column) when first needed.
    fn placeholder_risk(
        &mut self,
        di: usize,
        msg: String,
        line: u32,
        t: &Table,
        key: &str,
    ) -> usize {
        let doc = &mut self.docs[di];
        let placeholder = format!("{}:R0", doc.dokument_id);
        if let Some(ri) = doc.risker.iter().position(|r| *r.risk_id == *placeholder) {
            return ri;
        }
        let loc = Loc {
            fil: self.file.clone(),
            blad: Some(t.sheet.clone()),
            cell: t.cell_at(key, line),
            rad: Some(line),
        };
        self.findings
            .push(finding("IK503", msg, loc, Some(placeholder.clone())));
        doc.risker.push(Risk {
            risk_id: placeholder.as_str().into(),
            dokument_id: doc.dokument_id.as_str().into(),
            ..Default::default()
        });
        doc.risker.len() - 1
    }

    fn controls(&mut self, t: &Table) {
        for (line, cells) in &t.rows {
            let (raw_doc, raw_risk) = {
                let r = self.reader(t, *line, cells);
                (r.text("dokument_id"), r.text("risk_id"))
            };
            let di = self.doc_of(raw_doc.as_deref());
            let ri = self.risk_of(di, raw_risk.as_deref(), *line, t);
            let (doc_id, kalla_fil, is_own) = self.doc_source(di);
            let risk_id = self.docs[di].risker[ri].risk_id.clone();
            let n = self.docs[di].risker[ri].kontroller.len() + 1;
            let mut r = self.reader(t, *line, cells);
            let raw_id = r.text("kontroll_id");
            let kontroll_id = record_id(raw_id.as_deref(), &doc_id, &risk_id, 'K', n);
            let mut k = Control {
                kontroll_id: kontroll_id.as_str().into(),
                risk_id,
                dokument_id: doc_id.into(),
                kontroll_nyckel: r.text("kontroll_nyckel").unwrap_or_default(),
                plan_kontroll_id: r.text("plan_kontroll_id"),
                nummer: r.text("nummer"),
                kontroll: r.text("kontroll").unwrap_or_default(),
                beskrivning: r.text("beskrivning"),
                metod: r.text("metod"),
                frekvens: r.text("frekvens"),
                ansvarig: r.list("ansvarig"),
                rapporteringsansvarig: r.list("rapporteringsansvarig"),
                startdatum: r.date("startdatum", &kontroll_id),
                avstamningsdatum: r.dates("avstamningsdatum", &kontroll_id),
                slutdatum: r.date("slutdatum", &kontroll_id),
                uppfoljning_nar: r.text("uppfoljning_nar"),
                ..Default::default()
            };
            k.typ = match r.choice("typ") {
                Some(Ok("atgard")) => ControlType::Atgard,
                Some(Ok(_)) | None => ControlType::Kontroll,
                Some(Err(_)) => {
                    r.other("typ");
                    ControlType::Kontroll
                }
            };
            (k.kalla, k.extra) = r.rest(&kalla_fil, is_own);
            let ki = self.docs[di].risker[ri].kontroller.len();
            for key in [raw_id, Some(kontroll_id)].into_iter().flatten() {
                self.control_ids.entry(key).or_insert((di, ri, ki));
            }
            self.docs[di].risker[ri].kontroller.push(k);
        }
    }

    fn follow_ups(&mut self, t: &Table) {
        for (line, cells) in &t.rows {
            let raw_control = self.reader(t, *line, cells).text("kontroll_id");
            let found = raw_control
                .as_ref()
                .and_then(|c| self.control_ids.get(c))
                .copied();
            let (di, ri, ki) = match found {
                Some(p) => p,
                None => {
                    // A follow-up of no known control: kept under a placeholder control.
                    let di = self.doc_of(None);
                    let msg = format!(
                        "Uppföljningen hör till kontrollen \u{201d}{}\u{201d} som inte finns på \
                         bladet Kontroller",
                        raw_control.as_deref().unwrap_or("")
                    );
                    let ri = self.placeholder_risk(di, msg, *line, t, "kontroll_id");
                    let risk = &mut self.docs[di].risker[ri];
                    let id = format!("{}:K0", risk.risk_id);
                    let ki = match risk.kontroller.iter().position(|k| *k.kontroll_id == *id) {
                        Some(ki) => ki,
                        None => {
                            risk.kontroller.push(Control {
                                kontroll_id: id.as_str().into(),
                                risk_id: risk.risk_id.clone(),
                                dokument_id: risk.dokument_id.clone(),
                                ..Default::default()
                            });
                            risk.kontroller.len() - 1
                        }
                    };
                    (di, ri, ki)
                }
            };
            let (doc_id, kalla_fil, is_own) = self.doc_source(di);
            let control = &self.docs[di].risker[ri].kontroller[ki];
            let kontroll_id = control.kontroll_id.clone();
            let n = control.uppfoljningar.len() + 1;
            let mut r = self.reader(t, *line, cells);
            let raw_id = r.text("uppfoljning_id");
            let id = record_id(raw_id.as_deref(), &doc_id, &kontroll_id, 'U', n);
            let mut u = FollowUp {
                uppfoljning_id: id.as_str().into(),
                kontroll_id,
                dokument_id: doc_id.into(),
                resultat: r.text("resultat"),
                ny_atgard: r.text("ny_atgard"),
                status_kalla: r.text("status_kalla"),
                kontrollbedomning_kalla: r.text("kontrollbedomning_kalla"),
                ..Default::default()
            };
            u.period = period(&mut r, "period");
            u.ar = r.int("ar", &id).and_then(|v| i32::try_from(v).ok());
            let vocab = crate::normalize::vocab::Vocab::default();
            match r.choice("status") {
                Some(Ok(v)) => u.status = Status::ALL.into_iter().find(|s| s.as_str() == v),
                Some(Err(s)) => {
                    u.status = vocab.status(&s);
                    if u.status.is_none() {
                        r.report("status", "IK403", "en känd status", &id);
                    }
                    if u.status_kalla.is_none() {
                        u.status_kalla = Some(s);
                    }
                }
                None => {}
            }
            match r.choice("kontrollbedomning") {
                Some(Ok(v)) => {
                    u.kontrollbedomning = Assessment::ALL.into_iter().find(|a| a.as_str() == v)
                }
                Some(Err(s)) => {
                    u.kontrollbedomning = vocab.assessment(&s);
                    if u.kontrollbedomning.is_none() {
                        r.report(
                            "kontrollbedomning",
                            "IK404",
                            "en känd kontrollbedömning",
                            &id,
                        );
                    }
                    if u.kontrollbedomning_kalla.is_none() {
                        u.kontrollbedomning_kalla = Some(s);
                    }
                }
                None => {}
            }
            (u.kalla, u.extra) = r.rest(&kalla_fil, is_own);
            self.docs[di].risker[ri].kontroller[ki]
                .uppfoljningar
                .push(u);
        }
    }

    /// The Extra sheet: each row into the `extra` of the record its Post names.
    fn extra(&mut self, t: &Table) {
        let mut by_id: HashMap<String, (usize, usize, usize, usize)> = HashMap::new();
        const NONE: usize = usize::MAX;
        for (di, d) in self.docs.iter().enumerate() {
            by_id.insert(d.dokument_id.clone(), (di, NONE, NONE, NONE));
            for (ri, r) in d.risker.iter().enumerate() {
                by_id.insert(r.risk_id.to_string(), (di, ri, NONE, NONE));
                for (ki, k) in r.kontroller.iter().enumerate() {
                    by_id.insert(k.kontroll_id.to_string(), (di, ri, ki, NONE));
                    for (ui, u) in k.uppfoljningar.iter().enumerate() {
                        by_id.insert(u.uppfoljning_id.to_string(), (di, ri, ki, ui));
                    }
                }
            }
        }
        for (line, cells) in &t.rows {
            let r = self.reader(t, *line, cells);
            let (Some(post), Some(col)) = (r.text("post_id"), r.text("kolumn")) else {
                continue;
            };
            let value = r.text("varde").unwrap_or_default();
            let target = by_id.get(&post).copied().or_else(|| {
                // A post of no record: kept on the document it starts with, or the first.
                let di = self
                    .docs
                    .iter()
                    .position(|d| post.starts_with(&d.dokument_id))
                    .unwrap_or(0);
                (!self.docs.is_empty()).then_some((di, NONE, NONE, NONE))
            });
            let Some((di, ri, ki, ui)) = target else {
                continue;
            };
            let d = &mut self.docs[di];
            let e = if ri == NONE {
                &mut d.extra
            } else if ki == NONE {
                &mut d.risker[ri].extra
            } else if ui == NONE {
                &mut d.risker[ri].kontroller[ki].extra
            } else {
                &mut d.risker[ri].kontroller[ki].uppfoljningar[ui].extra
            };
            let col = if by_id.contains_key(&post) {
                col
            } else {
                format!("{post}: {col}")
            };
            e.0.push((col, value));
        }
    }
}

fn period(r: &mut RowReader, key: &str) -> Option<Period> {
    match r.choice(key) {
        Some(Ok("delar")) => Some(Period::Delar),
        Some(Ok(_)) => Some(Period::Helar),
        Some(Err(s)) => {
            let p = crate::normalize::vocab::period_in(&s).or_else(|| {
                let low = s.to_lowercase();
                if low.starts_with("del") {
                    Some(Period::Delar)
                } else if low.starts_with("hel") {
                    Some(Period::Helar)
                } else {
                    None
                }
            });
            if p.is_none() {
                r.other(key);
            }
            p
        }
        None => None,
    }
}

fn read_findings(t: &Table, file: &str) -> Vec<Finding> {
    let mut sink = Vec::new();
    t.rows
        .iter()
        .map(|(line, cells)| {
            let mut r = RowReader {
                table: t,
                line: *line,
                cells,
                file,
                findings: &mut sink,
                extra: Extra::default(),
            };
            let allvarlighet = match r.choice("allvarlighet") {
                Some(Ok("fel")) => Severity::Fel,
                Some(Ok("varning")) => Severity::Varning,
                _ => Severity::Info,
            };
            Finding {
                kod: r.text("kod").unwrap_or_default(),
                allvarlighet,
                meddelande: r.text("meddelande").unwrap_or_default(),
                fil: r.text("fil"),
                blad: r.text("blad"),
                cell: r.text("cell"),
                rad: r.int("rad", "").and_then(|v| u32::try_from(v).ok()),
                post_id: r.text("post_id"),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provenance_reads_back_from_its_short_form() {
        for p in [
            Provenance {
                fil: "a.xlsx".into(),
                blad: Some("Blad 1".into()),
                rader: "5\u{2013}7".into(),
                omrade: Some("A5:H7".into()),
            },
            Provenance {
                fil: "a.xlsx".into(),
                blad: None,
                rader: "5".into(),
                omrade: Some("A5:H5".into()),
            },
            Provenance {
                fil: "a.txt".into(),
                blad: None,
                rader: "12\u{2013}14".into(),
                omrade: None,
            },
            Provenance {
                fil: "a.docx".into(),
                blad: Some("Tabell".into()),
                rader: "3".into(),
                omrade: None,
            },
        ] {
            assert_eq!(parse_provenance(&p.short(), &p.fil), p);
        }
    }

    #[test]
    fn lists_split_on_semicolons_and_line_breaks() {
        assert_eq!(split_list("A; B;C\nD; "), vec!["A", "B", "C", "D"]);
    }

    #[test]
    fn other_bytes_are_not_ikplan() {
        assert!(read_ikplan(b"hello", "a.txt").unwrap().is_none());
        assert!(
            read_ikplan(b"PK\x03\x04 broken", "a.xlsx")
                .unwrap()
                .is_none()
        );
    }
}
