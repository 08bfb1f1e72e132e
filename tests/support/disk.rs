//! Real faulty places for the tool's files: a small tmpfs mounted over a
//! sandbox directory (a full disk), and runs as an unprivileged user (`nobody`
//! through `setpriv`). Both need root, as CI has; without it the test fails
//! saying why, never skips.

use std::ffi::OsStr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{Output, Sandbox, bin, require};

/// A tmpfs of a few KiB mounted at a directory, unmounted when dropped.
pub struct Tmpfs {
    pub dir: PathBuf,
}

impl Tmpfs {
    /// Mounts a tmpfs of `kib` KiB over `dir` (owner-only, like the tool's own
    /// directories), failing the test with the reason when it cannot.
    pub fn mount(dir: &Path, kib: u32) -> Tmpfs {
        let mount = require("mount", "mount");
        let out = Command::new(mount)
            .args(["-t", "tmpfs", "-o"])
            .arg(format!("size={kib}k,mode=0700"))
            .arg("tmpfs")
            .arg(dir)
            .output()
            .expect("run mount");
        assert!(
            out.status.success(),
            "cannot mount a tmpfs at {} (these full-disk tests run as root, as CI does): {}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        Tmpfs {
            dir: dir.to_path_buf(),
        }
    }

    /// Fills the disk: a file `name` grows until the disk refuses more.
    pub fn fill(&self, name: &str) {
        fill(&self.dir.join(name));
    }

    /// Every file name under the mount, recursively, sorted (for checking
    /// that nothing half-written or temporary is left).
    pub fn files(&self) -> Vec<String> {
        let mut out = Vec::new();
        walk(&self.dir, &self.dir, &mut out);
        out.sort();
        out
    }
}

/// Grows `path` until the disk holding it is full.
pub fn fill(path: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(path).expect("create the filler file");
    let chunk = [0u8; 4096];
    while f.write_all(&chunk).is_ok() {}
    // The last partial page too.
    while f.write_all(&[0u8]).is_ok() {}
    let _ = f.sync_all();
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let rel = p.strip_prefix(root).unwrap_or(&p).display().to_string();
        if p.is_dir() {
            walk(root, &p, out);
        } else {
            out.push(rel);
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.dir).status();
    }
}

/// The binary, copied where an unprivileged user can run it, and the sandbox
/// opened up to that user: its directories world-searchable, `config` and
/// `data` owned by `nobody` (the tool refuses state directories it does not own).
pub struct Nobody {
    pub bin: PathBuf,
    _dir: tempfile::TempDir,
}

/// `nobody`'s user and group IDs on Debian.
pub const NOBODY_UID: u32 = 65534;

impl Nobody {
    pub fn new(sandbox: &Sandbox) -> Nobody {
        require("setpriv", "util-linux");
        let dir = tempfile::tempdir().expect("temp dir for the binary");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod the binary's dir");
        let copy = dir.path().join("9pic-help");
        std::fs::copy(bin(), &copy).expect("copy the binary");
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755))
            .expect("chmod the binary");
        std::fs::set_permissions(sandbox.root(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod the sandbox");
        for sub in [
            "home",
            "config",
            "data",
            "files",
            "tmp",
            "xdg-config",
            "xdg-data",
            "xdg-cache",
            "xdg-runtime",
        ] {
            let p = sandbox.path(sub);
            chown_nobody(&p);
        }
        Nobody {
            bin: copy,
            _dir: dir,
        }
    }

    /// The binary as `nobody`, in the sandbox's environment.
    pub fn command<I, S>(&self, sandbox: &Sandbox, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = sandbox.program("/usr/bin/setpriv");
        cmd.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"])
            .arg(&self.bin)
            .args(args);
        cmd
    }

    /// Runs the binary as `nobody` with no stdin.
    pub fn run<I, S>(&self, sandbox: &Sandbox, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let out = self
            .command(sandbox, args)
            .stdin(Stdio::null())
            .output()
            .expect("run setpriv");
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: out.stdout,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// Gives `path` to `nobody:nogroup`.
pub fn chown_nobody(path: &Path) {
    std::os::unix::fs::chown(path, Some(NOBODY_UID), Some(NOBODY_UID)).unwrap_or_else(|e| {
        panic!(
            "chown nobody {}: {e} (these tests run as root)",
            path.display()
        )
    });
}
