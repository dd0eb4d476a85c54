//! Writers: the model and findings → JSON, a CSV folder, or a standardized workbook.
//!
//! Every file is written to a temporary file in the target folder and renamed into place,
//! so an interrupted run leaves the old output or none, never half a file.

pub mod csv;
pub mod datapackage;
pub mod json;
pub mod matrix;
pub mod overview;
pub mod table_extent;
pub mod tables;
pub mod template;
pub mod xlsx;

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: kan inte skriva utdata ({reason})")]
    Io { path: String, reason: String },
    #[error("{path}: {reason}")]
    Refused { path: String, reason: String },
}

impl WriteError {
    pub fn io(path: &Path, e: impl std::fmt::Display) -> Self {
        WriteError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        }
    }
}

/// Writes bytes to `path` atomically: a temporary file beside it, synced, then renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomic`], for output made while it is written (`fill` writes into a buffered
/// temporary file), so a large output is never held in memory whole.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    stage_with(path, fill)?.commit()
}

/// An output written to a temporary file beside its place, not yet synced nor in place:
/// [`Staged::commit`] does both. Files written together are committed side by side, so
/// that waiting for the disk does not hold up the making of the next file.
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

/// The first half of [`write_atomic_with`]: the temporary file, filled.
pub fn stage_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Staged, WriteError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| WriteError::io(dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".ikplan-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| WriteError::io(path, e))?;
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, &mut tmp);
        fill(&mut w).map_err(|e| WriteError::io(path, e))?;
        w.flush().map_err(|e| WriteError::io(path, e))?;
    }
    Ok(Staged {
        tmp,
        path: path.to_path_buf(),
    })
}

impl Staged {
    /// Syncs the file to disk and renames it into place.
    pub fn commit(self) -> Result<(), WriteError> {
        let Staged { tmp, path } = self;
        tmp.as_file()
            .sync_all()
            .map_err(|e| WriteError::io(&path, e))?;
        // A temporary file is private (0600); an output is shared like any file the user makes.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = tmp
                .as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644));
        }
        tmp.persist(&path)
            .map_err(|e| WriteError::io(&path, e.error))?;
        Ok(())
    }
}
