//! The Excel tables of the entity sheets, declared small and widened after saving.
//!
//! rust_xlsxwriter's `add_table` puts every cell of a table's range into a hash map (to
//! refuse overlapping tables), work in proportion to the sheet's cells although ikplan's
//! tables never overlap. The table's range is otherwise only written into its own part,
//! `xl/tables/tableN.xml`, as `ref` and its autofilter's `ref`. So each entity sheet
//! declares its table over the header and the first row, and once the workbook is saved
//! that small part is rewritten with the table's whole range; every other part is copied
//! as it was compressed.

use std::io::{Cursor, Read, Write};

use rust_xlsxwriter::XlsxError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// The last row (0-based) an entity sheet declares its table down to: the header and one
/// row (a table needs a data row).
pub(crate) const DECLARED_LAST_ROW: u32 = 1;

/// A table as declared to rust_xlsxwriter and as it is: its name and its whole range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableExtent {
    pub name: String,
    /// The last row (0-based) of the whole table.
    pub last_row: u32,
    /// The last column (0-based).
    pub last_col: u16,
}

impl TableExtent {
    /// Whether the table reaches below its declared range (else its part is left as is).
    fn is_wider(&self) -> bool {
        self.last_row > DECLARED_LAST_ROW
    }

    /// The A1 range of the table's first `last_row + 1` rows.
    fn range(&self, last_row: u32) -> String {
        format!(
            "A1:{}",
            crate::finding::a1(usize::from(self.last_col), last_row + 1)
        )
    }
}

/// The saved workbook with each table's part holding its whole range.
///
/// # Errors
/// When the workbook cannot be read back as a zip file, or a table's part does not hold
/// the declared range where rust_xlsxwriter writes it (both would be a bug).
pub(crate) fn widen_tables(bytes: Vec<u8>, tables: &[TableExtent]) -> Result<Vec<u8>, XlsxError> {
    if !tables.iter().any(TableExtent::is_wider) {
        return Ok(bytes);
    }
    let mut archive = ZipArchive::new(Cursor::new(&bytes))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + 1024)));
    // As rust_xlsxwriter writes its parts: deflated, a fixed time, owner-only permissions.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(2))
        .unix_permissions(0o600)
        .last_modified_time(DateTime::default());
    for i in 0..archive.len() {
        let name = archive
            .name_for_index(i)
            .transpose()?
            .unwrap_or_default()
            .to_string();
        if !(name.starts_with("xl/tables/") && name.ends_with(".xml")) {
            out.raw_copy_file(archive.by_index_raw(i)?)?;
            continue;
        }
        let mut xml = String::new();
        archive
            .by_index(i)?
            .read_to_string(&mut xml)
            .map_err(XlsxError::IoError)?;
        let xml = widen_part(&xml, tables).ok_or_else(|| {
            XlsxError::ParameterError(format!(
                "tabelldelen {name} har inte det område ikplan angav"
            ))
        })?;
        out.start_file(name, options)?;
        out.write_all(xml.as_bytes()).map_err(XlsxError::IoError)?;
    }
    Ok(out.finish()?.into_inner())
}

/// One table part with the declared range replaced by the whole one: the part of the
/// table named by its `displayName`, whose `ref` and autofilter `ref` are the declared
/// range. `None` when the part is not so.
fn widen_part(xml: &str, tables: &[TableExtent]) -> Option<String> {
    let name_at = xml.find(" displayName=\"")? + " displayName=\"".len();
    let name = &xml[name_at..name_at + xml[name_at..].find('"')?];
    // A table ikplan did not declare (none yet), or one as small as declared: as written.
    let Some(t) = tables.iter().find(|t| t.name == name && t.is_wider()) else {
        return Some(xml.to_string());
    };
    let declared = format!(" ref=\"{}\"", t.range(DECLARED_LAST_ROW));
    if xml.matches(&declared).count() != 2 {
        return None;
    }
    Some(xml.replace(&declared, &format!(" ref=\"{}\"", t.range(t.last_row))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extent(name: &str, last_row: u32, last_col: u16) -> TableExtent {
        TableExtent {
            name: name.to_string(),
            last_row,
            last_col,
        }
    }

    const PART: &str = "<table xmlns=\"x\" id=\"1\" name=\"T_risker\" displayName=\"T_risker\" \
        ref=\"A1:M2\" totalsRowShown=\"0\"><autoFilter ref=\"A1:M2\"/><tableColumns count=\"13\"/></table>";

    #[test]
    fn a_part_gets_its_whole_range() {
        let wide = widen_part(PART, &[extent("T_risker", 40, 12)]).unwrap();
        assert_eq!(wide, PART.replace("A1:M2", "A1:M41"));
        // Another table's extent leaves it; a part without the declared range is refused.
        assert_eq!(
            widen_part(PART, &[extent("T_kontroller", 40, 12)]).as_deref(),
            Some(PART)
        );
        assert_eq!(widen_part(PART, &[extent("T_risker", 40, 13)]), None);
        assert_eq!(
            widen_part(
                &PART.replacen("A1:M2", "A1:M3", 1),
                &[extent("T_risker", 40, 12)]
            ),
            None
        );
    }
}
