//! The mailto URL (RFC 6068): only cc, subject and body; `%20` for spaces,
//! `%0D%0A` for line breaks, never `+`; decoding gives the email back.

use percent_encoding::percent_decode_str;

use crate::support::{Programs, Sandbox, fixture, split_text, with_id};

const TRICKY: &str = "Ampersand & equals = question ? hash # percent % plus + \
                      slash / quote \" apostrophe ' é ✓ 🙂\nsecond line\n\nafter a blank";

fn mailto_for(extra: &[&str]) -> (String, String) {
    let sb = Sandbox::new(Programs::System);
    let base = [
        with_id(&[
            "question",
            "--summary",
            "Plus + and & and 100% sure?",
            "--details",
            TRICKY,
        ]),
        extra.to_vec(),
    ]
    .concat();
    let text = sb.run(&base).ok();
    let url = sb
        .run([base.clone(), vec!["--format", "mailto"]].concat())
        .ok()
        .trim_end()
        .to_string();
    (text, url)
}

#[test]
fn mailto_round_trips_subject_and_body() {
    let (text, url) = mailto_for(&["--cc", "boss@acme.example,acct@acme.example"]);
    let (headers, body) = split_text(&text);
    let subject = &headers.iter().find(|(k, _)| k == "Subject").unwrap().1;

    let rest = url.strip_prefix("mailto:").expect("mailto scheme");
    let (to, query) = rest.split_once('?').expect("query");
    assert_eq!(to, "support@9pic.ai");
    assert!(!url.contains('+'), "a + in the URL: {url}");
    assert!(
        !url.contains(' ') && !url.contains('\n'),
        "raw whitespace: {url}"
    );
    assert!(url.contains("%20"));
    assert!(url.contains("%0D%0A"));

    let mut fields = Vec::new();
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').expect("k=v");
        fields.push(k.to_string());
        let value = percent_decode_str(v)
            .decode_utf8()
            .expect("utf-8")
            .into_owned();
        match k {
            "subject" => assert_eq!(&value, subject),
            "body" => {
                assert!(
                    !value.replace("\r\n", "").contains(['\r', '\n']),
                    "bare line break"
                );
                assert_eq!(value, body.replace('\n', "\r\n"));
            }
            "cc" => assert_eq!(value, "boss@acme.example,acct@acme.example"),
            other => panic!("unexpected field {other}"),
        }
    }
    assert_eq!(fields, ["cc", "subject", "body"]);
}

#[test]
fn mailto_never_carries_attachments() {
    let shot = fixture("screenshot.png");
    let (_, url) = mailto_for(&["--attach", shot.to_str().unwrap()]);
    let query = url.split_once('?').unwrap().1;
    for pair in query.split('&') {
        let key = pair.split_once('=').unwrap().0;
        assert!(["subject", "body"].contains(&key), "field {key} in {url}");
    }
    // The body still lists the file, so the user remembers to attach it.
    let body = percent_decode_str(query.split("body=").nth(1).unwrap())
        .decode_utf8()
        .unwrap()
        .into_owned();
    assert!(body.contains("screenshot.png"));
}
