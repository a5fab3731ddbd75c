//! Small shared utilities: the one reader of input files (regular files
//! only, size-checked as read), atomic file writes with a backup, SHA-256
//! digests. It owns nothing of the model.

use std::fs;
use std::io::{self, Read, Write};
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

/// How large an input was found to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputSize {
    /// The size the file system gives.
    Bytes(u64),
    /// Found while reading: the file said it was smaller (or had no size,
    /// like a `/proc` file), but more than this many bytes came.
    Over(u64),
}

impl std::fmt::Display for InputSize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputSize::Bytes(n) => write!(f, "file is {n} bytes"),
            InputSize::Over(n) => write!(f, "file has more than {n} bytes"),
        }
    }
}

/// Why `read_input` gave no bytes.
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be opened or read, or it is not a regular file
    /// (the message says what it is).
    Io(io::Error),
    /// The file holds more than the limit allows.
    TooLarge(InputSize),
}

/// Reads an input file (a project, an importer's input, a template) whole,
/// if it is a regular file of at most `max` bytes. Anything else is refused
/// without blocking or filling memory: a named pipe is never waited on (it
/// is refused before it is opened, and opened non-blocking in case it
/// appeared since), a device such as `/dev/zero` is refused, and a file that
/// grows or misreports its size is cut off at `max + 1` bytes and refused.
/// Symbolic links are followed (see `render` for the template folder, which
/// keeps links inside it).
pub fn read_input(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let meta = fs::metadata(path).map_err(ReadError::Io)?;
    regular(&meta).map_err(ReadError::Io)?;
    if meta.len() > max {
        return Err(ReadError::TooLarge(InputSize::Bytes(meta.len())));
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    // What was opened, not what the name pointed at a moment ago.
    let meta = file.metadata().map_err(ReadError::Io)?;
    regular(&meta).map_err(ReadError::Io)?;
    let capacity = usize::try_from(meta.len().min(max)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity.saturating_add(1));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(InputSize::Over(max)));
    }
    Ok(bytes)
}

/// `Ok` for a regular file; else an `InvalidInput` error saying what it is.
fn regular(meta: &fs::Metadata) -> io::Result<()> {
    let t = meta.file_type();
    if t.is_file() {
        return Ok(());
    }
    let what = if t.is_dir() {
        "a directory"
    } else {
        special_kind(&t)
    };
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("not a regular file (it is {what}); inputs are read only from regular files"),
    ))
}

#[cfg(unix)]
fn special_kind(t: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a named pipe"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &fs::FileType) -> &'static str {
    "not a file"
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
    // tempfile adds the temporary's own path to its errors ("... at path
    // /dir/.p.json.tf-tmp-XyZ12"): an internal name the user never chose, and
    // with the caller's "FILE: cannot write: " the reason would read twice.
    let temp = |dir: &Path| {
        tempfile::Builder::new()
            .prefix(&temp_prefix(path))
            .tempfile_in(dir)
            .map_err(|e| without_path(e, dir))
    };
    if keep_backup && existing.is_some() {
        let previous = fs::read(path)?;
        let mut bak = temp(&dir)?;
        bak.as_file_mut().write_all(&previous)?;
        bak.as_file().sync_all()?;
        bak.persist(backup_path(path)).map_err(|e| e.error)?;
    }
    let mut tmp = temp(&dir)?;
    // Through the `File`: `NamedTempFile`'s own `Write` adds its path too.
    tmp.as_file_mut().write_all(bytes)?;
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

/// The OS error of `e` without the temporary file's path tempfile adds,
/// saying which directory a new file could not be made in.
fn without_path(e: io::Error, dir: &Path) -> io::Error {
    // tempfile keeps the OS error only as text: "REASON at path \"...\"".
    let text = e.to_string();
    let reason = match text.rfind(" at path ") {
        Some(i) => &text[..i],
        None => &text,
    };
    io::Error::new(
        e.kind(),
        format!("cannot create a file in {}: {reason}", dir.display()),
    )
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

/// A number in JSON text that a 64-bit float cannot hold: serde_json reads
/// one too small (`1e-400`) as 0 without a word, and refuses one too large
/// (`1e400`) with a bare "number out of range".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonNumber {
    /// The number as written.
    pub token: String,
    /// Too large (else too small, read as 0).
    pub overflow: bool,
    /// 1-based line and column of its first character.
    pub line: usize,
    pub column: usize,
    /// Where it is: object keys and array indices from the root.
    pub path: Vec<JsonStep>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonStep {
    Key(String),
    Index(usize),
}

impl JsonNumber {
    /// The path as a JSON pointer (`/risk/entries/3/score`).
    pub fn pointer(&self) -> String {
        let mut s = String::new();
        for step in &self.path {
            s.push('/');
            match step {
                JsonStep::Key(k) => s.push_str(&k.replace('~', "~0").replace('/', "~1")),
                JsonStep::Index(i) => s.push_str(&i.to_string()),
            }
        }
        s
    }

    /// The path as serde_path_to_error writes it (`risk.entries[3].score`).
    pub fn field_path(&self) -> String {
        let mut s = String::new();
        for step in &self.path {
            match step {
                JsonStep::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                JsonStep::Index(i) => s.push_str(&format!("[{i}]")),
            }
        }
        s
    }

    /// What is wrong, for a message: `number 1e-400 is too small for a
    /// 64-bit float and would be read as 0`.
    pub fn problem(&self) -> String {
        if self.overflow {
            format!(
                "number {} is too large for a 64-bit float (at most about 1.8e308)",
                self.token
            )
        } else {
            format!(
                "number {} is too small for a 64-bit float and would be read as 0 (write 0, or a number of at least 2.3e-308)",
                self.token
            )
        }
    }
}

/// Whether `v`, parsed from the decimal `token`, is 0 only because the
/// number is too small for an f64 (`1e-400`, `0.000…1` with 400 zeros):
/// its digits before any exponent are not all zeros.
pub fn underflows(token: &str, v: f64) -> bool {
    let mantissa = &token[..token.find(['e', 'E']).unwrap_or(token.len())];
    v == 0.0 && mantissa.bytes().any(|c| matches!(c, b'1'..=b'9'))
}

/// The numbers in JSON `text` that a 64-bit float cannot hold, in the order
/// written (at most `max` of them). The text need not be valid JSON: the
/// scan stops where it stops making sense. Linear, and cheap for the usual
/// short numbers (only a number with an exponent or 300 digits can be out
/// of range, so only those are parsed).
pub fn json_numbers_out_of_range(text: &str, max: usize) -> Vec<JsonNumber> {
    enum Frame {
        /// The current key's raw text (quotes included), once read.
        Object(Option<(usize, usize)>),
        Array(usize),
    }
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < b.len() && out.len() < max {
        match b[i] {
            b'{' => stack.push(Frame::Object(None)),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(k)) => *k = None,
                None => {}
            },
            b'"' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object(k @ None)) = stack.last_mut() {
                    *k = Some((start, (i + 1).min(b.len())));
                }
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < b.len() && matches!(b[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                let token = &text[start..i];
                if token.contains(['e', 'E']) || token.len() >= 300 {
                    let v: f64 = token.parse().unwrap_or(0.0);
                    let overflow = v.is_infinite();
                    if overflow || underflows(token, v) {
                        let path = stack
                            .iter()
                            .map(|f| match f {
                                Frame::Array(n) => JsonStep::Index(*n),
                                Frame::Object(k) => JsonStep::Key(
                                    k.map(|(s, e)| {
                                        let raw = &text[s..e];
                                        serde_json::from_str::<String>(raw)
                                            .unwrap_or_else(|_| raw.trim_matches('"').to_string())
                                    })
                                    .unwrap_or_default(),
                                ),
                            })
                            .collect();
                        let before = &b[..start];
                        let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
                        let line_start = before
                            .iter()
                            .rposition(|&c| c == b'\n')
                            .map_or(0, |p| p + 1);
                        let column = text[line_start..start].chars().count() + 1;
                        out.push(JsonNumber {
                            token: token.to_string(),
                            overflow,
                            line,
                            column,
                            path,
                        });
                    }
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Told when a stage of a long job (render, PDF layout, PDF emit, SBOM
/// parse) ends, by name (`pdf.layout`, `sbom.parse`, ...), and how far the
/// running stage is when it counts units (an SBOM's components). The
/// library reads no environment for this: the caller chooses the observer.
pub trait Observer {
    fn stage(&self, name: &str);
    /// Within the stage that runs (the one after the last that ended):
    /// `done` of `total` units so far. Ignored by default.
    fn progress(&self, _done: usize, _total: usize) {}
    /// Asked after each stage (and as units are counted): true stops the
    /// work there with a "cancelled" error (the desktop's Cancel button),
    /// leaving whatever it was to change unchanged. Never, by default.
    fn cancelled(&self) -> bool {
        false
    }
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
    fn numbers_a_float_cannot_hold_are_found_with_their_place() {
        let text = "{\"a\": [1, 2.5e3, {\"b/c\": 1e-400, \"k\": \"1e-400\"}],\n \"d\": -12E+999, \"z\": 0e-999, \"s\": 1e-310, \"w\\\"x\": 0.5}";
        let found = json_numbers_out_of_range(text, 10);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(
            (
                found[0].token.as_str(),
                found[0].overflow,
                found[0].line,
                found[0].column
            ),
            ("1e-400", false, 1, 26)
        );
        assert_eq!(found[0].pointer(), "/a/2/b~1c");
        assert_eq!(found[0].field_path(), "a[2].b/c");
        assert_eq!(
            (
                found[1].token.as_str(),
                found[1].overflow,
                found[1].line,
                found[1].column
            ),
            ("-12E+999", true, 2, 7)
        );
        assert_eq!(found[1].field_path(), "d");
        let long_zero = format!("[0.{}1]", "0".repeat(400));
        let found = json_numbers_out_of_range(&long_zero, 10);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer(), "/0");
        assert!(json_numbers_out_of_range("[1e-400, 1e-400, 1e-400]", 2).len() == 2);
        assert!(json_numbers_out_of_range("{\"a\": [1e-3, 1.5, -0.0]}", 10).is_empty());
    }

    #[test]
    fn an_input_is_read_whole_up_to_its_limit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("in.csv");
        fs::write(&p, b"12345").expect("write");
        assert_eq!(read_input(&p, 5).expect("at the limit"), b"12345");
        match read_input(&p, 4) {
            Err(ReadError::TooLarge(InputSize::Bytes(5))) => {}
            other => panic!("{other:?}"),
        }
        match read_input(&dir.path().join("none"), 4) {
            Err(ReadError::Io(e)) => assert_eq!(e.kind(), io::ErrorKind::NotFound),
            other => panic!("{other:?}"),
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_that_says_it_is_empty_is_still_cut_at_the_limit() {
        // /proc files report size 0 and then give their content.
        match read_input(Path::new("/proc/self/maps"), 16) {
            Err(ReadError::TooLarge(size)) => {
                assert_eq!(size, InputSize::Over(16));
                assert_eq!(size.to_string(), "file has more than 16 bytes");
            }
            other => panic!("{other:?}"),
        }
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_by_kind_without_blocking() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        for (p, what) in [
            (fifo.as_path(), "a named pipe"),
            (Path::new("/dev/zero"), "a character device"),
            (dir.path(), "a directory"),
        ] {
            match read_input(p, 1 << 20) {
                Err(ReadError::Io(e)) => {
                    assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
                    assert_eq!(
                        e.to_string(),
                        format!("not a regular file (it is {what}); inputs are read only from regular files")
                    );
                }
                other => panic!("{p:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_failed_write_names_the_folder_not_the_temporary() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("plain");
        fs::write(&file, b"x").expect("write");
        let e = write_atomic(&file.join("p.json"), b"x", true).expect_err("not a folder");
        let msg = e.to_string();
        assert!(
            msg.starts_with(&format!("cannot create a file in {}: ", file.display())),
            "{msg}"
        );
        assert!(!msg.contains("tf-tmp"), "{msg}");
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
