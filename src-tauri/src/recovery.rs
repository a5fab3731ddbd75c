//! Recovery files: while the open project has unsaved changes, the app
//! writes them every few seconds (`ENV_AUTOSAVE_MS`, default
//! `DEFAULT_AUTOSAVE`) to a recovery file, never to the project itself; at
//! the next start (or open) of that project, a recovery file newer than the
//! project is offered to restore or discard. Without Tauri.
//!
//! Where: beside the project, `<dir>/.<file name>.recovery`; for the bundled
//! example (or any project without a file) `untitled.techfile.recovery` in
//! the app's data dir (`<app data dir>/recovery/`, or `ENV_RECOVERY_DIR`).
//!
//! What: one JSON object, `{"recovery": {format, project, written_ms,
//! revision}, "techfile": {...}}`, written atomically
//! (`techfile::util::write_atomic`: temp file, fsync, rename). `project` is
//! the project's absolute path (null for untitled) so a file that belongs to
//! another project (a copied folder) is not offered, and `written_ms` is
//! compared with the project file's modification time so one older than the
//! project (saved since, by this or another app) is not offered either. A
//! file that cannot be read is offered with its error: the user sees it
//! and may discard it; it never stops the project from opening.
//!
//! A save without errors and a discard (on close, on opening another
//! project, or of the offer) remove the file.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use techfile::TechFile;

use crate::error::IpcError;

/// Milliseconds between recovery writes; `0` turns them off.
pub const ENV_AUTOSAVE_MS: &str = "TECHFILE_AUTOSAVE_MS";
/// Where the recovery file of a project without a file goes.
pub const ENV_RECOVERY_DIR: &str = "TECHFILE_RECOVERY_DIR";
pub const DEFAULT_AUTOSAVE: Duration = Duration::from_secs(5);
/// The file name of the untitled project's recovery file.
pub const UNTITLED: &str = "untitled.techfile.recovery";
const FORMAT: &str = "techfile-recovery-1";

/// The interval from `ENV_AUTOSAVE_MS` (a number of milliseconds); `None`
/// turns autosave off.
pub fn interval(env: Option<&str>) -> Option<Duration> {
    match env.map(str::trim) {
        None | Some("") => Some(DEFAULT_AUTOSAVE),
        Some(v) => match v.parse::<u64>() {
            Ok(0) => None,
            Ok(ms) => Some(Duration::from_millis(ms)),
            Err(_) => {
                eprintln!(
                    "techfile-desktop: {ENV_AUTOSAVE_MS}={v:?} is not a number of milliseconds; autosaving every {} s",
                    DEFAULT_AUTOSAVE.as_secs()
                );
                Some(DEFAULT_AUTOSAVE)
            }
        },
    }
}

/// The recovery file of the project at `project`, or of an untitled one in
/// `untitled_dir` (none when that is not known).
pub fn file_for(project: Option<&Path>, untitled_dir: Option<&Path>) -> Option<PathBuf> {
    match project {
        Some(p) => {
            let name = p.file_name()?.to_string_lossy();
            Some(p.with_file_name(format!(".{name}.recovery")))
        }
        None => untitled_dir.map(|d| d.join(UNTITLED)),
    }
}

/// What the recovery file says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Meta {
    format: String,
    /// The project's absolute path; null for an untitled project.
    project: Option<String>,
    /// When it was written, in milliseconds since the Unix epoch.
    written_ms: u64,
    /// The session's revision it holds.
    revision: u64,
}

#[derive(Serialize)]
struct Out<'a> {
    recovery: &'a Meta,
    techfile: &'a TechFile,
}

#[derive(Deserialize)]
struct Head {
    recovery: Meta,
}

#[derive(Deserialize)]
struct Body {
    recovery: Meta,
    techfile: TechFile,
}

/// A recovery file found for the project being opened (ui/src/lib/types.ts
/// `RecoveryOffer`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Offer {
    /// The recovery file.
    pub file: String,
    /// When it was written (ms since the Unix epoch); 0 when unreadable.
    pub written_ms: u64,
    /// Set when the file cannot be read: why. It can then only be discarded.
    pub error: Option<String>,
}

fn now_ms() -> u64 {
    ms(SystemTime::now())
}

fn ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn project_key(project: Option<&Path>) -> Option<String> {
    project.map(|p| p.display().to_string())
}

/// The text of a recovery file of `tf` (taken while the project is held,
/// written after: see `write`).
pub fn text(project: Option<&Path>, revision: u64, tf: &TechFile) -> Result<String, IpcError> {
    let meta = Meta {
        format: FORMAT.into(),
        project: project_key(project),
        written_ms: now_ms(),
        revision,
    };
    serde_json::to_string(&Out {
        recovery: &meta,
        techfile: tf,
    })
    .map_err(|e| {
        IpcError::new(
            "recovery.write",
            format!("cannot write the recovery file: {e}"),
        )
    })
}

/// Writes `text` to `file` atomically (creating the folder of an untitled
/// project's file).
pub fn write(file: &Path, text: &str) -> Result<(), IpcError> {
    let fail = |e: std::io::Error| {
        IpcError::new(
            "recovery.write",
            format!("{}: cannot write the recovery file: {e}", file.display()),
        )
    };
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    techfile::util::write_atomic(file, text.as_bytes(), false).map_err(fail)
}

/// Removes `file`; one already gone is fine.
pub fn remove(file: &Path) -> Result<(), IpcError> {
    match std::fs::remove_file(file) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(IpcError::new(
            "recovery.remove",
            format!("{}: cannot remove the recovery file: {e}", file.display()),
        )),
    }
}

fn read(file: &Path) -> Result<String, String> {
    let bytes =
        techfile::util::read_input(file, techfile::store::MAX_PROJECT_BYTES).map_err(|e| {
            let why = match e {
                techfile::util::ReadError::Io(e) => e.to_string(),
                techfile::util::ReadError::TooLarge(_) => format!(
                    "larger than {} MiB",
                    techfile::store::MAX_PROJECT_BYTES / 1024 / 1024
                ),
            };
            format!("{}: cannot read the recovery file: {why}", file.display())
        })?;
    String::from_utf8(bytes)
        .map_err(|_| format!("{}: the recovery file is not UTF-8", file.display()))
}

fn unreadable(file: &Path, e: &serde_json::Error) -> String {
    format!(
        "{}: not a recovery file this version can read: {e}",
        file.display()
    )
}

/// The recovery file of `project` at `file`, if one is there to offer: it
/// names this project and is newer than the project file (or cannot be
/// read, then with the error). `None` when there is none, or it belongs to
/// another project, or the project was saved after it was written.
pub fn find(file: &Path, project: Option<&Path>) -> Option<Offer> {
    if !file.exists() {
        return None;
    }
    let offer = |written_ms, error| {
        Some(Offer {
            file: file.display().to_string(),
            written_ms,
            error,
        })
    };
    let text = match read(file) {
        Ok(t) => t,
        Err(e) => return offer(0, Some(e)),
    };
    let meta = match serde_json::from_str::<Head>(&text) {
        Ok(h) => h.recovery,
        Err(e) => return offer(0, Some(unreadable(file, &e))),
    };
    if meta.format != FORMAT {
        return offer(
            0,
            Some(format!(
                "{}: a recovery file of format `{}`; this version reads `{FORMAT}`",
                file.display(),
                meta.format
            )),
        );
    }
    if meta.project != project_key(project) {
        return None;
    }
    if let Some(p) = project {
        let saved = std::fs::metadata(p).and_then(|m| m.modified()).map(ms);
        if saved.is_ok_and(|saved| saved > meta.written_ms) {
            return None;
        }
    }
    // Parse it whole now, so that an offer to restore can be kept.
    if let Err(e) = serde_json::from_str::<Body>(&text) {
        return offer(meta.written_ms, Some(unreadable(file, &e)));
    }
    offer(meta.written_ms, None)
}

/// The project the recovery file at `file` holds, if it is `project`'s.
pub fn load(file: &Path, project: Option<&Path>) -> Result<TechFile, IpcError> {
    let err = |m: String| IpcError::new("recovery.read", m);
    let text = read(file).map_err(err)?;
    let body: Body = serde_json::from_str(&text).map_err(|e| err(unreadable(file, &e)))?;
    if body.recovery.project != project_key(project) {
        return Err(err(format!(
            "{}: the recovery file is of another project ({})",
            file.display(),
            body.recovery.project.as_deref().unwrap_or("untitled")
        )));
    }
    Ok(body.techfile)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> TechFile {
        techfile::example::example().expect("example")
    }

    #[test]
    fn the_file_goes_beside_the_project_or_in_the_data_dir() {
        assert_eq!(
            file_for(Some(Path::new("/p/dev.techfile.json")), None),
            Some(PathBuf::from("/p/.dev.techfile.json.recovery"))
        );
        assert_eq!(
            file_for(None, Some(Path::new("/data/recovery"))),
            Some(PathBuf::from("/data/recovery/untitled.techfile.recovery"))
        );
        assert_eq!(file_for(None, None), None);
    }

    #[test]
    fn the_interval_comes_from_the_environment() {
        assert_eq!(interval(None), Some(DEFAULT_AUTOSAVE));
        assert_eq!(interval(Some("250")), Some(Duration::from_millis(250)));
        assert_eq!(interval(Some("0")), None);
        assert_eq!(interval(Some("soon")), Some(DEFAULT_AUTOSAVE));
    }

    #[test]
    fn a_written_file_is_offered_and_loads_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = dir.path().join("p.techfile.json");
        std::fs::write(&project, "{}").expect("project");
        std::thread::sleep(Duration::from_millis(20));
        let file = file_for(Some(&project), None).expect("file");
        let mut tf = example();
        tf.device.trade_name = "Recovered".into();
        write(&file, &text(Some(&project), 7, &tf).expect("text")).expect("write");
        let offer = find(&file, Some(&project)).expect("offered");
        assert_eq!(offer.error, None);
        assert_eq!(offer.file, file.display().to_string());
        assert!(offer.written_ms > 0);
        assert_eq!(load(&file, Some(&project)).expect("loads"), tf);
        assert_eq!(std::fs::read_to_string(&project).expect("read"), "{}");
        remove(&file).expect("remove");
        assert!(!file.exists());
        remove(&file).expect("removing it twice is fine");
        assert_eq!(find(&file, Some(&project)), None);
    }

    #[test]
    fn a_file_of_another_project_is_not_offered_nor_loaded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let here = dir.path().join("p.techfile.json");
        let elsewhere = Path::new("/elsewhere/p.techfile.json");
        std::fs::write(&here, "{}").expect("project");
        let file = file_for(Some(&here), None).expect("file");
        write(&file, &text(Some(elsewhere), 1, &example()).expect("text")).expect("write");
        assert_eq!(find(&file, Some(&here)), None);
        let e = load(&file, Some(&here)).expect_err("another project's");
        assert_eq!(e.code, "recovery.read");
        assert!(e.message.contains("/elsewhere/p.techfile.json"), "{e}");
        // Nor is an untitled project's offered for a project with a file.
        write(&file, &text(None, 1, &example()).expect("text")).expect("write");
        assert_eq!(find(&file, Some(&here)), None);
    }

    #[test]
    fn a_file_older_than_the_project_is_not_offered() {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = dir.path().join("p.techfile.json");
        let file = file_for(Some(&project), None).expect("file");
        write(&file, &text(Some(&project), 1, &example()).expect("text")).expect("write");
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&project, "{}").expect("saved after");
        assert_eq!(find(&file, Some(&project)), None);
        assert!(file.exists(), "not offered, but not deleted either");
    }

    #[test]
    fn a_corrupt_file_is_offered_with_its_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = dir.path().join("p.techfile.json");
        let file = file_for(Some(&project), None).expect("file");
        for junk in [
            &b"{\"recovery\": {\"format\""[..],
            b"\xff\xfe",
            b"[]",
            br#"{"recovery": {"format": "techfile-recovery-9", "project": null, "written_ms": 1, "revision": 1}}"#,
        ] {
            std::fs::write(&file, junk).expect("write");
            let offer = find(&file, Some(&project)).expect("reported");
            let why = offer.error.expect("an error");
            assert!(why.starts_with(&file.display().to_string()), "{why}");
            assert!(load(&file, Some(&project)).is_err());
        }
        // A good head with a broken project is caught before it is offered.
        let good = text(Some(&project), 1, &example()).expect("text");
        let broken = good.replace("\"trade_name\"", "\"trade_nam\"");
        std::fs::write(&file, broken).expect("write");
        let offer = find(&file, Some(&project)).expect("reported");
        assert!(offer.written_ms > 0);
        assert!(offer.error.expect("an error").contains("trade_nam"));
    }
}
