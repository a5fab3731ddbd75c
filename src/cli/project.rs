//! `techfile new`, `techfile fmt`, `techfile schema`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Args;

use techfile::model::TechFile;
use techfile::{example, store, util};

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Where to write the project file (e.g. my-device.techfile.json).
    pub path: PathBuf,
    /// Start from the bundled example (AI ECG arrhythmia detection, class IIa).
    #[arg(long)]
    pub example: bool,
    /// Overwrite an existing file (its previous content is kept as .bak).
    #[arg(long)]
    pub force: bool,
}

pub fn new(a: NewArgs) -> anyhow::Result<ExitCode> {
    if a.path.exists() && !a.force {
        bail!(
            "{} already exists; use --force to overwrite it (a backup is kept)",
            a.path.display()
        );
    }
    let tf = if a.example {
        example::example()?
    } else {
        TechFile::empty()
    };
    store::save(&a.path, &tf)?;
    eprintln!("wrote {}", a.path.display());
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The project file to rewrite in place.
    pub path: PathBuf,
    /// Only report whether the file is in canonical form (exit 1 if not).
    #[arg(long)]
    pub check: bool,
}

pub fn fmt(a: FmtArgs) -> anyhow::Result<ExitCode> {
    let current = store::read_text(&a.path)?;
    let tf = super::parse_project(&current, &a.path)?;
    let canonical = store::to_string(&tf)?;
    if current == canonical {
        return Ok(ExitCode::SUCCESS);
    }
    if a.check {
        eprintln!("{} is not in canonical form", a.path.display());
        return Ok(ExitCode::from(1));
    }
    store::save(&a.path, &tf)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct HashArgs {
    /// The project file; its documents' `file` paths are relative to its folder.
    pub path: PathBuf,
}

/// Records the SHA-256 of every registered document whose file is there and
/// says, per document, what it recorded; files that are not there are named.
pub fn hash(a: HashArgs) -> anyhow::Result<ExitCode> {
    let mut tf = super::load_project(&a.path)?;
    let base = a
        .path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let changed = techfile::core::register::record_hashes(&mut tf, base);
    for (i, d) in tf.documents.iter().enumerate() {
        if d.file.trim().is_empty() {
            continue;
        }
        let status = match changed.iter().find(|(j, ..)| *j == i) {
            Some((_, _, h)) => format!("recorded {h}"),
            None => match techfile::core::register::file_path(base, &d.file) {
                Ok(p) if p.is_file() => "unchanged".to_string(),
                Ok(p) => format!("not found at {}", p.display()),
                Err(why) => format!("skipped: the path {why}"),
            },
        };
        outln!("{} {}: {status}", d.document_id, d.file);
    }
    if !changed.is_empty() {
        store::save(&a.path, &tf)?;
        eprintln!(
            "wrote {} ({} hashes recorded)",
            a.path.display(),
            changed.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn schema(a: SchemaArgs) -> anyhow::Result<ExitCode> {
    let s = TechFile::json_schema();
    match a.output {
        Some(p) => util::write_atomic(&p, s.as_bytes(), false)
            .with_context(|| format!("{}: cannot write", p.display()))?,
        None => out!("{s}"),
    }
    Ok(ExitCode::SUCCESS)
}
