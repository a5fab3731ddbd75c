//! CLI definition and dispatch. Exit codes: 0 success, 1 the command ran and
//! found errors (check) or rejected its input (inspect), 2 it could not run.

/// `println!` and `print!` for the CLI's output: a reader that went away
/// (`techfile check p | head`) ends the process quietly with the code a
/// shell reports for SIGPIPE (141) instead of a panic; another write error
/// is reported once, with exit code 2.
macro_rules! outln {
    ($($t:tt)*) => { $crate::cli::write_out(format_args!($($t)*), true) };
}
macro_rules! out {
    ($($t:tt)*) => { $crate::cli::write_out(format_args!($($t)*), false) };
}

pub fn write_out(args: std::fmt::Arguments, newline: bool) {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    let r = o
        .write_fmt(args)
        .and_then(|()| if newline { o.write_all(b"\n") } else { Ok(()) })
        .and_then(|()| o.flush());
    if let Err(e) = r {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(141);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(2);
    }
}

/// Parses a project's text as `store::parse` does, saying on standard error
/// when the file was migrated from an older schema version.
pub fn parse_project(
    text: &str,
    path: &std::path::Path,
) -> Result<techfile::model::TechFile, techfile::store::StoreError> {
    let loaded = techfile::store::parse(text, path)?;
    if let Some(notice) = loaded.notice(path) {
        eprintln!("note: {notice}");
    }
    Ok(loaded.techfile)
}

/// Reads and parses a project (see `parse_project`).
pub fn load_project(
    path: &std::path::Path,
) -> Result<techfile::model::TechFile, techfile::store::StoreError> {
    parse_project(&techfile::store::read_text(path)?, path)
}

mod ai;
mod check;
mod diff;
mod export;
mod import;
mod package;
mod project;
mod risk;
mod sbom;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "techfile",
    version,
    about = "One technical file for software and AI medical devices (MDR/IVDR, AI Act, CRA)",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new project file (empty, or the bundled example).
    New(project::NewArgs),
    /// Check a project and list its findings.
    Check(check::CheckArgs),
    /// What changed between two versions of a project (exit 0 same, 1 differ).
    Diff(diff::DiffArgs),
    /// Export the technical file (Markdown, PDF) or one of its parts.
    Export(export::ExportArgs),
    /// Import SBOMs, VEX, risk tables or model cards into a project.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Read an input file without a project and report what it holds.
    #[command(subcommand)]
    Inspect(InspectCommand),
    /// The submission package: technical file, declaration, SBOM, VEX, risk
    /// table, project and registered documents as one deterministic ZIP with
    /// a manifest (optionally signed).
    Package(package::PackageArgs),
    /// Check a submission package: every hash and the signature.
    Verify(package::VerifyArgs),
    /// Rewrite a project file in canonical form (field order, indentation).
    Fmt(project::FmtArgs),
    /// Record the SHA-256 of each registered document's file (paths relative
    /// to the project file) in the document register.
    Hash(project::HashArgs),
    /// Print the JSON Schema of the project file.
    Schema(project::SchemaArgs),
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Attach SBOMs (CycloneDX, SPDX) to a software item.
    Sbom(sbom::ImportSbomArgs),
    /// Import vulnerability analyses (CycloneDX VEX, OpenVEX).
    Vex(sbom::ImportVexArgs),
    /// Import an ISO 14971 risk table (CSV or XLSX).
    Risks(risk::ImportRisksArgs),
    /// Import an AI model card (CycloneDX ML-BOM, MONAI bundle, Hugging Face).
    ModelCard(ai::ImportModelCardArgs),
}

#[derive(Debug, Subcommand)]
pub enum InspectCommand {
    /// Read one SBOM and report its format, version, component count and warnings.
    Sbom(sbom::InspectSbomArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::New(a) => project::new(a),
        Command::Check(a) => check::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Export(a) => export::run(a),
        Command::Fmt(a) => project::fmt(a),
        Command::Package(a) => package::run(a),
        Command::Verify(a) => package::verify(a),
        Command::Hash(a) => project::hash(a),
        Command::Schema(a) => project::schema(a),
        Command::Import(ImportCommand::Sbom(a)) => sbom::import_sbom(a),
        Command::Import(ImportCommand::Vex(a)) => sbom::import_vex(a),
        Command::Import(ImportCommand::Risks(a)) => risk::import_risks(a),
        Command::Import(ImportCommand::ModelCard(a)) => ai::import_model_card(a),
        Command::Inspect(InspectCommand::Sbom(a)) => sbom::inspect_sbom(a),
    }
}

/// Text from an input, made safe to print on a terminal: control characters
/// (ANSI escape sequences, OSC 52 clipboard writes, carriage returns) become
/// U+FFFD, so a component name cannot drive the user's terminal.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_control) {
        s.chars()
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}
