//! The ticket's own inputs → a [`Draft`]: flag values as text, the profile's
//! identity and cc beside the flags', `--details-file` (or stdin), the
//! attachments' metadata, the time zone and the message's date.

use std::ffi::OsString;
use std::hash::{BuildHasher, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

use std::os::unix::fs::OpenOptionsExt;

use crate::catalog::flags;
use crate::cli::TicketInput;
use crate::compose::draft::{Draft, IdentityDraft, Source, Sourced, Thread};
use crate::compose::values;
use crate::email::Attachment;
use crate::error::{Error, Problem, ProblemKind, Problems};
use crate::options::Identity;
use crate::store::profile::Profile;

/// Gathers every input of a ticket into a [`Draft`]; `now` is the clock in the
/// profile's time zone (see [`now`]). The `--last`/`--ticket` items are not
/// copied: they became `thread`.
pub fn draft(
    flags: &Identity,
    args: TicketInput,
    profile: Option<&Profile>,
    thread: Option<Thread>,
    now: &Zoned,
) -> Result<Draft, Error> {
    let mut problems = Problems::default();
    let mut text = |value: &OsString, flag: &str| -> Option<String> {
        match value.to_str() {
            Some(s) => Some(s.to_string()),
            None => {
                problems.push(Problem::new(
                    ProblemKind::Invalid,
                    flag,
                    "is not valid UTF-8 text",
                ));
                None
            }
        }
    };

    let mut items = Vec::new();
    for (key, values) in args.items.iter().filter(|(k, _)| !THREAD_KEYS.contains(k)) {
        let flag = args
            .category
            .item(key)
            .map(|i| i.long())
            .unwrap_or_default();
        let values: Vec<String> = values.iter().filter_map(|v| text(v, &flag)).collect();
        if !values.is_empty() {
            items.push((*key, values));
        }
    }

    let identity_value = |flag: &Option<OsString>,
                          flag_name: &'static str,
                          from_profile: Option<&String>,
                          key: &'static str,
                          text: &mut dyn FnMut(&OsString, &str) -> Option<String>|
     -> Option<Sourced> {
        match flag {
            Some(v) => text(v, flag_name).map(|value| Sourced {
                value,
                source: Source::Flag,
                name: flag_name,
            }),
            None => from_profile.map(|v| Sourced {
                value: v.clone(),
                source: Source::Profile,
                name: key,
            }),
        }
    };
    let p = profile.cloned().unwrap_or_default();
    let identity = IdentityDraft {
        org: identity_value(&flags.org, "--org", p.org.as_ref(), "org", &mut text),
        login_email: identity_value(
            &flags.login_email,
            "--login-email",
            p.login_email.as_ref(),
            "login_email",
            &mut text,
        ),
        plan: identity_value(&flags.plan, "--plan", p.plan.as_ref(), "plan", &mut text),
        sender_name: identity_value(
            &flags.sender_name,
            "--sender-name",
            p.sender_name.as_ref(),
            "sender_name",
            &mut text,
        ),
        has_profile: profile.is_some(),
    };

    let cc_flag = format!("--{}", flags::CC.name);
    let mut cc: Vec<Sourced> =
        p.cc.iter()
            .map(|value| Sourced {
                value: value.clone(),
                source: Source::Profile,
                name: "cc",
            })
            .collect();
    for v in &args.cc {
        if let Some(value) = text(v, &cc_flag) {
            cc.push(Sourced {
                value,
                source: Source::Flag,
                name: "--cc",
            });
        }
    }

    let tried_flag = format!("--{}", flags::TRIED.name);
    let tried: Vec<String> = args
        .tried
        .iter()
        .filter_map(|v| text(v, &tried_flag))
        .collect();

    let details_flag = format!("--{}", flags::DETAILS.name);
    let mut details = args.details.as_ref().and_then(|v| text(v, &details_flag));
    if let Some(path) = &args.details_file {
        details = read_details(path, &mut problems);
    }

    let details_source = match &args.details_file {
        Some(_) => format!("--{}", flags::DETAILS_FILE.name),
        None => details_flag,
    };
    for (flag, text) in std::iter::once((&details_source, details.as_deref())).chain(
        tried
            .iter()
            .map(|t: &String| (&tried_flag, Some(t.as_str()))),
    ) {
        if let Some(Err(message)) = text.map(values::body_text) {
            problems.push(Problem::new(ProblemKind::Invalid, flag.as_str(), message));
        }
    }

    let attachments = attachments(&args.attach, max_attachment_bytes(profile), &mut problems);

    let (date, nonce) = match source_date_epoch()? {
        Some(fixed) => (fixed, 0),
        None => (now.timestamp(), random_u64()),
    };

    Ok(Draft {
        category: args.category,
        items,
        identity,
        details,
        tried,
        cc,
        attachments,
        force: args.force,
        date,
        nonce,
        problems,
        thread,
    })
}

/// The items of `escalate` that name the ticket to follow up; resolve turns them into a [`Thread`].
pub const THREAD_KEYS: [&str; 2] = ["last", "ticket"];

/// The clock now, in the profile's time zone (else the system's).
pub fn now(profile: Option<&Profile>) -> Result<Zoned, Error> {
    let tz = match profile.and_then(|p| p.timezone.as_ref()) {
        Some(name) => TimeZone::get(name).map_err(|e| Error::Config {
            message: format!("the profile's timezone {name:?} is not a known time zone: {e}"),
            hint: Some("fix it with `9pic-help profile set timezone Area/City`".into()),
        })?,
        None => crate::compose::time::system_time_zone(),
    };
    Ok(Timestamp::now().to_zoned(tz))
}

/// `SOURCE_DATE_EPOCH`, when set, fixes the Date and the Message-ID.
///
/// A value that is not a whole number of seconds from 0 (1970) up to the
/// year 9999 is a configuration error (78), as the reproducible-builds
/// convention asks: a script that sets it wants a fixed date, never the clock.
fn source_date_epoch() -> Result<Option<Timestamp>, Error> {
    let Some(raw) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let parsed = raw
        .to_str()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .filter(|secs| *secs >= 0)
        .and_then(|secs| Timestamp::from_second(secs).ok());
    match parsed {
        Some(ts) => Ok(Some(ts)),
        None => Err(Error::Config {
            message: format!(
                "SOURCE_DATE_EPOCH={} is not a whole number of seconds since 1970 \
                 (0 up to the year 9999)",
                crate::term::escape_controls(&raw.to_string_lossy())
            ),
            hint: Some("set it to a date such as $(date +%s), or unset it to use the clock".into()),
        }),
    }
}

/// A random number from the standard library's per-process hash keys.
fn random_u64() -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    h.write_u32(std::process::id());
    h.finish()
}

/// The most `--details-file` (or standard input) may hold.
pub const MAX_DETAILS_BYTES: u64 = 1024 * 1024;
/// The default limit on all attachments together (`max_attachment_mb` in the profile).
pub const DEFAULT_MAX_ATTACHMENT_MB: u64 = 25;

/// The attachment limit in bytes: the profile's `max_attachment_mb`, else 25 MB.
fn max_attachment_bytes(profile: Option<&Profile>) -> u64 {
    profile
        .and_then(|p| p.max_attachment_mb)
        .map(u64::from)
        .unwrap_or(DEFAULT_MAX_ATTACHMENT_MB)
        .saturating_mul(1000 * 1000)
}

fn read_details(path: &OsString, problems: &mut Problems) -> Option<String> {
    let flag = format!("--{}", flags::DETAILS_FILE.name);
    let mut bytes = Vec::new();
    // Reads at most one byte past the limit: `/dev/zero` or an endless pipe
    // stops there instead of filling memory.
    let limit = MAX_DETAILS_BYTES + 1;
    let result = if path == "-" {
        std::io::stdin()
            .take(limit)
            .read_to_end(&mut bytes)
            .map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes).map(|_| ()))
    };
    let shown = Path::new(path).display();
    if let Err(e) = result {
        problems.push(Problem::new(
            ProblemKind::FileMissing,
            flag,
            format!("cannot read {shown}: {e}"),
        ));
        return None;
    }
    if bytes.len() as u64 > MAX_DETAILS_BYTES {
        problems.push(
            Problem::new(
                ProblemKind::Invalid,
                flag,
                format!("{shown} holds more than 1 MiB, the most details may be"),
            )
            .with_hint("attach a long log with --attach instead, and describe it in --details"),
        );
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(s) => Some(s),
        Err(e) => {
            problems.push(Problem::new(
                ProblemKind::Invalid,
                flag,
                format!(
                    "{shown} is not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            ));
            None
        }
    }
}

/// Each `--attach` checked: a readable regular file (opened, not only looked
/// at, so an unreadable one is refused in every format), and all together
/// within `max_bytes`.
fn attachments(paths: &[OsString], max_bytes: u64, problems: &mut Problems) -> Vec<Attachment> {
    let found: Vec<Attachment> = paths
        .iter()
        .filter_map(|p| attachment(Path::new(p), problems))
        .collect();
    let total = found.iter().fold(0u64, |sum, a| sum.saturating_add(a.size));
    if total > max_bytes {
        problems.push(
            Problem::new(
                ProblemKind::Invalid,
                format!("--{}", flags::ATTACH.name),
                format!(
                    "the attachments come to {:.1} MB together, more than the {} MB allowed",
                    total as f64 / 1e6,
                    max_bytes / 1_000_000
                ),
            )
            .with_hint(
                "attach fewer or smaller files (or raise max_attachment_mb in the profile); \
                 share large files through a link in --details",
            ),
        );
    }
    found
}

fn attachment(path: &Path, problems: &mut Problems) -> Option<Attachment> {
    let flag = format!("--{}", flags::ATTACH.name);
    // Opening checks read permission the way the sinks will; O_NONBLOCK keeps a
    // FIFO without a writer from hanging the open (it is refused just below).
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .and_then(|f| Ok((f.metadata()?, f)));
    match opened {
        // A /proc or /sys file says it is empty and yet has (any amount of)
        // text: its size cannot be checked against the limit. (A page: some
        // read only in whole records, and refuse a one-byte read.)
        Ok((m, f))
            if m.is_file()
                && m.len() == 0
                && !(&f).read(&mut [0u8; 4096]).is_ok_and(|n| n == 0) =>
        {
            problems.push(
                Problem::new(
                    ProblemKind::Invalid,
                    flag,
                    format!(
                        "{} has no size of its own (a /proc or /sys file)",
                        path.display()
                    ),
                )
                .with_hint("copy what you want to send into an ordinary file and attach that"),
            );
            None
        }
        Ok((m, _)) if m.is_file() => Some(Attachment {
            path: PathBuf::from(path),
            filename: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "attachment".into()),
            content_type: mime_guess::from_path(path)
                .first_or_octet_stream()
                .essence_str()
                .to_string(),
            size: m.len(),
        }),
        Ok(_) => {
            problems.push(Problem::new(
                ProblemKind::Invalid,
                flag,
                format!("{} is not a regular file", path.display()),
            ));
            None
        }
        Err(e) => {
            problems.push(Problem::new(
                ProblemKind::FileMissing,
                flag,
                format!("cannot read {}: {e}", path.display()),
            ));
            None
        }
    }
}
