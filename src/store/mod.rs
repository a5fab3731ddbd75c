//! Loading and saving project files. It owns the on-disk form (pretty JSON,
//! the model's field order, trailing newline) and the errors that locate a
//! problem by file, line, column and field path. It does not check content
//! (see `check`).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::Location;
use crate::model::{TechFile, SCHEMA_VERSION};
use crate::util;

pub mod migrate;

/// The oldest schema version this build reads (and migrates).
pub const OLDEST_SCHEMA_VERSION: u32 = 1;

/// A project as loaded, and the schema version it was migrated from.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub techfile: TechFile,
    /// The file's own schema version, when older than `SCHEMA_VERSION`.
    pub migrated_from: Option<u32>,
}

impl Loaded {
    /// What to tell the user when the file was migrated: that it was read as
    /// the current version and that the next save writes that version,
    /// keeping the old file as `.bak`.
    pub fn notice(&self, file: &Path) -> Option<String> {
        let from = self.migrated_from?;
        Some(format!(
            "{}: schema version {from}, read as version {SCHEMA_VERSION}; the next save writes version {SCHEMA_VERSION} and keeps the version {from} file as {}",
            file.display(),
            util::backup_path(file).display()
        ))
    }
}

/// Project files larger than this are refused before parsing.
pub const MAX_PROJECT_BYTES: u64 = 512 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: cannot read: {error}", file.display())]
    Read {
        file: PathBuf,
        /// Shown in the message, so not also a `source()` (a report would
        /// print the OS error twice).
        error: std::io::Error,
    },
    #[error("{}: cannot write: {error}", file.display())]
    Write {
        file: PathBuf,
        /// Shown in the message, so not also a `source()` (a report would
        /// print the OS error twice).
        error: std::io::Error,
    },
    #[error("{}: {size}; project files over {max} bytes are refused", file.display())]
    TooLarge {
        file: PathBuf,
        size: util::InputSize,
        max: u64,
    },
    #[error("{}: not saved: the project would be {size} bytes, over the {max} bytes a project file may have (it could not be opened again); nothing was written", file.display())]
    TooLargeToSave { file: PathBuf, size: u64, max: u64 },
    #[error("{location}: {message}")]
    Parse {
        location: Box<Location>,
        message: String,
    },
    /// The model could not be serialised (never expected; reported rather
    /// than writing an empty file over the project).
    #[error("cannot serialise the project: {message}")]
    Serialize { message: String },
    #[error("{}: schema_version {found} is not supported; this build reads versions 1 to {expected}", file.display())]
    Version {
        file: PathBuf,
        found: u64,
        expected: u32,
    },
}

impl StoreError {
    /// A stable code for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Read { .. } => "store.read",
            StoreError::Write { .. } => "store.write",
            StoreError::TooLarge { .. } => "store.too_large",
            StoreError::TooLargeToSave { .. } => "store.too_large_to_save",
            StoreError::Parse { .. } => "store.parse",
            StoreError::Version { .. } => "store.version",
            StoreError::Serialize { .. } => "store.serialize",
        }
    }

    /// Where the error points, for output that carries the place as data
    /// (`check --format json|sarif`): the file, and the line, column (as
    /// serde_json counts it: 1-based bytes) and field path where known. A
    /// version error points at `schema_version`.
    pub fn location(&self) -> Location {
        match self {
            StoreError::Read { file, .. }
            | StoreError::Write { file, .. }
            | StoreError::TooLarge { file, .. }
            | StoreError::TooLargeToSave { file, .. } => Location::file(file.display().to_string()),
            StoreError::Version { file, .. } => {
                Location::at(file.display().to_string(), "schema_version")
            }
            StoreError::Parse { location, .. } => (**location).clone(),
            StoreError::Serialize { .. } => Location::default(),
        }
    }
}

impl crate::diag::Coded for StoreError {
    fn code(&self) -> &'static str {
        StoreError::code(self)
    }
}

/// Reads and parses a project file (an older schema version is migrated;
/// `open` also says whether it was).
pub fn load(path: &Path) -> Result<TechFile, StoreError> {
    open(path).map(|l| l.techfile)
}

/// Reads and parses a project file, migrating an older schema version.
pub fn open(path: &Path) -> Result<Loaded, StoreError> {
    parse(&read_text(path)?, path)
}

/// Reads a project file's text (a regular file of at most
/// `MAX_PROJECT_BYTES`, UTF-8) without parsing it, for a caller that also
/// needs the text (`check --format sarif` locates findings in it);
/// `from_str` parses it.
pub fn read_text(path: &Path) -> Result<String, StoreError> {
    let text = util::read_input(path, MAX_PROJECT_BYTES).map_err(|e| match e {
        util::ReadError::Io(error) => StoreError::Read {
            file: path.to_path_buf(),
            error,
        },
        util::ReadError::TooLarge(size) => StoreError::TooLarge {
            file: path.to_path_buf(),
            size,
            max: MAX_PROJECT_BYTES,
        },
    })?;
    utf8(text, path)
}

/// Parses the bytes of a project file exactly as `load` does after reading
/// them (size limit, UTF-8, then `from_str`); `file` names the origin in
/// errors. For content already in memory, and the fuzz target of the loader.
pub fn from_bytes(bytes: &[u8], file: &Path) -> Result<TechFile, StoreError> {
    if bytes.len() as u64 > MAX_PROJECT_BYTES {
        return Err(StoreError::TooLarge {
            file: file.to_path_buf(),
            size: util::InputSize::Bytes(bytes.len() as u64),
            max: MAX_PROJECT_BYTES,
        });
    }
    from_str(&utf8(bytes.to_vec(), file)?, file)
}

/// The project text, or a located error at the first invalid UTF-8 byte.
fn utf8(text: Vec<u8>, path: &Path) -> Result<String, StoreError> {
    match String::from_utf8(text) {
        Ok(t) => Ok(t),
        Err(e) => {
            let (line, column) = line_col(e.as_bytes(), e.utf8_error().valid_up_to());
            Err(StoreError::Parse {
                location: Box::new(Location::line_col(path.display().to_string(), line, column)),
                message: "invalid UTF-8; a project file is UTF-8 JSON".into(),
            })
        }
    }
}

fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

/// Parses project JSON; `file` names the origin in errors.
pub fn from_str(text: &str, file: &Path) -> Result<TechFile, StoreError> {
    parse(text, file).map(|l| l.techfile)
}

/// Parses project JSON of any schema version this build reads, migrating an
/// older one; `file` names the origin in errors.
pub fn parse(text: &str, file: &Path) -> Result<Loaded, StoreError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Check the version first, so a newer file gets a version error rather
    // than a confusing unknown-field error.
    #[derive(Deserialize)]
    struct Peek {
        schema_version: Option<serde_json::Value>,
    }
    if let Ok(Peek {
        schema_version: Some(v),
    }) = serde_json::from_str::<Peek>(text)
    {
        match v.as_u64() {
            Some(n) if n == u64::from(SCHEMA_VERSION) => {}
            Some(1) => return from_v1(text, file),
            Some(n) => {
                return Err(StoreError::Version {
                    file: file.to_path_buf(),
                    found: n,
                    expected: SCHEMA_VERSION,
                })
            }
            None => {} // the typed parse below reports it with its location
        }
    }
    typed(text, file).map(|techfile| Loaded {
        techfile,
        migrated_from: None,
    })
}

/// A version 1 file: out-of-range numbers are refused on its own text (the
/// migration reads numbers into values, where `1e-400` would become 0), then
/// it is migrated and parsed as the current version; an error is reported
/// with its version 1 field path and its place in the version 1 text.
fn from_v1(text: &str, file: &Path) -> Result<Loaded, StoreError> {
    if let Some(e) = out_of_range(text, file) {
        return Err(e);
    }
    let migrated = migrate::v1_to_v2(text, file)?;
    match typed(&migrated, file) {
        Ok(techfile) => Ok(Loaded {
            techfile,
            migrated_from: Some(1),
        }),
        Err(StoreError::Parse { location, message }) => {
            let v2 = migrate::field_path_to_pointer(&location.path);
            let v1 = migrate::v2_to_v1_pointer(&v2);
            let (line, column) = crate::jsonpos::locate(text, &v1)
                .and_then(|l| migrate::byte_column(text, l.start.line, l.start.column))
                .unwrap_or((0, 0));
            // Speak of the renamed fields by their version 1 names, where the
            // error is in them (or lists the root's fields).
            let message = if v1 != v2 || v2.is_empty() {
                message
                    .replace("`documents`", "`evidence`")
                    .replace("`file`", "`file_name`")
            } else {
                message
            };
            Err(StoreError::Parse {
                location: Box::new(Location {
                    path: migrate::pointer_to_field_path(&v1),
                    ..Location::line_col(location.file.clone(), line, column)
                }),
                message,
            })
        }
        Err(e) => Err(e),
    }
}

/// The first number in `text` that an f64 cannot hold, as a located error.
fn out_of_range(text: &str, file: &Path) -> Option<StoreError> {
    util::json_numbers_out_of_range(text, 1)
        .into_iter()
        .next()
        .map(|n| StoreError::Parse {
            location: Box::new(Location {
                path: n.field_path(),
                ..Location::line_col(file.display().to_string(), n.line, n.column)
            }),
            message: n.problem(),
        })
}

/// The typed parse of current-version text.
fn typed(text: &str, file: &Path) -> Result<TechFile, StoreError> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let result: Result<TechFile, _> =
        serde_path_to_error::deserialize(serde_stacker::Deserializer::new(&mut de));
    // Nothing but white space may follow the project (a deserializer stops
    // at the end of its value: text after it was silently ignored, and a
    // version 1 file with a stray byte at its end was read unmigrated).
    if result.is_ok() {
        if let Err(e) = de.end() {
            return Err(StoreError::Parse {
                location: Box::new(Location::line_col(
                    file.display().to_string(),
                    e.line(),
                    e.column(),
                )),
                message: strip_position(&e.to_string()),
            });
        }
    }
    // serde_json reads a number too small for an f64 (`1e-400`) as 0, which
    // the next save would write: refuse it, naming the field. One too large
    // is its error, which says no more than "number out of range".
    match result {
        Ok(tf) if tf.schema_version != SCHEMA_VERSION => Err(StoreError::Version {
            file: file.to_path_buf(),
            found: u64::from(tf.schema_version),
            expected: SCHEMA_VERSION,
        }),
        Ok(tf) => match out_of_range(text, file) {
            Some(e) => Err(e),
            None => Ok(tf),
        },
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            let message = strip_position(&inner.to_string());
            if message == "number out of range" {
                if let Some(e) = out_of_range(text, file) {
                    return Err(e);
                }
            }
            Err(StoreError::Parse {
                location: Box::new(Location {
                    path: if path == "." { String::new() } else { path },
                    ..Location::line_col(file.display().to_string(), inner.line(), inner.column())
                }),
                message,
            })
        }
    }
}

/// serde_json appends " at line L column C"; we report the location ourselves.
pub(crate) fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// The canonical text of a project: pretty JSON in the model's field order,
/// with a trailing newline. The same model always gives the same bytes.
pub fn to_string(tf: &TechFile) -> Result<String, StoreError> {
    let mut s = serde_json::to_string_pretty(tf).map_err(|e| StoreError::Serialize {
        message: e.to_string(),
    })?;
    s.push('\n');
    Ok(s)
}

/// Saves atomically and keeps the previous version as `path.bak`.
pub fn save(path: &Path, tf: &TechFile) -> Result<(), StoreError> {
    save_within(path, tf, MAX_PROJECT_BYTES)
}

fn save_within(path: &Path, tf: &TechFile, max: u64) -> Result<(), StoreError> {
    let text = to_string(tf)?;
    // Never write what `load` would refuse: the project would be lost to it.
    if text.len() as u64 > max {
        return Err(StoreError::TooLargeToSave {
            file: path.to_path_buf(),
            size: text.len() as u64,
            max,
        });
    }
    util::write_atomic(path, text.as_bytes(), true).map_err(|error| StoreError::Write {
        file: path.to_path_buf(),
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<TechFile, StoreError> {
        from_str(text, Path::new("p.json"))
    }

    #[test]
    fn round_trip_of_the_empty_file() {
        let tf = TechFile::empty();
        let text = to_string(&tf).expect("serialises");
        assert_eq!(parse(&text).expect("parse"), tf);
    }

    #[test]
    fn unknown_field_is_located() {
        let mut v: serde_json::Value =
            serde_json::from_str(&to_string(&TechFile::empty()).expect("serialises"))
                .expect("json");
        v["device"]["trade_nmae"] = serde_json::json!("X");
        let text = serde_json::to_string_pretty(&v).expect("json");
        let err = parse(&text).expect_err("must fail");
        let StoreError::Parse { location, message } = &err else {
            panic!("wrong error {err}")
        };
        assert_eq!(location.path, "device.trade_nmae");
        assert!(message.contains("unknown field `trade_nmae`"), "{message}");
        assert!(
            message.contains("trade_name"),
            "names what was expected: {message}"
        );
        let line = text
            .lines()
            .position(|l| l.contains("trade_nmae"))
            .expect("line")
            + 1;
        assert_eq!(location.line, line);
        assert!(err.to_string().starts_with("p.json:"), "{err}");
    }

    #[test]
    fn wrong_type_and_bad_enum_are_located() {
        let text = to_string(&TechFile::empty())
            .expect("serialises")
            .replace("\"risk_class\": null", "\"risk_class\": \"IIc\"");
        let err = parse(&text).expect_err("must fail");
        assert!(err.to_string().contains("device.risk_class"), "{err}");
        assert!(
            err.to_string().contains("IIa"),
            "lists the expected variants: {err}"
        );
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = parse("{\n  \"schema_version\": 1,\n  \"document\": {,\n}").expect_err("fail");
        let StoreError::Parse { location, .. } = err else {
            panic!()
        };
        assert_eq!((location.line, location.column), (3, 16));
    }

    #[test]
    fn newer_schema_version_is_refused_by_name() {
        let err = parse("{\"schema_version\": 7, \"whatever\": 1}").expect_err("fail");
        assert!(matches!(err, StoreError::Version { found: 7, .. }), "{err}");
    }

    #[test]
    fn numbers_a_float_cannot_hold_are_errors_naming_the_field() {
        let base = to_string(&crate::example::example().expect("example")).expect("text");
        let line_of = |text: &str, needle: &str| {
            text.lines().position(|l| l.contains(needle)).expect("line") + 1
        };
        let pick = |text: &str| {
            // The first probability threshold of the plan.
            let at = text.find("\"at_least\": ").expect("at_least") + "\"at_least\": ".len();
            let end = at + text[at..].find([',', '\n']).expect("end");
            (at, end)
        };
        for (token, problem) in [
            ("1e-400", "number 1e-400 is too small for a 64-bit float and would be read as 0 (write 0, or a number of at least 2.3e-308)"),
            ("1e400", "number 1e400 is too large for a 64-bit float (at most about 1.8e308)"),
        ] {
            let (at, end) = pick(&base);
            let text = format!("{}{token}{}", &base[..at], &base[end..]);
            let err = parse(&text).expect_err("refused");
            let StoreError::Parse { location, message } = &err else {
                panic!("{err}")
            };
            assert_eq!(message, problem);
            assert!(location.path.starts_with("risk.plan.probability["), "{}", location.path);
            assert!(location.path.ends_with("].at_least"), "{}", location.path);
            assert_eq!(location.line, line_of(&text, token));
        }
        // A small number that a float holds is read as written.
        let (at, end) = pick(&base);
        let text = format!("{}1e-300{}", &base[..at], &base[end..]);
        let tf = parse(&text).expect("in range");
        assert!(tf
            .risk
            .plan
            .probability
            .iter()
            .any(|l| l.at_least == Some(1e-300)));
    }

    #[test]
    fn deeply_nested_json_does_not_overflow_the_stack() {
        let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
        let text = format!("{{\"schema_version\": 1, \"document\": {deep}}}");
        assert!(parse(&text).is_err());
    }

    #[test]
    fn save_is_atomic_and_keeps_backup() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("t.techfile.json");
        let mut tf = TechFile::empty();
        save(&p, &tf).expect("save");
        tf.device.trade_name = "New".into();
        save(&p, &tf).expect("save 2");
        assert_eq!(load(&p).expect("load").device.trade_name, "New");
        let bak = load(&util::backup_path(&p)).expect("backup loads");
        assert_eq!(bak.device.trade_name, "");
    }

    #[test]
    fn a_project_the_loader_would_refuse_is_never_written() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("t.techfile.json");
        let tf = TechFile::empty();
        save(&p, &tf).expect("save");
        let before = std::fs::read(&p).expect("read");
        let mut big = tf.clone();
        big.device.description = "x".repeat(4096);
        let e = save_within(&p, &big, 1024).expect_err("refused");
        assert_eq!(e.code(), "store.too_large_to_save");
        assert!(e.to_string().contains("nothing was written"), "{e}");
        assert_eq!(
            std::fs::read(&p).expect("read"),
            before,
            "project untouched"
        );
    }
}
