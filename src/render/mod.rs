//! Markdown rendering: handlebars templates over the model. It owns the
//! template set (embedded defaults from `templates/`, overridable file by file
//! from a user directory), the one place where helpers and the Markdown escape
//! (from `markdown`) are registered, and the context the templates see. It
//! does not lay out PDFs.

mod helpers;

use std::path::{Path, PathBuf};

use handlebars::Handlebars;
use serde_json::json;

use crate::model::TechFile;

/// The embedded default templates: (file name, content). The main template is
/// `technical-file.md.hbs`; the others are partials it (or a part export) uses.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "technical-file.md.hbs",
        include_str!("../../templates/technical-file.md.hbs"),
    ),
    (
        "front-matter.md.hbs",
        include_str!("../../templates/front-matter.md.hbs"),
    ),
    (
        "device.md.hbs",
        include_str!("../../templates/device.md.hbs"),
    ),
    (
        "software.md.hbs",
        include_str!("../../templates/software.md.hbs"),
    ),
    (
        "chapter.md.hbs",
        include_str!("../../templates/chapter.md.hbs"),
    ),
    (
        "evidence.md.hbs",
        include_str!("../../templates/evidence.md.hbs"),
    ),
    (
        "clause-index.md.hbs",
        include_str!("../../templates/clause-index.md.hbs"),
    ),
    ("sbom.md.hbs", include_str!("../../templates/sbom.md.hbs")),
    ("risk.md.hbs", include_str!("../../templates/risk.md.hbs")),
    ("ai.md.hbs", include_str!("../../templates/ai.md.hbs")),
    (
        "ai-fields.md.hbs",
        include_str!("../../templates/ai-fields.md.hbs"),
    ),
    (
        "ai-deployer-info.md.hbs",
        include_str!("../../templates/ai-deployer-info.md.hbs"),
    ),
];

/// The root template of the whole technical file.
pub const MAIN_TEMPLATE: &str = "technical-file.md.hbs";

/// Parts that can be exported on their own.
pub const PARTS: &[(&str, &str)] = &[("ai-deployer-info", "ai-deployer-info.md.hbs")];

#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// A directory whose `*.md.hbs` files replace the embedded ones by name.
    pub templates_dir: Option<PathBuf>,
    /// Include the document-control front matter (title block, revisions,
    /// approvals). The PDF engine draws its own and turns this off.
    pub front_matter: bool,
    /// Render only this part (see `PARTS`) instead of the whole file.
    pub part: Option<String>,
}

impl RenderOptions {
    pub fn markdown() -> Self {
        RenderOptions {
            front_matter: true,
            ..Default::default()
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("{}: cannot read template directory: {error}", dir.display())]
    TemplateDir {
        dir: PathBuf,
        /// Shown in the message, so not also a `source()` (a report would
        /// print the OS error twice).
        error: std::io::Error,
    },
    #[error("{}: not a template Techfile uses; expected one of: {expected}", file.display())]
    UnknownTemplate { file: PathBuf, expected: String },
    #[error("{file}: template error: {message}")]
    Template { file: String, message: String },
    #[error("unknown part `{0}`; expected one of: {1}")]
    UnknownPart(String, String),
}

impl RenderError {
    pub fn code(&self) -> &'static str {
        match self {
            RenderError::TemplateDir { .. } => "render.template_dir",
            RenderError::UnknownTemplate { .. } => "render.unknown_template",
            RenderError::Template { .. } => "render.template",
            RenderError::UnknownPart(..) => "render.unknown_part",
        }
    }
}

impl crate::diag::Coded for RenderError {
    fn code(&self) -> &'static str {
        RenderError::code(self)
    }
}

/// Builds the registry: strict mode, the Markdown escape, every helper, and
/// the templates (embedded, then the user's overrides by name).
pub fn registry(templates_dir: Option<&Path>) -> Result<Handlebars<'static>, RenderError> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(crate::markdown::escape_inline);
    helpers::register(&mut hb);
    for (name, text) in TEMPLATES {
        register(&mut hb, name, text, name)?;
    }
    if let Some(dir) = templates_dir {
        let entries = std::fs::read_dir(dir).map_err(|error| RenderError::TemplateDir {
            dir: dir.to_path_buf(),
            error,
        })?;
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for file in files {
            let Some(name) = file.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
                continue;
            };
            if !name.ends_with(".hbs") {
                continue;
            }
            if !TEMPLATES.iter().any(|(n, _)| *n == name) {
                return Err(RenderError::UnknownTemplate {
                    file,
                    expected: TEMPLATES
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
            let text =
                std::fs::read_to_string(&file).map_err(|error| RenderError::TemplateDir {
                    dir: file.clone(),
                    error,
                })?;
            register(&mut hb, &name, &text, &file.display().to_string())?;
        }
    }
    Ok(hb)
}

fn register(
    hb: &mut Handlebars<'static>,
    name: &str,
    text: &str,
    origin: &str,
) -> Result<(), RenderError> {
    // Partials are referred to without the extension: {{> device}}.
    let short = name.trim_end_matches(".md.hbs");
    hb.register_template_string(short, text)
        .map_err(|e| RenderError::Template {
            file: origin.to_string(),
            message: e.to_string(),
        })
}

/// The context every template sees: `tf` (the core model as saved:
/// document, device, software items, chapters, evidence), `core` (values
/// computed from the core model), and one view per part (`sbom`, `risk`,
/// `ai`), which carries everything of that part a template needs. The parts'
/// raw data is left out of `tf`: it can be large (thousands of components and
/// risk entries) and every part renders from its view.
pub fn context(tf: &TechFile, opts: &RenderOptions) -> serde_json::Value {
    let mut root = json!({
        "tf": {
            "schema_version": tf.schema_version,
            "document": tf.document,
            "device": tf.device,
            "software_items": tf.software_items,
            "chapters": tf.chapters,
            "evidence": tf.evidence,
        },
        "options": { "front_matter": opts.front_matter },
    });
    // The views move in: `json!` would serialise each into a copy of itself.
    for part in crate::parts::PARTS {
        root[part.name] = (part.view)(tf);
    }
    root
}

/// Renders the technical file (or one part of it) as Markdown.
pub fn markdown(tf: &TechFile, opts: &RenderOptions) -> Result<String, RenderError> {
    let hb = registry(opts.templates_dir.as_deref())?;
    let root = match &opts.part {
        None => MAIN_TEMPLATE,
        Some(p) => PARTS
            .iter()
            .find(|(n, _)| n == p)
            .map(|(_, t)| *t)
            .ok_or_else(|| {
                RenderError::UnknownPart(
                    p.clone(),
                    PARTS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
                )
            })?,
    };
    let short = root.trim_end_matches(".md.hbs");
    let mut t = std::time::Instant::now();
    let ctx = handlebars::Context::from(context(tf, opts));
    crate::util::stage("render.context", &mut t);
    let out = hb
        // One Context for the whole render: `render(name, &data)` would
        // serialise the data into a fresh JSON value on every call.
        .render_with_context(short, &ctx)
        .map_err(|e| RenderError::Template {
            file: e
                .template_name
                .clone()
                .map(|n| format!("{n}.md.hbs"))
                .unwrap_or_else(|| root.to_string()),
            message: e.to_string(),
        })?;
    crate::util::stage("render.handlebars", &mut t);
    let out = tidy(&out);
    crate::util::stage("render.tidy", &mut t);
    Ok(out)
}

/// Collapses runs of blank lines the templates leave, and ends with one newline.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blanks = 0;
    let mut fence = false;
    for line in s.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
        }
        if line.trim().is_empty() && !fence {
            blanks += 1;
            if blanks > 1 {
                continue;
            }
        } else {
            blanks = 0;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    if out.starts_with('\n') {
        out = out.trim_start_matches('\n').to_string();
    }
    out
}
