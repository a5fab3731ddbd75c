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

/// The prefix of the temporary files `write_atomic` makes beside `path`
/// (`.NAME.tf-tmp-XXXXXX`), so that one a killed save left behind can be
/// recognised and removed by the next save of the same file.
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.tf-tmp-")
}

/// Where a write to `path` really goes: through a symbolic link (or a chain
/// of them) to the file it names, so that the link stays a link.
pub fn write_target(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// directory, fsync, rename. A reader sees the old or the new content, never a
/// torn file. With `keep_backup`, the previous content (if any) is first kept
/// as `path.bak` (itself written atomically).
///
/// A symbolic link is written through (its target is replaced, the link
/// stays); a read-only file is refused (`PermissionDenied`), not replaced;
/// temporary files an earlier, killed write of the same file left behind are
/// removed first.
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    let path = &write_target(path)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let existing = fs::metadata(path).ok();
    if let Some(meta) = &existing {
        if meta.permissions().readonly() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the file is read-only; make it writable or save under another name",
            ));
        }
        if !meta.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a regular file",
            ));
        }
    }
    remove_stale_temps(&dir, &temp_prefix(path));
    let temp = |dir: &Path| {
        tempfile::Builder::new()
            .prefix(&temp_prefix(path))
            .tempfile_in(dir)
    };
    if keep_backup && existing.is_some() {
        let previous = fs::read(path)?;
        let mut bak = temp(&dir)?;
        bak.write_all(&previous)?;
        bak.as_file().sync_all()?;
        bak.persist(backup_path(path)).map_err(|e| e.error)?;
    }
    let mut tmp = temp(&dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // Keep the permissions of the file we replace (tempfile creates 0600).
    if let Some(meta) = &existing {
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

/// Removes `dir/PREFIX*` regular files: temporaries of a write that was
/// killed before its rename. Best effort: a file that cannot be removed stays.
fn remove_stale_temps(dir: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let stale = e.file_name().to_string_lossy().starts_with(prefix)
            && e.file_type().is_ok_and(|t| t.is_file());
        if stale {
            let _ = fs::remove_file(e.path());
        }
    }
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

/// Refuses an export whose output would replace a project file: the project
/// being exported (whatever path names it) or any `*.techfile.json`.
pub fn check_export_target(project: &Path, output: &Path) -> io::Result<()> {
    let same = match (
        fs::canonicalize(project),
        write_target(output).and_then(fs::canonicalize),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let named_project = output.file_name().is_some_and(|n| {
        n.to_string_lossy()
            .to_ascii_lowercase()
            .ends_with(".techfile.json")
    });
    if same || named_project {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{}: refusing to write an export over a project file{}; choose another output name",
                output.display(),
                if same {
                    " (it is the project being exported)"
                } else {
                    ""
                }
            ),
        ));
    }
    Ok(())
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

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_written_through_and_stays_a_link() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        fs::write(&real, b"old").expect("write");
        std::os::unix::fs::symlink("real.json", &link).expect("symlink");
        write_atomic(&link, b"new", true).expect("write through");
        assert!(fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&real).expect("read"), b"new");
        assert_eq!(fs::read(backup_path(&real)).expect("bak"), b"old");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_is_refused_not_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("ro.json");
        fs::write(&p, b"keep").expect("write");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).expect("chmod");
        let e = write_atomic(&p, b"lost", true).expect_err("refused");
        assert_eq!(e.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(fs::read(&p).expect("read"), b"keep");
        assert!(!backup_path(&p).exists());
    }

    #[test]
    fn temporaries_of_a_killed_write_are_removed_by_the_next() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("p.json");
        let stale = dir.path().join(".p.json.tf-tmp-AbC123");
        let other = dir.path().join(".q.json.tf-tmp-AbC123");
        fs::write(&stale, vec![0u8; 4096]).expect("stale");
        fs::write(&other, b"another file's").expect("other");
        write_atomic(&p, b"x", false).expect("write");
        assert!(!stale.exists(), "stale temporary removed");
        assert!(other.exists(), "another file's temporary is not touched");
    }

    #[test]
    fn an_export_never_replaces_a_project_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = dir.path().join("p.json");
        fs::write(&project, b"{}").expect("write");
        let e = check_export_target(&project, &project).expect_err("same file");
        assert!(e.to_string().contains("project being exported"), "{e}");
        let via_dots = dir.path().join(".").join("p.json");
        assert!(check_export_target(&project, &via_dots).is_err());
        assert!(check_export_target(&project, &dir.path().join("other.techfile.json")).is_err());
        assert!(check_export_target(&project, &dir.path().join("out.md")).is_ok());
    }
}
