//! `techfile import sbom`, `techfile import vex`, `techfile inspect sbom`.

use std::path::PathBuf;
use std::process::ExitCode;

use std::path::Path;

use clap::Args;
use serde_json::json;

use techfile::sbom;

#[derive(Debug, Args)]
pub struct ImportSbomArgs {
    /// The project file.
    pub project: PathBuf,
    /// One or more SBOM files (CycloneDX JSON/XML, SPDX JSON/tag-value, SPDX 3 JSON-LD).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The software item the SBOMs describe (it must exist, unless --new-item;
    /// without --item, the SBOM's own subject names it and is created when missing).
    #[arg(long)]
    pub item: Option<String>,
    /// Create the software item named by --item when the project lacks it.
    #[arg(long, requires = "item")]
    pub new_item: bool,
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
    /// Check the SBOM against a profile and list its findings
    /// (`bsi-tr-03183-2`: BSI TR-03183-2 v2.1).
    #[arg(long, value_parser = parse_profile)]
    pub profile: Option<sbom::model::SbomProfile>,
}

fn parse_profile(s: &str) -> Result<sbom::model::SbomProfile, String> {
    sbom::profile::parse(s).ok_or_else(|| {
        let names: Vec<&str> = sbom::model::SbomProfile::ALL
            .iter()
            .map(|p| p.as_str())
            .collect();
        format!("unknown profile `{s}`; known: {}", names.join(", "))
    })
}

pub fn import_sbom(a: ImportSbomArgs) -> anyhow::Result<ExitCode> {
    let files: Vec<&Path> = a.files.iter().map(PathBuf::as_path).collect();
    super::import::run(
        &a.project,
        a.json,
        |tf| {
            sbom::check_item(tf, a.item.as_deref(), a.new_item)?;
            // TECHFILE_TIMINGS=1 prints each stage's time (`SBOM_STAGES`).
            let timings = techfile::util::Timings::from_env();
            sbom::import_sbom_files_observed(tf, &files, a.item.as_deref(), &timings)
        },
        |r| {
            format!(
                "{} components from {} file(s) attached to `{}`{}",
                r.imported,
                files.len(),
                r.item,
                if r.created_item {
                    " (software item created)"
                } else {
                    ""
                }
            )
        },
    )
}

pub fn import_vex(a: ImportVexArgs) -> anyhow::Result<ExitCode> {
    let files: Vec<&Path> = a.files.iter().map(PathBuf::as_path).collect();
    super::import::run(
        &a.project,
        a.json,
        |tf| sbom::import_vex_files(tf, &files),
        |r| format!("{} assessments imported", r.imported),
    )
}

pub fn inspect_sbom(a: InspectSbomArgs) -> anyhow::Result<ExitCode> {
    let parsed = match sbom::import::read_file(&a.file) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {}", super::terminal_safe(&e.to_string()));
            return Ok(ExitCode::from(1));
        }
    };
    let d = &parsed.document;
    let findings = a.profile.map(|profile| {
        let mut out = Vec::new();
        sbom::profile::check_document(profile, d, "document", &mut out);
        for (i, c) in parsed.components.iter().enumerate() {
            sbom::profile::check_component(profile, c, &format!("components[{i}]"), &mut out);
        }
        out
    });
    if a.json {
        let mut out = json!({
            "format": d.format,
            "spec_version": d.spec_version,
            "components": d.component_count,
            "warnings": parsed.warnings,
        });
        if let (Some(f), Some(o)) = (&findings, out.as_object_mut()) {
            o.insert("findings".into(), serde_json::to_value(f)?);
        }
        outln!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print_warnings(&parsed.warnings);
        outln!("{}: {} {}", a.file.display(), d.format, d.spec_version);
        outln!("  subject:      {}", super::terminal_safe(&d.subject));
        outln!("  components:   {}", d.component_count);
        outln!("  vulnerabilities: {}", parsed.vulnerabilities.len());
        outln!("  timestamp:    {}", super::terminal_safe(&d.timestamp));
        outln!(
            "  authors:      {}",
            super::terminal_safe(&d.authors.join(", "))
        );
        outln!(
            "  tools:        {}",
            super::terminal_safe(&d.tools.join(", "))
        );
        outln!("  sha256:       {}", super::terminal_safe(&d.sha256));
        if let (Some(f), Some(p)) = (&findings, a.profile) {
            outln!("  {} findings:  {}", p.as_str(), f.len());
            for x in f {
                outln!(
                    "    {} {} {}: {}",
                    x.severity.as_str(),
                    x.rule,
                    super::terminal_safe(&x.path),
                    super::terminal_safe(&x.message)
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_warnings(w: &[sbom::ImportWarning]) {
    for x in w {
        eprintln!("warning: {}", super::terminal_safe(&x.to_string()));
    }
}
