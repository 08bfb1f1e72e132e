//! One history record per Message-ID: a `--send` that fails records nothing
//! (the ticket waits in the outbox), and the `outbox send` that delivers it
//! records it once, with `send` as its delivery. A real SMTP server on
//! loopback (aiosmtpd) takes the retry; the misbehaving one refuses first.

use crate::support::bad_smtp::BadSmtp;
use crate::support::smtp::{SmtpServer, sending_profile};
use crate::support::{Programs, Sandbox};

/// `history --json`'s tickets.
fn history(s: &Sandbox) -> Vec<serde_json::Value> {
    let out = s.run(["history", "--json"]);
    assert_eq!(out.code, 0, "history: {}", out.stderr);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("history json");
    doc["tickets"].as_array().expect("tickets").clone()
}

/// Fails a send in `mode`, then delivers it with `outbox send` (plus `extra`)
/// to a real server; returns the sandbox, the history and the delivered message.
fn fail_then_deliver(mode: &str, code: i32, extra: &[&str]) -> (Vec<serde_json::Value>, Vec<u8>) {
    let s = Sandbox::new(Programs::System);
    let bad = BadSmtp::start(&s, mode);
    sending_profile(&s, bad.port, 3);
    let out = s.run([
        "--quiet",
        "bug",
        "--summary",
        "Search is empty",
        "--page",
        "/search",
        "--send",
    ]);
    assert_eq!(out.code, code, "{}", out.stderr);
    assert!(
        out.stderr.contains("kept in the outbox as 1"),
        "{}",
        out.stderr
    );
    assert_eq!(
        history(&s),
        Vec::<serde_json::Value>::new(),
        "a failed send was recorded"
    );

    let good = SmtpServer::start(&s, None, "ok");
    sending_profile(&s, good.port, 3);
    let mut args = vec!["outbox", "send", "1"];
    args.extend(extra);
    let out = s.run(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let messages = good.messages();
    assert_eq!(messages.len(), 1);
    (history(&s), messages[0].0.clone())
}

#[track_caller]
fn assert_one_record_for(history: &[serde_json::Value], message: &[u8]) {
    assert_eq!(history.len(), 1, "{history:#?}");
    let id = history[0]["message_id"].as_str().expect("message_id");
    let text = String::from_utf8_lossy(message);
    assert!(
        text.contains(&format!("Message-ID: {id}")),
        "{id} not in:\n{text}"
    );
    assert_eq!(history[0]["delivery"], "send");
    assert_eq!(history[0]["subject"], "[BUG] Search is empty");
}

#[test]
fn a_refused_send_then_an_outbox_send_is_one_ticket_in_history() {
    let (history, message) = fail_then_deliver("reply-451", 75, &[]);
    assert_one_record_for(&history, &message);
}

#[test]
fn a_maybe_delivered_send_resent_is_one_ticket_in_history() {
    let (history, message) = fail_then_deliver("drop-after-dot", 75, &["--resend"]);
    assert_one_record_for(&history, &message);
}
