//! The CSV folder: one file per entity (UTF-8, comma, header row of model keys), and
//! `datapackage.json` describing them (see [`super::datapackage`]).

use std::path::Path;

use super::tables::{Col, Entity, Field, FlatTable, platt};
use super::{WriteError, stage_with, write_atomic};
use crate::model::Output;
use crate::normalize::date::Date;

/// How the CSV files are written.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvOptions {
    /// UTF-8 with BOM and `;` for Swedish Excel.
    pub excel: bool,
    /// Add `platt.csv`: one row per control with its document, risk and latest follow-up.
    pub platt: bool,
}

/// One flat table as CSV bytes.
pub fn table_csv(table: &FlatTable, opts: CsvOptions) -> Vec<u8> {
    let mut buf = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_table_csv(table, opts, &mut buf);
    buf
}

/// Writes one flat table as CSV into `out` as it is made (no copy of the table's text).
pub fn write_table_csv(
    table: &FlatTable,
    opts: CsvOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut w = Records::new(opts);
    w.header(table.cols);
    for row in &table.rows {
        w.record(row);
        w.flush_full(out)?;
    }
    out.write_all(&w.buf)?;
    out.flush()
}

/// Risks (or findings) made into records before they are written out: the table is never
/// held whole.
const SLICE_RECORDS: usize = 2048;

/// Writes one entity table of `out` as CSV, each row made as it is written.
pub fn write_entity_csv(
    out: &Output,
    entity: Entity,
    opts: CsvOptions,
    to: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_entity_csv_in(out, entity, opts, to, SLICE_RECORDS)
}

/// [`write_entity_csv`], written out every `records` risks (or findings).
fn write_entity_csv_in(
    out: &Output,
    entity: Entity,
    opts: CsvOptions,
    to: &mut dyn std::io::Write,
    records: usize,
) -> std::io::Result<()> {
    let mut r = Records::new(opts);
    r.header(entity.shape().cols);
    for slice in entity.slices(out, records) {
        let _ = slice.each_row(&mut |row| -> Result<(), std::convert::Infallible> {
            r.record(row);
            Ok(())
        });
        to.write_all(&r.buf)?;
        r.buf.clear();
    }
    to.write_all(&r.buf)?;
    to.flush()
}

/// CSV records as the `csv` crate writes them with its defaults (a field is quoted only
/// when it holds the delimiter, `"`, CR or LF; `"` inside is doubled; `\n` ends a record; a
/// record of one empty field is `""`), made in a buffer without the crate's per-field
/// state machine.
struct Records {
    buf: Vec<u8>,
    delimiter: u8,
    excel: bool,
}

impl Records {
    fn new(opts: CsvOptions) -> Self {
        Records {
            buf: Vec::with_capacity(1 << 17),
            delimiter: if opts.excel { b';' } else { b',' },
            excel: opts.excel,
        }
    }

    /// The byte-order mark for Excel and the header record of the columns' keys.
    fn header(&mut self, cols: &[Col]) {
        if self.excel {
            self.buf.extend_from_slice("\u{feff}".as_bytes());
        }
        let start = self.buf.len();
        for (i, c) in cols.iter().enumerate() {
            if i > 0 {
                self.buf.push(self.delimiter);
            }
            self.text(c.key.as_bytes());
        }
        self.end(start);
    }

    fn record(&mut self, row: &[Field]) {
        let start = self.buf.len();
        for (i, f) in row.iter().enumerate() {
            if i > 0 {
                self.buf.push(self.delimiter);
            }
            match f {
                Field::Empty => {}
                Field::Text(t) => self.text_field(t),
                Field::Int(i) => {
                    let mut b = itoa::Buffer::new();
                    self.buf.extend_from_slice(b.format(*i).as_bytes());
                }
                Field::Date(d) => date_into(&mut self.buf, *d),
                Field::Kalla(p) => {
                    let parts = p.short_parts();
                    // Written in its pieces unless it must be quoted; for Excel it is made
                    // whole and written as a text is (an apostrophe before a formula start).
                    if self.excel || parts.iter().any(|t| self.special(t.as_bytes())) {
                        self.text_field(&p.short());
                    } else {
                        parts
                            .iter()
                            .for_each(|t| self.buf.extend_from_slice(t.as_bytes()));
                    }
                }
            }
        }
        self.end(start)
    }

    /// A text field: for Excel, with an apostrophe before what Excel would run as a formula.
    fn text_field(&mut self, t: &str) {
        if self.excel && needs_apostrophe(t) {
            self.text(neutralize_formula(t).as_bytes())
        } else {
            self.text(t.as_bytes())
        }
    }

    fn text(&mut self, t: &[u8]) {
        if !self.special(t) {
            self.buf.extend_from_slice(t);
            return;
        }
        self.buf.push(b'"');
        for (i, part) in t.split(|&b| b == b'"').enumerate() {
            if i > 0 {
                self.buf.extend_from_slice(b"\"\"");
            }
            self.buf.extend_from_slice(part);
        }
        self.buf.push(b'"');
    }

    /// Whether the text must be quoted. Most fields are short, where a plain loop beats
    /// setting up two `memchr` searches.
    fn special(&self, t: &[u8]) -> bool {
        if t.len() <= 64 {
            let d = self.delimiter;
            // Without an early exit the compiler compares many bytes at once.
            t.iter().fold(false, |any, &b| {
                any | (b == b'"') | (b == b'\n') | (b == b'\r') | (b == d)
            })
        } else {
            memchr::memchr3(b'"', b'\n', b'\r', t).is_some()
                || memchr::memchr(self.delimiter, t).is_some()
        }
    }

    /// Ends the record begun at `start` in the buffer.
    fn end(&mut self, start: usize) {
        if self.buf.len() == start {
            self.buf.extend_from_slice(b"\"\"");
        }
        self.buf.push(b'\n');
    }

    /// Writes out the buffer once it holds 64 KiB.
    fn flush_full(&mut self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        if self.buf.len() >= 1 << 16 {
            out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
}

/// `YYYY-MM-DD` as [`Date`]'s `Display` writes it.
fn date_into(buf: &mut Vec<u8>, d: Date) {
    match d.iso() {
        Some(b) => buf.extend_from_slice(&b),
        None => buf.extend_from_slice(d.to_string().as_bytes()),
    }
}

fn needs_apostrophe(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Text that Excel would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading apostrophe, so a CSV opened in Excel shows the text
/// instead of evaluating it (CSV formula injection).
pub fn neutralize_formula(text: &str) -> String {
    if needs_apostrophe(text) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Writes the CSV folder: the tables, then `datapackage.json`.
pub fn write_folder(out: &Output, dir: &Path, opts: CsvOptions) -> Result<(), WriteError> {
    write_folder_with(out, dir, opts, true)
}

/// The files ikplan writes in a CSV folder; a folder holding anything else is not
/// replaced.
fn own_file(name: &str) -> bool {
    name == "datapackage.json"
        || name == "platt.csv"
        || name.starts_with(".ikplan-")
        || Entity::ALL
            .iter()
            .any(|e| name == format!("{}.csv", e.shape().file))
}

/// Writes the CSV folder `dir` whole or not at all: the files are written into a new
/// folder beside it (`.ikplan-*.tmp`), synced, and the folder is then swapped in for the
/// old one, so a run stopped or failing half-way leaves the old folder as it was and
/// follow-ups never point at controls of another run. Unless `replace`, a folder that
/// holds ikplan's files by then is not replaced. A folder that holds other files than
/// ikplan's is never replaced (they would be lost).
///
/// # Errors
/// [`WriteError::Refused`] for a folder that must not be replaced, [`WriteError::Io`]
/// when a file cannot be written (the old folder is then kept).
pub fn write_folder_with(
    out: &Output,
    dir: &Path,
    opts: CsvOptions,
    replace: bool,
) -> Result<(), WriteError> {
    let refused = |reason: String| WriteError::Refused {
        path: dir.display().to_string(),
        reason,
    };
    let old = match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => Some(m),
        Ok(_) => {
            return Err(refused(
                "finns redan och är ingen mapp; välj ett annat namn för CSV-mappen".into(),
            ));
        }
        Err(_) => None,
    };
    if old.is_some() {
        let entries = std::fs::read_dir(dir).map_err(|e| WriteError::io(dir, e))?;
        let mut names: Vec<String> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        if let Some(other) = names.iter().find(|n| !own_file(n)) {
            return Err(refused(format!(
                "mappen innehåller andra filer än ikplans ({}) och ersätts inte; välj en ny eller tom mapp",
                crate::read::escape_name(other)
            )));
        }
        if !replace && names.iter().any(|n| !n.starts_with('.')) {
            return Err(refused(
                "utdata finns redan; använd --force för att skriva över".into(),
            ));
        }
    }
    let parent = super::parent_of(dir);
    std::fs::create_dir_all(parent).map_err(|e| WriteError::io(parent, e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".ikplan-")
        .suffix(".tmp")
        .tempdir_in(parent)
        .map_err(|e| WriteError::io(dir, e))?;
    let pending = super::Pending::new(tmp.path());
    write_files(out, tmp.path(), opts)?;
    // The new folder gets the old one's permissions (a shared folder stays shared), or
    // those of a folder the user makes.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = old
            .as_ref()
            .map(|m| m.permissions())
            .unwrap_or_else(|| std::fs::Permissions::from_mode(0o755));
        let _ = std::fs::set_permissions(tmp.path(), perms);
    }
    let new = tmp.keep();
    let swapped = swap_in(&new, dir, old.is_some());
    if swapped.is_err() {
        let _ = std::fs::remove_dir_all(&new);
    }
    drop(pending);
    swapped
}

/// Puts the folder `new` at `dir`. On Linux the two are exchanged in one step (a reader
/// sees the old folder or the new one, never none) and the old one, now at `new`, is
/// removed. Elsewhere, or on a file system that cannot exchange, the old folder is moved
/// aside, the new one moved in, and the old one removed; if the new one cannot be moved
/// in, the old one is moved back.
fn swap_in(new: &Path, dir: &Path, had_old: bool) -> Result<(), WriteError> {
    if !had_old {
        return std::fs::rename(new, dir).map_err(|e| WriteError::io(dir, e));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, new, CWD, dir, RenameFlags::EXCHANGE).is_ok() {
            let _ = std::fs::remove_dir_all(new);
            return Ok(());
        }
    }
    let aside = {
        let mut name = new.as_os_str().to_owned();
        name.push(".old");
        std::path::PathBuf::from(name)
    };
    std::fs::rename(dir, &aside).map_err(|e| WriteError::io(dir, e))?;
    if let Err(e) = std::fs::rename(new, dir) {
        let _ = std::fs::rename(&aside, dir);
        return Err(WriteError::io(dir, e));
    }
    let _ = std::fs::remove_dir_all(&aside);
    Ok(())
}

/// Writes the files of a CSV folder into the (new, empty) folder `dir`.
fn write_files(out: &Output, dir: &Path, opts: CsvOptions) -> Result<(), WriteError> {
    let wide = opts.platt.then(|| platt(out));
    // The entity tables are written straight from the model; an error stops the rest.
    for e in Entity::ALL {
        stage_with(&dir.join(format!("{}.csv", e.shape().file)), |w| {
            write_entity_csv(out, e, opts, w)
        })?
        .commit()?;
    }
    if let Some(table) = &wide {
        stage_with(&dir.join(format!("{}.csv", table.file)), |w| {
            write_table_csv(table, opts, w)
        })?
        .commit()?;
    }
    let mut tables: Vec<FlatTable> = Entity::ALL.iter().map(|e| e.shape()).collect();
    if let Some(wide) = wide {
        tables.push(FlatTable {
            rows: Vec::new(),
            ..wide
        });
    }
    write_atomic(
        &dir.join("datapackage.json"),
        &super::datapackage::to_bytes(&tables, opts),
    )?;
    // The folder's entries are on disk before the folder is swapped in.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Provenance;
    use crate::write::tables::Kind;
    use std::borrow::Cow;

    /// What the `csv` crate writes for the same rows (the writer this one replaced).
    fn by_csv_crate(cols: &[Col], rows: &[Vec<Field>], opts: CsvOptions) -> Vec<u8> {
        let mut out = Vec::new();
        if opts.excel {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(if opts.excel { b';' } else { b',' })
            .from_writer(&mut out);
        w.write_record(cols.iter().map(|c| c.key)).unwrap();
        for row in rows {
            w.write_record(row.iter().map(|f| match f {
                Field::Text(_) | Field::Kalla(_) if opts.excel => neutralize_formula(&f.as_text()),
                other => other.as_text(),
            }))
            .unwrap();
        }
        drop(w);
        out
    }

    #[test]
    fn records_are_written_as_the_csv_crate_writes_them() {
        let texts = [
            "",
            "a",
            "a,b",
            "a;b",
            "say \"hi\"",
            "\"",
            "\"\"",
            "line\nbreak",
            "cr\rhere",
            "crlf\r\n",
            " lead and trail ",
            "=SUM(A1)",
            "+46",
            "-",
            "@x",
            "\tTab",
            "\rcr",
            "å ä ö – ”citat”",
            "tab\tinside",
            "'quoted'",
            "a\"b,c\nd;e",
        ];
        // Longer texts take the other search: quote, delimiters and line ends at their end.
        let long: Vec<String> = ["", ",", ";", "\"", "\n", "\r"]
            .iter()
            .map(|end| format!("{}{end}", "lång text ".repeat(8)))
            .collect();
        // Provenance in each of its forms, with and without what must be quoted.
        let sheets = [
            None,
            Some("Blad1"),
            Some("a,b"),
            Some("=x"),
            Some("say \"hi\""),
        ];
        let ranges = [None, Some("A5:H7"), Some("A\n1"), Some("@A1")];
        let kallor: Vec<Provenance> = sheets
            .iter()
            .flat_map(|b| ranges.iter().map(move |o| (b, o)))
            .flat_map(|(b, o)| {
                ["12", "12–14", "-1", "1;2"].map(|rader| Provenance {
                    fil: "f.xlsx".into(),
                    blad: b.map(Into::into),
                    rader: rader.into(),
                    omrade: o.map(Into::into),
                })
            })
            .collect();
        let fields: Vec<Field> = texts
            .iter()
            .map(|t| Field::Text(Cow::Borrowed(*t)))
            .chain(long.iter().map(|t| Field::Text(Cow::Borrowed(t.as_str()))))
            .chain(kallor.iter().map(Field::Kalla))
            .chain([
                Field::Empty,
                Field::Int(0),
                Field::Int(-7),
                Field::Int(i64::MAX),
                Field::Int(i64::MIN),
                Field::Date(Date {
                    y: 2023,
                    m: 1,
                    d: 9,
                }),
                Field::Date(Date {
                    y: 999,
                    m: 12,
                    d: 31,
                }),
                Field::Date(Date { y: -5, m: 1, d: 1 }),
                Field::Date(Date {
                    y: 12345,
                    m: 1,
                    d: 1,
                }),
            ])
            .collect();
        const fn col(key: &'static str) -> Col {
            Col {
                key,
                label: key,
                kind: Kind::Text,
            }
        }
        const ONE: &[Col] = &[col("a")];
        const THREE: &[Col] = &[col("a"), col("b,c"), col("d\"e")];
        for excel in [false, true] {
            let opts = CsvOptions {
                excel,
                platt: false,
            };
            // Every field alone (a record of one empty field is `""`), and in threes.
            let singles: Vec<Vec<Field>> = fields.iter().map(|f| vec![f.clone()]).collect();
            let triples: Vec<Vec<Field>> = (0..fields.len())
                .map(|i| {
                    (0..3)
                        .map(|j| fields[(i * 7 + j) % fields.len()].clone())
                        .collect()
                })
                .chain([vec![Field::Empty, Field::Empty, Field::Empty]])
                .collect();
            for (cols, rows) in [(ONE, singles), (THREE, triples)] {
                let table = FlatTable {
                    file: "t",
                    sheet: "T",
                    cols,
                    rows,
                };
                assert_eq!(
                    String::from_utf8_lossy(&table_csv(&table, opts)),
                    String::from_utf8_lossy(&by_csv_crate(cols, &table.rows, opts)),
                    "excel: {excel}"
                );
            }
        }
    }

    /// A model with documents of no, one and many risks, extra cells on every level and
    /// findings: every table of it has rows in more than one slice.
    fn varied_output() -> Output {
        use crate::model::{Control, Document, Finding, FollowUp, Risk};
        let mut out = Output::default();
        for d in 0..5 {
            let mut doc = Document {
                dokument_id: format!("d{d}"),
                ..Default::default()
            };
            if d != 2 {
                doc.extra.push("Dok", &format!("x{d}"));
            }
            for r in 0..(d * 3) {
                let mut risk = Risk {
                    risk_id: format!("d{d}:R{r}").into(),
                    riskomrade: format!("Risk \"{r}\", {d}"),
                    ..Default::default()
                };
                if r % 2 == 0 {
                    risk.extra.push("R", "y");
                }
                for k in 0..(r % 3) {
                    let mut control = Control {
                        kontroll_id: format!("{}:K{k}", risk.risk_id).into(),
                        kontroll: format!("Kontroll {k}\nrad två"),
                        ..Default::default()
                    };
                    control.extra.push("K", &k.to_string());
                    for u in 0..k {
                        let mut follow = FollowUp {
                            uppfoljning_id: format!("{}:U{u}", control.kontroll_id).into(),
                            ..Default::default()
                        };
                        follow.extra.push("U", "z");
                        control.uppfoljningar.push(follow);
                    }
                    risk.kontroller.push(control);
                }
                doc.risker.push(risk);
            }
            out.dokument.push(doc);
        }
        out.anmarkningar = (0..7)
            .map(|i| Finding {
                kod: format!("IK{i}"),
                meddelande: "m".repeat(i),
                ..Default::default()
            })
            .collect();
        out
    }

    /// Made in slices of one, two or three records on several threads, every entity table
    /// is the table made row by row.
    #[test]
    fn tables_made_in_slices_equal_tables_made_whole() {
        let out = varied_output();
        let whole = super::super::tables::flatten(&out);
        // Extra cells in the model's order: a document's own before its risks', a document
        // without risks too.
        let extra = String::from_utf8(table_csv(&whole[5], CsvOptions::default())).unwrap();
        assert!(
            extra.starts_with(
                "post_id,kolumn,varde\nd0,Dok,x0\nd1,Dok,x1\nd1:R0,R,y\nd1:R1:K0,K,0\nd1:R2,R,y\n\
                 d1:R2:K0,K,0\nd1:R2:K1,K,1\nd1:R2:K1:U0,U,z\nd2:R0,R,y\n"
            ),
            "{extra}"
        );
        for excel in [false, true] {
            let opts = CsvOptions {
                excel,
                platt: false,
            };
            for (e, table) in Entity::ALL.iter().zip(&whole) {
                assert!(
                    table.rows.len() > 3,
                    "{}: too few rows to slice",
                    table.file
                );
                for records in [1, 2, 3, usize::MAX] {
                    let mut sliced = Vec::new();
                    write_entity_csv_in(&out, *e, opts, &mut sliced, records).unwrap();
                    assert_eq!(
                        String::from_utf8(sliced).unwrap(),
                        String::from_utf8(table_csv(table, opts)).unwrap(),
                        "{} in slices of {records}",
                        table.file
                    );
                }
            }
        }
    }

    /// More than one buffer's worth: the records cross the flushes whole.
    #[test]
    fn long_tables_are_written_whole() {
        const COLS: &[Col] = &[Col {
            key: "k",
            label: "K",
            kind: Kind::Text,
        }];
        let rows: Vec<Vec<Field>> = (0..20_000)
            .map(|i| vec![Field::Text(Cow::Owned(format!("rad {i}, \"x\"")))])
            .collect();
        let table = FlatTable {
            file: "t",
            sheet: "T",
            cols: COLS,
            rows,
        };
        let opts = CsvOptions::default();
        let ours = table_csv(&table, opts);
        assert!(ours.len() > 1 << 18);
        assert_eq!(ours, by_csv_crate(COLS, &table.rows, opts));
    }
}
