//! The Parquet folder (`-o ut.parquet/`): one Parquet file per table of the CSV folder,
//! with the same names, columns and rows, each column typed as `datapackage.json` declares
//! it ([`super::datapackage::field_type`]): `integer` → INT64, `date` → DATE (INT32, days
//! since 1970-01-01), `string` → UTF-8 text; an empty cell is null.
//!
//! Written with the `parquet` crate's column writers (no arrow): dictionary-encoded where a
//! column's values repeat, pages compressed with Snappy (which every Parquet reader has; the
//! files are a quarter of the uncompressed size, see BENCHMARKS.md).
//! Each file carries its table's Table Schema from `datapackage.json` (titles, primary and
//! foreign keys) in the key-value metadata under `ikplan.schema`. The folder is written
//! whole or not at all, as the CSV folder is ([`super::csv::replace_folder`]).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use ::parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use ::parquet::column::writer::ColumnWriter;
use ::parquet::data_type::ByteArray;
use ::parquet::errors::ParquetError;
use ::parquet::file::metadata::KeyValue;
use ::parquet::file::properties::WriterProperties;
use ::parquet::file::writer::SerializedFileWriter;
use ::parquet::schema::types::{Type, TypePtr};

use super::WriteError;
use super::datapackage::{field_type, schema};
use super::tables::{Col, Entity, Field, FlatTable, platt};
use crate::model::Output;

/// How the Parquet folder is written.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParquetOptions {
    /// Add `platt.parquet`: one row per control with its document, risk and latest follow-up.
    pub platt: bool,
}

/// Rows per row group: a large table is written a row group at a time, never held whole.
const ROW_GROUP: usize = 65_536;

/// The key of the table's Table Schema in each file's key-value metadata.
pub const SCHEMA_KEY: &str = "ikplan.schema";

/// The Parquet type of a column, from its Table Schema type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColType {
    Text,
    Int,
    Date,
}

fn col_type(c: &Col) -> ColType {
    match field_type(c.kind) {
        "integer" => ColType::Int,
        "date" => ColType::Date,
        _ => ColType::Text,
    }
}

/// The files ikplan writes in a Parquet folder; a folder holding anything else is not
/// replaced.
fn own_file(name: &str) -> bool {
    name == "platt.parquet"
        || name.starts_with(".ikplan-")
        || Entity::ALL
            .iter()
            .chain(&Entity::BRIDGES)
            .any(|e| name == format!("{}.parquet", e.shape().file))
}

/// Writes the Parquet folder `dir` whole or not at all. Unless `replace`, a folder that
/// holds ikplan's files by then is not replaced.
///
/// # Errors
/// [`WriteError::Refused`] for a folder that must not be replaced, [`WriteError::Io`]
/// when a file cannot be written (the old folder is then kept).
pub fn write_folder_with(
    out: &Output,
    dir: &Path,
    opts: ParquetOptions,
    replace: bool,
) -> Result<(), WriteError> {
    super::csv::replace_folder(dir, replace, "Parquet-mappen", own_file, |tmp| {
        write_files(out, tmp, dir, opts)
    })
}

/// Writes the files of a Parquet folder into the (new, empty) folder `dir`; an error names
/// the file in the folder `shown` it is for.
fn write_files(
    out: &Output,
    dir: &Path,
    shown: &Path,
    opts: ParquetOptions,
) -> Result<(), WriteError> {
    for e in Entity::ALL.into_iter().chain(Entity::BRIDGES) {
        let shape = e.shape();
        write_file(dir, shown, &shape, |table| {
            e.each_row(out, |row| table.row(row))
        })?;
    }
    if opts.platt {
        let mut wide = platt(out);
        let rows = std::mem::take(&mut wide.rows);
        write_file(dir, shown, &wide, |table| {
            rows.into_iter().try_for_each(|mut row| table.row(&mut row))
        })?;
    }
    // The folder's entries are on disk before the folder is swapped in.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes the table `shape` (its rows given by `rows`) as a Parquet file in `dir`, synced.
fn write_file<'a>(
    dir: &Path,
    shown: &Path,
    shape: &FlatTable,
    rows: impl FnOnce(&mut TableWriter<'a, &mut BufWriter<File>>) -> Result<(), ParquetError>,
) -> Result<(), WriteError> {
    let name = format!("{}.parquet", shape.file);
    let io = |e: &dyn std::fmt::Display| WriteError::io(&shown.join(&name), e);
    let file = File::create(dir.join(&name)).map_err(|e| io(&e))?;
    let mut buf = BufWriter::with_capacity(1 << 16, file);
    let mut table = TableWriter::new(&mut buf, shape).map_err(|e| io(&e))?;
    rows(&mut table).map_err(|e| io(&e))?;
    table.finish().map_err(|e| io(&e))?;
    let file = buf.into_inner().map_err(|e| io(&e.into_error()))?;
    file.sync_all().map_err(|e| io(&e))
}

/// The Parquet schema of a table: one optional column per column, in order.
fn parquet_schema(cols: &[Col]) -> Result<TypePtr, ParquetError> {
    let fields = cols
        .iter()
        .map(|c| {
            let (physical, logical) = match col_type(c) {
                ColType::Text => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)),
                ColType::Int => (PhysicalType::INT64, None),
                ColType::Date => (PhysicalType::INT32, Some(LogicalType::Date)),
            };
            Type::primitive_type_builder(c.key, physical)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(logical)
                .build()
                .map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Type::group_type_builder("schema")
        .with_fields(fields)
        .build()
        .map(Arc::new)
}

/// One table's Parquet file being written: rows are gathered and written a row group at
/// a time.
pub struct TableWriter<'a, W: Write + Send> {
    w: SerializedFileWriter<W>,
    cols: &'static [Col],
    file: &'static str,
    rows: Vec<Vec<Field<'a>>>,
}

impl<'a, W: Write + Send> TableWriter<'a, W> {
    fn new(to: W, shape: &FlatTable) -> Result<Self, ParquetError> {
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .build(),
        );
        let mut w = SerializedFileWriter::new(to, parquet_schema(shape.cols)?, props)?;
        let table = FlatTable {
            file: shape.file,
            sheet: shape.sheet,
            cols: shape.cols,
            rows: Vec::new(),
        };
        w.append_key_value_metadata(KeyValue::new(
            SCHEMA_KEY.to_string(),
            schema(&table).to_string(),
        ));
        Ok(TableWriter {
            w,
            cols: shape.cols,
            file: shape.file,
            rows: Vec::new(),
        })
    }

    /// Takes one row (its fields are left empty).
    fn row(&mut self, row: &mut [Field<'a>]) -> Result<(), ParquetError> {
        self.rows.push(row.iter_mut().map(std::mem::take).collect());
        if self.rows.len() >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the rows gathered as one row group.
    fn flush(&mut self) -> Result<(), ParquetError> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut group = self.w.next_row_group()?;
        let mut i = 0;
        while let Some(mut col) = group.next_column()? {
            let c = self.cols.get(i).ok_or_else(|| {
                ParquetError::General(format!("{}: för många kolumner", self.file))
            })?;
            let cells = self.rows.iter().map(|r| r.get(i).unwrap_or(&Field::Empty));
            let defs: Vec<i16> = cells.clone().map(|f| i16::from(!is_null(f))).collect();
            let bad = |f: &Field| {
                ParquetError::General(format!(
                    "{}.{}: värdet \"{}\" är inte av kolumnens typ",
                    self.file,
                    c.key,
                    f.as_text()
                ))
            };
            match (col_type(c), col.untyped()) {
                (ColType::Text, ColumnWriter::ByteArrayColumnWriter(w)) => {
                    let values: Vec<ByteArray> = cells
                        .filter(|f| !is_null(f))
                        .map(|f| ByteArray::from(f.as_text().into_bytes()))
                        .collect();
                    w.write_batch(&values, Some(&defs), None)?;
                }
                (ColType::Int, ColumnWriter::Int64ColumnWriter(w)) => {
                    let values = cells
                        .filter(|f| !is_null(f))
                        .map(|f| int(f).ok_or_else(|| bad(f)))
                        .collect::<Result<Vec<i64>, _>>()?;
                    w.write_batch(&values, Some(&defs), None)?;
                }
                (ColType::Date, ColumnWriter::Int32ColumnWriter(w)) => {
                    let values = cells
                        .filter(|f| !is_null(f))
                        .map(|f| date(f).ok_or_else(|| bad(f)))
                        .collect::<Result<Vec<i32>, _>>()?;
                    w.write_batch(&values, Some(&defs), None)?;
                }
                _ => {
                    return Err(ParquetError::General(format!(
                        "{}.{}: kolumnens typ stämmer inte med schemat",
                        self.file, c.key
                    )));
                }
            }
            col.close()?;
            i += 1;
        }
        group.close()?;
        self.rows.clear();
        Ok(())
    }

    /// Writes the last row group and the file's footer.
    fn finish(mut self) -> Result<(), ParquetError> {
        self.flush()?;
        self.w.close()?;
        Ok(())
    }
}

/// A cell with no value: empty, or text that is empty (as the CSV's empty field).
fn is_null(f: &Field) -> bool {
    match f {
        Field::Empty => true,
        Field::Text(t) => t.is_empty(),
        _ => false,
    }
}

/// An integer cell's value (a whole number written as text is read).
fn int(f: &Field) -> Option<i64> {
    match f {
        Field::Int(i) => Some(*i),
        Field::Text(t) => t.parse().ok(),
        _ => None,
    }
}

/// A date cell's days since 1970-01-01 (an ISO date written as text is read).
fn date(f: &Field) -> Option<i32> {
    let d = match f {
        Field::Date(d) => *d,
        Field::Text(t) => crate::normalize::date::parse_iso(t)?,
        _ => return None,
    };
    i32::try_from(d.days_since_epoch()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::date::Date;
    use crate::write::tables::Kind;
    use std::borrow::Cow;

    #[test]
    fn dates_are_days_since_1970() {
        let d = |y, m, d| date(&Field::Date(Date { y, m, d }));
        assert_eq!(d(1970, 1, 1), Some(0));
        assert_eq!(d(1969, 12, 31), Some(-1));
        assert_eq!(d(2000, 3, 1), Some(11_017));
        assert_eq!(d(2023, 1, 1), Some(19_358));
        assert_eq!(d(i32::MAX, 1, 1), None);
        assert_eq!(
            date(&Field::Text(Cow::Borrowed("2024-02-29"))),
            Some(19_782)
        );
        assert_eq!(date(&Field::Text(Cow::Borrowed("2024-02-30"))), None);
    }

    /// A value of another type than its column's is an error naming the column, not a
    /// file with a wrong cell.
    #[test]
    fn a_value_off_its_type_is_an_error() {
        const COLS: &[Col] = &[Col {
            key: "n",
            label: "N",
            kind: Kind::Int { min: 1, max: 5 },
        }];
        let shape = FlatTable {
            file: "t",
            sheet: "T",
            cols: COLS,
            rows: Vec::new(),
        };
        let mut buf = Vec::new();
        let mut w = TableWriter::new(&mut buf, &shape).unwrap();
        w.row(&mut [Field::Text(Cow::Borrowed("tre"))]).unwrap();
        let e = w.finish().unwrap_err().to_string();
        assert!(e.contains("t.n") && e.contains("tre"), "{e}");
    }
}
