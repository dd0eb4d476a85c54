//! The downloads of `ikplan serve`, made by the same writers as `ikplan convert`: the
//! standardized workbook, the CSV folder as a zip, the JSON, and the findings alone as a
//! workbook.

use std::io::Write as _;

use crate::model::Output;
use crate::write;

/// What can be downloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Download {
    Workbook,
    CsvZip,
    Json,
    Findings,
}

impl Download {
    /// The download a path's last part names (`/api/ladda/<name>`).
    pub fn from_name(name: &str) -> Option<Download> {
        Some(match name {
            "ikplan.xlsx" => Download::Workbook,
            "ikplan-csv.zip" => Download::CsvZip,
            "ikplan.json" => Download::Json,
            "anmarkningar.xlsx" => Download::Findings,
            _ => return None,
        })
    }

    /// The file name it is saved as, and its media type.
    pub fn file(self) -> (&'static str, &'static str) {
        match self {
            Download::Workbook => ("ikplan.xlsx", XLSX),
            Download::CsvZip => ("ikplan-csv.zip", "application/zip"),
            Download::Json => ("ikplan.json", "application/json"),
            Download::Findings => ("anmarkningar.xlsx", XLSX),
        }
    }

    /// The file's bytes.
    ///
    /// # Errors
    /// One line for the page when a writer fails.
    pub fn bytes(self, out: &Output) -> Result<Vec<u8>, String> {
        match self {
            Download::Workbook => write::xlsx::to_xlsx(out).map_err(|e| e.to_string()),
            Download::Json => Ok(write::json::to_json(out)),
            Download::CsvZip => csv_zip(out),
            Download::Findings => findings_workbook(out).map_err(|e| e.to_string()),
        }
    }
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The CSV folder `convert` writes (the entity files and `datapackage.json`), written into
/// a temporary folder that is removed at once, and packed as a zip.
fn csv_zip(out: &Output) -> Result<Vec<u8>, String> {
    let tmp = tempfile::tempdir().map_err(|e| format!("tillfällig mapp: {e}"))?;
    let dir = tmp.path().join("ikplan-csv");
    write::csv::write_folder(out, &dir, write::csv::CsvOptions::default())
        .map_err(|e| e.to_string())?;
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for name in names {
        let bytes = std::fs::read(dir.join(&name)).map_err(|e| e.to_string())?;
        zip.start_file(format!("ikplan-csv/{name}"), options)
            .map_err(|e| e.to_string())?;
        zip.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    zip.finish()
        .map(std::io::Cursor::into_inner)
        .map_err(|e| e.to_string())
}

/// The findings alone: the workbook's Anmärkningar sheet (same columns, filters and
/// validations) in a workbook of its own.
fn findings_workbook(out: &Output) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.set_properties(&write::xlsx::properties(
        "Anmärkningar",
        "Anmärkningar från ikplan",
    )?);
    let table = write::tables::Entity::Anmarkningar.table(out);
    let extent = write::xlsx::entity_sheet(&mut wb, &table, &write::xlsx::SheetPlan::default())?;
    write::table_extent::widen_tables(wb.save_to_buffer()?, &[extent])
}
