//! IPC commands of the register views: a file added to the document
//! register through the native open dialog (its SHA-256 computed here, with
//! the library's `core::register::sha256_of`), the registered files
//! verified against the register (changed, missing, unchanged), the Annex I
//! catalogue the GSPR matrix is built on, and the declaration of conformity
//! as the library exports it (Markdown, shown read-only).
//!
//! Registered files are found as the library finds them
//! (`core::register::file_path`): relative to the project file's folder,
//! never by an absolute path or one leading out with `..`. So `verify`
//! reads only files inside the project's folder.

use std::path::{Component, Path, PathBuf};

use serde::Serialize;
use tauri::State;
use techfile::core::register;
use techfile::model::Document;
use techfile::TechFile;

use crate::dialog::{self, Filter};
use crate::error::IpcError;
use crate::session::{Session, Update};
use crate::AppState;

/// Any file may be registered; the filter offers the usual document types first.
pub const DOCUMENT: Filter = Filter {
    name: "Documents (PDF, Word, spreadsheets, text)",
    extensions: &[
        "pdf", "docx", "doc", "xlsx", "xls", "odt", "ods", "txt", "md", "csv",
    ],
};

/// What adding a file to the register did.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentFile {
    pub update: Update,
    /// The register row that holds the file (`documents[index]`).
    pub index: usize,
    /// The path as recorded: relative to the project file where the file is
    /// inside the project's folder.
    pub file: String,
    pub sha256: String,
    /// The file's size in bytes (the register does not store it).
    pub size: u64,
    /// Set when the path could not be made relative (say why, and what the
    /// check will ask).
    pub note: Option<String>,
}

/// The folder registered files are relative to: the project file's.
fn base_of(session: &Session) -> Option<PathBuf> {
    session.path().and_then(Path::parent).map(Path::to_path_buf)
}

/// `file` relative to `base` when it is inside it, with `/` separators.
fn relative_to(file: &Path, base: &Path) -> Option<String> {
    let rel = file.strip_prefix(base).ok()?;
    let parts: Option<Vec<&str>> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    parts.filter(|p| !p.is_empty()).map(|p| p.join("/"))
}

/// Adds `picked` to the register of the open project: into row `index`
/// (its file and SHA-256 replaced), or as a new row when `index` is `None`.
/// One step of the undo history; the answer carries the register whole.
pub fn add_file(
    session: &mut Session,
    picked: &Path,
    index: Option<usize>,
) -> Result<DocumentFile, IpcError> {
    let abs = dialog::normal(picked);
    let meta = std::fs::metadata(&abs).map_err(|e| {
        IpcError::new(
            "register.read",
            format!("{}: cannot read the chosen file: {e}", abs.display()),
        )
    })?;
    if !meta.is_file() {
        return Err(IpcError::new(
            "register.read",
            format!(
                "{}: not a regular file; a document in the register is a file",
                abs.display()
            ),
        ));
    }
    let sha256 = register::sha256_of(&abs).ok_or_else(|| {
        IpcError::new(
            "register.read",
            format!("{}: cannot read the chosen file to hash it", abs.display()),
        )
    })?;
    let base = base_of(session);
    let (file, note) = match base.as_deref().and_then(|b| relative_to(&abs, b)) {
        Some(rel) => (rel, None),
        None => (
            abs.display().to_string(),
            Some(match &base {
                Some(b) => format!(
                    "{} is outside the project's folder {}: recorded with its absolute path, which the check refuses; move the file into the folder and add it again",
                    abs.display(),
                    b.display()
                ),
                None => format!(
                    "the project is not saved yet: {} is recorded with its absolute path; save the project next to its documents and add the file again",
                    abs.display()
                ),
            }),
        ),
    };
    let title = abs
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let (index, update) = session.change(|tf| {
        let n = tf.documents.len();
        match index {
            None => {
                tf.documents.push(Document {
                    title,
                    file: file.clone(),
                    sha256: sha256.clone(),
                    ..Document::default()
                });
                Ok(n)
            }
            Some(i) if i < n => {
                let d = &mut tf.documents[i];
                d.file = file.clone();
                d.sha256 = sha256.clone();
                Ok(i)
            }
            Some(i) => Err(IpcError::new(
                "register.index",
                format!("documents[{i}]: no such document; the register holds {n}"),
            )),
        }
    })?;
    Ok(DocumentFile {
        update,
        index,
        file,
        sha256,
        size: meta.len(),
        note,
    })
}

/// What verifying one registered file found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileState {
    /// The file has the recorded SHA-256.
    Unchanged,
    /// The file differs from the recorded SHA-256.
    Changed,
    /// There is a file, but no SHA-256 is recorded.
    Unrecorded,
    /// No file at the recorded path.
    Missing,
    /// The path cannot be a registered file (absolute, or leading out).
    Invalid,
    /// The row names no file.
    NoFile,
}

/// One row of the register, verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileCheck {
    /// `documents[index]`.
    pub index: usize,
    pub document_id: String,
    pub file: String,
    pub state: FileState,
    pub recorded: String,
    /// The file's SHA-256 now, where it could be read.
    pub actual: Option<String>,
    /// What was found, naming the file.
    pub message: String,
}

/// Recomputes the SHA-256 of every registered file under `base` (the
/// project file's folder) and compares it with the register.
pub fn verify(documents: &[Document], base: &Path) -> Vec<FileCheck> {
    documents
        .iter()
        .enumerate()
        .map(|(index, d)| {
            let recorded = d.sha256.trim().to_ascii_lowercase();
            let check = |state, actual, message| FileCheck {
                index,
                document_id: d.document_id.clone(),
                file: d.file.clone(),
                state,
                recorded: recorded.clone(),
                actual,
                message,
            };
            if d.file.trim().is_empty() {
                return check(FileState::NoFile, None, "no file is registered".into());
            }
            let path = match register::file_path(base, &d.file) {
                Ok(p) => p,
                Err(why) => return check(FileState::Invalid, None, format!("`{}` {why}", d.file)),
            };
            if !path.is_file() {
                return check(
                    FileState::Missing,
                    None,
                    format!("{}: no such file", path.display()),
                );
            }
            let Some(actual) = register::sha256_of(&path) else {
                return check(
                    FileState::Missing,
                    None,
                    format!("{}: cannot be read", path.display()),
                );
            };
            if recorded.is_empty() {
                let m = format!("{}: no SHA-256 recorded; it is {actual}", path.display());
                check(FileState::Unrecorded, Some(actual), m)
            } else if recorded == actual {
                let m = format!("{}: unchanged", path.display());
                check(FileState::Unchanged, Some(actual), m)
            } else {
                let m = format!(
                    "{}: changed: its SHA-256 is {actual}, the register records {recorded}",
                    path.display()
                );
                check(FileState::Changed, Some(actual), m)
            }
        })
        .collect()
}

/// The register of the open project and the folder its files are in; an
/// untitled project has no folder yet.
fn register_and_base(session: &Session) -> Result<(Vec<Document>, PathBuf), IpcError> {
    let base = base_of(session).ok_or_else(|| {
        IpcError::new(
            "register.unsaved",
            "the project is not saved yet: registered files are found relative to the project file; save it next to its documents first",
        )
    })?;
    Ok((session.techfile().documents.clone(), base))
}

/// Asks for a file and adds it to the register (row `index`, or a new row);
/// null when the user cancels.
#[tauri::command]
pub async fn add_document_file(
    state: State<'_, AppState>,
    index: Option<usize>,
) -> Result<Option<DocumentFile>, IpcError> {
    let picked = dialog::open_file(state.dialogs.clone(), "Add a document", DOCUMENT).await?;
    picked
        .map(|p| state.with_session(|s| add_file(s, &p, index)))
        .transpose()
}

/// Verifies every registered file against the register. The files are read
/// outside the session lock, so edits go on meanwhile.
#[tauri::command]
pub async fn verify_documents(state: State<'_, AppState>) -> Result<Vec<FileCheck>, IpcError> {
    let (documents, base) = state.with_session(|s| register_and_base(s))?;
    dialog::blocking(move || verify(&documents, &base)).await
}

/// One requirement of MDR Annex I (`techfile::gspr::catalogue`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GsprRequirement {
    /// The row id, `MDR-I-17.2`.
    pub id: String,
    pub title: String,
    /// A section heading (needs no row).
    pub heading: bool,
    /// Whether the matrix must have a row for it.
    pub needs_row: bool,
}

pub fn gspr_catalogue() -> Vec<GsprRequirement> {
    techfile::gspr::catalogue::mdr()
        .iter()
        .map(|r| GsprRequirement {
            id: r.row_id(),
            title: r.title.clone(),
            heading: r.heading,
            needs_row: r.needs_row(),
        })
        .collect()
}

/// The requirements of MDR Annex I, in Annex I order.
#[tauri::command]
pub async fn gspr_requirements() -> Result<Vec<GsprRequirement>, IpcError> {
    Ok(gspr_catalogue())
}

/// The EU declaration of conformity of `tf` as `techfile export --part
/// declaration-of-conformity` writes it, without the front matter.
pub fn declaration(tf: &TechFile) -> Result<String, IpcError> {
    let opts = techfile::export::ExportOptions {
        part: Some("declaration-of-conformity".into()),
        ..Default::default()
    };
    let bytes = techfile::export::export(tf, techfile::export::ExportFormat::Markdown, &opts)?;
    let md = String::from_utf8(bytes).map_err(|e| {
        IpcError::new(
            "declaration.render",
            format!("the declaration's Markdown is not UTF-8: {e}"),
        )
    })?;
    Ok(strip_front_matter(&md).to_string())
}

/// The Markdown after a leading `---` … `---` block, if there is one.
fn strip_front_matter(md: &str) -> &str {
    let Some(rest) = md.strip_prefix("---\n") else {
        return md;
    };
    match rest.find("\n---\n") {
        Some(end) => rest[end + 5..].trim_start_matches('\n'),
        None => md,
    }
}

/// The declaration of conformity of the open project (as edited), rendered
/// from a copy outside the session lock.
#[tauri::command]
pub async fn declaration_markdown(state: State<'_, AppState>) -> Result<String, IpcError> {
    let tf = state.with_session(|s| Ok(s.techfile().clone()))?;
    declaration(&tf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project_in(dir: &Path) -> Session {
        let p = dir.join("p.techfile.json");
        let mut s = Session::new(None, TechFile::empty());
        s.save(&p).expect("save");
        s
    }

    #[test]
    fn adding_a_file_records_its_relative_path_hash_and_size() {
        let dir = tempfile::tempdir().expect("dir");
        let mut s = project_in(dir.path());
        std::fs::create_dir(dir.path().join("docs")).expect("mkdir");
        let f = dir.path().join("docs/VVR-1.pdf");
        std::fs::write(&f, b"abc").expect("write");
        let out = add_file(&mut s, &f, None).expect("adds");
        assert_eq!(out.index, 0);
        assert_eq!(out.file, "docs/VVR-1.pdf");
        // SHA-256 of "abc".
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(out.sha256, abc);
        assert_eq!(out.size, 3);
        assert_eq!(out.note, None);
        let d = &s.techfile().documents[0];
        assert_eq!(
            (d.file.as_str(), d.sha256.as_str()),
            ("docs/VVR-1.pdf", abc)
        );
        assert_eq!(d.title, "VVR-1");
        assert_eq!(out.update.changed.len(), 1);
        assert_eq!(out.update.changed[0].path, "documents");
        assert!(out.update.can_undo);
        // Into an existing row: its file and hash are replaced.
        std::fs::write(&f, b"abcd").expect("write");
        let again = add_file(&mut s, &f, Some(0)).expect("replaces");
        assert_eq!(again.index, 0);
        assert_eq!(s.techfile().documents.len(), 1);
        assert_ne!(s.techfile().documents[0].sha256, abc);
    }

    #[test]
    fn adding_errors_name_the_file_or_the_row() {
        let dir = tempfile::tempdir().expect("dir");
        let mut s = project_in(dir.path());
        let gone = dir.path().join("gone.pdf");
        let e = add_file(&mut s, &gone, None).expect_err("missing");
        assert_eq!(e.code, "register.read");
        assert!(e.message.contains("gone.pdf"), "{e}");
        let e = add_file(&mut s, dir.path(), None).expect_err("a folder");
        assert!(e.message.contains("not a regular file"), "{e}");
        let f = dir.path().join("a.pdf");
        std::fs::write(&f, b"x").expect("write");
        let e = add_file(&mut s, &f, Some(3)).expect_err("no row 3");
        assert_eq!(e.code, "register.index");
        assert!(e.message.starts_with("documents[3]: "), "{e}");
        assert!(s.techfile().documents.is_empty(), "left unchanged");
    }

    #[test]
    fn a_file_outside_the_folder_is_recorded_absolute_with_a_note() {
        let dir = tempfile::tempdir().expect("dir");
        let other = tempfile::tempdir().expect("other");
        let mut s = project_in(dir.path());
        let f = other.path().join("x.pdf");
        std::fs::write(&f, b"x").expect("write");
        let out = add_file(&mut s, &f, None).expect("adds");
        assert_eq!(out.file, f.display().to_string());
        assert!(out
            .note
            .expect("a note")
            .contains("outside the project's folder"));
    }

    #[test]
    fn verify_tells_changed_missing_and_unchanged_files_apart() {
        let dir = tempfile::tempdir().expect("dir");
        let mut s = project_in(dir.path());
        for name in ["same.pdf", "edited.pdf", "deleted.pdf", "new.pdf"] {
            let f = dir.path().join(name);
            std::fs::write(&f, name).expect("write");
            add_file(&mut s, &f, None).expect("adds");
        }
        std::fs::write(dir.path().join("edited.pdf"), b"changed on disk").expect("write");
        std::fs::remove_file(dir.path().join("deleted.pdf")).expect("rm");
        let mut docs = s.techfile().documents.clone();
        docs[3].sha256.clear();
        docs.push(Document {
            file: "../outside.pdf".into(),
            ..Document::default()
        });
        docs.push(Document::default());
        let got = verify(&docs, dir.path());
        let states: Vec<&FileState> = got.iter().map(|c| &c.state).collect();
        assert_eq!(
            states,
            [
                &FileState::Unchanged,
                &FileState::Changed,
                &FileState::Missing,
                &FileState::Unrecorded,
                &FileState::Invalid,
                &FileState::NoFile
            ]
        );
        assert!(got[1].message.contains("edited.pdf"), "{}", got[1].message);
        assert_ne!(got[1].actual.as_deref(), Some(got[1].recorded.as_str()));
        assert_eq!(got[0].actual.as_deref(), Some(got[0].recorded.as_str()));
        assert!(got[2].message.contains("deleted.pdf: no such file"));
        assert!(got[4].message.contains("leads out"), "{}", got[4].message);
        assert_eq!(
            serde_json::to_value(&got[5].state).expect("json"),
            serde_json::json!("no-file")
        );
    }

    #[test]
    fn verify_needs_a_saved_project() {
        let s = Session::new(None, TechFile::empty());
        let e = register_and_base(&s).expect_err("untitled");
        assert_eq!(e.code, "register.unsaved");
    }

    #[test]
    fn the_declaration_renders_without_front_matter_and_the_catalogue_lists_annex_i() {
        let tf = techfile::example::example().expect("example");
        let md = declaration(&tf).expect("renders");
        assert!(!md.starts_with("---"), "{}", &md[..80.min(md.len())]);
        assert!(md.contains(&tf.declaration.number), "{md}");
        let cat = gspr_catalogue();
        assert!(cat.iter().any(|r| r.id == "MDR-I-17.2" && r.needs_row));
        assert!(cat.iter().any(|r| r.heading && !r.needs_row));
    }
}
