//! Input expansion: files and folders (recursive) into a sorted list of files, each with
//! the name used in locations and ids.

use std::path::{Path, PathBuf};

/// One input file: where it is, and how it is named in outputs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub path: PathBuf,
    /// The file name (for a file given directly) or the path relative to the folder given.
    pub name: String,
}

/// Extensions read when walking folders (files given directly are always read).
const KNOWN: &[&str] = &[
    "xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt", "text", "md", "docx",
];

/// Expands the inputs; a path that does not exist is kept, so that reading reports it.
///
/// A path that does not exist but holds `*`, `?` or `[` is a pattern (`planer/*.xlsx`,
/// `planer/**/*.docx`): ikplan expands it itself, since Windows shells do not. Its files
/// are named by their path below the pattern's fixed part, as for a folder, and a folder it
/// matches is read like a folder given directly. A pattern that matches nothing is kept as
/// it is, so that reading reports it.
pub fn expand(inputs: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            push_folder(p, p, &mut out);
        } else if !p.exists()
            && let Some((base, matches)) = pattern_matches(p)
        {
            for m in matches {
                if m.is_dir() {
                    push_folder(&m, &base, &mut out);
                } else {
                    out.push(Input {
                        name: relative_name(&m, &base),
                        path: m,
                    });
                }
            }
        } else {
            // A pattern that matched nothing keeps its whole text as its name.
            let name = p
                .file_name()
                .filter(|_| !is_pattern(p))
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.to_string_lossy().into_owned());
            out.push(Input {
                path: p.clone(),
                name,
            });
        }
    }
    out
}

/// Whether a path is meant as a pattern.
pub fn is_pattern(p: &Path) -> bool {
    p.to_string_lossy().contains(['*', '?', '['])
}

/// The files and folders a pattern matches, sorted, without hidden files and Office lock
/// files (`~$plan.xlsx`), with the folder their names start below (see [`pattern_base`]);
/// `None` when the path is no pattern, is not a valid one, or matches nothing.
fn pattern_matches(p: &Path) -> Option<(PathBuf, Vec<PathBuf>)> {
    if !is_pattern(p) {
        return None;
    }
    // The folders that exist are taken as written: `Plan [utkast]/*.xlsx` names a folder
    // with brackets, not a character class.
    let (literal, rest) = literal_prefix(p);
    let pattern = Path::new(&glob::Pattern::escape(&literal.to_string_lossy())).join(rest);
    let mut found: Vec<PathBuf> = glob::glob(&pattern.to_string_lossy())
        .ok()?
        .flatten()
        .filter(|m| {
            m.file_name()
                .is_some_and(|n| !skipped(&n.to_string_lossy()))
        })
        .collect();
    found.sort();
    (!found.is_empty()).then(|| (pattern_base(p, literal), found))
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

/// `file` relative to `base`, with `/` between folders.
fn relative_name(file: &Path, base: &Path) -> String {
    file.strip_prefix(base)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The files of a folder (recursively), named relative to `base`.
fn push_folder(dir: &Path, base: &Path, out: &mut Vec<Input>) {
    let mut files = Vec::new();
    walk(dir, &mut files);
    files.sort();
    for f in files {
        out.push(Input {
            name: relative_name(&f, base),
            path: f,
        });
    }
}

/// Hidden files and folders, and Office's lock files (`~$plan.xlsx`), are never read.
fn skipped(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if skipped(&name) {
            continue;
        }
        if path.is_dir() {
            walk(&path, out);
        } else {
            let ext = path
                .extension()
                .map(|x| x.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            if KNOWN.contains(&ext.as_str()) {
                out.push(path);
            }
        }
    }
}

/// The one-line error for inputs that name no file to read (an empty folder, a folder with
/// no file in a known format).
pub fn nothing_to_read(given: &[PathBuf]) -> String {
    let given: Vec<String> = given.iter().map(|p| p.display().to_string()).collect();
    format!(
        "fel: {}: inga filer att läsa (mappen är tom eller har inga filer i kända format)",
        given.join(", ")
    )
}
