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
    let mut documents = assembled.documents;
    let mut findings = assembled.findings;
    unique_ids(&mut documents, &mut Default::default(), &mut findings);
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
    let bytes = read_input(path, beneath, name)?;
    convert_bytes(bytes, name, opts, rules)
}

/// The bytes of an input file; a pattern that matched nothing says so.
fn read_input(
    path: &Path,
    beneath: Option<&crate::read::Beneath>,
    name: &str,
) -> Result<Vec<u8>, ReadError> {
    crate::read::read_file_in(path, beneath, name).map_err(|e| match e {
        ReadError::Open { file, .. } if crate::cli::inputs::is_pattern(path) && !path.exists() => {
            ReadError::Open {
                file,
                reason: "inga filer matchar mönstret".to_string(),
            }
        }
        e => e,
    })
}

/// Converts a file's bytes; `name` is how the file is named in every location.
pub fn convert_bytes(
    bytes: Vec<u8>,
    name: &str,
    opts: &Options,
    rules: &RuleOptions,
) -> Result<Converted, ReadError> {
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
    // The findings across documents (IK7xx) are made again for the run it is read in.
    let mut findings = own.anmarkningar;
    findings.retain(|f| !crate::rules::years::is_across(&f.kod));
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

/// Gathers converted files into one output: [`output_with`] every rule at its registered
/// severity.
pub fn output(parts: Vec<Converted>) -> Output {
    output_with(parts, &RuleOptions::default())
}

/// Gathers converted files into one output, each document's id unique, the keys across
/// documents made ([`crate::link`]) and the findings across documents (IK7xx) added after
/// the files' own, with the user's rule options.
pub fn output_with(parts: Vec<Converted>, rules: &RuleOptions) -> Output {
    let mut out = gather(parts);
    let joined = crate::link::link(&mut out);
    let mut across = crate::rules::years::check(&out, &joined);
    crate::rules::settle(&mut across, &[], rules);
    out.anmarkningar.extend(across);
    out
}

/// The documents and findings of the files, in input order, ids made unique.
fn gather(parts: Vec<Converted>) -> Output {
    let mut out = Output {
        schema: SCHEMA.to_string(),
        ..Default::default()
    };
    let mut used = std::collections::HashSet::new();
    let (documents, findings): (Vec<_>, Vec<_>) = parts
        .into_iter()
        .map(|mut p| {
            unique_ids(&mut p.documents, &mut used, &mut p.findings);
            (p.documents, p.findings)
        })
        .unzip();
    out.dokument = crate::rules::concat(documents);
    out.anmarkningar = crate::rules::concat(findings);
    out
}

pub use crate::normalize::text::id_base;
pub use crate::read::stable_id_base;

/// Gives a document whose id is already in `used` (two sheets of one workbook whose names
/// make the same id, two copies of one file) the first free id `<id>-2`, `<id>-3`, …, in
/// the order of `docs`, with its records' ids and the `post_id` of the `findings` that
/// name them (the first such document's findings when two documents of one file shared
/// the id). Adds every document's id to `used`.
pub fn unique_ids(
    docs: &mut [Document],
    used: &mut std::collections::HashSet<String>,
    findings: &mut [Finding],
) {
    let mut renamed: Vec<(String, String)> = Vec::new();
    for d in docs.iter_mut() {
        if used.insert(d.dokument_id.clone()) {
            continue;
        }
        let old = d.dokument_id.clone();
        let new = (2..)
            .map(|n| format!("{old}-{n}"))
            .find(|id| !used.contains(id))
            .expect("a free id");
        used.insert(new.clone());
        rename_document(d, &new);
        renamed.push((old, new));
    }
    // A finding follows a renamed document unless a document of these same findings
    // kept the old id (two sheets of one file: the findings cannot tell them apart).
    let kept: std::collections::HashSet<&str> =
        docs.iter().map(|d| d.dokument_id.as_str()).collect();
    for f in findings.iter_mut() {
        let Some(post) = &f.post_id else { continue };
        for (old, new) in &renamed {
            if kept.contains(old.as_str()) {
                continue;
            }
            if let Some(rest) = post.strip_prefix(old.as_str())
                && (rest.is_empty() || rest.starts_with(':'))
            {
                f.post_id = Some(format!("{new}{rest}"));
                break;
            }
        }
    }
}

/// Gives a document the id `new`, and its risks, controls and follow-ups the ids made
/// from it (`<new>:R1`, …).
pub fn rename_document(d: &mut Document, new: &str) {
    let old = std::mem::replace(&mut d.dokument_id, new.to_string());
    let moved = |id: &crate::model::Shared| -> crate::model::Shared {
        match id.strip_prefix(old.as_str()) {
            Some(rest) => format!("{new}{rest}").into(),
            None => id.clone(),
        }
    };
    let doc: crate::model::Shared = new.into();
    for r in &mut d.risker {
        r.risk_id = moved(&r.risk_id);
        r.dokument_id = doc.clone();
        for k in &mut r.kontroller {
            k.kontroll_id = moved(&k.kontroll_id);
            k.risk_id = r.risk_id.clone();
            k.dokument_id = doc.clone();
            for u in &mut k.uppfoljningar {
                u.uppfoljning_id = moved(&u.uppfoljning_id);
                u.kontroll_id = k.kontroll_id.clone();
                u.dokument_id = doc.clone();
            }
        }
    }
}

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

/// One input file of a batch: where it is and its name in outputs. Its documents' ids
/// are made from its name and bytes when it is read ([`stable_id_base`]).
#[derive(Debug, Clone)]
pub struct BatchInput {
    pub path: std::path::PathBuf,
    pub name: String,
    /// Where a walked file lies below its folder (see [`crate::cli::inputs::Input`]).
    pub beneath: Option<crate::read::Beneath>,
}

/// The batch of the inputs, in input order.
pub fn batch_inputs(inputs: &[crate::cli::inputs::Input]) -> Vec<BatchInput> {
    inputs
        .iter()
        .map(|i| BatchInput {
            path: i.path.clone(),
            name: i.name.clone(),
            beneath: i.beneath.clone(),
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
            let r = read_input(&input.path, input.beneath.as_ref(), &input.name).and_then(|b| {
                let o = Options {
                    id_base: stable_id_base(&input.name, &b),
                    ..file_options(opts, files, &input.name)
                };
                convert_bytes(b, &input.name, &o, rules)
            });
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
