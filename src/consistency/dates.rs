//! The dates of document control against the document's own date: no
//! approval after it, no revision, registered document or SOUP anomaly
//! review after it. (A missing revision for the current version is the
//! core part's `core.revision`.)

use super::rules;
use crate::diag::{Finding, Rule};
use crate::model::TechFile;

pub fn check(tf: &TechFile, out: &mut Vec<Finding>) {
    let Some(doc) = crate::date::parse(tf.document.date.trim()) else {
        return;
    };
    let mut after = |rule: &Rule, path: String, date: &str, what: &str| {
        if let Some(d) = crate::date::parse(date.trim()) {
            if d > doc {
                out.push(Finding::of(
                    rule,
                    path,
                    format!(
                        "{what} is dated {}, after the document's date {}",
                        date.trim(),
                        tf.document.date.trim()
                    ),
                ));
            }
        }
    };
    for (i, a) in tf.document.approvals.iter().enumerate() {
        after(
            &rules::APPROVAL_DATE,
            format!("document.approvals[{i}].date"),
            &a.date,
            &format!("the approval by {}", a.name.trim()),
        );
    }
    for (i, r) in tf.document.revisions.iter().enumerate() {
        after(
            &rules::FUTURE_DATE,
            format!("document.revisions[{i}].date"),
            &r.date,
            &format!("revision {}", r.version.trim()),
        );
    }
    for (i, d) in tf.documents.iter().enumerate() {
        after(
            &rules::FUTURE_DATE,
            format!("documents[{i}].date"),
            &d.date,
            &format!("{} version {}", d.document_id.trim(), d.version.trim()),
        );
    }
    for (i, c) in tf.sbom.components.iter().enumerate() {
        after(
            &rules::FUTURE_DATE,
            format!("sbom.components[{i}].soup.anomaly_review_date"),
            &c.soup.anomaly_review_date,
            &format!("the anomaly list review of {}", c.name.trim()),
        );
    }
}
