//! The core part of the technical file: document control, the device (MDR
//! Annex II 1), software items, narrative chapters and the document register.
//! It owns their rules (`check`, `rules`) and the values its templates compute
//! from them (`view`: sections, clause index). The types live in `model`.

mod check;
pub mod register;
pub mod rules;
pub mod udi;
pub mod view;

use crate::diag::Finding;
use crate::links::Links;
use crate::model::TechFile;

/// The part's name in the registry and the key of its view in the templates.
pub const NAME: &str = "core";

/// The model paths this part owns.
pub const PATHS: &[&str] = &[
    "document",
    "device",
    "software_items",
    "chapters",
    "documents",
];

/// Findings of this part, appended to `out`.
pub fn check(tf: &TechFile, _links: &Links, out: &mut Vec<Finding>) {
    check::check(tf, out);
    register::check_citations(tf, out);
}

/// The data this part's templates render, computed from the model.
pub fn view(tf: &TechFile) -> serde_json::Value {
    serde_json::to_value(view::core(tf)).unwrap_or_default()
}
