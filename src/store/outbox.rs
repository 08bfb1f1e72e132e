//! The outbox: every message `--send` is about to send, written before the
//! connection opens and removed once the server accepts it, so a failure, a
//! crash or a signal never loses it.
//!
//! Each entry is a set of files in `<data dir>/outbox/`, named by its ID:
//! `N.eml`, the exact bytes to send (attachments included); `N.json`, what
//! `outbox list` shows and the SMTP envelope (written last: an entry without it
//! is incomplete); `N.lock`, locked by the run that is sending the entry, so
//! two runs never send it at once and a hung run blocks nothing else; and
//! `N.sent`, created just before the message's final dot goes out: from then
//! on the server may have it, and `outbox send` refuses it without `--resend`.
//!
//! The shared `outbox.lock` guards only the choice of a new ID, and is waited
//! for at most [`LOCK_WAIT`]. IDs never wrap: when the highest possible ID is
//! taken, adding is refused. One entry that cannot be read is reported as
//! [`Listed::Corrupt`] and never hides the others; `drop` removes it by its ID.

use std::fs::{self, File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::store::history::Keys;
use crate::store::private;

/// The schema tag written into every entry's JSON file.
pub const SCHEMA: &str = "9pic-help.outbox/1";

/// The lock file that guards choosing a new ID.
const LOCK_NAME: &str = "outbox.lock";

/// The longest wait for the outbox lock (it is only ever held for moments).
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

/// What the outbox knows about one message besides its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub schema: String,
    pub id: String,
    /// When the message entered the outbox (RFC 3339).
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
    /// Envelope recipients: To and Cc, each once (bare addresses).
    pub recipients: Vec<String>,
    /// How many sends have failed (0 while the first one is under way).
    #[serde(default)]
    pub attempts: u32,
    /// Why the last send failed (empty before any failure).
    #[serde(default)]
    pub last_error: String,
    /// The exit code of the last failure (0 before any failure).
    #[serde(default)]
    pub last_exit: u8,
}

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Waiting to be sent (again).
    Queued,
    /// Another run is sending it right now.
    Sending,
    /// Its final dot went out without a reply: the server may have it.
    MayHaveBeenDelivered,
}

impl State {
    /// The state in words, for `outbox list`.
    pub fn words(self) -> &'static str {
        match self {
            State::Queued => "waiting",
            State::Sending => "being sent now",
            State::MayHaveBeenDelivered => "may have been delivered",
        }
    }
}

/// One readable message in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub meta: Meta,
    /// The message file.
    pub path: PathBuf,
    pub state: State,
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

/// An entry as the outbox directory holds it: readable, or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed {
    Entry(Box<Entry>),
    /// Its files cannot be used; `outbox drop ID` removes them.
    Corrupt {
        id: String,
        path: PathBuf,
        problem: String,
    },
}

impl Listed {
    pub fn id(&self) -> &str {
        match self {
            Listed::Entry(e) => &e.meta.id,
            Listed::Corrupt { id, .. } => id,
        }
    }
}

/// An entry this run holds the lock of: nobody else sends or drops it meanwhile.
#[derive(Debug)]
pub struct Claimed {
    pub entry: Entry,
    dir: PathBuf,
    _lock: File,
}

impl Claimed {
    /// The marker [`Claimed::mark_final_dot`] creates, for a worker thread to create itself.
    pub fn final_dot_marker(&self) -> PathBuf {
        self.dir.join(format!("{}.sent", self.entry.meta.id))
    }

    /// Records another failed attempt; `maybe_delivered` when it ended after
    /// the final dot without a definite answer. A definite failure clears the
    /// marker the attempt left, unless an earlier attempt was uncertain already.
    pub fn record_failure(&mut self, err: &Error, maybe_delivered: bool) -> Result<(), Error> {
        let marker = self.final_dot_marker();
        if maybe_delivered {
            mark_final_dot(&marker).map_err(|e| cant_create(&marker, e))?;
            self.entry.state = State::MayHaveBeenDelivered;
        } else if self.entry.state != State::MayHaveBeenDelivered {
            match fs::remove_file(&marker) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(cant_create(&marker, e)),
            }
        }
        let meta = &mut self.entry.meta;
        meta.attempts = meta.attempts.saturating_add(1);
        meta.last_error = crate::term::escape_controls(&format!("{err:#}")).into_owned();
        meta.last_exit = err.exit_code();
        save_meta(&self.dir, meta)
    }

    /// Removes the entry once the server has accepted it.
    pub fn remove(self) -> Result<(), Error> {
        remove_files(&self.dir, &self.entry.meta.id)
    }
}

/// Creates the final-dot marker `path` (empty, so it needs no space for data).
pub fn mark_final_dot(path: &Path) -> std::io::Result<()> {
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)?
        .sync_all()?;
    if let Some(dir) = path.parent() {
        File::open(dir)?.sync_all()?;
    }
    Ok(())
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

    /// Stores a message about to be sent, under the next free ID, claimed by this run.
    ///
    /// `meta.id` is replaced by the new ID. The message file is written before
    /// the JSON file, so a crash in between leaves an incomplete entry, never
    /// a listed one without its message.
    pub fn add(&self, mut meta: Meta, message: &[u8]) -> Result<Claimed, Error> {
        let _lock = self.lock()?;
        let id = self.next_id()?;
        meta.id = id.to_string();
        let lock = self.entry_lock(&meta.id)?.ok_or_else(|| {
            Error::Internal(format!("the new outbox entry {id} is locked already"))
        })?;
        let path = self.dir.join(format!("{id}.eml"));
        private::write_atomic(&path, message)?;
        if let Err(e) = save_meta(&self.dir, &meta) {
            // Half an entry (a message without its meta) would list as corrupt.
            let _ = fs::remove_file(&path);
            return Err(e);
        }
        Ok(Claimed {
            entry: Entry {
                meta,
                path,
                state: State::Sending,
            },
            dir: self.dir.clone(),
            _lock: lock,
        })
    }

    /// Every entry, readable or not, oldest ID first.
    pub fn list(&self) -> Result<Vec<Listed>, Error> {
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
                let stem = name
                    .strip_suffix(".json")
                    .or_else(|| name.strip_suffix(".eml"))?;
                stem.parse::<u64>().ok()
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        Ok(ids
            .into_iter()
            .filter_map(|id| self.read(&id.to_string()))
            .collect())
    }

    /// The entry with this ID, readable or not; exit 65 when there is none.
    pub fn get(&self, id: &str) -> Result<Listed, Error> {
        let id = parse_id(id)?;
        self.read(&id).ok_or_else(|| unknown(&id))
    }

    /// Claims the entry `id` for this run: exit 75 when another run holds it,
    /// 78 (with how to drop it) when it cannot be read.
    pub fn claim(&self, id: &str) -> Result<Claimed, Error> {
        let id = parse_id(id)?;
        if self.read(&id).is_none() {
            return Err(unknown(&id));
        }
        let Some(lock) = self.entry_lock(&id)? else {
            return Err(busy(&id));
        };
        match self.read(&id) {
            Some(Listed::Entry(entry)) => {
                let mut entry = *entry;
                if entry.state == State::Sending {
                    entry.state = State::Queued;
                }
                Ok(Claimed {
                    entry,
                    dir: self.dir.clone(),
                    _lock: lock,
                })
            }
            Some(Listed::Corrupt { path, problem, .. }) => Err(corrupt(&id, &path, &problem)),
            None => Err(unknown(&id)),
        }
    }

    /// Removes an entry without sending it, readable or not; exit 75 while
    /// another run sends it.
    pub fn discard(&self, id: &str) -> Result<(), Error> {
        let id = parse_id(id)?;
        if self.read(&id).is_none() {
            return Err(unknown(&id));
        }
        let Some(_lock) = self.entry_lock(&id)? else {
            return Err(busy(&id));
        };
        remove_files(&self.dir, &id)
    }

    /// The entry `id` as its files are now; `None` when it has no files.
    fn read(&self, id: &str) -> Option<Listed> {
        let meta_path = self.dir.join(format!("{id}.json"));
        let path = self.dir.join(format!("{id}.eml"));
        let corrupt = |path: &Path, problem: String| {
            Some(Listed::Corrupt {
                id: id.to_string(),
                path: path.to_path_buf(),
                problem,
            })
        };
        let text = match fs::read_to_string(&meta_path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if !path.exists() {
                    return None;
                }
                // A message without its details: being written now, or left
                // by a run that died in between.
                if self.is_busy(id) {
                    return None;
                }
                return corrupt(&path, format!("{id}.json, its details, is missing"));
            }
            Err(e) => return corrupt(&meta_path, e.to_string()),
        };
        let meta: Meta = match serde_json::from_str(&text) {
            Ok(m) => m,
            Err(e) => {
                return corrupt(
                    &meta_path,
                    format!("not valid at line {}, column {}: {e}", e.line(), e.column()),
                );
            }
        };
        if meta.id != id {
            return corrupt(&meta_path, format!("it names itself {:?}", meta.id));
        }
        if !path.is_file() {
            return corrupt(&path, format!("{id}.eml, the message, is missing"));
        }
        let state = if self.dir.join(format!("{id}.sent")).exists() {
            State::MayHaveBeenDelivered
        } else if self.is_busy(id) {
            State::Sending
        } else {
            State::Queued
        };
        Some(Listed::Entry(Box::new(Entry { meta, path, state })))
    }

    /// Whether another run holds the entry's lock.
    fn is_busy(&self, id: &str) -> bool {
        let path = self.dir.join(format!("{id}.lock"));
        match OpenOptions::new().read(true).open(&path) {
            Ok(file) => matches!(file.try_lock(), Err(fs::TryLockError::WouldBlock)),
            Err(_) => false,
        }
    }

    /// Takes the entry's lock without waiting; `None` when another run holds it.
    fn entry_lock(&self, id: &str) -> Result<Option<File>, Error> {
        private::ensure_private_dir(&self.dir)?;
        let path = self.dir.join(format!("{id}.lock"));
        let file = open_lock_file(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(file)),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(e)) => Err(cant_create(&path, e)),
        }
    }

    /// Takes the outbox lock, waiting at most [`LOCK_WAIT`] (exit 75 after that).
    fn lock(&self) -> Result<File, Error> {
        private::ensure_private_dir(&self.dir)?;
        let path = self.dir.join(LOCK_NAME);
        let file = open_lock_file(&path)?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(Error::TempFail(format!(
                        "the outbox ({}) stayed locked by another run for {} s",
                        self.dir.display(),
                        LOCK_WAIT.as_secs()
                    )));
                }
                Err(fs::TryLockError::Error(e)) => return Err(cant_create(&path, e)),
            }
        }
    }

    /// One more than the highest ID in use (any of an entry's files), from 1;
    /// refused when the highest possible ID is taken, so nothing is overwritten.
    fn next_id(&self) -> Result<u64, Error> {
        let read = fs::read_dir(&self.dir).map_err(|e| cant_create(&self.dir, e))?;
        let highest = read
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                name.split('.').next()?.parse::<u64>().ok()
            })
            .max()
            .unwrap_or(0);
        highest.checked_add(1).ok_or_else(|| Error::CantCreate {
            path: self.dir.clone(),
            source: format!(
                "the outbox already holds an entry numbered {highest}, the highest possible ID; \
                 send or drop it (`9pic-help outbox drop {highest}`) so new IDs can follow"
            )
            .into(),
        })
    }
}

/// Opens (creating) a lock file, owner-only.
fn open_lock_file(path: &Path) -> Result<File, Error> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .map_err(|e| cant_create(path, e))
}

/// Writes an entry's JSON file.
fn save_meta(dir: &Path, meta: &Meta) -> Result<(), Error> {
    let path = dir.join(format!("{}.json", meta.id));
    let mut text = serde_json::to_string_pretty(meta)
        .map_err(|e| cant_create(&path, std::io::Error::other(e)))?;
    text.push('\n');
    private::write_atomic(&path, text.as_bytes())
}

/// Removes an entry's files: the JSON file first, so a half-removed entry is
/// not listed; the lock file last.
fn remove_files(dir: &Path, id: &str) -> Result<(), Error> {
    for ext in ["json", "eml", "sent", "lock"] {
        let path = dir.join(format!("{id}.{ext}"));
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(cant_create(&path, e)),
        }
    }
    Ok(())
}

/// An ID as typed, in its canonical form (`007` is `7`); exit 65 when it is not one.
fn parse_id(id: &str) -> Result<String, Error> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(unknown(id));
    }
    id.parse::<u64>()
        .map(|n| n.to_string())
        .map_err(|_| unknown(id))
}

fn unknown(id: &str) -> Error {
    Error::Data(format!(
        "there is no message {:?} in the outbox (see `9pic-help outbox list`)",
        crate::term::escape_controls(id)
    ))
}

fn busy(id: &str) -> Error {
    Error::TempFail(format!(
        "outbox entry {id} is being sent by another run of 9pic-help; try again when it ends"
    ))
}

/// The error for an entry that cannot be read, with how to drop it.
pub fn corrupt(id: &str, path: &Path, problem: &str) -> Error {
    Error::Config {
        message: format!(
            "the outbox entry {id} cannot be used ({}): {}",
            path.display(),
            crate::term::escape_controls(problem)
        ),
        hint: Some(format!(
            "look at it, then remove it with `9pic-help outbox drop {id}`"
        )),
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
            attempts: 0,
            last_error: String::new(),
            last_exit: 0,
        }
    }

    fn entries(outbox: &Outbox) -> Vec<Entry> {
        outbox
            .list()
            .unwrap()
            .into_iter()
            .filter_map(|l| match l {
                Listed::Entry(e) => Some(*e),
                Listed::Corrupt { .. } => None,
            })
            .collect()
    }

    #[test]
    fn add_claim_list_remove_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(dir.path());
        let a = outbox.add(meta(), b"one\r\n").unwrap();
        let b = outbox.add(meta(), b"two\r\n").unwrap();
        assert_eq!(
            (a.entry.meta.id.as_str(), b.entry.meta.id.as_str()),
            ("1", "2")
        );
        // Held by this run: others see them as being sent and cannot claim them.
        assert_eq!(entries(&outbox)[0].state, State::Sending);
        assert_eq!(outbox.claim("1").unwrap_err().exit_code(), 75);
        assert_eq!(outbox.discard("1").unwrap_err().exit_code(), 75);
        drop((a, b));
        let listed = entries(&outbox);
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[1].state, State::Queued);
        assert_eq!(listed[1].message().unwrap(), b"two\r\n");
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&listed[0].path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        outbox.claim("01").unwrap().remove().unwrap();
        assert_eq!(entries(&outbox).len(), 1);
        assert_eq!(outbox.get("1").unwrap_err().exit_code(), 65);
        assert_eq!(outbox.get("../x").unwrap_err().exit_code(), 65);
        assert_eq!(
            outbox.get("99999999999999999999").unwrap_err().exit_code(),
            65
        );
    }

    #[test]
    fn the_final_dot_marker_makes_an_entry_uncertain() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(dir.path());
        let mut claimed = outbox.add(meta(), b"x\r\n").unwrap();
        mark_final_dot(&claimed.final_dot_marker()).unwrap();
        claimed
            .record_failure(&Error::TempFail("lost".into()), true)
            .unwrap();
        assert_eq!(claimed.entry.state, State::MayHaveBeenDelivered);
        drop(claimed);
        let e = &entries(&outbox)[0];
        assert_eq!(e.state, State::MayHaveBeenDelivered);
        assert_eq!((e.meta.attempts, e.meta.last_exit), (1, 75));
    }

    #[test]
    fn a_corrupt_entry_is_listed_apart_and_can_be_discarded() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(dir.path());
        drop(outbox.add(meta(), b"a\r\n").unwrap());
        drop(outbox.add(meta(), b"b\r\n").unwrap());
        fs::write(outbox.dir().join("1.json"), b"{ not json").unwrap();
        let listed = outbox.list().unwrap();
        assert!(matches!(&listed[0], Listed::Corrupt { id, .. } if id == "1"));
        assert!(matches!(&listed[1], Listed::Entry(e) if e.meta.id == "2"));
        assert_eq!(outbox.claim("1").unwrap_err().exit_code(), 78);
        outbox.discard("1").unwrap();
        assert_eq!(outbox.list().unwrap().len(), 1);
    }

    #[test]
    fn ids_never_wrap() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(dir.path());
        drop(outbox.add(meta(), b"first\r\n").unwrap());
        fs::write(outbox.dir().join(format!("{}.eml", u64::MAX)), b"stray").unwrap();
        let err = outbox.add(meta(), b"second\r\n").unwrap_err();
        assert_eq!(err.exit_code(), 73, "{err}");
        assert!(err.to_string().contains(&u64::MAX.to_string()), "{err}");
        assert_eq!(entries(&outbox)[0].message().unwrap(), b"first\r\n");
    }
}
