//! The CSV folder: one file per entity (UTF-8, comma, header row of model keys), and
//! `datapackage.json` describing them (see [`super::datapackage`]).

use std::path::Path;

use super::tables::{Field, FlatTable, flatten, platt};
use super::{WriteError, write_atomic};
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
    if opts.excel {
        buf.extend_from_slice("\u{feff}".as_bytes());
    }
    {
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(if opts.excel { b';' } else { b',' })
            .from_writer(&mut buf);
        let _ = w.write_record(table.cols.iter().map(|c| c.key));
        for row in &table.rows {
            let _ = w.write_record(row.iter().map(|f| match f {
                Field::Text(t) if opts.excel => neutralize_formula(t),
                other => other.as_text(),
            }));
        }
        let _ = w.flush();
    }
    buf
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

/// The tables the folder holds with these options, in order.
pub fn tables(out: &Output, opts: CsvOptions) -> Vec<FlatTable<'_>> {
    let mut t = flatten(out);
    if opts.platt {
        t.push(platt(out));
    }
    t
}

/// Writes the CSV folder: the tables, then `datapackage.json`.
pub fn write_folder(out: &Output, dir: &Path, opts: CsvOptions) -> Result<(), WriteError> {
    std::fs::create_dir_all(dir).map_err(|e| WriteError::io(dir, e))?;
    let tables = tables(out, opts);
    // Each table's file is made and written on its own thread; an error stops the rest.
    use rayon::prelude::*;
    tables.par_iter().try_for_each(|table| {
        let path = dir.join(format!("{}.csv", table.file));
        write_atomic(&path, &table_csv(table, opts))
    })?;
    write_atomic(
        &dir.join("datapackage.json"),
        &super::datapackage::to_bytes(&tables, opts),
    )
}
