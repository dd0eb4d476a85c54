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

/// One input file of a batch: where it is, its name in outputs, and its id base.
#[derive(Debug, Clone)]
pub struct BatchInput {
    pub path: std::path::PathBuf,
    pub name: String,
    pub id_base: String,
}

/// Gives each input a unique, stable id base derived from its name (relative path), in
/// input order, so the same tree always gives the same ids.
pub fn batch_inputs(inputs: &[crate::cli::inputs::Input]) -> Vec<BatchInput> {
    let mut used = std::collections::HashSet::new();
    inputs
        .iter()
        .map(|i| {
            let first = id_base(&i.name);
            let mut base = first.clone();
            let mut n = 2;
            while !used.insert(base.clone()) {
                base = format!("{first}-{n}");
                n += 1;
            }
            BatchInput {
                path: i.path.clone(),
                name: i.name.clone(),
                id_base: base,
            }
        })
        .collect()
}

/// Converts a batch in parallel (rayon); results come back in input order whatever the
/// thread count. `done` is called after each file (for progress).
pub fn convert_batch(
    inputs: &[BatchInput],
    opts: &Options,
    done: &(dyn Fn(&str) + Sync),
) -> Vec<Result<Converted, ReadError>> {
    use rayon::prelude::*;
    inputs
        .par_iter()
        .map(|input| {
            let o = Options {
                id_base: input.id_base.clone(),
                ..opts.clone()
            };
            let r = convert_path(&input.path, &input.name, &o);
            done(&input.name);
            r
        })
        .collect()
}
