//! Small shared utilities: atomic file writes with a backup, SHA-256 digests.
//! It owns nothing of the model.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// SHA-256 of `bytes` as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The path of the backup kept beside `path` (`name.ext.bak`).
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// directory, fsync, rename. A reader sees the old or the new content, never a
/// torn file. With `keep_backup`, the previous content (if any) is first kept
/// as `path.bak` (itself written atomically).
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if keep_backup && path.exists() {
        let previous = fs::read(path)?;
        let mut bak = tempfile::NamedTempFile::new_in(&dir)?;
        bak.write_all(&previous)?;
        bak.as_file().sync_all()?;
        bak.persist(backup_path(path)).map_err(|e| e.error)?;
    }
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // Keep the permissions of the file we replace (tempfile creates 0600).
    if let Ok(meta) = fs::metadata(path) {
        let _ = fs::set_permissions(tmp.path(), meta.permissions());
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o644));
        }
    }
    tmp.persist(path).map_err(|e| e.error)?;
    // The rename itself is durable only once the directory is synced.
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Told when a stage of a long job (render, PDF layout, PDF emit) ends, by
/// name (`pdf.layout`, `pdf.fonts`, ...). The library reads no environment
/// for this: the caller chooses the observer.
pub trait Observer {
    fn stage(&self, name: &str);
}

/// The observer that ignores every stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoObserver;

impl Observer for NoObserver {
    fn stage(&self, _name: &str) {}
}

/// Prints each stage's time since the previous one (or since it was made)
/// and the process's RSS and peak to stderr, when enabled; the lines
/// `stage` prints.
#[derive(Debug)]
pub struct Timings {
    enabled: bool,
    since: std::sync::Mutex<std::time::Instant>,
}

impl Timings {
    /// Enabled when `TECHFILE_TIMINGS` is set (for benchmark reports).
    pub fn from_env() -> Timings {
        Timings::new(std::env::var_os("TECHFILE_TIMINGS").is_some())
    }

    pub fn new(enabled: bool) -> Timings {
        Timings {
            enabled,
            since: std::sync::Mutex::new(std::time::Instant::now()),
        }
    }
}

impl Observer for Timings {
    fn stage(&self, name: &str) {
        let mut since = self.since.lock().unwrap_or_else(|e| e.into_inner());
        if self.enabled {
            print_stage(name, since.elapsed());
        }
        *since = std::time::Instant::now();
    }
}

/// Prints how long a stage took to stderr when `TECHFILE_TIMINGS` is set
/// (for benchmark reports; silent otherwise) and restarts the clock. The
/// same lines as `Timings`, for callers that keep their own clock.
pub fn stage(name: &str, since: &mut std::time::Instant) {
    if std::env::var_os("TECHFILE_TIMINGS").is_some() {
        print_stage(name, since.elapsed());
    }
    *since = std::time::Instant::now();
}

fn print_stage(name: &str, elapsed: std::time::Duration) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
            / 1024
    };
    eprintln!(
        "timing {name}: {:.1} ms (RSS {} MiB, peak {} MiB)",
        elapsed.as_secs_f64() * 1e3,
        kib("VmRSS:"),
        kib("VmHWM:")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_empty_input() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn atomic_write_keeps_backup_of_previous_version() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("a.json");
        write_atomic(&p, b"one", true).expect("first write");
        assert!(
            !backup_path(&p).exists(),
            "no backup of a file that did not exist"
        );
        write_atomic(&p, b"two", true).expect("second write");
        assert_eq!(fs::read(&p).expect("read"), b"two");
        assert_eq!(fs::read(backup_path(&p)).expect("read bak"), b"one");
        // No temporary files are left behind.
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
