//! Checks: every part's rules over the model, run through the parts registry
//! with one `Links` index built per check. Every rule runs and every finding
//! is collected; a check never stops at the first problem and never panics.
//! The finding types live in `diag`, the rules in each part's `rules`.

use crate::diag::{Finding, Rule};
use crate::links::Links;
use crate::model::TechFile;
use crate::parts::PARTS;

pub use crate::diag::has_errors;

/// Runs every rule of every part. Findings come in a stable order: by part
/// (in registry order), then in the order the rules visit the model.
pub fn check(tf: &TechFile) -> Vec<Finding> {
    check_with_coverage(tf).0
}

/// `check`, and the coverage figures it computed on the way (one coverage
/// computation serves both: the desktop asks for the two on every edit).
pub fn check_with_coverage(tf: &TechFile) -> (Vec<Finding>, Vec<crate::coverage::Figure>) {
    let links = Links::new(tf);
    let mut out = Vec::new();
    for part in PARTS {
        (part.check)(tf, &links, &mut out);
    }
    // Clause coverage spans the parts (a structured part answers clauses a
    // chapter would otherwise have to), so it runs after them.
    let cov = crate::coverage::compute(tf);
    crate::coverage::check(&cov, &mut out);
    (out, cov.figures())
}

/// `check`, and the rules that read the project's folder (`base`, where the
/// project file is): each registered document's file that is there must
/// have the SHA-256 the register records.
pub fn check_with_files(
    tf: &TechFile,
    base: &std::path::Path,
) -> (Vec<Finding>, Vec<crate::coverage::Figure>) {
    let (mut out, figures) = check_with_coverage(tf);
    out.extend(crate::core::register::check_files(tf, base));
    (out, figures)
}

/// The rule catalogue: every rule of every part, in registry order.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    crate::parts::rules()
}

/// The catalogue entry of a rule id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    rules().find(|r| r.id == id)
}
