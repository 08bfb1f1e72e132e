//! Fuzzes the draft → email road: arbitrary bytes become a ticket command
//! line (any bytes in any text field, non-UTF-8 included), which is composed
//! in process; every accepted email must read back exactly through its text,
//! mailto and eml encodings, and nothing may panic.
//!
//! Input layout: byte 0 picks the category, byte 1 holds option bits, the
//! rest is split on 0xFF into field values.

#![no_main]

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/oracle.rs"]
#[allow(dead_code)]
mod oracle;

#[path = "../../tests/support/road.rs"]
#[allow(dead_code)]
mod road;

/// `--flag=value` with raw bytes for the value.
fn flag(name: &str, value: &[u8]) -> OsString {
    let mut v = format!("--{name}=").into_bytes();
    v.extend_from_slice(value);
    OsString::from_vec(v)
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let (kind, bits) = (data[0], data[1]);
    let fields: Vec<&[u8]> = data[2..].split(|b| *b == 0xFF).collect();
    let f = |i: usize| fields.get(i).copied().unwrap_or(b"x");

    for field in &fields {
        if let Ok(s) = std::str::from_utf8(field) {
            if let Err(e) = oracle::check_redaction(s) {
                panic!("{e}");
            }
        }
    }

    let mut argv: Vec<OsString> = vec![flag("org", f(3)), flag("plan", b"pro")];
    argv.push(if bits & 1 != 0 {
        flag("login-email", f(5))
    } else {
        flag("login-email", b"ops@acme.example")
    });
    if bits & 2 != 0 {
        argv.push(flag("sender-name", f(4)));
    }
    let mut sub = |name: &str, rest: Vec<OsString>| {
        argv.push(OsString::from(name));
        argv.extend(rest);
    };
    match kind % 8 {
        0 => sub(
            "question",
            vec![flag("summary", f(0)), flag("page", f(6)), flag("details", f(1))],
        ),
        1 => sub(
            "bug",
            vec![
                flag("summary", f(0)),
                flag("page", f(6)),
                flag("steps", f(1)),
                flag("expected", f(2)),
                flag("actual", f(7)),
            ],
        ),
        2 => sub("request", vec![flag("summary", f(0)), flag("details", f(1))]),
        3 => sub(
            "security",
            vec![flag("what", f(0)), flag("when", b"1h ago"), flag("details", f(1))],
        ),
        4 => sub(
            "escalate",
            vec![flag("subject", f(6)), flag("summary", f(0))],
        ),
        5 => sub(
            "billing",
            vec![
                flag("issue", b"other"),
                flag("when", b"2h ago"),
                flag("payment-id", f(6)),
                flag("details", f(1)),
            ],
        ),
        6 => sub(
            "enterprise",
            vec![
                flag("volume", f(6)),
                flag("products", b"checkout"),
                flag("timeline", f(0)),
            ],
        ),
        _ => sub(
            "domain",
            vec![
                flag("domain", f(6)),
                flag("cname-target", f(7)),
                flag("connected-at", b"3d ago"),
            ],
        ),
    }
    if bits & 4 != 0 {
        argv.push(flag("tried", f(2)));
    }
    if bits & 8 != 0 {
        argv.push(flag("cc", f(7)));
    }
    if bits & 16 != 0 {
        argv.push(OsString::from("--no-redact"));
    }
    if bits & 32 != 0 {
        argv.push(OsString::from("--force"));
    }

    if let Ok(road::Composed { email, .. }) = road::compose(&argv) {
        let _ = email.text();
        if let Err(e) = oracle::check(&email) {
            panic!("{e}\nargv: {argv:?}");
        }
    }
});
