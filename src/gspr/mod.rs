//! The GSPR part of the technical file (MDR Annex II 4): the matrix of MDR
//! Annex I requirements, how each is met and where the evidence is. It owns
//! the requirement catalogue (`catalogue`, data in `requirements.toml`), the
//! rules (`check`, including the software rule pack) and the view its
//! template renders. The types live in `model::gspr`; the standards and
//! documents it cites are looked up through `links::Links`.

pub mod catalogue;
mod check;
pub mod rules;
pub mod view;

use crate::diag::Finding;
use crate::links::Links;
use crate::model::TechFile;

pub use check::{is_software, SOFTWARE_PACK};

/// The part's name in the registry and the key of its view in the templates.
pub const NAME: &str = "gspr";

/// The model paths this part owns.
pub const PATHS: &[&str] = &["gspr"];

/// Findings of this part, appended to `out`.
pub fn check(tf: &TechFile, links: &Links, out: &mut Vec<Finding>) {
    check::check(tf, links, out);
}

/// The data this part's templates render, computed from the model.
pub fn view(tf: &TechFile) -> serde_json::Value {
    serde_json::to_value(view::view(tf)).unwrap_or_default()
}
