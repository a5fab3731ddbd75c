//! `techfile export PATH --format FMT -o OUT [--templates DIR] [--part NAME] [--no-pdfa]`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use clap::Args;

use techfile::export::{export_owned, ExportFormat, ExportOptions};
use techfile::util;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The project file.
    pub path: PathBuf,
    /// md | pdf | cyclonedx | vex | risks-csv | risks-xlsx
    #[arg(long, value_parser = parse_format)]
    pub format: ExportFormat,
    /// The output file (written atomically).
    #[arg(short, long)]
    pub output: PathBuf,
    /// A directory of templates replacing the embedded ones file by file.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Export one part only (Markdown or PDF): ai-deployer-info, gspr, standards, declaration-of-conformity, cra-profile (the non-device products' CRA Annex VII documentation, never part of the device's file).
    #[arg(long)]
    pub part: Option<String>,
    /// Write a plain PDF 1.7 file instead of PDF/A-2b (no XMP metadata, no output intent).
    #[arg(long)]
    pub no_pdfa: bool,
}

fn parse_format(s: &str) -> Result<ExportFormat, String> {
    ExportFormat::parse(s).ok_or_else(|| {
        format!(
            "unknown format `{s}`; expected one of: {}",
            ExportFormat::ALL
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

pub fn run(a: ExportArgs) -> anyhow::Result<ExitCode> {
    let mut t = std::time::Instant::now();
    let tf = super::load_project(&a.path)?;
    util::stage("load", &mut t);
    let opts = ExportOptions {
        templates_dir: a.templates,
        part: a.part,
        pdfa: !a.no_pdfa,
    };
    util::check_export_target(&a.path, &a.output)?;
    // The project is handed over: a PDF export frees it before layout.
    let timings = util::Timings::from_env();
    let out = export_owned(tf, a.format, &opts, &timings)
        .map_err(|e| anyhow!("{}: {e}", a.path.display()))?;
    for w in &out.warnings {
        eprintln!("warning: {}", super::terminal_safe(w));
    }
    let bytes = out.bytes;
    util::write_atomic(&a.output, &bytes, false)
        .with_context(|| format!("{}: cannot write", a.output.display()))?;
    util::stage("write", &mut t);
    eprintln!("wrote {} ({} bytes)", a.output.display(), bytes.len());
    Ok(ExitCode::SUCCESS)
}
