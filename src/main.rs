//! The `9pic-help` binary: parse, answer a completion request, run, print any
//! error once with its causes and hint, exit with its code.

use std::io::Write;
use std::process::ExitCode;

use ninepic_help::options::Format;
use ninepic_help::{Error, run, term};

/// Runs before `main`, while a closed stdout is still closed (see
/// `term::note_stdout_at_start`).
#[used]
#[unsafe(link_section = ".init_array")]
static LOOK_AT_STDOUT: extern "C" fn() = term::note_stdout_at_start;

fn main() -> ExitCode {
    // Before anything can spawn a child: the SMTP password leaves the environment.
    ninepic_help::secret::take_from_environment();
    // A shell asking for completions (NINEPIC_HELP_COMPLETE=<shell>) is answered here, and exits.
    ninepic_help::complete::answer_if_asked();
    let cli = match ninepic_help::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return ExitCode::from(code),
    };
    let format = Format::of(&cli);
    match run(cli) {
        Ok(c) => ExitCode::from(c),
        Err(err) => {
            report(&err, format);
            ExitCode::from(err.exit_code())
        }
    }
}

/// Prints an error once: as text with its chain of causes, or as JSON on
/// stderr for `--format json`.
fn report(err: &Error, format: Format) {
    if format == Format::Json {
        let problems = err.problems().map(|p| &p.0);
        let doc = serde_json::json!({
            "schema": "9pic-help.error/1",
            "exit_code": err.exit_code(),
            "error": format!("{err:#}"),
            "hint": err.hint(),
            "problems": problems,
        });
        // Never `eprintln!`: it panics when stderr is full or gone.
        let _ = writeln!(std::io::stderr().lock(), "{doc}");
        return;
    }
    // Leaving a prompt is the user's own act: the prompt already left the
    // terminal on a fresh line; an error line would only be noise.
    if matches!(err, Error::Quit) {
        return;
    }
    term::error(&format!("{err:#}"));
    if let Some(h) = err.hint() {
        term::hint(h);
    }
}
