//! Input expansion: files, folders (recursive) and patterns into a sorted list of files,
//! each with the name used in locations and ids.
//!
//! Folders may be written by anyone in a förvaltning, so the walk trusts nothing in them:
//! a link that leaves the folder given is not followed unless the user asks
//! (`--folj-lankar`), each real folder is walked once (link loops end), anything that is not
//! a regular file (a FIFO, a socket, a device) is refused without being opened, a folder
//! that cannot be listed is reported, and earlier ikplan outputs are not read back.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One input file: where it is, and how it is named in outputs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub path: PathBuf,
    /// The file name (for a file given directly) or the path relative to the folder given,
    /// with control characters escaped (see [`escape`]).
    pub name: String,
    /// For a file a folder walk found (and links out of the folder are not followed): the
    /// folder and the file's real path below it, so that the read opens that file and no
    /// link swapped in after the walk (see [`crate::read::open_regular_in`]).
    pub beneath: Option<crate::read::Beneath>,
}

/// An entry of an input folder that is not read, and why: reported as an unreadable file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub name: String,
    pub reason: String,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.name, self.reason)
    }
}

/// What the inputs expand to: the files to read, the entries refused (each an error), and
/// notes on what was left out on purpose (earlier outputs).
#[derive(Debug, Default)]
pub struct Expanded {
    pub files: Vec<Input>,
    pub refused: Vec<Refused>,
    pub notes: Vec<String>,
}

/// How folders are walked.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Follow links that lead out of the folder given (`--folj-lankar`).
    pub follow_links: bool,
    /// This run's outputs (absolute): never read as inputs.
    pub outputs: Vec<PathBuf>,
}

/// Extensions read when walking folders (files given directly are always read): the plan
/// formats. Text pulled out of Word or PDF is kept as `.txt`, and is read; so is a web page
/// (`.htm`, `.html`: a planning system's "Excel" export, or a plan saved from a browser or
/// Word as a web page). Markdown (`.md`) is not, as a folder's `.md` is its README or notes,
/// not a plan (a `.md` named as a file is read).
const KNOWN: &[&str] = &[
    "xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt", "text", "docx", "htm", "html",
];

/// [`expand_with`] with the default options (links out of a folder are not followed).
pub fn expand(inputs: &[PathBuf]) -> Vec<Input> {
    expand_with(inputs, &WalkOptions::default()).files
}

/// Expands the inputs; a path that does not exist is kept, so that reading reports it.
///
/// A path that does not exist but holds `*`, `?` or `[` is a pattern (`planer/*.xlsx`,
/// `planer/**/*.docx`): ikplan expands it itself, since Windows shells do not. Its files
/// are named by their path below the pattern's fixed part, as for a folder, and a folder it
/// matches is read like a folder given directly. A pattern that matches nothing is kept as
/// it is, so that reading reports it. Patterns are matched while walking the folder they
/// start in, under the same rules for links and special files as a folder.
pub fn expand_with(inputs: &[PathBuf], opts: &WalkOptions) -> Expanded {
    let mut out = Expanded::default();
    for p in inputs {
        if p.is_dir() {
            Walk::run(p, p, &Select::Folder, opts, &mut out);
        } else if !p.exists()
            && is_pattern(p)
            && let Some(select) = pattern_select(p)
        {
            let (literal, base) = select.1.clone();
            let before = out.files.len() + out.refused.len();
            let dir = if literal.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                literal
            };
            let base = if base.as_os_str().is_empty() {
                dir.clone()
            } else {
                base
            };
            Walk::run(&dir, &base, &select.0, opts, &mut out);
            if out.files.len() + out.refused.len() == before {
                out.files.push(unmatched(p));
            }
        } else {
            out.files.push(unmatched(p));
        }
    }
    // The same file named twice (twice on the command line, by two spellings of its path, or
    // directly and inside a folder given too) is read once: twice would give its plan twice.
    // One note per file read once though named more than once, so the user knows why the
    // output holds fewer plans than the files named.
    let mut seen: std::collections::HashMap<PathBuf, (String, bool)> = Default::default();
    let mut notes = Vec::new();
    out.files.retain(|f| match std::fs::canonicalize(&f.path) {
        Ok(real) => match seen.entry(real) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert((f.name.clone(), false));
                true
            }
            std::collections::hash_map::Entry::Occupied(mut o) => {
                let (name, noted) = o.get_mut();
                if !*noted {
                    *noted = true;
                    notes.push(format!(
                        "{name}: angiven mer än en gång (direkt, med en annan sökväg eller i en \
                         mapp som också angavs); läses en gång"
                    ));
                }
                false
            }
        },
        Err(_) => true,
    });
    out.notes.extend(notes);
    out
}

/// A path given directly (or a pattern that matched nothing, which keeps its whole text as
/// its name).
fn unmatched(p: &Path) -> Input {
    let name = p
        .file_name()
        .filter(|_| !is_pattern(p))
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.to_string_lossy().into_owned());
    Input {
        path: p.to_path_buf(),
        name: escape(&name),
        beneath: None,
    }
}

/// Whether a path is meant as a pattern.
pub fn is_pattern(p: &Path) -> bool {
    p.to_string_lossy().contains(['*', '?', '['])
}

/// Which entries of a walked folder are taken.
enum Select {
    /// Every file in a known format, in every folder.
    Folder,
    /// The files whose path below the walked folder matches (any format), and the files in a
    /// known format below a folder that matches. Without `**`, no deeper than the pattern.
    Pattern {
        pattern: glob::Pattern,
        depth: Option<usize>,
    },
}

const MATCH: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: true,
};

impl Select {
    fn matches(&self, rel: &Path) -> bool {
        match self {
            Select::Folder => false,
            Select::Pattern { pattern, .. } => {
                pattern.matches_with(&rel.to_string_lossy().replace('\\', "/"), MATCH)
            }
        }
    }

    /// Whether a folder at `depth` below the walked one can hold something taken.
    fn descend(&self, depth: usize, under_match: bool) -> bool {
        match self {
            Select::Folder => true,
            Select::Pattern { depth: max, .. } => under_match || max.is_none_or(|m| depth < m),
        }
    }
}

/// The selection of a pattern, with the folder to walk (the longest leading part that
/// exists as a folder) and the folder its names start below (see [`pattern_base`]).
fn pattern_select(p: &Path) -> Option<(Select, (PathBuf, PathBuf))> {
    // The folders that exist are taken as written: `Plan [utkast]/*.xlsx` names a folder
    // with brackets, not a character class.
    let (literal, rest) = literal_prefix(p);
    let text = rest.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        return None;
    }
    let pattern = glob::Pattern::new(&text).ok()?;
    let depth = (!text.contains("**")).then(|| rest.components().count());
    let base = pattern_base(p, literal.clone());
    Some((Select::Pattern { pattern, depth }, (literal, base)))
}

/// The folders of a pattern before its first component with a wildcard: `planer/2023` for
/// `planer/2023/**/*.xlsx`; or, when longer, the folders that exist as written
/// (`Plan [utkast]` for `Plan [utkast]/*.xlsx`), `literal` as [`literal_prefix`] found them.
fn pattern_base(p: &Path, literal: PathBuf) -> PathBuf {
    let plain: PathBuf = p
        .components()
        .take_while(|c| !is_pattern(Path::new(c.as_os_str())))
        .collect();
    if literal.components().count() > plain.components().count() {
        literal
    } else {
        plain
    }
}

/// The longest run of a pattern's leading components that exists as a folder, and the
/// components after it.
fn literal_prefix(p: &Path) -> (PathBuf, PathBuf) {
    let mut literal = PathBuf::new();
    let mut components = p.components();
    for c in components.by_ref() {
        let next = literal.join(c.as_os_str());
        if !next.is_dir() {
            return (literal, std::iter::once(c).chain(components).collect());
        }
        literal = next;
    }
    (literal, PathBuf::new())
}

/// `file` relative to `base`, with `/` between folders, control characters escaped.
fn relative_name(file: &Path, base: &Path) -> String {
    let rel = file.strip_prefix(base).unwrap_or(file);
    let rel = rel.strip_prefix(".").unwrap_or(rel);
    if rel.as_os_str().is_empty() {
        // The folder given itself (one that cannot be listed).
        return escape(&file.to_string_lossy());
    }
    escape(&rel.to_string_lossy().replace('\\', "/"))
}

pub use crate::read::escape_name as escape;

/// Hidden files and folders, and Office's lock files (`~$plan.xlsx`), are never read.
fn skipped(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$")
}

fn known(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|x| x.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    KNOWN.contains(&ext.as_str())
}

/// One walk of a folder given (or a pattern's folder).
struct Walk<'a> {
    select: &'a Select,
    opts: &'a WalkOptions,
    /// The folder the walk starts in: patterns match the paths below it.
    start: &'a Path,
    /// The folder names start below.
    base: &'a Path,
    /// The folder given, resolved: links that lead out of it are not followed.
    root: PathBuf,
    /// Each real folder is walked once (a link loop, or two links to one folder).
    seen_dirs: HashSet<PathBuf>,
    /// Files found: the path walked and the real file.
    found: Vec<(PathBuf, PathBuf)>,
    refused: Vec<(PathBuf, String)>,
    notes: Vec<String>,
}

impl<'a> Walk<'a> {
    fn run(
        dir: &'a Path,
        base: &'a Path,
        select: &'a Select,
        opts: &'a WalkOptions,
        out: &mut Expanded,
    ) {
        let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut w = Walk {
            select,
            opts,
            start: dir,
            base,
            root: root.clone(),
            seen_dirs: HashSet::from([root.clone()]),
            found: Vec::new(),
            refused: Vec::new(),
            notes: Vec::new(),
        };
        w.walk(dir, &root, 0, false);
        // Sorted by the path walked; a real file reached twice (a link to a file beside
        // it) is read once, under its first name.
        w.found.sort();
        let mut seen_files = HashSet::new();
        for (path, real) in std::mem::take(&mut w.found) {
            if seen_files.insert(real.clone()) {
                out.files.push(Input {
                    name: relative_name(&path, base),
                    beneath: w.beneath(&real),
                    path,
                });
            }
        }
        w.refused.sort();
        out.refused
            .extend(w.refused.into_iter().map(|(p, reason)| Refused {
                name: relative_name(&p, base),
                reason,
            }));
        out.notes.extend(w.notes);
    }

    /// How a file found is opened: beneath the folder given, unless links out of it are
    /// followed (`--folj-lankar`).
    fn beneath(&self, real: &Path) -> Option<crate::read::Beneath> {
        if self.opts.follow_links {
            return None;
        }
        crate::read::Beneath::of(&self.root, real)
    }

    fn refuse(&mut self, path: PathBuf, reason: impl Into<String>) {
        self.refused.push((path, reason.into()));
    }

    fn walk(&mut self, dir: &Path, real: &Path, depth: usize, under_match: bool) {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.refuse(
                    dir.to_path_buf(),
                    format!(
                        "mappen kan inte läsas ({})",
                        crate::read::detect::io_reason(&e)
                    ),
                );
                return;
            }
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name();
            if skipped(&name.to_string_lossy()) {
                continue;
            }
            let path = dir.join(&name);
            let Ok(ft) = e.file_type() else { continue };
            let rel = path.strip_prefix(self.start).unwrap_or(&path).to_path_buf();
            let matched = under_match || self.select.matches(&rel);
            if ft.is_symlink() {
                self.link(path, &rel, depth, matched);
            } else if ft.is_dir() {
                self.dir(&path, &real.join(&name), depth + 1, matched);
            } else {
                self.file(path, real.join(&name), &rel, &ft, under_match);
            }
        }
    }

    fn dir(&mut self, path: &Path, real: &Path, depth: usize, matched: bool) {
        if !self.select.descend(depth, matched) {
            return;
        }
        if self.opts.outputs.iter().any(|o| o == real) {
            self.notes.push(format!(
                "{}: läses inte: är utdata från denna körning",
                relative_name(path, self.base)
            ));
            return;
        }
        if is_ikplan_csv_folder(path, self.beneath(&real.join("datapackage.json")).as_ref()) {
            self.notes.push(format!(
                "{}: läses inte: är en CSV-mapp som ikplan skrivit (datapackage.json)",
                relative_name(path, self.base)
            ));
            return;
        }
        if self.seen_dirs.insert(real.to_path_buf()) {
            self.walk(path, real, depth, matched);
        }
    }

    fn link(&mut self, path: PathBuf, rel: &Path, depth: usize, matched: bool) {
        let target = match std::fs::canonicalize(&path) {
            Ok(t) => t,
            Err(e) => {
                if self.takes_file(&path, rel, matched) {
                    self.refuse(
                        path,
                        format!(
                            "länken kan inte följas ({})",
                            crate::read::detect::io_reason(&e)
                        ),
                    );
                }
                return;
            }
        };
        let Ok(meta) = std::fs::metadata(&path) else {
            return;
        };
        let inside = target.starts_with(&self.root);
        if meta.is_dir() {
            if !self.select.descend(depth + 1, matched) {
                return;
            }
            if !inside && !self.opts.follow_links {
                self.refuse(path, out_of_root(&target));
                return;
            }
            self.dir(&path, &target, depth + 1, matched);
        } else if self.takes_file(&path, rel, matched) {
            if !inside && !self.opts.follow_links {
                self.refuse(path, out_of_root(&target));
                return;
            }
            self.file(path, target, rel, &meta.file_type(), matched);
        }
    }

    /// Whether a file at `path` would be read.
    fn takes_file(&self, path: &Path, rel: &Path, under_match: bool) -> bool {
        match self.select {
            Select::Folder => known(path),
            Select::Pattern { .. } => self.select.matches(rel) || (under_match && known(path)),
        }
    }

    fn file(
        &mut self,
        path: PathBuf,
        real: PathBuf,
        rel: &Path,
        ft: &std::fs::FileType,
        under_match: bool,
    ) {
        if !self.takes_file(&path, rel, under_match) {
            return;
        }
        if self.opts.outputs.contains(&real) {
            self.notes.push(format!(
                "{}: läses inte: är utdata från denna körning",
                relative_name(&path, self.base)
            ));
            return;
        }
        match crate::read::special_file(ft) {
            Some(kind) => self.refuse(path, kind),
            None if is_converted_workbook(&path, self.beneath(&real).as_ref()) => self.notes.push(format!(
                "{}: läses inte: är en arbetsbok som ikplan convert skrivit (ange den direkt för att läsa den)",
                relative_name(&path, self.base)
            )),
            None => self.found.push((path, real)),
        }
    }
}

/// The reason for a link that leads out of the folder given.
fn out_of_root(target: &Path) -> String {
    format!(
        "länken pekar utanför mappen som läses (till {}) och följs inte; använd --folj-lankar för att följa den",
        escape(&target.to_string_lossy())
    )
}

/// Whether a folder is a CSV folder that ikplan wrote (its `datapackage.json` is ikplan's).
fn is_ikplan_csv_folder(dir: &Path, beneath: Option<&crate::read::Beneath>) -> bool {
    let path = dir.join("datapackage.json");
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return false;
    };
    if !meta.is_file() || meta.len() > 1 << 20 {
        return false;
    }
    crate::read::read_file_in(&path, beneath, "datapackage.json")
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .is_some_and(|v| v["name"] == "ikplan")
}

/// Whether a file is a workbook that `ikplan convert` wrote (its title says so; a filled-in
/// template, `mall`, is not one). Only the zip's directory and its document properties are
/// read.
fn is_converted_workbook(path: &Path, beneath: Option<&crate::read::Beneath>) -> bool {
    let ext = path
        .extension()
        .map(|x| x.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if ext != "xlsx" {
        return false;
    }
    let Ok((file, _)) = crate::read::open_regular_in(path, beneath, "") else {
        return false;
    };
    let Some(xml) = crate::read::workbook::zip_part(file, "docProps/core.xml", 64 << 10) else {
        return false;
    };
    String::from_utf8_lossy(&xml).contains(&format!(
        "<dc:title>{}</dc:title>",
        crate::write::xlsx::CONVERTED_TITLE
    ))
}

/// The one-line error for inputs that name no file to read (an empty folder, a folder with
/// no file in a known format).
pub fn nothing_to_read(given: &[PathBuf]) -> String {
    let given: Vec<String> = given
        .iter()
        .map(|p| escape(&p.display().to_string()))
        .collect();
    format!(
        "fel: {}: inga filer att läsa (mappen är tom eller har inga filer i kända format)",
        given.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_with_two_stars_matches_files_at_the_top_too() {
        let p = glob::Pattern::new("**/*.txt").unwrap();
        assert!(p.matches_with("a.txt", MATCH));
        assert!(p.matches_with("sub/b.txt", MATCH));
        let p = glob::Pattern::new("*.txt").unwrap();
        assert!(!p.matches_with("sub/b.txt", MATCH));
    }

    #[test]
    fn names_cannot_hold_a_line_break() {
        assert_eq!(escape("a\nfel: b.xlsx"), "a\\nfel: b.xlsx");
        assert_eq!(escape("plan.xlsx"), "plan.xlsx");
        assert_eq!(escape("a\u{1b}[31m"), "a\\u{1b}[31m");
    }
}
