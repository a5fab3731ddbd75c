//! The document register beyond its own fields: every document id the
//! project's text cites must be registered (ids found by the project's
//! pattern), and each registered file that is there must have the SHA-256
//! the register records (computed here, streamed, from the file).

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use regex::Regex;
use sha2::{Digest, Sha256};

use super::rules;
use crate::diag::Finding;
use crate::model::TechFile;

/// Ids like `STR-CSA-008`, `RMP-CSA-001`, `VT-AI-004`: a type of one to six
/// letters, a product code of two to six capitals, a three-digit number.
pub const DEFAULT_ID_PATTERN: &str = r"\b[A-Z][A-Za-z]{0,5}-[A-Z]{2,6}-[0-9]{3}\b";

/// Fields that hold identifiers of other kinds (or define the documents),
/// never citations of a document.
const NOT_CITATIONS: &[&str] = &[
    "document_id",
    "document_id_pattern",
    "clauses",
    "requirement",
    "requirements",
    "purl",
    "cpe",
    "bom_ref",
    "hashes",
    "licenses",
    "license",
    "licence",
];

/// Fields that are not prose: identifiers of other kinds, the SBOM's
/// imported documents, and an SBOM component's record but its SOUP
/// assessment.
pub fn not_prose(path: &crate::prose::FieldPath, field: &str) -> bool {
    let depth = path.segs().len();
    NOT_CITATIONS.contains(&field)
        || (depth == 1 && path.starts_with(&["sbom"]) && field == "documents")
        || (depth == 3 && path.starts_with(&["sbom", "components"]) && field != "soup")
}

/// The project's id pattern, compiled; the error says why it is not one.
pub fn pattern(tf: &TechFile) -> Result<Regex, regex::Error> {
    let p = tf.document.document_id_pattern.trim();
    let p = if p.is_empty() { DEFAULT_ID_PATTERN } else { p };
    regex::RegexBuilder::new(p).size_limit(1 << 20).build()
}

/// What the project's text cites: ids the register lacks, and ids cited
/// with another version than the register's, each with the field path of
/// the place, in model order.
#[derive(Debug, Default, PartialEq)]
pub struct Citations {
    /// (path, id)
    pub unresolved: Vec<(String, String)>,
    /// (path, id, cited version, registered version)
    pub other_version: Vec<(String, String, String, String)>,
}

/// A version written right after a cited id: `STR-CSA-008 v1.2`,
/// `STR-CSA-008, version 1.2`, `STR-CSA-008 (rev. 3)`.
fn version_re() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^[,;]?\s*\(?\s*(?:v|ver\.?\s*|version\s+|rev\.?\s*|revision\s+)([0-9][0-9A-Za-z.\-]*)")
            .unwrap_or_else(|_| unreachable!())
    })
}

/// Every document id the project cites that the register lacks or names
/// with another version; or the pattern's error.
pub fn citations(tf: &TechFile) -> Result<Citations, regex::Error> {
    let re = pattern(tf)?;
    let mut registered: HashMap<&str, &str> = HashMap::new();
    for d in &tf.documents {
        registered
            .entry(d.document_id.trim())
            .or_insert(d.version.trim());
    }
    registered
        .entry(tf.document.document_id.trim())
        .or_insert(tf.document.version.trim());
    // Where people write: every part but the SBOM's component records
    // (thousands of package names, versions and purls), of which only the
    // SOUP assessment is prose. The walk reads the whole model, so a new
    // part is read too.
    let mut out = Citations::default();
    let mut seen = BTreeSet::new();
    crate::prose::strings(tf, &not_prose, &mut |path, s| {
        for m in re.find_iter(s) {
            let id = m.as_str();
            match registered.get(id) {
                None => {
                    let at = path.to_string();
                    if seen.insert((at.clone(), id.to_string())) {
                        out.unresolved.push((at, id.to_string()));
                    }
                }
                Some(version) => {
                    let Some(v) = version_re().captures(&s[m.end()..]).and_then(|c| c.get(1))
                    else {
                        continue;
                    };
                    let cited = v.as_str().trim_end_matches(['.', '-']);
                    if !version.is_empty() && cited != *version {
                        out.other_version.push((
                            path.to_string(),
                            id.to_string(),
                            cited.to_string(),
                            version.to_string(),
                        ));
                    }
                }
            }
        }
    });
    Ok(out)
}

/// Every document id the project cites that the register lacks, with the
/// field path of the place, in model order; or the pattern's error.
pub fn unresolved(tf: &TechFile) -> Result<Vec<(String, String)>, regex::Error> {
    citations(tf).map(|c| c.unresolved)
}

/// The findings of cited ids the register lacks or cites with another
/// version (or of a bad pattern).
pub fn check_citations(tf: &TechFile, out: &mut Vec<Finding>) {
    match citations(tf) {
        Err(e) => out.push(Finding::of(
            &rules::REG_PATTERN,
            "document.document_id_pattern",
            format!("not a regular expression: {e}"),
        )),
        Ok(c) => {
            for (path, id) in c.unresolved {
                out.push(Finding::of(
                    &rules::REG_UNRESOLVED,
                    path,
                    format!("cites `{id}`, which is not in the document register (documents)"),
                ));
            }
            for (path, id, cited, registered) in c.other_version {
                out.push(Finding::of(
                    &rules::REG_VERSION,
                    path,
                    format!("cites `{id}` version {cited}; the document register holds version {registered}"),
                ));
            }
        }
    }
}

/// A registered file's place: `file` under `base`, or why it is not one
/// inside the project's folder.
pub fn file_path(base: &Path, file: &str) -> Result<PathBuf, &'static str> {
    let rel = Path::new(file.trim());
    if rel.is_absolute() {
        return Err("is an absolute path; register files relative to the project file");
    }
    if rel.components().any(|c| matches!(c, Component::ParentDir)) {
        return Err("leads out of the project's folder (`..`)");
    }
    Ok(base.join(rel))
}

/// The SHA-256 of a file, streamed; `None` when it is not a regular file
/// that can be read.
pub fn sha256_of(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut f = std::fs::File::open(path).ok()?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h).ok()?;
    Some(
        h.finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>(),
    )
}

/// The registered files, read from `base` (the project file's folder):
/// each one that is there must have the recorded SHA-256. Files that are
/// not there are not findings (documents are often kept elsewhere).
pub fn check_files(tf: &TechFile, base: &Path) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in tf.documents.iter().enumerate() {
        if d.file.trim().is_empty() {
            continue;
        }
        let at = format!("documents[{i}].file");
        let path = match file_path(base, &d.file) {
            Ok(p) => p,
            Err(why) => {
                out.push(Finding::of(
                    &rules::REG_FILE,
                    at,
                    format!("`{}` {why}", d.file),
                ));
                continue;
            }
        };
        let Some(actual) = sha256_of(&path) else {
            continue;
        };
        let recorded = d.sha256.trim().to_ascii_lowercase();
        if recorded.is_empty() {
            out.push(Finding::warning(
                &rules::REG_FILE_HASH,
                format!("documents[{i}].sha256"),
                format!(
                    "{} is there but its SHA-256 is not recorded (it is {actual}; `techfile hash` records it)",
                    path.display()
                ),
            ));
        } else if recorded != actual {
            out.push(Finding::of(
                &rules::REG_FILE_HASH,
                format!("documents[{i}].sha256"),
                format!(
                    "{} has SHA-256 {actual}, the register records {recorded}: the file is not the registered version",
                    path.display()
                ),
            ));
        }
    }
    out
}

/// Records the SHA-256 of every registered file that is there; what
/// changed, as (index, file, new hash).
pub fn record_hashes(tf: &mut TechFile, base: &Path) -> Vec<(usize, String, String)> {
    let mut changed = Vec::new();
    for (i, d) in tf.documents.iter_mut().enumerate() {
        let Ok(path) = file_path(base, &d.file) else {
            continue;
        };
        if d.file.trim().is_empty() {
            continue;
        }
        if let Some(actual) = sha256_of(&path) {
            if d.sha256.trim().to_ascii_lowercase() != actual {
                d.sha256 = actual.clone();
                changed.push((i, d.file.clone(), actual));
            }
        }
    }
    changed
}
