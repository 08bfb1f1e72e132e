//! The outbox: complete messages whose `--send` failed, kept until sent or dropped.
//!
//! Each message is two files in `<data dir>/outbox/`: `<ID>.eml`, the exact
//! bytes that were to be sent (attachments included), and `<ID>.json`, what
//! `outbox list` shows and the SMTP envelope. The JSON file is written last, so
//! an entry without it is incomplete and ignored. Writes go through
//! [`crate::store::private`]: a synced temporary file renamed into place, files 0600, the
//! directory 0700, and a lock file (never renamed) that keeps two runs from
//! sending the same message.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::store::history::Keys;
use crate::store::private::{self, Lock};

/// The schema tag written into every entry's JSON file.
pub const SCHEMA: &str = "9pic-help.outbox/1";

/// The lock file inside the outbox directory.
const LOCK_NAME: &str = "outbox.lock";

/// What the outbox knows about one message besides its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub schema: String,
    pub id: String,
    /// When the message first failed (RFC 3339).
    pub queued_at: String,
    pub message_id: String,
    pub subject: String,
    /// The ticket's Date (what the history records once it is sent).
    pub date: jiff::Timestamp,
    /// The ticket category, e.g. `billing`.
    pub category: String,
    /// The To header, for the history.
    pub to: String,
    /// The profile the ticket was composed with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Payment ID, event ID, domain: for the history's duplicate guard.
    #[serde(default)]
    pub keys: Keys,
    /// The situation, response class, due time and thread, for the history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub situation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<crate::catalog::channels::Response>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<jiff::Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<String>,
    /// Envelope sender (a bare address).
    pub from: String,
    /// Envelope recipients: To and Cc (bare addresses).
    pub recipients: Vec<String>,
    /// How many sends have failed.
    pub attempts: u32,
    /// Why the last send failed.
    pub last_error: String,
    /// The exit code of the last failure.
    pub last_exit: u8,
}

/// One message in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub meta: Meta,
    /// The message file.
    pub path: PathBuf,
}

impl Entry {
    /// The exact bytes to send.
    pub fn message(&self) -> Result<Vec<u8>, Error> {
        fs::read(&self.path).map_err(|e| Error::NoInput {
            path: self.path.clone(),
            source: e.into(),
        })
    }
}

/// The outbox directory inside a data directory.
#[derive(Debug, Clone)]
pub struct Outbox {
    dir: PathBuf,
}

impl Outbox {
    /// The outbox of the data directory `data_dir` (nothing is created yet).
    pub fn new(data_dir: &Path) -> Self {
        Outbox {
            dir: data_dir.join("outbox"),
        }
    }

    /// Where the messages live.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Takes the outbox lock (blocking), creating the directory if needed.
    pub fn lock(&self) -> Result<Lock, Error> {
        private::lock(&self.dir, LOCK_NAME)
    }

    /// Stores a message that could not be sent; returns its new ID.
    ///
    /// The caller holds the lock. `meta.id` is replaced by the next free ID.
    pub fn add(&self, _lock: &Lock, mut meta: Meta, message: &[u8]) -> Result<Entry, Error> {
        let id = self.next_id()?;
        meta.id = id.to_string();
        let path = self.dir.join(format!("{id}.eml"));
        private::write_atomic(&path, message)?;
        self.save_meta(&meta)?;
        Ok(Entry { meta, path })
    }

    /// Records another failed attempt for an entry.
    pub fn record_failure(
        &self,
        _lock: &Lock,
        entry: &mut Entry,
        err: &Error,
    ) -> Result<(), Error> {
        entry.meta.attempts = entry.meta.attempts.saturating_add(1);
        entry.meta.last_error = err.to_string();
        entry.meta.last_exit = err.exit_code();
        self.save_meta(&entry.meta)
    }

    /// Every complete entry, oldest ID first.
    pub fn list(&self) -> Result<Vec<Entry>, Error> {
        let read = match fs::read_dir(&self.dir) {
            Ok(r) => r,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(Error::NoInput {
                    path: self.dir.clone(),
                    source: e.into(),
                });
            }
        };
        let mut ids: Vec<u64> = read
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                name.strip_suffix(".json")?.parse::<u64>().ok()
            })
            .collect();
        ids.sort_unstable();
        ids.into_iter()
            .map(|id| self.get(&id.to_string()))
            .collect()
    }

    /// The entry with this ID; exit 65 naming the known IDs when there is none.
    pub fn get(&self, id: &str) -> Result<Entry, Error> {
        let unknown = || {
            Error::Data(format!(
                "there is no message {id:?} in the outbox (see `9pic-help outbox list`)"
            ))
        };
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(unknown());
        }
        let meta_path = self.dir.join(format!("{id}.json"));
        let text = match fs::read_to_string(&meta_path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(unknown()),
            Err(e) => {
                return Err(Error::NoInput {
                    path: meta_path,
                    source: e.into(),
                });
            }
        };
        let meta: Meta = serde_json::from_str(&text).map_err(|e| Error::Config {
            message: format!(
                "the outbox entry {} is corrupt at line {}, column {}: {e}",
                meta_path.display(),
                e.line(),
                e.column()
            ),
            hint: Some(format!("remove it with `9pic-help outbox drop {id}`")),
        })?;
        Ok(Entry {
            meta,
            path: self.dir.join(format!("{id}.eml")),
        })
    }

    /// Removes an entry: the JSON file first, so a half-removed entry is not listed.
    pub fn remove(&self, _lock: &Lock, id: &str) -> Result<(), Error> {
        let entry = self.get(id)?;
        let meta_path = self.dir.join(format!("{}.json", entry.meta.id));
        for path in [&meta_path, &entry.path] {
            match fs::remove_file(path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(cant_create(path, e)),
            }
        }
        Ok(())
    }

    fn save_meta(&self, meta: &Meta) -> Result<(), Error> {
        let path = self.dir.join(format!("{}.json", meta.id));
        let mut text = serde_json::to_string_pretty(meta)
            .map_err(|e| cant_create(&path, std::io::Error::other(e)))?;
        text.push('\n');
        private::write_atomic(&path, text.as_bytes())
    }

    /// One more than the highest ID in use (message or JSON file), starting at 1.
    fn next_id(&self) -> Result<u64, Error> {
        let read = fs::read_dir(&self.dir).map_err(|e| cant_create(&self.dir, e))?;
        let highest = read
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let stem = name.split('.').next()?.to_string();
                stem.parse::<u64>().ok()
            })
            .max()
            .unwrap_or(0);
        Ok(highest + 1)
    }
}

fn cant_create(path: &Path, e: std::io::Error) -> Error {
    Error::CantCreate {
        path: path.to_path_buf(),
        source: e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        Meta {
            schema: SCHEMA.to_string(),
            id: String::new(),
            queued_at: "2026-11-21T08:00:00Z".to_string(),
            message_id: "<a@b>".to_string(),
            subject: "s".to_string(),
            date: jiff::Timestamp::UNIX_EPOCH,
            category: "bug".to_string(),
            to: "support@9pic.ai".to_string(),
            profile: None,
            keys: Keys::default(),
            situation: None,
            response: None,
            due: None,
            in_reply_to: None,
            from: "ann@example.org".to_string(),
            recipients: vec!["support@9pic.ai".to_string()],
            attempts: 1,
            last_error: "boom".to_string(),
            last_exit: 69,
        }
    }

    #[test]
    fn add_list_remove_round_trip() {
        let dir = std::env::temp_dir().join(format!("outbox-test-{}", std::process::id()));
        let outbox = Outbox::new(&dir);
        let lock = outbox.lock().unwrap();
        let a = outbox.add(&lock, meta(), b"one\r\n").unwrap();
        let b = outbox.add(&lock, meta(), b"two\r\n").unwrap();
        assert_eq!((a.meta.id.as_str(), b.meta.id.as_str()), ("1", "2"));
        let listed = outbox.list().unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[1].message().unwrap(), b"two\r\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&a.path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        outbox.remove(&lock, "1").unwrap();
        assert_eq!(outbox.list().unwrap().len(), 1);
        assert_eq!(outbox.get("1").unwrap_err().exit_code(), 65);
        assert_eq!(outbox.get("../x").unwrap_err().exit_code(), 65);
        drop(lock);
        fs::remove_dir_all(&dir).unwrap();
    }
}
