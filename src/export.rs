//! Exports: one entry point from a project to the bytes of each output format
//! (Markdown, PDF, the device SBOM, its VEX statements, the risk table). The CLI and the desktop
//! app both call `export`; writing the bytes to disk is `util::write_atomic`.

use crate::model::TechFile;
pub use crate::render::CRA_PROFILE;
use crate::render::{self, RenderOptions};

/// Every format `techfile export --format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Markdown,
    Pdf,
    /// The merged device SBOM as CycloneDX 1.6 JSON.
    CycloneDx,
    /// The VEX statements as a CycloneDX 1.6 VEX document.
    Vex,
    RisksCsv,
    RisksXlsx,
}

impl ExportFormat {
    pub const ALL: &'static [(&'static str, ExportFormat)] = &[
        ("md", ExportFormat::Markdown),
        ("pdf", ExportFormat::Pdf),
        ("cyclonedx", ExportFormat::CycloneDx),
        ("vex", ExportFormat::Vex),
        ("risks-csv", ExportFormat::RisksCsv),
        ("risks-xlsx", ExportFormat::RisksXlsx),
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, f)| *f)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map(|(n, _)| *n)
            .unwrap_or("?")
    }
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Template overrides, file by file (Markdown and PDF).
    pub templates_dir: Option<std::path::PathBuf>,
    /// Export one part only (Markdown), e.g. `ai-deployer-info`.
    pub part: Option<String>,
    /// The PDF as PDF/A-2b (the default; `--no-pdfa` turns it off).
    pub pdfa: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            templates_dir: None,
            part: None,
            pdfa: true,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Pdf(#[from] crate::pdf::PdfError),
    #[error(transparent)]
    Sbom(#[from] crate::sbom::SbomError),
    #[error(transparent)]
    Risk(#[from] crate::risk::RiskError),
    #[error("--part applies to the Markdown and PDF exports only, not to `{0}`")]
    PartNeedsMarkdown(&'static str),
}

impl ExportError {
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::Render(e) => e.code(),
            ExportError::Pdf(e) => e.code(),
            ExportError::Sbom(e) => e.code(),
            ExportError::Risk(e) => e.code(),
            ExportError::PartNeedsMarkdown(_) => "export.part",
        }
    }
}

impl crate::diag::Coded for ExportError {
    fn code(&self) -> &'static str {
        ExportError::code(self)
    }
}

/// The bytes of an export and what its writer warned about (so far only
/// the PDF's: printpdf's warnings, none for a sound document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
    /// A PDF's anchors (headings, defined ids: `hazard-haz-01`) and the
    /// index of the page each stands on, 0 the first; empty for the other
    /// formats. `locate::page_of` finds a model path's page with it.
    pub anchors: std::collections::BTreeMap<String, usize>,
}

/// The bytes of `tf` in `format`. Deterministic: the same project and
/// options give the same bytes.
pub fn export(
    tf: &TechFile,
    format: ExportFormat,
    opts: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    Ok(export_with_warnings(tf, format, opts)?.bytes)
}

/// `export`, with the writer's warnings. With `TECHFILE_TIMINGS` set, the
/// PDF's stages print their time and memory to stderr.
pub fn export_with_warnings(
    tf: &TechFile,
    format: ExportFormat,
    opts: &ExportOptions,
) -> Result<Exported, ExportError> {
    export_observed(tf, format, opts, &crate::util::Timings::from_env())
}

/// The stages a PDF export tells its observer of, in order, with the share
/// of the run time each takes on the stress project (for a progress bar;
/// the shares add up to 1).
pub const PDF_STAGES: &[(&str, f32)] = &[
    ("render", 0.22),
    ("pdf.parse", 0.14),
    ("pdf.layout", 0.25),
    ("pdf.toc+decorate", 0.01),
    ("pdf.fonts", 0.02),
    ("pdf.content", 0.20),
    ("pdf.links", 0.03),
    ("pdf.tags", 0.05),
    ("pdf.outline", 0.01),
    ("pdf.compress", 0.01),
    ("pdf.id+save", 0.06),
];

/// `export_with_warnings`, telling `observer` as each stage of a PDF
/// export ends (`PDF_STAGES`) and stopping with a "cancelled" error
/// (`pdf.cancelled`) after the first stage at which it asks to.
pub fn export_observed(
    tf: &TechFile,
    format: ExportFormat,
    opts: &ExportOptions,
    observer: &dyn crate::util::Observer,
) -> Result<Exported, ExportError> {
    if opts.part.is_some() && !matches!(format, ExportFormat::Markdown | ExportFormat::Pdf) {
        return Err(ExportError::PartNeedsMarkdown(format.name()));
    }
    let bytes = match format {
        ExportFormat::Markdown => {
            let ro = RenderOptions {
                templates_dir: opts.templates_dir.clone(),
                front_matter: true,
                part: opts.part.clone(),
            };
            render::markdown(tf, &ro)?.into_bytes()
        }
        ExportFormat::Pdf => {
            let (front, md) = pdf_input(tf, opts, observer)?;
            return pdf_output(front, md, opts, observer);
        }
        ExportFormat::CycloneDx => crate::sbom::export_cyclonedx(tf)?,
        ExportFormat::Vex => crate::sbom::export_vex(tf)?,
        ExportFormat::RisksCsv => crate::risk::export_csv(tf)?,
        ExportFormat::RisksXlsx => crate::risk::export_xlsx(tf)?,
    };
    Ok(Exported {
        bytes,
        warnings: Vec::new(),
        anchors: Default::default(),
    })
}

/// `export_observed`, consuming the project: a PDF export frees it once the
/// Markdown and the front matter are made, before layout and emit (where
/// the memory of a long export peaks). The CLI and the desktop's "Export"
/// (which exports a copy) use this one.
pub fn export_owned(
    tf: TechFile,
    format: ExportFormat,
    opts: &ExportOptions,
    observer: &dyn crate::util::Observer,
) -> Result<Exported, ExportError> {
    if format != ExportFormat::Pdf {
        return export_observed(&tf, format, opts, observer);
    }
    let (front, md) = pdf_input(&tf, opts, observer)?;
    drop(tf);
    pdf_output(front, md, opts, observer)
}

/// What a PDF export takes from the project: its front matter and the
/// body's Markdown (stage `render`).
fn pdf_input(
    tf: &TechFile,
    opts: &ExportOptions,
    observer: &dyn crate::util::Observer,
) -> Result<(crate::pdf::FrontMatter, String), ExportError> {
    let ro = RenderOptions {
        templates_dir: opts.templates_dir.clone(),
        front_matter: false,
        part: opts.part.clone(),
    };
    let md = render::markdown(tf, &ro)?;
    observer.stage("render");
    if observer.cancelled() {
        return Err(crate::pdf::PdfError::Cancelled.into());
    }
    let mut front = crate::pdf::FrontMatter {
        acts: crate::applicability::view::acts(tf)
            .iter()
            .map(|a| a.to_string())
            .collect(),
        ..crate::pdf::FrontMatter::from_model(tf)
    };
    // A part on its own: titled by its first heading, no cover.
    if opts.part.is_some() {
        front.compact = true;
        if let Some(h) = md.lines().find_map(|l| l.strip_prefix("# ")) {
            front.title = h.trim().to_string();
        }
    }
    // The CRA profile documents the non-device products, not the device:
    // its header, subject and keywords say so (CRA Art. 2(2)).
    if opts.part.as_deref() == Some(CRA_PROFILE) {
        front.document_id = "CRA profile".into();
        front.device = tf
            .applicability
            .cra_products
            .iter()
            .map(|p| p.name.trim())
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        front.acts = vec!["CRA (EU) 2024/2847 Annex VII".into()];
    }
    Ok((front, md))
}

/// The PDF of `front` and the body Markdown `md`, with its anchors' pages.
fn pdf_output(
    front: crate::pdf::FrontMatter,
    md: String,
    opts: &ExportOptions,
    observer: &dyn crate::util::Observer,
) -> Result<Exported, ExportError> {
    let pdf_opts = crate::pdf::PdfOptions {
        observer,
        pdfa: opts.pdfa,
    };
    // `pdf::render` in its two steps, to keep the layout's anchors.
    let laid_out = crate::pdf::layout(&front, &md, &pdf_opts)?;
    // The Markdown is not needed past layout: freed before emit, where the
    // export's memory peaks.
    drop(md);
    let anchors = laid_out
        .anchors
        .iter()
        .map(|(a, &(page, _))| (a.clone(), page))
        .collect();
    let pdf = crate::pdf::emit::emit_owned(laid_out, &pdf_opts)?;
    Ok(Exported {
        bytes: pdf.bytes,
        warnings: pdf.warnings,
        anchors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// Records the stages; asks to cancel once `stop_after` has ended.
    struct Record {
        seen: RefCell<Vec<String>>,
        stop_after: Option<&'static str>,
    }

    impl crate::util::Observer for Record {
        fn stage(&self, name: &str) {
            self.seen.borrow_mut().push(name.to_string());
        }
        fn cancelled(&self) -> bool {
            self.stop_after
                .is_some_and(|s| self.seen.borrow().iter().any(|n| n == s))
        }
    }

    #[test]
    fn a_pdf_export_tells_every_stage_in_order_and_the_shares_add_up() {
        let tf = crate::example::example().expect("example");
        let all = Record {
            seen: RefCell::new(Vec::new()),
            stop_after: None,
        };
        let out =
            export_observed(&tf, ExportFormat::Pdf, &ExportOptions::default(), &all).expect("pdf");
        assert!(out.bytes.starts_with(b"%PDF"));
        let names: Vec<&str> = PDF_STAGES.iter().map(|(n, _)| *n).collect();
        assert_eq!(*all.seen.borrow(), names);
        let total: f32 = PDF_STAGES.iter().map(|(_, s)| s).sum();
        assert!((total - 1.0).abs() < 1e-4, "{total}");
    }

    #[test]
    fn a_cancelled_export_stops_after_the_stage_it_was_cancelled_in() {
        let tf = crate::example::example().expect("example");
        for stop in ["render", "pdf.layout", "pdf.content"] {
            let r = Record {
                seen: RefCell::new(Vec::new()),
                stop_after: Some(stop),
            };
            let err = export_observed(&tf, ExportFormat::Pdf, &ExportOptions::default(), &r)
                .expect_err("cancelled");
            assert_eq!(err.code(), "pdf.cancelled");
            assert_eq!(r.seen.borrow().last().map(String::as_str), Some(stop));
        }
    }
}
