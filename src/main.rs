//! The `9pic-help` binary: parse, run, print any error once, exit with its code.

use std::process::ExitCode;

use clap::Parser;
use ninepic_help::cli::{Cli, Format};
use ninepic_help::error::code;
use ninepic_help::{Error, run, term};

fn main() -> ExitCode {
    // A shell asking for completions (NINEPIC_HELP_COMPLETE=<shell>) is answered here, and exits.
    ninepic_help::complete::answer_if_asked();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not errors; everything else clap
            // rejects is a usage error (64), not clap's default 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                code::USAGE
            } else {
                code::OK
            });
        }
    };
    let format = cli.global.format;
    match run(cli) {
        Ok(c) => ExitCode::from(c),
        Err(err) => {
            report(&err, format);
            ExitCode::from(err.exit_code())
        }
    }
}

/// Prints an error once: as text, or as JSON on stderr for `--format json`.
fn report(err: &Error, format: Format) {
    if format == Format::Json {
        let problems = err.problems().map(|p| &p.0);
        let doc = serde_json::json!({
            "schema": "9pic-help.error/1",
            "exit_code": err.exit_code(),
            "error": err.to_string(),
            "hint": err.hint(),
            "problems": problems,
        });
        eprintln!("{doc}");
        return;
    }
    term::error(&err.to_string());
    if let Some(h) = err.hint() {
        term::hint(h);
    }
}
