//! The pipeline for one file: read → layout → normalize → rules, as plain data.

use std::path::Path;

use crate::layout::{Layout, layout_with};
use crate::model::{Document, Finding, Output, SCHEMA};
use crate::normalize::assemble::{Options, assemble_counted};
use crate::read::{ReadError, Source};
use crate::rules::RuleOptions;

/// The result of converting one source file.
#[derive(Debug, Clone)]
pub struct Converted {
    pub documents: Vec<Document>,
    pub findings: Vec<Finding>,
}

/// Converts an already read source, every rule at its registered severity.
pub fn convert_source(source: &Source, opts: &Options) -> Converted {
    convert_source_with(source, opts, &RuleOptions::default())
}

/// Converts an already read source with the user's rule options (scale, ignored codes,
/// severities), which apply to every finding of the file.
pub fn convert_source_with(source: &Source, opts: &Options, rules: &RuleOptions) -> Converted {
    convert_owned(source.clone(), opts, rules)
}

/// Converts a source, moving its cells into the layout (no copy of a large workbook).
pub fn convert_owned(mut source: Source, opts: &Options, rules: &RuleOptions) -> Converted {
    let counts = crate::rules::ledger::count(&source);
    let notices = std::mem::take(&mut source.notices);
    let file = source.file.clone();
    let lay: Layout = layout_with(source, &opts.layout, &opts.vocab);
    finish(lay, counts, notices, file, opts, rules)
}

/// Normalize and rules over a layout: the rest of [`convert_owned`].
fn finish(
    mut lay: Layout,
    counts: crate::rules::ledger::Counts,
    notices: Vec<Finding>,
    file: String,
    opts: &Options,
    rules: &RuleOptions,
) -> Converted {
    let assembled = assemble_counted(&mut lay, opts);
    let documents = assembled.documents;
    let mut findings = assembled.findings;
    findings.extend(crate::rules::ledger::check(
        &counts,
        &lay,
        &assembled.placed,
    ));
    let rule_findings = crate::rules::check(&documents, &lay, rules);
    let layout_findings = std::mem::take(&mut lay.findings);
    drop(lay);
    let mut all = crate::rules::concat([notices, layout_findings, findings, rule_findings]);
    nothing_read_finding(&documents, &mut all, &file);
    crate::rules::settle(&mut all, &documents, rules);
    sort_findings(&mut all);
    Converted {
        documents,
        findings: all,
    }
}

/// IK114: a file that gave no risk at all, when nothing else said why with a warning or an
/// error: a file that reads as nothing is never silent.
fn nothing_read_finding(documents: &[Document], all: &mut Vec<Finding>, file: &str) {
    use crate::model::Severity;
    let no_risks = documents.iter().all(|d| d.risker.is_empty());
    let said = all
        .iter()
        .any(|f| matches!(f.allvarlighet, Severity::Fel | Severity::Varning));
    if no_risks && !said {
        all.push(crate::finding::finding(
            "IK114",
            "Filen gav inga risker eller kontroller; kontrollera hur den lästes med \
             `ikplan inspect`"
                .to_string(),
            crate::finding::Loc {
                fil: file.to_string(),
                ..Default::default()
            },
            None,
        ));
    }
}

/// Reads and converts one file; `name` is how the file is named in every location.
pub fn convert_path(
    path: &Path,
    name: &str,
    opts: &Options,
    rules: &RuleOptions,
) -> Result<Converted, ReadError> {
    convert_file(path, None, name, opts, rules)
}

/// [`convert_path`] for a file a folder walk found, opened beneath its folder (see
/// [`crate::read::open_regular_in`]); `None` opens `path` as named.
pub fn convert_file(
    path: &Path,
    beneath: Option<&crate::read::Beneath>,
    name: &str,
    opts: &Options,
    rules: &RuleOptions,
) -> Result<Converted, ReadError> {
    let bytes = crate::read::read_file_in(path, beneath, name).map_err(|e| match e {
        ReadError::Open { file, .. } if crate::cli::inputs::is_pattern(path) && !path.exists() => {
            ReadError::Open {
                file,
                reason: "inga filer matchar mönstret".to_string(),
            }
        }
        e => e,
    })?;
    if let Some(own) = crate::read::ikplan::read_ikplan(&bytes, name)? {
        return Ok(convert_own(own, name, opts, rules));
    }
    let source = crate::read::read_bytes(&bytes, name)?;
    drop(bytes);
    convert_bounded(source, opts, rules)
}

/// The bytes that controls may copy from their rows beyond this many plus four times the
/// text of the file's tables: see [`check_copies`].
pub const MAX_COPIED_BYTES: u64 = 64 << 20;

/// Refuses a layout whose rows would copy more than [`MAX_COPIED_BYTES`] plus four times
/// the text of its tables into their controls.
///
/// Each control of a row gets its own copy of the row's shared cells (method, frequency,
/// owner, follow-ups): a row with k control columns copies its other cells k − 1 times, so a
/// table with thousands of "Kontrollmoment" columns grows with the square of its columns (a
/// 0.5 MB CSV of 8,000 such columns made 1.8 GB of JSON). Real plans have a few control
/// columns and copy at most a few times their text. Counted from the layout, in one pass
/// over the cells, before anything is copied.
///
/// # Errors
/// [`ReadError::TooLarge`] naming the table's header line and its control columns.
pub fn check_copies(lay: &Layout, name: &str) -> Result<(), ReadError> {
    use crate::field::Role;
    use crate::layout::Item;
    let len = |v: &crate::read::Value| match v {
        crate::read::Value::Text(r) => r.byte_len() as u64,
        v if v.is_empty() => 0,
        _ => 16,
    };
    let mut text = 0u64;
    let mut copies = 0u64;
    let mut worst: Option<(u32, usize)> = None;
    for sheet in &lay.sheets {
        for item in &sheet.items {
            let Item::Table(t) = item else { continue };
            let is_control: Vec<bool> = t
                .columns
                .iter()
                .map(|c| matches!(c.role, Role::Kontroll | Role::Atgard))
                .collect();
            let controls = is_control.iter().filter(|c| **c).count();
            for row in &t.rows {
                let (mut k, mut shared) = (0u64, 0u64);
                for (col, c) in t.columns.iter().zip(&is_control) {
                    let Some(cell) = row.cells.get(col.index) else {
                        continue;
                    };
                    let n = len(&cell.value);
                    text += n;
                    if *c {
                        k += u64::from(n > 0);
                    } else {
                        shared += n;
                    }
                }
                if k >= 2 {
                    copies = copies.saturating_add((k - 1).saturating_mul(shared));
                    if worst.is_none_or(|(_, w)| controls > w) {
                        worst = Some((t.header_line, controls));
                    }
                }
            }
        }
    }
    let limit = MAX_COPIED_BYTES + 4 * text;
    match worst {
        Some((line, controls)) if copies > limit => Err(ReadError::TooLarge {
            file: name.to_string(),
            reason: format!(
                "tabellen med rubrikraden på rad {line} har {controls} kolumner med kontroller; \
                 varje kontroll får en egen kopia av radens övriga celler, och kopiorna skulle \
                 bli {} MiB, gränsen är {} MiB",
                copies.div_ceil(1 << 20),
                limit >> 20
            ),
        }),
        _ => Ok(()),
    }
}

/// [`convert_owned`], refusing a file whose controls would copy too much (see
/// [`check_copies`]).
fn convert_bounded(
    source: Source,
    opts: &Options,
    rules: &RuleOptions,
) -> Result<Converted, ReadError> {
    convert_bounded_seen(source, opts, rules, |_| ()).map(|(c, ())| c)
}

/// [`convert_bounded`], handing `see` the layout before it is assembled (what `inspect`
/// shows: tables, columns and their evidence, row roles), so a caller that shows how a
/// file was read does not lay it out twice.
fn convert_bounded_seen<T>(
    mut source: Source,
    opts: &Options,
    rules: &RuleOptions,
    see: impl FnOnce(&Layout) -> T,
) -> Result<(Converted, T), ReadError> {
    let counts = crate::rules::ledger::count(&source);
    let notices = std::mem::take(&mut source.notices);
    let file = source.file.clone();
    let lay: Layout = layout_with(source, &opts.layout, &opts.vocab);
    check_copies(&lay, &file)?;
    let seen = see(&lay);
    Ok((finish(lay, counts, notices, file, opts, rules), seen))
}

/// Converts a file already held in memory (`ikplan serve`'s uploads) exactly as
/// [`convert_file`] converts one on disk, handing `see` its layout; `None` for ikplan's own
/// workbook, which is read back without one.
///
/// # Errors
/// As [`convert_file`]: the bytes are no readable plan, or the file is too large.
pub fn convert_bytes_seen<T>(
    bytes: &[u8],
    name: &str,
    opts: &Options,
    rules: &RuleOptions,
    see: impl FnOnce(&Layout) -> T,
) -> Result<(Converted, Option<T>), ReadError> {
    if bytes.len() > crate::read::detect::MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            file: name.to_string(),
            reason: format!(
                "filen är större än {} MiB",
                crate::read::detect::MAX_FILE_BYTES >> 20
            ),
        });
    }
    if let Some(own) = crate::read::ikplan::read_ikplan(bytes, name)? {
        return Ok((convert_own(own, name, opts, rules), None));
    }
    let source = crate::read::read_bytes(bytes, name)?;
    convert_bounded_seen(source, opts, rules, see).map(|(c, s)| (c, Some(s)))
}

/// ikplan's own workbook, read back: its documents as they are, its Anmärkningar as the
/// findings; the rules run over the documents written in the workbook itself (a filled
/// template), whose findings no earlier run made.
fn convert_own(own: Output, name: &str, opts: &Options, rules: &RuleOptions) -> Converted {
    let mut documents = own.dokument;
    for d in &mut documents {
        if d.kommun.is_none() {
            d.kommun.clone_from(&opts.kommun);
        }
        if d.namnd.is_none() {
            d.namnd.clone_from(&opts.namnd);
        }
    }
    let mut findings = own.anmarkningar;
    let written_here: Vec<Document> = documents
        .iter()
        .filter(|d| d.kalla_fil == name && d.kalla_format == Some(crate::read::Format::Ikplan))
        .cloned()
        .collect();
    if !written_here.is_empty() {
        let lay = Layout {
            file: name.to_string(),
            format: crate::read::Format::Ikplan,
            sheets: Vec::new(),
            findings: Vec::new(),
        };
        findings.extend(crate::rules::check(&written_here, &lay, rules));
        sort_findings(&mut findings);
    }
    crate::rules::settle(&mut findings, &documents, rules);
    Converted {
        documents,
        findings,
    }
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
    let (documents, findings): (Vec<_>, Vec<_>) =
        parts.into_iter().map(|p| (p.documents, p.findings)).unzip();
    out.dokument = crate::rules::concat(documents);
    out.anmarkningar = crate::rules::concat(findings);
    out
}

pub use crate::normalize::text::id_base;

/// The user's settings for the files whose name matches `glob` (`[[fil]]` in ikplan.toml).
#[derive(Debug, Clone)]
pub struct FileSettings {
    pub glob: glob::Pattern,
    pub layout: crate::layout::LayoutOptions,
    pub namnd: Option<String>,
    pub kommun: Option<String>,
    pub ar: Option<i32>,
}

impl FileSettings {
    /// Whether these settings are for the file named `name` (its path as given, or its
    /// file name alone).
    pub fn matches(&self, name: &str) -> bool {
        let name = name.replace('\\', "/");
        let file = name.rsplit('/').next().unwrap_or(&name);
        self.glob.matches(&name) || self.glob.matches(file)
    }
}

/// The options for one file: the run's, with the settings of every `[[fil]]` that matches
/// its name on top (later ones win).
pub fn file_options(opts: &Options, files: &[FileSettings], name: &str) -> Options {
    let mut o = opts.clone();
    for f in files.iter().filter(|f| f.matches(name)) {
        o.layout = o.layout.overridden_by(&f.layout);
        o.force_namnd = f.namnd.clone().or(o.force_namnd);
        o.force_kommun = f.kommun.clone().or(o.force_kommun);
        o.force_ar = f.ar.or(o.force_ar);
    }
    o
}

/// One input file of a batch: where it is, its name in outputs, and its id base.
#[derive(Debug, Clone)]
pub struct BatchInput {
    pub path: std::path::PathBuf,
    pub name: String,
    pub id_base: String,
    /// Where a walked file lies below its folder (see [`crate::cli::inputs::Input`]).
    pub beneath: Option<crate::read::Beneath>,
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
                beneath: i.beneath.clone(),
            }
        })
        .collect()
}

/// Converts a batch in parallel (rayon); results come back in input order whatever the
/// thread count. `done` is called after each file (for progress).
pub fn convert_batch(
    inputs: &[BatchInput],
    opts: &Options,
    rules: &RuleOptions,
    done: &(dyn Fn(&str) + Sync),
) -> Vec<Result<Converted, ReadError>> {
    convert_batch_with(inputs, opts, &[], rules, done)
}

/// [`convert_batch`] with the user's per-file settings.
pub fn convert_batch_with(
    inputs: &[BatchInput],
    opts: &Options,
    files: &[FileSettings],
    rules: &RuleOptions,
    done: &(dyn Fn(&str) + Sync),
) -> Vec<Result<Converted, ReadError>> {
    use rayon::prelude::*;
    inputs
        .par_iter()
        .map(|input| {
            let o = Options {
                id_base: input.id_base.clone(),
                ..file_options(opts, files, &input.name)
            };
            let r = convert_file(&input.path, input.beneath.as_ref(), &input.name, &o, rules);
            done(&input.name);
            r
        })
        .collect()
}

#[cfg(test)]
mod nothing_read_tests {
    use super::*;
    use crate::model::Risk;

    #[test]
    fn a_file_without_risks_is_never_silent() {
        let empty = vec![Document::default()];
        let mut all = Vec::new();
        nothing_read_finding(&empty, &mut all, "a.xlsx");
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].kod, "IK114");
        assert_eq!(all[0].fil.as_deref(), Some("a.xlsx"));
        // Another warning already says why: no second word.
        let mut said = vec![crate::finding::finding(
            "IK108",
            String::new(),
            crate::finding::Loc::default(),
            None,
        )];
        nothing_read_finding(&empty, &mut said, "a.xlsx");
        assert_eq!(said.len(), 1);
        // A file with a risk is not empty.
        let read = vec![Document {
            risker: vec![Risk::default()],
            ..Default::default()
        }];
        let mut none = Vec::new();
        nothing_read_finding(&read, &mut none, "a.xlsx");
        assert!(none.is_empty());
    }
}
