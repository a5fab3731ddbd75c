//! `techfile import sbom`, `techfile import vex`, `techfile inspect sbom`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::Args;

#[derive(Debug, Args)]
pub struct ImportSbomArgs {
    /// The project file.
    pub project: PathBuf,
    /// One or more SBOM files (CycloneDX JSON/XML, SPDX JSON/tag-value, SPDX 3 JSON-LD).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The software item the SBOMs describe (created when missing).
    #[arg(long)]
    pub item: Option<String>,
    /// Print `{"imported": N, "warnings": [...]}`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ImportVexArgs {
    /// The project file.
    pub project: PathBuf,
    /// One or more VEX files (CycloneDX VEX, OpenVEX JSON).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Print `{"imported": N, "warnings": [...]}`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct InspectSbomArgs {
    /// The SBOM file.
    pub file: PathBuf,
    /// Print a JSON summary.
    #[arg(long)]
    pub json: bool,
}

pub fn import_sbom(_a: ImportSbomArgs) -> anyhow::Result<ExitCode> {
    bail!("SBOM import is not implemented yet")
}

pub fn import_vex(_a: ImportVexArgs) -> anyhow::Result<ExitCode> {
    bail!("VEX import is not implemented yet")
}

pub fn inspect_sbom(_a: InspectSbomArgs) -> anyhow::Result<ExitCode> {
    bail!("SBOM inspection is not implemented yet")
}
