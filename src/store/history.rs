//! The local ticket history: one JSON line per composed ticket in the data directory,
//! appended under an exclusive lock. `history` lists it, `escalate --last/--ticket`
//! threads on it, and the duplicate guard searches it.

use std::collections::HashSet;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::catalog::channels::Response;
use crate::compose::Earlier;
use crate::error::Error;
use crate::store::private;

/// File name of the history inside the data directory.
pub const FILE_NAME: &str = "history.jsonl";
/// Lock file guarding every append.
const LOCK_NAME: &str = "history.lock";

/// What a ticket is about, beyond its category: the IDs support looks up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keys {
    /// Payment ID from the dashboard (billing tickets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
    /// Event ID (operations, event-day tickets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// Custom domain (domain tickets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
}

impl Keys {
    /// The keys of a ticket, read through `value` (an item key → its text).
    pub fn of(value: impl Fn(&str) -> Option<String>) -> Keys {
        Keys {
            payment_id: value("payment_id"),
            event_id: value("event_id"),
            domain: value("domain"),
        }
    }
}

/// A ticket about to be recorded; the history assigns its ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRecord {
    pub time: Timestamp,
    pub category: String,
    /// The `--issue`/`--topic` value, when the category has situations.
    pub situation: Option<String>,
    pub subject: String,
    pub to: String,
    pub message_id: String,
    pub delivery: String,
    pub profile: Option<String>,
    pub keys: Keys,
    /// Its response class, and when the answer is due (SPEC §11); unknown
    /// for an outbox entry queued before they were kept.
    pub response: Option<Response>,
    pub due: Option<Timestamp>,
    /// The Message-ID of the ticket it follows up (an escalation).
    pub in_reply_to: Option<String>,
}

/// One composed ticket as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Line")]
pub struct Record {
    /// Short ID: a counter, `1`, `2`, … (what `--ticket` takes).
    pub id: String,
    pub time: Timestamp,
    pub category: String,
    /// The `--issue`/`--topic` value; absent in older records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub situation: Option<String>,
    pub subject: String,
    pub to: String,
    /// Message-ID as in the header, with angle brackets.
    pub message_id: String,
    /// `stdout`, `open`, `send`, `outbox`, …
    pub delivery: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(flatten)]
    pub keys: Keys,
    /// How fast support answers it; absent in records written before 0.2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
    /// When support's answer is due; absent in older records ("unknown").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Timestamp>,
    /// The Message-ID of the ticket this one follows up (an escalation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<String>,
}

/// A history line as read: [`Record`] with its keys inline. Reading through
/// this flat struct instead of `Record`'s `#[serde(flatten)]` keys costs a
/// fraction of the instructions (flatten buffers every field first), and a
/// ticket reads every record of the duplicate guard's last 24 hours.
#[derive(Deserialize)]
struct Line {
    id: String,
    time: Timestamp,
    category: String,
    #[serde(default)]
    situation: Option<String>,
    subject: String,
    to: String,
    message_id: String,
    delivery: String,
    #[serde(default)]
    profile: Option<String>,
    #[serde(default)]
    payment_id: Option<String>,
    #[serde(default)]
    event_id: Option<String>,
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    response: Option<Response>,
    #[serde(default)]
    due: Option<Timestamp>,
    #[serde(default)]
    in_reply_to: Option<String>,
}

impl From<Line> for Record {
    fn from(l: Line) -> Record {
        Record {
            id: l.id,
            time: l.time,
            category: l.category,
            situation: l.situation,
            subject: l.subject,
            to: l.to,
            message_id: l.message_id,
            delivery: l.delivery,
            profile: l.profile,
            keys: Keys {
                payment_id: l.payment_id,
                event_id: l.event_id,
                domain: l.domain,
            },
            response: l.response,
            due: l.due,
            in_reply_to: l.in_reply_to,
        }
    }
}

/// Where a ticket stands: what `history` shows and `escalate` checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Support's answer is not due yet.
    Waiting,
    /// Past due and not escalated: time to `escalate`.
    Due,
    /// A later ticket in the history escalates it.
    Escalated,
    /// An older record without a due time, not escalated.
    Unknown,
}

impl State {
    /// The word `history` prints.
    pub fn word(self) -> &'static str {
        match self {
            State::Waiting => "waiting",
            State::Due => "due",
            State::Escalated => "escalated",
            State::Unknown => "unknown",
        }
    }
}

/// The history file in a data directory.
#[derive(Debug, Clone)]
pub struct History {
    dir: PathBuf,
}

/// What reading the history found.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// Records in file order (oldest first).
    pub records: Vec<Record>,
    /// Lines that did not parse (1-based line numbers), skipped with a warning.
    pub bad_lines: Vec<usize>,
}

impl History {
    /// The history kept in `data_dir`.
    pub fn new(data_dir: &Path) -> History {
        History {
            dir: data_dir.to_path_buf(),
        }
    }

    /// Path of the history file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// Reads every record; a missing file is an empty history.
    pub fn load(&self) -> Result<Loaded, Error> {
        private::check_existing_dir(&self.dir)?;
        let bytes = private::read_private(&self.path())?.unwrap_or_default();
        Ok(parse(&bytes))
    }

    /// Appends `new` under the lock, giving it the next ID, and returns the stored record.
    pub fn append(&self, new: NewRecord) -> Result<Record, Error> {
        let _lock = private::lock(&self.dir, LOCK_NAME)?;
        let last = match self.last_id_from_tail()? {
            Some(last) => last,
            None => last_id(&self.load()?.records),
        };
        let id = last.checked_add(1).ok_or_else(|| Error::Config {
            message: format!(
                "the history {} already holds the largest ticket ID ({last}); no new ID can follow it",
                self.path().display()
            ),
            hint: Some("move the history file aside to start counting from 1 again".into()),
        })?;
        let id = id.to_string();
        let record = Record {
            id,
            time: new.time,
            category: new.category,
            situation: new.situation,
            subject: new.subject,
            to: new.to,
            message_id: new.message_id,
            delivery: new.delivery,
            profile: new.profile,
            keys: new.keys,
            response: new.response,
            due: new.due,
            in_reply_to: new.in_reply_to,
        };
        let mut line = serde_json::to_vec(&record).map_err(|e| Error::CantCreate {
            path: self.path(),
            source: e.into(),
        })?;
        line.push(b'\n');
        // Synced: the duplicate guard and `escalate --last` rely on the
        // line being there after a power cut.
        private::append_synced(&self.path(), &line)?;
        Ok(record)
    }
}

impl History {
    /// The ID of the newest record, read from the end of the file only.
    ///
    /// Records are appended under the lock with rising IDs, so the last
    /// readable line holds the largest. `None` when the tail holds no
    /// readable record (then the caller reads the whole file).
    fn last_id_from_tail(&self) -> Result<Option<u64>, Error> {
        use std::io::{Read, Seek, SeekFrom};
        const TAIL: u64 = 64 * 1024;
        let path = self.path();
        let mut file = match private::open_read(&path) {
            Ok(Some(f)) => f,
            Ok(None) => return Ok(Some(0)),
            Err(e) => return Err(e),
        };
        let mut tail = || -> std::io::Result<Vec<u8>> {
            let len = file.metadata()?.len();
            file.seek(SeekFrom::Start(len.saturating_sub(TAIL)))?;
            let mut buf = Vec::new();
            file.read_to_end(&mut buf)?;
            Ok(buf)
        };
        let buf = tail().map_err(|e| Error::CantCreate {
            path: self.path(),
            source: e.into(),
        })?;
        if buf.iter().all(u8::is_ascii_whitespace) {
            return Ok(Some(0));
        }
        Ok(buf
            .split(|b| *b == b'\n')
            .rev()
            .filter_map(|line| serde_json::from_slice::<Record>(line).ok())
            .find_map(|r| r.id.parse::<u64>().ok()))
    }
}

/// Reading the history from its end, for the runs that need only its newest
/// records: a ticket (the duplicate guard's last 24 hours, `escalate --last`)
/// and a Tab. The file only grows, so its tail is all they read, however long
/// it gets; `history` and lookups that miss the tail read further.
impl History {
    /// The newest record dated `since` or later that `wanted` accepts,
    /// reading back from the file's end and stopping there: records are
    /// appended in time order, so the first older one ends the search too.
    /// Unreadable lines are skipped (`history` reports them).
    ///
    /// With `only`, the values `wanted` looks for (the duplicate guard's
    /// payment, event or domain), a line that holds none of them, ignoring
    /// ASCII case, is passed over without being parsed: parsing cost 14,000
    /// instructions a line. Values JSON would escape are never looked for
    /// that way (every line is parsed then).
    pub fn newest_since(
        &self,
        since: Timestamp,
        only: Option<&[String]>,
        mut wanted: impl FnMut(&Record) -> bool,
    ) -> Result<Option<Record>, Error> {
        let only = only.filter(|values| {
            values
                .iter()
                .all(|v| !v.is_empty() && !v.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20))
        });
        let mut only = only.map(Lookout::new);
        let since_text = Since::new(since);
        let mut found = None;
        self.scan_back_lines(|line| {
            match written_time(line).map(|time| since_text.before_window(time)) {
                Some(true) => return ControlFlow::Break(()),
                Some(_) if only.as_mut().is_some_and(|only| !only.in_line(line)) => {
                    return ControlFlow::Continue(());
                }
                _ => {}
            }
            let Ok(r) = serde_json::from_slice::<Record>(line) else {
                return ControlFlow::Continue(());
            };
            if r.time < since {
                return ControlFlow::Break(());
            }
            if !wanted(&r) {
                return ControlFlow::Continue(());
            }
            found = Some(r);
            ControlFlow::Break(())
        })?;
        Ok(found)
    }

    /// The newest record, if any.
    pub fn newest(&self) -> Result<Option<Record>, Error> {
        let mut newest = None;
        self.scan_back(|r| {
            newest = Some(r);
            ControlFlow::Break(())
        })?;
        Ok(newest)
    }

    /// The newest record with `id` (a leading `#` is accepted), reading back
    /// only as far as it.
    pub fn find_back(&self, id: &str) -> Result<Option<Record>, Error> {
        let id = id.trim().trim_start_matches('#');
        let mut found = None;
        self.scan_back(|r| {
            if r.id != id {
                return ControlFlow::Continue(());
            }
            found = Some(r);
            ControlFlow::Break(())
        })?;
        Ok(found)
    }

    /// Hands `visit` the readable records newest first, reading the file
    /// backwards a block at a time, until `visit` breaks or the file's start.
    /// A missing file has no records.
    pub fn scan_back(&self, mut visit: impl FnMut(Record) -> ControlFlow<()>) -> Result<(), Error> {
        self.scan_back_lines(|line| match serde_json::from_slice::<Record>(line) {
            Ok(record) => visit(record),
            Err(_) => ControlFlow::Continue(()),
        })
    }

    /// Hands `visit` the non-blank lines newest first, as [`Self::scan_back`]
    /// reads them.
    fn scan_back_lines(
        &self,
        mut visit: impl FnMut(&[u8]) -> ControlFlow<()>,
    ) -> Result<(), Error> {
        use std::io::{Read, Seek, SeekFrom};
        const BLOCK: u64 = 64 * 1024;
        let path = self.path();
        let fail = |e: std::io::Error| Error::Config {
            message: format!("cannot read {}: {e}", path.display()),
            hint: Some("check the file's owner and permissions".into()),
        };
        let mut file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(fail(e)),
        };
        let mut end = file.metadata().map_err(fail)?.len();
        // The start of the line that the previous block began in the middle of.
        let mut carry: Vec<u8> = Vec::new();
        while end > 0 {
            let start = end.saturating_sub(BLOCK);
            let mut block = Vec::with_capacity((end - start) as usize + carry.len());
            file.seek(SeekFrom::Start(start)).map_err(fail)?;
            (&mut file)
                .take(end - start)
                .read_to_end(&mut block)
                .map_err(fail)?;
            block.extend_from_slice(&carry);
            // Unless this block starts the file, its first line may be cut: keep it for the next.
            let whole_from = match start {
                0 => 0,
                _ => memchr::memchr(b'\n', &block).map_or(block.len(), |i| i + 1),
            };
            // Newest first: each line runs from just after a newline to `after`.
            let mut after = block.len();
            for at in memchr::memrchr_iter(b'\n', &block[whole_from..])
                .map(|i| i + whole_from + 1)
                .chain([whole_from])
            {
                let line = &block[at..after];
                after = at.saturating_sub(1);
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                if visit(line).is_break() {
                    return Ok(());
                }
            }
            block.truncate(whole_from);
            carry = block;
            end = start;
        }
        Ok(())
    }
}

/// The time text of a line as [`History::append`] writes it, which starts
/// `{"id":"<digits>","time":"<timestamp>"`, found without parsing the line;
/// `None` for a line of any other shape (the caller parses it whole).
fn written_time(line: &[u8]) -> Option<&[u8]> {
    let rest = line.strip_prefix(br#"{"id":""#)?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let rest = rest[digits..].strip_prefix(br#"","time":""#)?;
    let end = rest.iter().position(|b| *b == b'"')?;
    Some(&rest[..end])
}

/// The start of [`History::newest_since`]'s window, to compare written times
/// with. Parsing every line's time cost 700 instructions a line; a time
/// written in UTC to the second (`2026-11-21T23:09:19Z`, perhaps with a
/// fraction) compares as text, to the second, and only a time in the same
/// second or of another shape is parsed.
struct Since {
    time: Timestamp,
    /// `YYYY-MM-DDTHH:MM:SS` of `time`, in UTC.
    second: String,
}

impl Since {
    fn new(time: Timestamp) -> Since {
        Since {
            time,
            second: time.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
        }
    }

    /// Whether `written` (a line's time text) lies before the window.
    fn before_window(&self, written: &[u8]) -> bool {
        const SHAPE: &[u8; 19] = b"dddd-dd-ddTdd:dd:dd";
        let utc_to_the_second = written.len() >= 20
            && written.ends_with(b"Z")
            && written.iter().zip(SHAPE).all(|(b, s)| match s {
                b'd' => b.is_ascii_digit(),
                s => b == s,
            })
            && matches!(written[19], b'Z' | b'.');
        if utc_to_the_second {
            match written[..19].cmp(self.second.as_bytes()) {
                std::cmp::Ordering::Less => return true,
                std::cmp::Ordering::Greater => return false,
                std::cmp::Ordering::Equal => {}
            }
        }
        std::str::from_utf8(written)
            .ok()
            .and_then(|t| t.parse::<Timestamp>().ok())
            .is_some_and(|t| t < self.time)
    }
}

/// The values [`History::newest_since`] looks for, lower-cased, with a line
/// buffer to lower-case each line into (once, whatever the number of values).
struct Lookout {
    finders: Vec<memchr::memmem::Finder<'static>>,
    lower: Vec<u8>,
}

impl Lookout {
    fn new(values: &[String]) -> Lookout {
        let finders = values
            .iter()
            .map(|v| memchr::memmem::Finder::new(v.to_ascii_lowercase().as_bytes()).into_owned())
            .collect();
        Lookout {
            finders,
            lower: Vec::new(),
        }
    }

    /// Whether `line` holds one of the values, ignoring ASCII case.
    fn in_line(&mut self, line: &[u8]) -> bool {
        self.lower.clear();
        self.lower.extend_from_slice(line);
        self.lower.make_ascii_lowercase();
        self.finders.iter().any(|f| f.find(&self.lower).is_some())
    }
}

/// Where `r` stands at `now`, given whether a later record replies to it.
fn state_of(r: &Record, escalated: bool, now: Timestamp) -> State {
    match (escalated, r.due) {
        (true, _) => State::Escalated,
        (false, None) => State::Unknown,
        (false, Some(due)) if now < due => State::Waiting,
        (false, Some(_)) => State::Due,
    }
}

impl Loaded {
    /// The most recent record.
    pub fn last(&self) -> Option<&Record> {
        self.records.last()
    }

    /// The record with `id` (a leading `#` is accepted).
    pub fn find(&self, id: &str) -> Option<&Record> {
        let id = id.trim().trim_start_matches('#');
        self.records.iter().rev().find(|r| r.id == id)
    }

    /// The record with `id`, or the error that says there is none.
    pub fn get(&self, id: &str) -> Result<&Record, Error> {
        self.find(id).ok_or_else(|| Loaded::missing(id))
    }

    /// The error for a ticket ID the history does not hold.
    pub fn missing(id: &str) -> Error {
        Error::Data(format!(
            "there is no ticket \"{id}\" in the history; `9pic-help history` lists them"
        ))
    }

    /// Where `r` stands at `now`: escalated when a later record replies to
    /// it, else waiting or due by its due time (unknown without one).
    pub fn state(&self, r: &Record, now: Timestamp) -> State {
        let escalated = self
            .records
            .iter()
            .any(|later| later.in_reply_to.as_deref() == Some(r.message_id.as_str()));
        state_of(r, escalated, now)
    }

    /// [`Loaded::state`] for many records: the replies are gathered once, so
    /// listing the whole history is linear, not one pass over it per ticket
    /// (300,000 tickets took minutes).
    pub fn states(&self, now: Timestamp) -> impl Fn(&Record) -> State + '_ {
        let replied: HashSet<&str> = self
            .records
            .iter()
            .filter_map(|r| r.in_reply_to.as_deref())
            .collect();
        move |r| state_of(r, replied.contains(r.message_id.as_str()), now)
    }

    /// The history's tickets as the duplicate guard in compose takes them.
    pub fn earlier(&self) -> Vec<Earlier> {
        self.records.iter().map(Earlier::from).collect()
    }
}

impl From<&Record> for Earlier {
    fn from(r: &Record) -> Earlier {
        Earlier {
            id: r.id.clone(),
            subject: r.subject.clone(),
            time: r.time,
            category: r.category.clone(),
            situation: r.situation.clone(),
            due: r.due,
            keys: [
                ("payment_id", &r.keys.payment_id),
                ("event_id", &r.keys.event_id),
                ("domain", &r.keys.domain),
            ]
            .into_iter()
            .filter_map(|(k, v)| Some((k.to_string(), v.clone()?)))
            .collect(),
        }
    }
}

/// Parses JSON lines, skipping blank and unreadable ones.
fn parse(bytes: &[u8]) -> Loaded {
    let mut loaded = Loaded::default();
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Record>(line) {
            Ok(r) => loaded.records.push(r),
            Err(_) => loaded.bad_lines.push(i + 1),
        }
    }
    loaded
}

/// The largest numeric ID so far (0 for none).
fn last_id(records: &[Record]) -> u64 {
    records
        .iter()
        .filter_map(|r| r.id.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_times_compare_with_the_window_as_parsing_them_would() {
        let since: Timestamp = "2026-11-21T12:00:00.5Z".parse().unwrap();
        let window = Since::new(since);
        for written in [
            "2026-11-21T11:59:59Z",
            "2026-11-21T12:00:00Z",
            "2026-11-21T12:00:00.4Z",
            "2026-11-21T12:00:00.5Z",
            "2026-11-21T12:00:00.600Z",
            "2026-11-21T12:00:01Z",
            "2025-12-31T23:59:59.999999999Z",
            "2026-11-21T13:00:00+01:00",
            "2026-11-21T13:00:01+01:00",
            "2026-11-21T11:00:00-01:00",
        ] {
            let parsed: Timestamp = written.parse().unwrap();
            assert_eq!(
                window.before_window(written.as_bytes()),
                parsed < since,
                "{written} against {since}"
            );
        }
        // Text of no known shape is never taken for an old line.
        assert!(!window.before_window(b"yesterday"));
        assert!(!window.before_window(b"2026-11-21T1x:00:00Z"));
    }

    fn new(payment: Option<&str>, time: Timestamp) -> NewRecord {
        NewRecord {
            time,
            category: "billing".into(),
            situation: Some("pending".into()),
            subject: "Payment pending".into(),
            to: "support@9pic.ai".into(),
            message_id: "a@b".into(),
            delivery: "stdout".into(),
            profile: None,
            keys: Keys {
                payment_id: payment.map(str::to_string),
                ..Keys::default()
            },
            response: Some(Response::SameDay),
            due: Some(
                time.saturating_add(jiff::SignedDuration::from_hours(4))
                    .unwrap(),
            ),
            in_reply_to: None,
        }
    }

    #[test]
    fn the_window_is_read_back_only_to_the_newest_record_wanted() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::new(dir.path());
        let t = |s: i64| Timestamp::from_second(1_700_000_000 + s).unwrap();
        h.append(new(Some("pay_OLD"), t(0))).unwrap();
        h.append(new(Some("pay_one"), t(100_000))).unwrap();
        h.append(new(Some("PAY_TWO"), t(100_100))).unwrap();
        h.append(new(None, t(100_200))).unwrap();
        // A line in another shape (keys reordered by hand) is parsed whole.
        let mut by_hand = serde_json::to_value(h.newest().unwrap().unwrap()).unwrap();
        by_hand["id"] = "5".into();
        by_hand["time"] = serde_json::to_value(t(100_300)).unwrap();
        by_hand["payment_id"] = "pay_x\"y".into();
        let mut line = Vec::new();
        let object = by_hand.as_object().unwrap();
        line.extend(b"{");
        for (i, (k, v)) in object.iter().rev().enumerate() {
            if i > 0 {
                line.push(b',');
            }
            line.extend(serde_json::to_vec(k).unwrap());
            line.push(b':');
            line.extend(serde_json::to_vec(v).unwrap());
        }
        line.extend(b"}\n");
        crate::store::private::append_synced(&h.path(), &line).unwrap();
        let since = t(50_000);
        // The records parsed, newest first, when none is wanted: the whole window.
        let ids = |only: Option<&[String]>| -> Vec<String> {
            let mut seen = Vec::new();
            let found = h.newest_since(since, only, |r| {
                seen.push(r.id.clone());
                false
            });
            assert!(found.unwrap().is_none());
            seen
        };
        assert_eq!(ids(None), ["5", "4", "3", "2"], "the window, newest first");
        let two = ["pay_two".to_string()];
        assert_eq!(
            ids(Some(&two)),
            ["5", "3"],
            "ASCII case aside; the odd line parsed"
        );
        assert_eq!(ids(Some(&[])), ["5"], "nothing looked for");
        let quoted = ["pay_x\"y".to_string()];
        assert_eq!(
            ids(Some(&quoted)),
            ["5", "4", "3", "2"],
            "a value JSON escapes"
        );
        // The search stops at the newest record wanted: nothing older is parsed.
        let mut seen = Vec::new();
        let found = h.newest_since(since, None, |r| {
            seen.push(r.id.clone());
            r.keys.payment_id.as_deref() == Some("PAY_TWO")
        });
        assert_eq!(found.unwrap().map(|r| r.id).as_deref(), Some("3"));
        assert_eq!(seen, ["5", "4", "3"]);
    }

    #[test]
    fn reading_back_crosses_blocks_without_losing_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::new(dir.path());
        let t = Timestamp::from_second(1_700_000_000).unwrap();
        for i in 0..600 {
            h.append(new(Some(&format!("pay_{i}")), t)).unwrap();
        }
        assert!(std::fs::metadata(h.path()).unwrap().len() > 2 * 64 * 1024);
        let mut ids = Vec::new();
        h.scan_back(|r| {
            ids.push(r.id.parse::<u32>().unwrap());
            ControlFlow::Continue(())
        })
        .unwrap();
        assert_eq!(ids, (1..=600).rev().collect::<Vec<_>>());
    }

    #[test]
    fn ids_count_up_and_torn_lines_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::new(dir.path());
        let t = Timestamp::from_second(1_700_000_000).unwrap();
        assert_eq!(h.append(new(Some("P1"), t)).unwrap().id, "1");
        // A writer killed mid-line leaves a torn record without a newline.
        std::fs::OpenOptions::new()
            .append(true)
            .open(h.path())
            .and_then(|mut f| std::io::Write::write_all(&mut f, b"{\"id\":\"2\",\"ti"))
            .unwrap();
        assert_eq!(h.append(new(None, t)).unwrap().id, "2");
        let loaded = h.load().unwrap();
        assert_eq!(loaded.records.len(), 2);
        assert_eq!(loaded.bad_lines, vec![2]);
        assert_eq!(loaded.find("#2").map(|r| r.id.as_str()), Some("2"));
    }

    #[test]
    fn a_stored_record_reads_back_whole() {
        let t = Timestamp::from_second(1_700_000_000).unwrap();
        let mut n = new(Some("PAY-1"), t);
        n.keys.event_id = Some("EV-2".into());
        n.keys.domain = Some("photos.example".into());
        n.profile = Some("work".into());
        n.in_reply_to = Some("<x@y>".into());
        let dir = tempfile::tempdir().unwrap();
        let stored = History::new(dir.path()).append(n).unwrap();
        let line = serde_json::to_string(&stored).unwrap();
        assert!(
            line.contains("\"event_id\":\"EV-2\""),
            "keys stay inline: {line}"
        );
        let read: Record = serde_json::from_str(&line).unwrap();
        assert_eq!(read, stored);
    }

    #[test]
    fn earlier_tickets_carry_their_duplicate_keys() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::new(dir.path());
        let t = Timestamp::from_second(1_700_000_000).unwrap();
        h.append(new(Some("PAY-1"), t)).unwrap();
        let earlier = h.load().unwrap().earlier();
        assert_eq!(earlier.len(), 1);
        assert_eq!(earlier[0].time, t);
        assert_eq!(earlier[0].situation.as_deref(), Some("pending"));
        assert_eq!(
            earlier[0].keys,
            vec![("payment_id".to_string(), "PAY-1".to_string())]
        );
    }

    #[test]
    fn states_follow_the_due_time_and_later_replies() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::new(dir.path());
        let t = Timestamp::from_second(1_700_000_000).unwrap();
        let first = h.append(new(Some("PAY-1"), t)).unwrap();
        let loaded = h.load().unwrap();
        let r = &loaded.records[0];
        let hours = |n: i64| {
            t.saturating_add(jiff::SignedDuration::from_hours(n))
                .unwrap()
        };
        assert_eq!(loaded.state(r, hours(3)), State::Waiting);
        assert_eq!(loaded.state(r, hours(4)), State::Due);
        let mut reply = new(None, hours(5));
        reply.in_reply_to = Some(first.message_id.clone());
        reply.message_id = "c@d".into();
        h.append(reply).unwrap();
        let loaded = h.load().unwrap();
        assert_eq!(loaded.state(&loaded.records[0], hours(5)), State::Escalated);
        assert_eq!(loaded.state(&loaded.records[1], hours(5)), State::Waiting);
        // The same, gathered once for a whole listing.
        let states = loaded.states(hours(5));
        assert_eq!(states(&loaded.records[0]), State::Escalated);
        assert_eq!(states(&loaded.records[1]), State::Waiting);
        assert_eq!(loaded.states(hours(3))(&loaded.records[1]), State::Waiting);
        let mut unreplied = loaded.records[1].clone();
        unreplied.due = Some(hours(4));
        assert_eq!(states(&unreplied), State::Due);
    }

    #[test]
    fn records_without_a_due_time_still_load() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::new(dir.path());
        let old = br#"{"id":"1","time":"2026-11-20T10:00:00Z","category":"bug","subject":"S","to":"support@9pic.ai","message_id":"<a@b>","delivery":"stdout"}"#;
        private::append_synced(&h.path(), &[old.as_slice(), b"\n"].concat()).unwrap();
        let loaded = h.load().unwrap();
        assert!(loaded.bad_lines.is_empty());
        let r = &loaded.records[0];
        assert_eq!((r.due, r.response), (None, None));
        assert_eq!(loaded.state(r, Timestamp::MAX), State::Unknown);
    }
}
