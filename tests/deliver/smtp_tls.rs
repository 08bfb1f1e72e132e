//! `--send` over TLS to a real server with certificates from a private CA
//! (made with the openssl CLI): verified, and refused when they do not match.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::smtp::{BODY, args, code, mail_sandbox, text, ticket_args, with};
use crate::support::smtp::SmtpServer;

/// A private CA and a certificate for localhost / 127.0.0.1 signed by it (openssl CLI).
fn make_certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let (ca, ca_key) = (dir.join("ca.pem"), dir.join("ca.key"));
    let (cert, key, csr) = (
        dir.join("srv.pem"),
        dir.join("srv.key"),
        dir.join("srv.csr"),
    );
    let ext = dir.join("ext.cnf");
    std::fs::write(
        &ext,
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n\
         keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .expect("ext.cnf");
    let p = |p: &PathBuf| p.display().to_string();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    let steps: Vec<Vec<String>> = vec![
        ["req", "-x509"]
            .iter()
            .chain(&ec)
            .map(|s| s.to_string())
            .chain([
                "-keyout".into(),
                p(&ca_key),
                "-out".into(),
                p(&ca),
                "-days".into(),
                "2".into(),
                "-subj".into(),
                "/CN=9pic-help test CA".into(),
                "-addext".into(),
                "basicConstraints=critical,CA:TRUE".into(),
                "-addext".into(),
                "keyUsage=critical,keyCertSign".into(),
            ])
            .collect(),
        ["req"]
            .iter()
            .chain(&ec)
            .map(|s| s.to_string())
            .chain([
                "-keyout".into(),
                p(&key),
                "-out".into(),
                p(&csr),
                "-subj".into(),
                "/CN=localhost".into(),
            ])
            .collect(),
        [
            "x509",
            "-req",
            "-in",
            &p(&csr),
            "-CA",
            &p(&ca),
            "-CAkey",
            &p(&ca_key),
            "-CAcreateserial",
            "-out",
            &p(&cert),
            "-days",
            "2",
            "-extfile",
            &p(&ext),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    ];
    for args in steps {
        let out = Command::new("openssl")
            .args(&args)
            .output()
            .expect("run openssl (Debian package openssl)");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            text(&out.stderr)
        );
    }
    (ca, cert, key)
}

#[test]
fn tls_certificates_are_verified() {
    let sandbox = mail_sandbox();
    let (ca, cert, key) = make_certificates(&sandbox.path("files"));
    let base = ticket_args(&sandbox);
    let send = with(&base, &["--send"]);
    for (kind, security) in [("starttls", "starttls"), ("wrapper", "tls")] {
        let tls = [
            "--tls",
            kind,
            "--tls-cert",
            &cert.display().to_string(),
            "--tls-key",
            &key.display().to_string(),
        ]
        .map(str::to_string);
        let tls: Vec<&str> = tls.iter().map(String::as_str).collect();
        let server = SmtpServer::start_with(&sandbox, None, "ok", &tls);
        sandbox.profile("localhost", server.port, None, security);

        // The system does not trust the private CA: refused, kept, nothing sent.
        let out = sandbox.run_in(&args(&send), BODY, &[]);
        assert_eq!(code(&out), 69, "{kind}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("certificate"),
            "{}",
            text(&out.stderr)
        );
        assert!(
            server.messages().is_empty(),
            "{kind}: sent over an unverified TLS link"
        );

        // Trusted through SSL_CERT_FILE: verified, and delivered.
        let ca_file = ca.display().to_string();
        let out = sandbox.run_in(&args(&send), BODY, &[("SSL_CERT_FILE", ca_file.as_str())]);
        assert_eq!(code(&out), 0, "{kind}: {}", text(&out.stderr));
        assert_eq!(server.messages().len(), 1, "{kind}");
    }
    // The two refused tickets wait in the outbox.
    assert_eq!(sandbox.outbox_ids().len(), 2);
}
