//! The standards part of the technical file (MDR Annex II 4(c), AI Act
//! Annex IV 7): the register of standards applied, with edition, harmonised
//! status or state-of-the-art reason, extent and deviations, and the
//! statement on common specifications. It owns the designation parser and
//! edition matcher (`cite`), the rules (`check`: the register's own and the
//! one-edition rule over every text that cites a standard) and the view its
//! template renders. The types live in `model::standards`.

mod check;
pub mod cite;
pub mod rules;
pub mod view;

use crate::diag::Finding;
use crate::links::Links;
use crate::model::TechFile;

/// The part's name in the registry and the key of its view in the templates.
pub const NAME: &str = "standards";

/// The model paths this part owns.
pub const PATHS: &[&str] = &["standards"];

/// Findings of this part, appended to `out`.
pub fn check(tf: &TechFile, _links: &Links, out: &mut Vec<Finding>) {
    check::check(tf, out);
}

/// The data this part's templates render, computed from the model.
pub fn view(tf: &TechFile) -> serde_json::Value {
    serde_json::to_value(view::view(tf)).unwrap_or_default()
}
