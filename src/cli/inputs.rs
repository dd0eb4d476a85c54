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
pub fn expand(inputs: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let mut files = Vec::new();
            walk(p, &mut files);
            files.sort();
            for f in files {
                let rel = f.strip_prefix(p).unwrap_or(&f);
                out.push(Input {
                    name: rel.to_string_lossy().replace('\\', "/"),
                    path: f,
                });
            }
        } else {
            let name = p
                .file_name()
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

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with("~$") {
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
