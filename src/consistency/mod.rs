//! The consistency part: the checks a notified-body reviewer runs in their
//! head across the parts of the file (Team-NB names inconsistent
//! information as a main cause of delays). It owns no model data; its rules
//! read several parts at once: text against the device data (`text`), the
//! risk file against the software items and the VEX data (`risk`), the
//! dates of document control (`dates`), the AI part against itself and the
//! SBOM (`ai`), and the references in prose (`crate::refs`). Each finding
//! is located at the field or text it concerns.

mod ai;
mod dates;
mod risk;
pub mod rules;
mod text;

use crate::diag::Finding;
use crate::links::Links;
use crate::model::TechFile;

/// The part's name in the registry.
pub const NAME: &str = "consistency";

/// The part owns no model paths: it reads the others'.
pub const PATHS: &[&str] = &[];

/// Findings of this part, appended to `out`.
pub fn check(tf: &TechFile, _links: &Links, out: &mut Vec<Finding>) {
    text::check(tf, out);
    risk::check(tf, out);
    dates::check(tf, out);
    ai::check(tf, out);
}

/// The part renders nothing of its own.
pub fn view(_tf: &TechFile) -> serde_json::Value {
    serde_json::Value::Null
}

/// Text as the rules compare it: lowercase, runs of white space as one
/// space (two writings of one harm, source or attribute are one).
pub fn normalised(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether a VEX status says the device is (or may be) exposed: CSAF/OpenVEX
/// `affected` and `under_investigation`, CycloneDX `exploitable` and
/// `in_triage`.
pub fn open_status(status: &str) -> bool {
    let s = status.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    matches!(
        s.as_str(),
        "affected" | "under_investigation" | "exploitable" | "in_triage"
    )
}

#[cfg(test)]
mod tests;
