//! Where the tool keeps its state, and why: the config directory (profiles) and the
//! data directory (history), each with the source that chose it.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

use crate::error::Error;

/// Environment variable overriding the config directory.
pub const CONFIG_DIR_ENV: &str = "NINEPIC_HELP_CONFIG_DIR";
/// Environment variable overriding the data directory.
pub const DATA_DIR_ENV: &str = "NINEPIC_HELP_DATA_DIR";

/// What chose a directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag, e.g. `--config-dir`.
    Flag(&'static str),
    /// An environment variable.
    Env(&'static str),
    /// The platform's convention (`directories::ProjectDirs`, XDG on Linux).
    Platform,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "{flag} flag"),
            Source::Env(var) => write!(f, "{var} environment variable"),
            Source::Platform => f.write_str("platform default"),
        }
    }
}

impl Source {
    /// A stable machine-readable name: `flag`, `env` or `platform`.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Flag(_) => "flag",
            Source::Env(_) => "env",
            Source::Platform => "platform",
        }
    }

    /// The flag or variable that chose the place, or `directories` for the platform default.
    pub fn name(&self) -> &'static str {
        match self {
            Source::Flag(name) | Source::Env(name) => name,
            Source::Platform => "directories",
        }
    }
}

/// A directory and what chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub path: PathBuf,
    pub source: Source,
}

/// The tool's two state directories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    /// Profiles live here.
    pub config: Located,
    /// The ticket history lives here.
    pub data: Located,
}

impl Dirs {
    /// Picks each directory. Config: the one given (by `--config-dir` or its
    /// environment variable, with its source), else its environment variable, else
    /// the platform default. Data: its environment variable, else the platform
    /// default. `env` looks up a variable (the process environment in production);
    /// empty values count as unset. Relative paths are made absolute against the
    /// current directory.
    pub fn resolve(
        config: Option<(PathBuf, Source)>,
        env: impl Fn(&str) -> Option<OsString>,
    ) -> Result<Dirs, Error> {
        let var = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let platform = || directories::ProjectDirs::from("ai", "9pic", "9pic-help");
        let config = match (config, var(CONFIG_DIR_ENV)) {
            (Some((p, source)), _) => located(p, source),
            (None, Some(p)) => located(p, Source::Env(CONFIG_DIR_ENV)),
            (None, None) => match platform() {
                Some(d) => located(d.config_dir().to_path_buf(), Source::Platform),
                None => return Err(no_home(CONFIG_DIR_ENV)),
            },
        };
        let data = match var(DATA_DIR_ENV) {
            Some(p) => located(p, Source::Env(DATA_DIR_ENV)),
            None => match platform() {
                Some(d) => located(d.data_dir().to_path_buf(), Source::Platform),
                None => return Err(no_home(DATA_DIR_ENV)),
            },
        };
        Ok(Dirs { config, data })
    }
}

/// `path` made absolute, with its source.
fn located(path: PathBuf, source: Source) -> Located {
    let path = std::path::absolute(&path).unwrap_or(path);
    Located { path, source }
}

/// No home directory to derive the platform default from.
fn no_home(var: &str) -> Error {
    Error::Config {
        message: "cannot find a home directory for the tool's files".into(),
        hint: Some(format!("set HOME, or {var}")),
    }
}

/// Puts `path` into a JSON object under `key` (see [`crate::email::json_path`]).
pub fn insert_path(
    object: &mut serde_json::Map<String, serde_json::Value>,
    key: &str,
    path: &std::path::Path,
) {
    let (text, bytes) = crate::email::json_path(path);
    object.insert(key.to_string(), text.into());
    if let Some(b) = bytes {
        object.insert(format!("{key}_bytes_base64"), b.into());
    }
}

/// A JSON object holding only `path` under `key` (see [`crate::email::json_path`]).
pub fn path_object(key: &str, path: &std::path::Path) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    insert_path(&mut object, key, path);
    serde_json::Value::Object(object)
}
