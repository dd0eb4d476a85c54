//! The CSV folder: one file per entity (UTF-8, comma, header row of model keys), and
//! `datapackage.json` describing them (see [`super::datapackage`]).

use std::path::Path;

use super::tables::{Field, FlatTable, output_tables};
use super::{WriteError, write_atomic, write_atomic_with};
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

/// Writes one flat table as CSV into `out` as it is made (no copy of the table's text).
pub fn write_table_csv(
    table: &FlatTable,
    opts: CsvOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use std::borrow::Cow;
    if opts.excel {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(if opts.excel { b';' } else { b',' })
        .from_writer(out);
    w.write_record(table.cols.iter().map(|c| c.key))?;
    for row in &table.rows {
        w.write_record(row.iter().map(|f| -> Cow<'_, [u8]> {
            match f {
                Field::Text(t) if opts.excel => Cow::Owned(neutralize_formula(t).into_bytes()),
                Field::Text(t) => Cow::Borrowed(t.as_bytes()),
                Field::Empty => Cow::Borrowed(b""),
                other => Cow::Owned(other.as_text().into_bytes()),
            }
        }))?;
    }
    w.flush()
}

/// Text that Excel would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading apostrophe, so a CSV opened in Excel shows the text
/// instead of evaluating it (CSV formula injection).
pub fn neutralize_formula(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Writes the CSV folder: the tables, then `datapackage.json`.
pub fn write_folder(out: &Output, dir: &Path, opts: CsvOptions) -> Result<(), WriteError> {
    std::fs::create_dir_all(dir).map_err(|e| WriteError::io(dir, e))?;
    let tables = output_tables(out, opts.platt);
    // Each table's file is made and written on its own thread; an error stops the rest.
    use rayon::prelude::*;
    tables.par_iter().try_for_each(|table| {
        let path = dir.join(format!("{}.csv", table.file));
        write_atomic_with(&path, |w| write_table_csv(table, opts, w))
    })?;
    write_atomic(
        &dir.join("datapackage.json"),
        &super::datapackage::to_bytes(&tables, opts),
    )
}
