//! `--edit`: the body in the user's editor (`$VISUAL`, `$EDITOR`, `vi`),
//! through a private draft file, and the check the edited text must pass.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::store::private;
use crate::term;

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`.
fn editor_command() -> Result<String, Error> {
    for var in ["VISUAL", "EDITOR"] {
        match std::env::var_os(var) {
            Some(v) if v.is_empty() => continue,
            Some(v) => {
                return v.into_string().map_err(|_| {
                    Error::Data(format!(
                        "${var} is not valid UTF-8; set it to your editor's command"
                    ))
                });
            }
            None => continue,
        }
    }
    Ok("vi".into())
}

/// Opens `body` in the user's editor and returns the edited text and the
/// private draft that holds it (`drafts_dir/edit-XXXXXX.txt`, 0600, created
/// before the editor starts, so the editor works on a file only we can read).
///
/// Every failure from here on names the draft in its hint: an editor that
/// exits non-zero cancels (130), an empty result cancels, text that is not
/// UTF-8 or holds control characters is refused (65), an editor that removed
/// its file is an error (66) with the composed body saved again as a draft.
/// The editor never sees the SMTP password variable.
pub fn edit_body(body: &str, drafts_dir: &Path) -> Result<(String, PathBuf), Error> {
    let command = editor_command()?;
    let path = private::write_new_private(drafts_dir, "edit-", ".txt", body.as_bytes())?;
    // Through the shell, like git: `EDITOR="code --wait"` works, the file is "$1".
    let status = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(format!("{command} \"$@\""))
        .arg(&command)
        .arg(&path)
        .env_remove(crate::secret::PASSWORD_ENV)
        .status()
        .map_err(|io| {
            Error::Unavailable {
                what: format!("could not run the editor `{command}`: {io}"),
                hint: Some("set VISUAL or EDITOR to an editor's command".into()),
            }
            .with_draft(&path)
        })?;
    // The shell's own codes for a command it could not find or run.
    if matches!(status.code(), Some(126 | 127)) {
        let _ = std::fs::remove_file(&path);
        return Err(Error::Unavailable {
            what: format!("could not run the editor `{command}` (the shell exited with {status})"),
            hint: Some("set VISUAL or EDITOR to an editor's command".into()),
        });
    }
    if !status.success() {
        term::note(&format!(
            "the editor `{command}` exited with {status}; nothing was sent"
        ));
        return Err(Error::Cancelled.with_draft(&path));
    }
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            let saved = private::write_new_private(drafts_dir, "edit-", ".txt", body.as_bytes())?;
            return Err(Error::NoInput {
                path: path.clone(),
                source: format!("the editor left no file to read back ({e}); nothing was sent")
                    .into(),
            }
            .with_draft(&saved));
        }
    };
    let edited = String::from_utf8(bytes).map_err(|e| {
        Error::Data(format!(
            "the edited text is not UTF-8 (invalid byte at offset {}); save it as UTF-8 and try again",
            e.utf8_error().valid_up_to()
        ))
        .with_draft(&path)
    })?;
    if edited.trim().is_empty() {
        // Emptied on purpose: there is nothing to keep.
        let _ = std::fs::remove_file(&path);
        return Err(Error::Cancelled);
    }
    check_body(&edited).map_err(|e| e.with_draft(&path))?;
    Ok((edited, path))
}

/// The edited body under the same rule as every other body text.
pub fn check_body(body: &str) -> Result<(), Error> {
    crate::compose::values::body_text(body)
        .map_err(|e| Error::Data(format!("the edited body {e}; remove it and try again")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_check_allows_text_and_refuses_controls() {
        assert!(check_body("Hi,\r\n\tindented\nCafé ✓").is_ok());
        assert!(check_body("a\u{0}b").is_err());
        assert!(check_body("a\u{1b}[2Jb").is_err());
    }
}
