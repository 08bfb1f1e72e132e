//! The profiles file in a config directory: read, and changed under a lock
//! with an atomic replace; a file that does not parse is never overwritten.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::store::private;

use super::data::{FILE_NAME, LOCK_NAME, Profile, ProfileFile};

/// The profiles file in a config directory.
#[derive(Debug, Clone)]
pub struct Profiles {
    dir: PathBuf,
}

impl Profiles {
    /// The profiles kept in `config_dir`.
    pub fn new(config_dir: &Path) -> Profiles {
        Profiles {
            dir: config_dir.to_path_buf(),
        }
    }

    /// Path of the profiles file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// Reads the file (an empty set when it does not exist), tightening loose modes.
    /// A file that does not parse is a config error naming the position; it is left
    /// exactly as it is.
    pub fn load(&self) -> Result<ProfileFile, Error> {
        private::check_existing_dir(&self.dir)?;
        let path = self.path();
        match private::read_private(&path)? {
            None => Ok(ProfileFile::default()),
            Some(bytes) => parse_file(&path, &bytes),
        }
    }

    /// Runs `change` on the current file under the lock and saves the result atomically.
    /// Nothing is written when `change` fails or the file does not parse.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut ProfileFile) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let _lock = private::lock(&self.dir, LOCK_NAME)?;
        let mut file = self.load()?;
        let out = change(&mut file)?;
        let mut bytes = serde_json::to_vec_pretty(&file).map_err(|e| Error::CantCreate {
            path: self.path(),
            source: e.into(),
        })?;
        bytes.push(b'\n');
        private::write_atomic(&self.path(), &bytes)?;
        Ok(out)
    }
}

/// Parses the profiles file; a syntax error names the path, line and column.
fn parse_file(path: &Path, bytes: &[u8]) -> Result<ProfileFile, Error> {
    serde_json::from_slice(bytes).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Eof => "is cut short (truncated)",
            serde_json::error::Category::Data => "has an unexpected value",
            _ => "is not valid JSON",
        };
        let detail = e.to_string();
        let detail = detail
            .rsplit_once(" at line ")
            .map_or(detail.as_str(), |(msg, _)| msg);
        Error::Config {
            message: format!(
                "the profile file {} {what}: {detail} at line {}, column {}",
                path.display(),
                e.line(),
                e.column()
            ),
            hint: Some(format!(
                "it was left untouched: fix it in an editor, or move it away (mv {p} {p}.bad) \
                 and run `9pic-help profile init` again",
                p = path.display()
            )),
        }
    })
}

impl ProfileFile {
    /// The profile to use: `wanted` (from `--profile` or the environment) if given, else
    /// the default. `Ok(None)` when no profile is wanted and none is the default.
    pub fn select(&self, wanted: Option<&str>) -> Result<Option<(&str, &Profile)>, Error> {
        let name = match wanted {
            Some(name) => name,
            None => match self.default.as_deref() {
                Some(name) => name,
                None => return Ok(None),
            },
        };
        match self.profiles.get_key_value(name) {
            Some((name, p)) => Ok(Some((name.as_str(), p))),
            None => Err(self.unknown(name)),
        }
    }

    /// The error for a profile name that does not exist.
    pub fn unknown(&self, name: &str) -> Error {
        let known: Vec<&str> = self.profiles.keys().map(String::as_str).collect();
        Error::Config {
            message: format!("there is no profile named \"{name}\""),
            hint: Some(if known.is_empty() {
                format!("create it: 9pic-help profile init {name} --org NAME --login-email EMAIL")
            } else {
                format!(
                    "known profiles: {}; create it with `9pic-help profile init {name}`",
                    known.join(", ")
                )
            }),
        }
    }
}
