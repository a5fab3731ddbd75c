//! Markdown rendering: handlebars templates over the model. It owns the
//! template set (embedded defaults from `templates/`, overridable file by file
//! from a user directory), the one place where helpers and the Markdown escape
//! (from `markdown`) are registered, and the context the templates see. It
//! does not lay out PDFs.

mod helpers;
pub mod limits;

pub use helpers::xref_anchor;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use handlebars::Handlebars;
use serde_json::json;

use limits::{Budget, Limits};

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
        "documents.md.hbs",
        include_str!("../../templates/documents.md.hbs"),
    ),
    (
        "clause-index.md.hbs",
        include_str!("../../templates/clause-index.md.hbs"),
    ),
    (
        "clause-table.md.hbs",
        include_str!("../../templates/clause-table.md.hbs"),
    ),
    (
        "cra-profile.md.hbs",
        include_str!("../../templates/cra-profile.md.hbs"),
    ),
    (
        "applicability.md.hbs",
        include_str!("../../templates/applicability.md.hbs"),
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
    ("gspr.md.hbs", include_str!("../../templates/gspr.md.hbs")),
    (
        "standards.md.hbs",
        include_str!("../../templates/standards.md.hbs"),
    ),
    (
        "gspr-export.md.hbs",
        include_str!("../../templates/gspr-export.md.hbs"),
    ),
    (
        "standards-export.md.hbs",
        include_str!("../../templates/standards-export.md.hbs"),
    ),
    (
        "declaration.md.hbs",
        include_str!("../../templates/declaration.md.hbs"),
    ),
    (
        "declaration-export.md.hbs",
        include_str!("../../templates/declaration-export.md.hbs"),
    ),
];

/// The root template of the whole technical file.
pub const MAIN_TEMPLATE: &str = "technical-file.md.hbs";

/// Parts that can be exported on their own.
pub const PARTS: &[(&str, &str)] = &[
    ("ai-deployer-info", "ai-deployer-info.md.hbs"),
    ("gspr", "gspr-export.md.hbs"),
    ("standards", "standards-export.md.hbs"),
    ("declaration-of-conformity", "declaration-export.md.hbs"),
    (CRA_PROFILE, "cra-profile.md.hbs"),
];

/// The part that is the CRA profile: the manufacturer's non-device
/// products under the CRA, exported apart from the device's file.
pub const CRA_PROFILE: &str = "cra-profile";

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
    /// A file of the template folder that cannot be used (not a regular
    /// file, outside the folder, too large, not UTF-8).
    #[error("{}: {message}", file.display())]
    TemplateFile { file: PathBuf, message: String },
    #[error("{file}: template error: {message}")]
    Template { file: String, message: String },
    /// A render stopped by one of `limits::Limits`.
    #[error("{file}: render stopped: {message}")]
    Limit { file: String, message: String },
    #[error("unknown part `{0}`; expected one of: {1}")]
    UnknownPart(String, String),
}

impl RenderError {
    pub fn code(&self) -> &'static str {
        match self {
            RenderError::TemplateDir { .. } => "render.template_dir",
            RenderError::UnknownTemplate { .. } => "render.unknown_template",
            RenderError::TemplateFile { .. } => "render.template_file",
            RenderError::Template { .. } => "render.template",
            RenderError::Limit { .. } => "render.limit",
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
/// the templates (embedded, then the user's overrides by name), checked as
/// `limits` says. Its render budget is `Limits::DEFAULT`.
pub fn registry(templates_dir: Option<&Path>) -> Result<Handlebars<'static>, RenderError> {
    let budget = Arc::new(Budget::new(Limits::DEFAULT));
    Ok(TemplateSet::load(templates_dir, &budget)?.hb)
}

/// A registry and where each of its templates came from.
struct TemplateSet {
    hb: Handlebars<'static>,
    /// Registered name -> the embedded file name or the override's path.
    origins: BTreeMap<String, String>,
}

impl TemplateSet {
    fn load(templates_dir: Option<&Path>, budget: &Arc<Budget>) -> Result<Self, RenderError> {
        let mut set = TemplateSet {
            hb: Handlebars::new(),
            origins: BTreeMap::new(),
        };
        set.hb.set_strict_mode(true);
        set.hb.register_escape_fn(crate::markdown::escape_inline);
        helpers::register(&mut set.hb, budget);
        for (name, text) in TEMPLATES {
            set.register(name, text, name)?;
        }
        if let Some(dir) = templates_dir {
            for (name, file, text) in read_overrides(dir)? {
                set.register(&name, &text, &file.display().to_string())?;
            }
        }
        limits::analyse(&set.hb, budget, &|n| set.origin(n)).map_err(|e| {
            RenderError::Template {
                file: set.origin(e.template()),
                message: e.to_string(),
            }
        })?;
        Ok(set)
    }

    fn register(&mut self, name: &str, text: &str, origin: &str) -> Result<(), RenderError> {
        let error = |message: String| RenderError::Template {
            file: origin.to_string(),
            message,
        };
        limits::check_nesting(text).map_err(|e| error(e.to_string()))?;
        // Partials are referred to without the extension: {{> device}}.
        let short = name.trim_end_matches(".md.hbs");
        self.hb
            .register_template_string(short, text)
            .map_err(|e| error(e.to_string()))?;
        self.origins.insert(short.to_string(), origin.to_string());
        Ok(())
    }

    /// How errors name a registered template: the override's path, else the
    /// embedded file name; an inline partial by its name.
    fn origin(&self, short: &str) -> String {
        self.origins
            .get(short)
            .cloned()
            .unwrap_or_else(|| format!("partial `{short}`"))
    }
}

/// The override files of `dir`: (name, path as the user names it, text).
/// Only regular files inside the folder are read: a link is followed only
/// while it stays inside, and anything that is not a regular file (or is
/// too large, or not UTF-8) is an error naming it. A `.hbs` name Techfile
/// does not use is an error listing the valid names.
fn read_overrides(dir: &Path) -> Result<Vec<(String, PathBuf, String)>, RenderError> {
    let dir_error = |error| RenderError::TemplateDir {
        dir: dir.to_path_buf(),
        error,
    };
    let root = std::fs::canonicalize(dir).map_err(dir_error)?;
    let entries = std::fs::read_dir(&root).map_err(dir_error)?;
    let mut names: Vec<String> = Vec::new();
    for e in entries {
        let e = e.map_err(dir_error)?;
        // Names Techfile uses are UTF-8; others cannot be one of them.
        if let Some(n) = e.file_name().to_str() {
            if n.ends_with(".hbs") {
                names.push(n.to_string());
            }
        }
    }
    names.sort();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let file = dir.join(&name);
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
        let refuse = |message: String| RenderError::TemplateFile {
            file: file.clone(),
            message,
        };
        let real = std::fs::canonicalize(root.join(&name))
            .map_err(|e| refuse(format!("cannot read: {e}")))?;
        if !real.starts_with(&root) {
            return Err(refuse(format!(
                "leads to {}, outside the template folder {}; templates are read only from inside it",
                real.display(),
                dir.display()
            )));
        }
        let bytes = crate::util::read_input(&real, limits::MAX_TEMPLATE_BYTES).map_err(|e| {
            refuse(match e {
                crate::util::ReadError::Io(e) => format!("cannot read: {e}"),
                crate::util::ReadError::TooLarge(size) => format!(
                    "{size}; templates over {} bytes are refused",
                    limits::MAX_TEMPLATE_BYTES
                ),
            })
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            refuse(format!(
                "line {line}: invalid UTF-8; a template is UTF-8 text"
            ))
        })?;
        out.push((name, file, text));
    }
    Ok(out)
}

/// The context every template sees: `tf` (the core model as saved:
/// document, device, software items, chapters, documents), `core` (values
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
            "documents": tf.documents,
        },
        "options": { "front_matter": opts.front_matter },
    });
    // The views move in: `json!` would serialise each into a copy of itself.
    for part in crate::parts::PARTS {
        root[part.name] = (part.view)(tf);
    }
    // The clause index spans the parts: computed coverage, not a part's view.
    let (device, cra) = crate::coverage::views(tf);
    root["coverage"] = device;
    root["cra_coverage"] = cra;
    root
}

/// Renders the technical file (or one part of it) as Markdown.
pub fn markdown(tf: &TechFile, opts: &RenderOptions) -> Result<String, RenderError> {
    markdown_within(tf, opts, Limits::DEFAULT)
}

/// `markdown` with other limits (tests use small ones).
pub fn markdown_within(
    tf: &TechFile,
    opts: &RenderOptions,
    limits: Limits,
) -> Result<String, RenderError> {
    let budget = Arc::new(Budget::new(limits));
    let set = TemplateSet::load(opts.templates_dir.as_deref(), &budget)?;
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
    // References in prose (`[[doc:ID]]`, ...) become their values first.
    let resolved;
    let tf = if crate::refs::any(tf) {
        resolved = crate::refs::substituted(tf);
        &resolved
    } else {
        tf
    };
    let ctx = handlebars::Context::from(context(tf, opts));
    crate::util::stage("render.context", &mut t);
    let mut out = limits::Bounded::new(&budget);
    budget
        .charge(budget.cost_of(short))
        .and_then(|()| {
            set.hb
                // One Context for the whole render: `render(name, &data)`
                // would serialise the data into a fresh JSON value on every
                // call.
                .render_with_context_to_write(short, &ctx, &mut out)
        })
        .map_err(|e| {
            let file = e
                .template_name
                .as_deref()
                .map(|n| set.origin(n))
                .unwrap_or_else(|| root.to_string());
            match budget.exceeded() {
                Some(message) => RenderError::Limit { file, message },
                None => RenderError::Template {
                    file,
                    message: e.to_string(),
                },
            }
        })?;
    let out = out.into_string();
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
