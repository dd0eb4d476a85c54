//! The pipeline for one file: read → layout → normalize → rules, as plain data.

use std::path::Path;

use crate::layout::{Layout, layout};
use crate::model::{Document, Finding, Output, SCHEMA};
use crate::normalize::assemble::{Options, assemble};
use crate::read::{ReadError, Source, read_path};

/// The result of converting one source file.
#[derive(Debug, Clone)]
pub struct Converted {
    pub documents: Vec<Document>,
    pub findings: Vec<Finding>,
}

/// Converts an already read source.
pub fn convert_source(source: &Source, opts: &Options) -> Converted {
    let lay: Layout = layout(source);
    let (documents, mut findings) = assemble(&lay, opts);
    let rule_findings = crate::rules::check(&documents, &lay);
    let mut all = lay.findings;
    all.append(&mut findings);
    all.extend(rule_findings);
    sort_findings(&mut all);
    Converted {
        documents,
        findings: all,
    }
}

/// Reads and converts one file; `name` is how the file is named in every location.
pub fn convert_path(path: &Path, name: &str, opts: &Options) -> Result<Converted, ReadError> {
    let source = read_path(path, name)?;
    Ok(convert_source(&source, opts))
}

/// Findings in a stable order: file, sheet, line, code.
pub fn sort_findings(f: &mut [Finding]) {
    f.sort_by(|a, b| {
        (&a.fil, &a.blad, a.rad, &a.kod, &a.cell, &a.meddelande).cmp(&(
            &b.fil,
            &b.blad,
            b.rad,
            &b.kod,
            &b.cell,
            &b.meddelande,
        ))
    });
}

/// Gathers converted files into one output.
pub fn output(parts: Vec<Converted>) -> Output {
    let mut out = Output {
        schema: SCHEMA.to_string(),
        ..Default::default()
    };
    for p in parts {
        out.dokument.extend(p.documents);
        out.anmarkningar.extend(p.findings);
    }
    out
}

/// The id base of a file: its relative path without extension, as a slug.
pub fn id_base(name: &str) -> String {
    let p = Path::new(name);
    let stem = p.with_extension("");
    let s = crate::normalize::text::slug(&stem.to_string_lossy());
    if s.is_empty() { "dokument".to_string() } else { s }
}
