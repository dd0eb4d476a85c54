//! Writers: the model and findings → JSON, a CSV folder, a Parquet folder, or a
//! standardized workbook.
//!
//! Every file is written to a temporary file in the target folder and renamed into place,
//! so an interrupted run leaves the old output or none, never half a file; a CSV or Parquet
//! folder is written as a whole beside its place and swapped in (see [`csv::write_folder`]). An
//! output is locked while a run makes it ([`lock_output`]), and the temporary files and
//! locks of a run are removed when it is stopped by SIGINT or SIGTERM ([`remove_pending`]).

pub mod csv;
pub mod datapackage;
pub mod development;
pub mod json;
pub mod matrix;
pub mod overview;
pub mod parquet;
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

/// The temporary files, folders and locks of this run, removed if it is stopped.
static PENDING: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Set when the run is being stopped: no temporary file is begun any more, and one
/// registered from then on is removed at once.
static STOPPING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

fn stopping() -> bool {
    STOPPING.load(std::sync::atomic::Ordering::SeqCst)
}

/// A temporary path of this run, forgotten (not removed) when dropped: by then it is in
/// place, or removed by its owner.
#[derive(Debug)]
pub(crate) struct Pending(PathBuf);

impl Pending {
    pub(crate) fn new(path: &Path) -> Self {
        let mut p = pending();
        p.push(path.to_path_buf());
        if stopping() {
            remove_path(path);
        }
        Pending(path.to_path_buf())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let mut p = pending();
        if let Some(i) = p.iter().rposition(|x| *x == self.0) {
            p.swap_remove(i);
        }
    }
}

fn remove_path(p: &Path) {
    match std::fs::symlink_metadata(p) {
        Ok(m) if m.is_dir() => {
            let _ = std::fs::remove_dir_all(p);
        }
        Ok(_) => {
            let _ = std::fs::remove_file(p);
        }
        Err(_) => {}
    }
}

/// Removes the temporary files and folders (`.ikplan-*.tmp`) and the locks this run has
/// made and not yet put in place: for a run stopped by a signal, which exits right after.
/// The other threads go on meanwhile: from now on they begin no temporary file, one they
/// register is removed at once, and after a pause everything registered is removed again
/// (a folder a writer made again, a file begun just before).
pub fn remove_pending() {
    {
        let p = pending();
        STOPPING.store(true, std::sync::atomic::Ordering::SeqCst);
        p.iter().for_each(|x| remove_path(x));
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    pending().iter().for_each(|x| remove_path(x));
}

/// The lock on one output, held while the run makes it: a second run that would write the
/// same output is refused instead of both writing, so "no overwrite without `--force`"
/// holds between runs too. The lock is an advisory lock on `.NAME.ikplan-lock` beside the
/// output, released by the system if the run dies, and the file is removed when the lock
/// is dropped.
#[derive(Debug)]
pub struct OutputLock {
    _file: std::fs::File,
    path: PathBuf,
    _pending: Pending,
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The folder a path is in (`.` for a bare name).
pub(crate) fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Locks `path` for this run (see [`OutputLock`]).
///
/// # Errors
/// [`WriteError::Refused`] when another run holds the lock; [`WriteError::Io`] when the
/// lock cannot be made.
pub fn lock_output(path: &Path) -> Result<OutputLock, WriteError> {
    let dir = parent_of(path);
    std::fs::create_dir_all(dir).map_err(|e| WriteError::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "utdata".to_string());
    let lock_path = dir.join(format!(".{name}.ikplan-lock"));
    let busy = || WriteError::Refused {
        path: path.display().to_string(),
        reason:
            "en annan körning av ikplan skriver redan denna utdata; försök igen när den är klar"
                .to_string(),
    };
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(|e| WriteError::io(&lock_path, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Err(busy()),
        Err(std::fs::TryLockError::Error(e)) => return Err(WriteError::io(&lock_path, e)),
    }
    // The run that held it may have removed the file just before letting go: then this
    // lock is on a file no longer there, and another run may lock the new one.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let here = std::fs::metadata(&lock_path).map(|m| (m.dev(), m.ino()));
        let held = file.metadata().map(|m| (m.dev(), m.ino()));
        match (here, held) {
            (Ok(a), Ok(b)) if a == b => {}
            _ => return Err(busy()),
        }
    }
    Ok(OutputLock {
        _file: file,
        _pending: Pending::new(&lock_path),
        path: lock_path,
    })
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

/// Like [`write_atomic_with`], or, unless `replace`, refused when `path` exists by the
/// time the file is put in place (another run made it meanwhile).
pub fn write_output_with(
    path: &Path,
    replace: bool,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let staged = stage_with(path, fill)?;
    if replace {
        staged.commit()
    } else {
        staged.commit_new()
    }
}

/// An output written to a temporary file beside its place, not yet synced nor in place:
/// [`Staged::commit`] does both. Files written together are committed side by side, so
/// that waiting for the disk does not hold up the making of the next file.
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
    _pending: Pending,
}

/// The first half of [`write_atomic_with`]: the temporary file, filled.
pub fn stage_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Staged, WriteError> {
    if stopping() {
        return Err(WriteError::Refused {
            path: path.display().to_string(),
            reason: "körningen avbryts".to_string(),
        });
    }
    let dir = parent_of(path);
    std::fs::create_dir_all(dir).map_err(|e| WriteError::io(dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".ikplan-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| WriteError::io(path, e))?;
    let pending = Pending::new(tmp.path());
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, &mut tmp);
        fill(&mut w).map_err(|e| WriteError::io(path, e))?;
        w.flush().map_err(|e| WriteError::io(path, e))?;
    }
    Ok(Staged {
        tmp,
        path: path.to_path_buf(),
        _pending: pending,
    })
}

impl Staged {
    /// Syncs the file to disk and renames it into place.
    pub fn commit(self) -> Result<(), WriteError> {
        self.put(true)
    }

    /// [`Staged::commit`], refused if a file is at its place by then.
    pub fn commit_new(self) -> Result<(), WriteError> {
        self.put(false)
    }

    fn put(self, replace: bool) -> Result<(), WriteError> {
        let Staged { tmp, path, .. } = self;
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
        if replace {
            tmp.persist(&path)
                .map_err(|e| WriteError::io(&path, e.error))?;
        } else {
            tmp.persist_noclobber(&path).map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    WriteError::Refused {
                        path: path.display().to_string(),
                        reason: "utdata finns redan; använd --skriv-over för att skriva över"
                            .into(),
                    }
                } else {
                    WriteError::io(&path, e.error)
                }
            })?;
        }
        Ok(())
    }
}
