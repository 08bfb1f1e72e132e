//! Header and address safety, checked before any mail library sees a value:
//! no control character can add or split a header, and an address is a bare
//! dot-atom at a DNS name, nothing a header could be smuggled in with.

/// Why a header-bound value is unsafe, if it is.
///
/// Refuses CR, LF, NUL and every other C0 control, DEL, the C1 controls (NEL
/// among them), the Unicode line and paragraph separators, and bidirectional
/// overrides that could disguise a subject.
pub fn check_header_value(value: &str) -> Result<(), String> {
    for c in value.chars() {
        let bad = matches!(
            c,
            '\u{0}'..='\u{1f}'
                | '\u{7f}'..='\u{9f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        );
        if bad {
            return Err(format!(
                "contains the control character U+{:04X}, which is not allowed in a header",
                c as u32
            ));
        }
    }
    Ok(())
}

/// Validates an email address: one `@`, a dot-atom local part, a host name.
///
/// Stricter than lettre: no display names, comments, quoted strings, URL
/// parameters or anything else a header could be smuggled in with.
pub fn check_address(value: &str) -> Result<(), String> {
    check_header_value(value)?;
    // RFC 5321: a path holds at most 256 octets, so an address at most 254.
    if value.len() > 254 {
        return Err(format!(
            "is {} characters long; an email address has at most 254",
            value.len()
        ));
    }
    let Some((local, domain)) = value.rsplit_once('@') else {
        return Err(format!("\"{value}\" is not an email address (no @)"));
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(atext));
    if !local_ok {
        return Err(format!(
            "\"{value}\" is not an email address (bad local part)"
        ));
    }
    check_host(domain).map_err(|_| format!("\"{value}\" is not an email address (bad domain)"))?;
    if !domain.contains('.') {
        return Err(format!(
            "\"{value}\" is not an email address (the domain has no dot)"
        ));
    }
    value
        .parse::<lettre::Address>()
        .map(|_| ())
        .map_err(|e| format!("\"{value}\" is not an email address ({e})"))
}

/// Whether `host` (without a trailing dot) is a DNS name: 1–253 characters of
/// dot-separated labels of letters, digits and inner hyphens, not all-numeric
/// at the end (that would be an IP address).
pub fn is_dns_name(host: &str) -> bool {
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let numeric_tld = host
        .rsplit('.')
        .next()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()));
    !host.is_empty() && host.len() <= 253 && host.split('.').all(label_ok) && !numeric_tld
}

/// Validates a public host name such as a custom domain: a DNS name with a dot.
pub fn check_host(value: &str) -> Result<(), String> {
    let host = value.strip_suffix('.').unwrap_or(value);
    if !is_dns_name(host) {
        return Err(format!("\"{value}\" is not a valid host name"));
    }
    if !host.contains('.') {
        return Err(format!("\"{value}\" is not a full host name (no dot)"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_refuse_controls() {
        for bad in [
            "a\r\nBcc: x@y",
            "a\nb",
            "a\rb",
            "a\u{2028}b",
            "a\u{85}b",
            "a\0b",
            "a\tb",
            "a\u{7f}",
        ] {
            assert!(check_header_value(bad).is_err(), "{bad:?} accepted");
        }
        assert!(check_header_value("Café – ünïcode ✓").is_ok());
    }

    #[test]
    fn addresses() {
        for good in ["a@b.co", "first.last+tag@sub.example.org"] {
            assert!(check_address(good).is_ok(), "{good} refused");
        }
        for bad in [
            "help@x.org?attach=/etc/passwd",
            "a@b",
            "@b.co",
            "a..b@c.co",
            "Name <a@b.co>",
            "a@b.co\r\nBcc: x@y.z",
            "a@-b.co",
            "a@1.2.3.4",
        ] {
            assert!(check_address(bad).is_err(), "{bad} accepted");
        }
    }
}
