//! The submission package (`techfile package`, `techfile verify`): the
//! technical file and everything that travels with it as one deterministic
//! ZIP, with a `manifest.json` of every entry's SHA-256 and size and, when
//! signed, `manifest.json.p7s`, a detached CMS SignedData over the manifest
//! (`sign`). The same project gives the same bytes: entries sorted, every
//! timestamp the document date, fixed permissions and compression.

pub mod sign;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::export::{export, ExportFormat, ExportOptions};
use crate::model::TechFile;

/// The manifest's name in the package, and its signature's.
pub const MANIFEST: &str = "manifest.json";
pub const SIGNATURE: &str = "manifest.json.p7s";
/// What `manifest.json` says it is.
pub const FORMAT: &str = "techfile-package/1";

/// `manifest.json`: the technical file's identity and every other entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub document_id: String,
    pub title: String,
    pub version: String,
    pub date: String,
    pub device: String,
    /// Every entry but the manifest and its signature, sorted by path.
    pub entries: Vec<ManifestEntry>,
    /// Registered documents whose file was not beside the project: named so
    /// the receiver knows they were not sent, not silently dropped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents_not_included: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    #[error("document {id}: {file} {why}")]
    DocumentPath {
        id: String,
        file: String,
        why: &'static str,
    },
    #[error("document {id}: cannot read {path}: {source}")]
    DocumentRead {
        id: String,
        path: String,
        source: std::io::Error,
    },
    #[error(
        "document {id}: {path} has SHA-256 {actual}, the register records {recorded}: \
         the file is not the registered version (run `techfile hash` if the new file is right)"
    )]
    DocumentHash {
        id: String,
        path: String,
        actual: String,
        recorded: String,
    },
    #[error("two entries would have the path {0}")]
    Duplicate(String),
    #[error(transparent)]
    Sign(#[from] sign::SignError),
    #[error("cannot write the ZIP: {0}")]
    Zip(String),
}

impl PackageError {
    pub fn code(&self) -> &'static str {
        match self {
            PackageError::Export(e) => e.code(),
            PackageError::DocumentPath { .. } => "package.document-path",
            PackageError::DocumentRead { .. } => "package.document-read",
            PackageError::DocumentHash { .. } => "package.document-hash",
            PackageError::Duplicate(_) => "package.duplicate",
            PackageError::Sign(_) => "package.sign",
            PackageError::Zip(_) => "package.zip",
        }
    }
}

/// What `package` made: the ZIP's bytes, its manifest, and what to tell
/// the user (documents not found beside the project).
#[derive(Debug)]
pub struct Packaged {
    pub zip: Vec<u8>,
    pub manifest: Manifest,
    pub warnings: Vec<String>,
    /// The signer's certificate, when signed.
    pub signer: Option<sign::CertInfo>,
}

/// The submission package of the project `tf`, read from `project_file`
/// (its bytes as they are on disk go in; registered documents are read
/// relative to its folder). With a signer, `now_unix` is the time its
/// certificate must be valid at.
pub fn package(
    tf: &TechFile,
    project_file: &Path,
    project_bytes: &[u8],
    signer: Option<&sign::Signer>,
    now_unix: i64,
) -> Result<Packaged, PackageError> {
    let opts = ExportOptions::default();
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut add = |path: String, bytes: Vec<u8>| -> Result<(), PackageError> {
        if files.insert(path.clone(), bytes).is_some() {
            return Err(PackageError::Duplicate(path));
        }
        Ok(())
    };
    add(
        "technical-file.pdf".into(),
        export(tf, ExportFormat::Pdf, &opts)?,
    )?;
    add(
        "technical-file.md".into(),
        export(tf, ExportFormat::Markdown, &opts)?,
    )?;
    if tf.declaration != crate::model::Declaration::default() {
        let part = ExportOptions {
            part: Some("declaration-of-conformity".into()),
            ..ExportOptions::default()
        };
        add(
            "declaration-of-conformity.pdf".into(),
            export(tf, ExportFormat::Pdf, &part)?,
        )?;
        add(
            "declaration-of-conformity.md".into(),
            export(tf, ExportFormat::Markdown, &part)?,
        )?;
    }
    add(
        "sbom/device.cdx.json".into(),
        export(tf, ExportFormat::CycloneDx, &opts)?,
    )?;
    add(
        "sbom/vex.cdx.json".into(),
        export(tf, ExportFormat::Vex, &opts)?,
    )?;
    add(
        "risk/risk-table.xlsx".into(),
        export(tf, ExportFormat::RisksXlsx, &opts)?,
    )?;
    let name = project_file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "techfile.json".into());
    add(format!("project/{name}"), project_bytes.to_vec())?;

    let base = project_file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut warnings = Vec::new();
    let mut not_included = Vec::new();
    for d in &tf.documents {
        let file = d.file.trim();
        if file.is_empty() {
            continue;
        }
        let path = crate::core::register::file_path(base, file).map_err(|why| {
            PackageError::DocumentPath {
                id: d.document_id.clone(),
                file: file.to_string(),
                why,
            }
        })?;
        if !path.is_file() {
            not_included.push(format!("{} {}", d.document_id, file));
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|source| PackageError::DocumentRead {
            id: d.document_id.clone(),
            path: path.display().to_string(),
            source,
        })?;
        let actual = crate::util::sha256_hex(&bytes);
        let recorded = d.sha256.trim().to_ascii_lowercase();
        if recorded.is_empty() {
            warnings.push(format!(
                "document {}: {} has no recorded SHA-256 (it is {actual}; `techfile hash` records it)",
                d.document_id,
                path.display()
            ));
        } else if recorded != actual {
            return Err(PackageError::DocumentHash {
                id: d.document_id.clone(),
                path: path.display().to_string(),
                actual,
                recorded,
            });
        }
        let entry = format!("documents/{}", file.replace('\\', "/"));
        add(entry, bytes)?;
    }

    if !not_included.is_empty() {
        let ids: Vec<&str> = not_included
            .iter()
            .filter_map(|d| d.split(' ').next())
            .collect();
        warnings.push(format!(
            "{} registered document(s) are not beside the project and are not in the package \
             (manifest.json names them under documents_not_included): {}",
            ids.len(),
            ids.join(", ")
        ));
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        document_id: tf.document.document_id.clone(),
        title: tf.document.title.clone(),
        version: tf.document.version.clone(),
        date: tf.document.date.clone(),
        device: tf.device.trade_name.clone(),
        entries: files
            .iter()
            .map(|(path, bytes)| ManifestEntry {
                path: path.clone(),
                sha256: crate::util::sha256_hex(bytes),
                bytes: bytes.len() as u64,
            })
            .collect(),
        documents_not_included: not_included,
    };
    let mut manifest_bytes = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    manifest_bytes.push(b'\n');
    let mut signer_info = None;
    if let Some(s) = signer {
        let p7s = s.sign_detached(&manifest_bytes, now_unix)?;
        signer_info = Some(s.certificate());
        files.insert(SIGNATURE.into(), p7s);
    }
    files.insert(MANIFEST.into(), manifest_bytes);
    let zip = write_zip(&files, &tf.document.date)?;
    Ok(Packaged {
        zip,
        manifest,
        warnings,
        signer: signer_info,
    })
}

/// The ZIP of `files` (sorted by path, as a `BTreeMap` iterates), every
/// entry dated `date` (the document date; 1980-01-01, the first date a ZIP
/// can hold, when it has none) with mode 0644, deflated at level 6.
fn write_zip(files: &BTreeMap<String, Vec<u8>>, date: &str) -> Result<Vec<u8>, PackageError> {
    use zip::write::SimpleFileOptions;
    let zerr = |e: zip::result::ZipError| PackageError::Zip(e.to_string());
    let when = zip_date(date);
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(when)
        .unix_permissions(0o644);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (path, bytes) in files {
        w.start_file(path.as_str(), opts).map_err(zerr)?;
        w.write_all(bytes)
            .map_err(|e| PackageError::Zip(e.to_string()))?;
    }
    Ok(w.finish().map_err(zerr)?.into_inner())
}

fn zip_date(date: &str) -> zip::DateTime {
    let fallback = zip::DateTime::default();
    let Some(d) = crate::date::parse(date) else {
        return fallback;
    };
    zip::DateTime::from_date_and_time(d.year, d.month, d.day, 0, 0, 0).unwrap_or(fallback)
}

/// What `verify` found: the manifest, the signer (when signed and the
/// signature holds), and every problem, each naming the entry.
#[derive(Debug, Default)]
pub struct Verified {
    pub manifest: Option<Manifest>,
    pub signer: Option<sign::CertInfo>,
    pub signed: bool,
    pub entries_checked: usize,
    pub problems: Vec<String>,
}

impl Verified {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("not a ZIP archive: {0}")]
    NotZip(String),
}

/// Checks a package: the manifest reads, every entry it lists is there
/// with its SHA-256 and size, no entry is there that it does not list, and
/// the signature (when there is one) holds over the manifest with a
/// certificate valid at `now_unix`. The signer is also checked against the
/// approvals of the packaged project that record a certificate fingerprint.
pub fn verify(zip_bytes: &[u8], now_unix: i64) -> Result<Verified, VerifyError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes))
        .map_err(|e| VerifyError::NotZip(e.to_string()))?;
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut v = Verified::default();
    for i in 0..archive.len() {
        let mut f = match archive.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                v.problems.push(format!("entry {i}: cannot read: {e}"));
                continue;
            }
        };
        if f.is_dir() {
            continue;
        }
        let name = match f.name() {
            Ok(n) => n.into_owned(),
            Err(e) => {
                v.problems
                    .push(format!("entry {i}: its name cannot be read: {e}"));
                continue;
            }
        };
        let mut bytes = Vec::new();
        if let Err(e) = f.read_to_end(&mut bytes) {
            v.problems.push(format!("{name}: cannot read: {e}"));
            continue;
        }
        if files.insert(name.clone(), bytes).is_some() {
            v.problems
                .push(format!("{name}: the archive holds it twice"));
        }
    }
    let Some(manifest_bytes) = files.get(MANIFEST) else {
        v.problems.push(format!("{MANIFEST} is missing"));
        return Ok(v);
    };
    let manifest: Manifest = match serde_json::from_slice(manifest_bytes) {
        Ok(m) => m,
        Err(e) => {
            v.problems.push(format!(
                "{MANIFEST}: line {} column {}: {e}",
                e.line(),
                e.column()
            ));
            return Ok(v);
        }
    };
    let mut listed = std::collections::HashSet::new();
    for e in &manifest.entries {
        listed.insert(e.path.as_str());
        match files.get(&e.path) {
            None => v.problems.push(format!(
                "{}: listed in the manifest but not in the package",
                e.path
            )),
            Some(bytes) => {
                v.entries_checked += 1;
                let actual = crate::util::sha256_hex(bytes);
                if actual != e.sha256 {
                    v.problems.push(format!(
                        "{}: SHA-256 is {actual}, the manifest records {}",
                        e.path, e.sha256
                    ));
                } else if bytes.len() as u64 != e.bytes {
                    v.problems.push(format!(
                        "{}: {} bytes, the manifest records {}",
                        e.path,
                        bytes.len(),
                        e.bytes
                    ));
                }
            }
        }
    }
    for name in files.keys() {
        if name != MANIFEST && name != SIGNATURE && !listed.contains(name.as_str()) {
            v.problems.push(format!(
                "{name}: in the package but not listed in the manifest"
            ));
        }
    }
    if let Some(p7s) = files.get(SIGNATURE) {
        v.signed = true;
        match sign::verify_detached(p7s, manifest_bytes, now_unix) {
            Ok(info) => {
                check_signer_against_approvals(&manifest, &files, &info, &mut v.problems);
                v.signer = Some(info);
            }
            Err(e) => v.problems.push(format!("{SIGNATURE}: {e}")),
        }
    }
    v.manifest = Some(manifest);
    Ok(v)
}

/// Where the packaged project's approvals record certificate fingerprints,
/// the signer must be one of them.
fn check_signer_against_approvals(
    manifest: &Manifest,
    files: &BTreeMap<String, Vec<u8>>,
    signer: &sign::CertInfo,
    problems: &mut Vec<String>,
) {
    let Some(entry) = manifest
        .entries
        .iter()
        .find(|e| e.path.starts_with("project/"))
    else {
        return;
    };
    let Some(bytes) = files.get(&entry.path) else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(loaded) = crate::store::parse(text, Path::new(&entry.path)) else {
        return;
    };
    let recorded: Vec<String> = loaded
        .techfile
        .document
        .approvals
        .iter()
        .map(|a| normalise_fingerprint(&a.certificate_sha256))
        .filter(|f| !f.is_empty())
        .collect();
    if !recorded.is_empty() && !recorded.contains(&signer.sha256) {
        problems.push(format!(
            "{SIGNATURE}: signed by {} (SHA-256 {}), a certificate none of the project's approvals records",
            signer.subject, signer.sha256
        ));
    }
}

/// A fingerprint as `openssl x509 -fingerprint -sha256` or a viewer writes
/// it (`AB:CD:…`, upper case) in the form `CertInfo.sha256` has.
pub fn normalise_fingerprint(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_hexdigit)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests;
