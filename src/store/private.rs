//! Private files on disk: owner-only directories and files, an exclusive lock on a
//! lock file that is never renamed, and atomic replacement (temp file in the same
//! directory, fsync, rename, fsync the directory). Used by the profile and the history.

use std::fs::{self, DirBuilder, File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Mode of every directory the tool creates.
const DIR_MODE: u32 = 0o700;
/// Mode of every file the tool creates.
const FILE_MODE: u32 = 0o600;

/// An exclusive lock held until dropped (closing the file releases it).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Creates `dir` (and missing parents) owner-only, and tightens `dir` itself if it is looser.
pub fn ensure_private_dir(dir: &Path) -> Result<(), Error> {
    DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(dir)
        .map_err(|e| cant_write(dir, e))?;
    repair_mode(dir, DIR_MODE).map_err(|e| cant_write(dir, e))?;
    Ok(())
}

/// Tightens `path` to `mode` when group or others have any access; returns whether it did.
pub fn repair_mode(path: &Path, mode: u32) -> io::Result<bool> {
    let current = fs::metadata(path)?.permissions().mode() & 0o777;
    if current & 0o077 == 0 {
        return Ok(false);
    }
    fs::set_permissions(path, Permissions::from_mode(mode))?;
    Ok(true)
}

/// Takes the exclusive lock `dir/name`, creating the directory and lock file as needed.
/// Blocks until the lock is free.
pub fn lock(dir: &Path, name: &str) -> Result<Lock, Error> {
    ensure_private_dir(dir)?;
    let path = dir.join(name);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(FILE_MODE)
        .open(&path)
        .map_err(|e| cant_write(&path, e))?;
    file.lock().map_err(|e| cant_write(&path, e))?;
    Ok(Lock { _file: file })
}

/// Reads a private file, tightening its mode to 0600 first; `None` when it does not exist.
pub fn read_private(path: &Path) -> Result<Option<Vec<u8>>, Error> {
    match repair_mode(path, FILE_MODE) {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cant_read(path, e)),
    }
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(cant_read(path, e)),
    }
}

/// Replaces `path` with `bytes` atomically. The caller must hold the directory's lock:
/// the temp file has a fixed name, so a writer killed half-way leaves one stale temp
/// file that the next writer truncates and reuses.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = parent_of(path);
    let tmp = temp_path(path);
    let result = write_and_rename(&dir, &tmp, path, bytes);
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(|e| cant_write(path, e))
}

/// Appends `bytes` to `path` (created 0600) and fsyncs it. The caller holds the lock.
/// A torn last line left by a killed writer is ended first, so records never merge.
pub fn append_synced(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let inner = || -> io::Result<()> {
        let mut file = OpenOptions::new()
            .append(true)
            .read(true)
            .create(true)
            .mode(FILE_MODE)
            .open(path)?;
        let needs_newline = ends_without_newline(&file)?;
        let mut buf = Vec::with_capacity(bytes.len() + 1);
        if needs_newline {
            buf.push(b'\n');
        }
        buf.extend_from_slice(bytes);
        file.write_all(&buf)?;
        // The data and the length it needs, not the times: fdatasync.
        file.sync_data()
    };
    inner().map_err(|e| cant_write(path, e))
}

/// Whether a non-empty file's last byte is something other than `\n`.
fn ends_without_newline(file: &File) -> io::Result<bool> {
    use std::os::unix::fs::FileExt;
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(false);
    }
    let mut last = [0u8; 1];
    file.read_exact_at(&mut last, len - 1)?;
    Ok(last[0] != b'\n')
}

/// Temp file, fsync, rename over the target, fsync the directory.
fn write_and_rename(dir: &Path, tmp: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(FILE_MODE)
        .open(tmp)?;
    // A stale temp file from another umask keeps its old mode; set it explicitly.
    file.set_permissions(Permissions::from_mode(FILE_MODE))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(tmp, path)?;
    File::open(dir)?.sync_all()
}

/// The directory holding `path` (`.` for a bare file name).
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `dir/.name.tmp` next to `path`.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parent_of(path).join(format!(".{name}.tmp"))
}

/// A failure to create or write `path` (exit 73).
fn cant_write(path: &Path, e: io::Error) -> Error {
    Error::CantCreate {
        path: path.to_path_buf(),
        source: e.into(),
    }
}

/// A failure to read a private file that exists (exit 78: the tool's own state is unusable).
fn cant_read(path: &Path, e: io::Error) -> Error {
    Error::Config {
        message: format!("cannot read {}: {e}", path.display()),
        hint: Some("check the file's owner and permissions".into()),
    }
}
