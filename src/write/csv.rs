//! The CSV folder: one file per entity (UTF-8, comma, header row of model keys), and
//! `datapackage.json` describing them (see [`super::datapackage`]).

use std::path::Path;

use super::tables::{Col, Entity, Field, FlatTable, platt};
use super::{WriteError, stage_with, write_atomic};
use crate::model::Output;

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

/// Writes one flat table as CSV into `out`.
pub fn write_table_csv(
    table: &FlatTable,
    opts: CsvOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut w = Records::new(out, table.cols, opts)?;
    for row in &table.rows {
        w.record(row)?;
    }
    w.finish()
}

/// Writes one entity table of `out` as CSV, each row made as it is written (the table is
/// never held whole).
pub fn write_entity_csv(
    out: &Output,
    entity: Entity,
    opts: CsvOptions,
    to: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut w = Records::new(to, entity.shape().cols, opts)?;
    entity.each_row(out, |row| w.record(row))?;
    w.finish()
}

/// A table's records written by the `csv` crate (a field is quoted only when it holds the
/// delimiter, `"`, CR or LF): UTF-8 with a comma, or for Excel with a byte-order mark, `;`
/// and an apostrophe before what Excel would run as a formula.
struct Records<W: std::io::Write> {
    w: ::csv::Writer<W>,
    excel: bool,
    /// A provenance's text, made from its parts.
    kalla: String,
}

impl<W: std::io::Write> Records<W> {
    /// The writer, after the byte-order mark (for Excel) and the header record of the
    /// columns' keys.
    fn new(mut to: W, cols: &[Col], opts: CsvOptions) -> std::io::Result<Self> {
        if opts.excel {
            to.write_all("\u{feff}".as_bytes())?;
        }
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(if opts.excel { b';' } else { b',' })
            .from_writer(to);
        w.write_record(cols.iter().map(|c| c.key))?;
        Ok(Records {
            w,
            excel: opts.excel,
            kalla: String::new(),
        })
    }

    fn record(&mut self, row: &[Field]) -> std::io::Result<()> {
        for f in row {
            match f {
                Field::Empty => self.w.write_field("")?,
                Field::Text(t) => self.text(t)?,
                Field::Int(i) => self.w.write_field(itoa::Buffer::new().format(*i))?,
                Field::Date(d) => match d.iso() {
                    Some(b) => self.w.write_field(b)?,
                    None => self.w.write_field(d.to_string())?,
                },
                Field::Kalla(p) => {
                    let mut kalla = std::mem::take(&mut self.kalla);
                    kalla.clear();
                    p.short_parts().iter().for_each(|s| kalla.push_str(s));
                    self.text(&kalla)?;
                    self.kalla = kalla;
                }
            }
        }
        Ok(self.w.write_record(None::<&[u8]>)?)
    }

    fn text(&mut self, t: &str) -> ::csv::Result<()> {
        if self.excel && needs_apostrophe(t) {
            self.w.write_field(neutralize_formula(t))
        } else {
            self.w.write_field(t)
        }
    }

    fn finish(mut self) -> std::io::Result<()> {
        self.w.flush()
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
            .chain(&Entity::BRIDGES)
            .any(|e| name == format!("{}.csv", e.shape().file))
}

/// Writes the CSV folder `dir` whole or not at all (see [`replace_folder`]). Unless
/// `replace`, a folder that holds ikplan's files by then is not replaced.
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
    replace_folder(dir, replace, "CSV-mappen", own_file, |tmp| {
        write_files(out, tmp, opts)
    })
}

/// Writes the folder `dir` (the `what` of messages: "CSV-mappen") whole or not at all:
/// `write` puts the files into a new folder beside it (`.ikplan-*.tmp`), and the folder
/// is then swapped in for the old one, so a run stopped or failing half-way leaves the old
/// folder as it was and follow-ups never point at controls of another run. Unless
/// `replace`, a folder that holds ikplan's files by then is not replaced. A folder that
/// holds other files than ikplan's (`own`) is never replaced (they would be lost).
pub(crate) fn replace_folder(
    dir: &Path,
    replace: bool,
    what: &str,
    own: fn(&str) -> bool,
    write: impl FnOnce(&Path) -> Result<(), WriteError>,
) -> Result<(), WriteError> {
    let refused = |reason: String| WriteError::Refused {
        path: dir.display().to_string(),
        reason,
    };
    let old = match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => Some(m),
        Ok(_) => {
            return Err(refused(format!(
                "finns redan och är ingen mapp; välj ett annat namn för {what}"
            )));
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
        if let Some(other) = names.iter().find(|n| !own(n)) {
            return Err(refused(format!(
                "mappen innehåller andra filer än ikplans ({}) och ersätts inte; välj en ny eller tom mapp",
                crate::read::escape_name(other)
            )));
        }
        if !replace && names.iter().any(|n| !n.starts_with('.')) {
            return Err(refused(
                "utdata finns redan; använd --skriv-over för att skriva över".into(),
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
    write(tmp.path())?;
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
    for e in Entity::ALL.into_iter().chain(Entity::BRIDGES) {
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
    let mut tables: Vec<FlatTable> = Entity::ALL
        .iter()
        .chain(&Entity::BRIDGES)
        .map(|e| e.shape())
        .collect();
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
    use crate::normalize::date::Date;
    use crate::write::tables::Kind;
    use std::borrow::Cow;

    /// The `csv` crate's records of each field's text (`Field::as_text`, for Excel with
    /// formulas neutralized), the byte-order mark first for Excel.
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
    fn records_hold_each_fields_text() {
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
    /// findings: every table of it has several rows.
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

    /// Each entity table written row by row from the model is the table made whole.
    #[test]
    fn tables_written_from_the_model_equal_tables_made_whole() {
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
                assert!(table.rows.len() > 3, "{}: too few rows", table.file);
                let mut streamed = Vec::new();
                write_entity_csv(&out, *e, opts, &mut streamed).unwrap();
                assert_eq!(
                    String::from_utf8(streamed).unwrap(),
                    String::from_utf8(table_csv(table, opts)).unwrap(),
                    "{}",
                    table.file
                );
            }
        }
    }

    /// More than one buffer's worth: the records cross the writer's flushes whole.
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
