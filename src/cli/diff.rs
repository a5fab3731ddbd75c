//! `techfile diff OLD NEW [--format text|json|md|pdf] [-o OUT]`: what
//! changed between two versions of a technical file. Exit 0 when they are
//! the same, 1 when they differ, 2 when they could not be compared.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};

use techfile::{diff, util};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
    Md,
    Pdf,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older version (a v1 or v2 project file, or its .bak).
    pub old: PathBuf,
    /// The newer version.
    pub new: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    /// Write to this file (atomically) instead of standard output; needed
    /// for `--format pdf`.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(a: DiffArgs) -> anyhow::Result<ExitCode> {
    let old = super::load_project(&a.old)?;
    let new = super::load_project(&a.new)?;
    let d = diff::diff(&old, &new);
    let bytes = match a.format {
        DiffFormat::Text => diff::render::text(&d).into_bytes(),
        DiffFormat::Json => diff::render::json(&d).into_bytes(),
        DiffFormat::Md => diff::render::markdown(&d).into_bytes(),
        DiffFormat::Pdf => {
            if a.output.is_none() {
                bail!("--format pdf writes a file: give it with -o OUT.pdf");
            }
            diff::render::pdf(&d, &new).map_err(|e| anyhow::anyhow!("{}: {e}", a.new.display()))?
        }
    };
    match &a.output {
        Some(out) => {
            util::write_atomic(out, &bytes, false)
                .with_context(|| format!("{}: cannot write", out.display()))?;
            eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
        }
        None => out!("{}", String::from_utf8_lossy(&bytes)),
    }
    Ok(if d.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
