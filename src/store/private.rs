//! Private files on disk: owner-only directories and files, an exclusive lock on a
//! lock file that is never renamed, atomic replacement (a temp file with an
//! unpredictable name in the same directory, fsync, rename, fsync the directory),
//! and private drafts of text the user typed.
//!
//! Nothing here follows a symbolic link at a state path: files are opened with
//! `O_NOFOLLOW`, directories with `O_NOFOLLOW | O_DIRECTORY`, and what was opened is
//! checked through its descriptor (owner, type, link count). A state directory or
//! file that is a link, is owned by another user, or (for files) has a second hard
//! link is refused (73), naming it; its mode is never touched. Only what the
//! current user owns is tightened to 0700/0600.

use std::fs::{self, DirBuilder, File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
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

/// The effective user ID of this process: the owner every state path must have.
fn euid() -> u32 {
    // SAFETY: geteuid takes no arguments, cannot fail and touches no memory.
    unsafe { libc::geteuid() }
}

/// Why a state path is refused.
fn refused(path: &Path, why: &str) -> Error {
    Error::CantCreate {
        path: path.to_path_buf(),
        source: format!("{why}; refusing to use it for the tool's private files").into(),
    }
}

/// Words for an open that failed because of what sits at `path`, when that is
/// the reason (a link or the wrong kind of file); `None` for other failures.
fn refusal_of(path: &Path, e: &io::Error) -> Option<Error> {
    let meta = fs::symlink_metadata(path).ok()?;
    if meta.file_type().is_symlink() {
        return Some(refused(path, "it is a symbolic link"));
    }
    match e.raw_os_error() {
        Some(libc::ENOTDIR) => Some(refused(path, "it is not a directory")),
        Some(libc::ELOOP) => Some(refused(path, "it is a symbolic link")),
        Some(libc::EISDIR) => Some(refused(path, "it is a directory")),
        _ => None,
    }
}

/// Checks an opened state path: owned by us, the expected kind, one link.
fn check_opened(path: &Path, meta: &fs::Metadata, dir: bool) -> Result<(), Error> {
    if meta.uid() != euid() {
        return Err(refused(
            path,
            &format!("it is owned by another user (uid {})", meta.uid()),
        ));
    }
    if dir && !meta.is_dir() {
        return Err(refused(path, "it is not a directory"));
    }
    if !dir && !meta.is_file() {
        return Err(refused(path, "it is not a regular file"));
    }
    if !dir && meta.nlink() > 1 {
        return Err(refused(path, "it has another hard link"));
    }
    Ok(())
}

/// Tightens an opened file or directory that we own to `mode` when group or
/// others have any access.
fn tighten(file: &File, meta: &fs::Metadata, mode: u32) -> io::Result<()> {
    if meta.permissions().mode() & 0o077 != 0 {
        file.set_permissions(Permissions::from_mode(mode))?;
    }
    Ok(())
}

/// Opens the state directory `dir` without following a link, checking its owner.
fn open_dir(dir: &Path) -> Result<File, Error> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_DIRECTORY)
        .open(dir)
        .map_err(|e| refusal_of(dir, &e).unwrap_or_else(|| cant_write(dir, e)))?;
    let meta = file.metadata().map_err(|e| cant_write(dir, e))?;
    check_opened(dir, &meta, true)?;
    tighten(&file, &meta, DIR_MODE).map_err(|e| cant_write(dir, e))?;
    Ok(file)
}

/// Why the existing state directory `dir` would be refused (a link, not a
/// directory, another user's), without opening or changing it; `None` when it
/// is usable or absent. `doctor` reports this in the same words as the
/// commands that write there.
pub fn dir_refusal(dir: &Path) -> Option<Error> {
    let meta = fs::symlink_metadata(dir).ok()?;
    let why = if meta.file_type().is_symlink() {
        "it is a symbolic link".to_string()
    } else if !meta.is_dir() {
        "it is not a directory".to_string()
    } else if meta.uid() != euid() {
        format!("it is owned by another user (uid {})", meta.uid())
    } else {
        return None;
    };
    Some(refused(dir, &why))
}

/// Creates `dir` (and missing parents) owner-only; an existing `dir` must be a
/// real directory owned by the current user (a looser mode is tightened).
pub fn ensure_private_dir(dir: &Path) -> Result<(), Error> {
    if let Ok(meta) = fs::symlink_metadata(dir)
        && !meta.is_dir()
        && let Some(refusal) = dir_refusal(dir)
    {
        return Err(refusal);
    }
    DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(dir)
        .map_err(|e| refusal_of(dir, &e).unwrap_or_else(|| cant_write(dir, e)))?;
    open_dir(dir).map(drop)
}

/// Checks an existing state directory before reading from it: `Ok(false)` when
/// it does not exist yet, an error when it is a link or someone else's.
pub fn check_existing_dir(dir: &Path) -> Result<bool, Error> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(cant_write(dir, e)),
        Ok(_) => open_dir(dir).map(|_| true),
    }
}

/// Takes the exclusive lock `dir/name`, creating the directory and lock file as needed.
/// Blocks until the lock is free.
pub fn lock(dir: &Path, name: &str) -> Result<Lock, Error> {
    ensure_private_dir(dir)?;
    let path = dir.join(name);
    let file = open_nofollow(
        &path,
        OpenOptions::new().read(true).write(true).create(true),
    )?;
    file.lock().map_err(|e| cant_write(&path, e))?;
    Ok(Lock { _file: file })
}

/// Opens `path` with `options` plus `O_NOFOLLOW` and mode 0600 for a new file,
/// then checks what was opened.
fn open_nofollow(path: &Path, options: &mut OpenOptions) -> Result<File, Error> {
    let file = options
        .mode(FILE_MODE)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .map_err(|e| refusal_of(path, &e).unwrap_or_else(|| cant_write(path, e)))?;
    let meta = file.metadata().map_err(|e| cant_write(path, e))?;
    check_opened(path, &meta, false)?;
    tighten(&file, &meta, FILE_MODE).map_err(|e| cant_write(path, e))?;
    Ok(file)
}

/// Reads a private file without following a link; `None` when it does not exist.
/// A link, another user's file or a second hard link is refused (73).
pub fn read_private(path: &Path) -> Result<Option<Vec<u8>>, Error> {
    use std::io::Read;
    let Some(mut file) = open_read(path)? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| cant_read(path, e))?;
    Ok(Some(bytes))
}

/// Opens a private file for reading without following a link; `None` when it
/// does not exist. A link, another user's file or a second hard link is refused.
pub fn open_read(path: &Path) -> Result<Option<File>, Error> {
    match open_nofollow(path, OpenOptions::new().read(true)) {
        Ok(f) => Ok(Some(f)),
        Err(Error::CantCreate { source, .. })
            if source
                .downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::NotFound) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Replaces `path` with `bytes` atomically: a temp file with an unpredictable name
/// created exclusively in the same directory, fsync, rename over the target (which
/// replaces a link rather than following it, but an existing link or foreign file
/// is refused first), fsync the directory. The caller holds the directory's lock.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = parent_of(path);
    let dir_file = open_dir(&dir)?;
    if let Ok(meta) = fs::symlink_metadata(path) {
        if meta.file_type().is_symlink() {
            return Err(refused(path, "it is a symbolic link"));
        }
        check_opened(path, &meta, false)?;
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .permissions(Permissions::from_mode(FILE_MODE))
        .tempfile_in(&dir)
        .map_err(|e| cant_write(path, e))?;
    // Through the plain file, so the message names `path`, not the temp file.
    let written = tmp
        .as_file_mut()
        .write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all());
    written.map_err(|e| cant_write(path, e))?;
    // A failed persist drops the temp file, which removes it.
    tmp.persist(path).map_err(|e| cant_write(path, e.error))?;
    dir_file.sync_all().map_err(|e| cant_write(&dir, e))
}

/// Appends `bytes` to `path` (created 0600, never through a link) and fsyncs it.
/// The caller holds the lock. A torn last line left by a killed writer is ended
/// first, so records never merge. A write that fails part way (a full disk)
/// is cut back to the old length, so it leaves no half line behind.
pub fn append_synced(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut file = open_nofollow(
        path,
        OpenOptions::new().append(true).read(true).create(true),
    )?;
    let before = file.metadata().map_err(|e| cant_write(path, e))?.len();
    let mut inner = || -> io::Result<()> {
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
    inner().map_err(|e| {
        // Shrinking needs no space; should it fail too, readers skip a torn line.
        let _ = file.set_len(before);
        cant_write(path, e)
    })
}

/// Writes `bytes` to a new private file in `dir` (created 0700 as needed) with an
/// unpredictable name `<prefix>XXXXXX<suffix>`, created exclusively and fsynced;
/// returns its path. The file stays until someone removes it.
pub fn write_new_private(
    dir: &Path,
    prefix: &str,
    suffix: &str,
    bytes: &[u8],
) -> Result<PathBuf, Error> {
    ensure_private_dir(dir)?;
    let mut file = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(suffix)
        .permissions(Permissions::from_mode(FILE_MODE))
        .tempfile_in(dir)
        .map_err(|e| cant_write(dir, e))?;
    // Through the plain file: the temp-file wrapper adds its (soon removed)
    // path to the message; the directory is what the user can act on.
    let written = file
        .as_file_mut()
        .write_all(bytes)
        .and_then(|()| file.as_file().sync_all());
    written.map_err(|e| cant_write(dir, e))?;
    let (_, path) = file.keep().map_err(|e| cant_write(dir, e.error))?;
    Ok(path)
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

/// The directory holding `path` (`.` for a bare file name).
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_at_state_paths_are_refused_and_never_followed() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("target");
        fs::write(&target, "keep").unwrap();
        fs::set_permissions(&target, Permissions::from_mode(0o644)).unwrap();
        let dir = root.path().join("state");
        fs::create_dir(&dir).unwrap();
        std::os::unix::fs::symlink(&target, dir.join("file")).unwrap();
        for result in [
            write_atomic(&dir.join("file"), b"x").map(drop),
            append_synced(&dir.join("file"), b"x").map(drop),
            read_private(&dir.join("file")).map(drop),
            lock(&dir, "file").map(drop),
        ] {
            let e = result.unwrap_err();
            assert!(e.to_string().contains("symbolic link"), "{e}");
            assert_eq!(e.exit_code(), 73);
        }
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep");
        assert_eq!(
            fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o644
        );
        let linked_dir = root.path().join("linked");
        std::os::unix::fs::symlink(&dir, &linked_dir).unwrap();
        let e = ensure_private_dir(&linked_dir).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
    }

    #[test]
    fn atomic_writes_leave_no_temp_file_and_drafts_get_unpredictable_names() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("f.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
        let a = write_new_private(&root.path().join("d"), "draft-", ".txt", b"a").unwrap();
        let b = write_new_private(&root.path().join("d"), "draft-", ".txt", b"a").unwrap();
        assert_ne!(a, b);
        assert_eq!(
            fs::metadata(&a).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}
