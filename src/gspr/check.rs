//! The rules of the GSPR matrix: each row names a real Annex I requirement
//! once, says whether it applies, justifies what does not apply, and shows
//! how what applies is met (method, evidence that resolves to the document
//! register at the register's version, standards of the standards register,
//! risk entries of the risk file); software devices cannot set aside the IT
//! security and interoperability requirements; and the matrix covers Annex I.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use super::catalogue::{self, Id};
use super::rules;
use crate::diag::Finding;
use crate::links::{Links, Target};
use crate::model::gspr::{GsprApplicability, GsprRow};
use crate::model::TechFile;

/// The requirements a software or connected device cannot set aside, as
/// the clause catalogue lists them.
pub use crate::model::clauses::SOFTWARE_GSPRS as SOFTWARE_PACK;

/// Whether the device is or contains software (software items or an SBOM).
pub fn is_software(tf: &TechFile) -> bool {
    !tf.software_items.is_empty() || !tf.sbom.components.is_empty()
}

pub fn check(tf: &TechFile, links: &Links, out: &mut Vec<Finding>) {
    let rows = &tf.gspr.rows;
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        let p = format!("gspr.rows[{i}]");
        let id = row.requirement.trim();
        match catalogue::lookup(id) {
            Id::Mdr(_) | Id::Ivdr => {}
            Id::UnknownMdr => out.push(Finding::error(
                &rules::UNKNOWN_REQUIREMENT,
                format!("{p}.requirement"),
                format!("`{id}` is not a requirement of MDR Annex I"),
            )),
            Id::Malformed => out.push(Finding::error(
                &rules::UNKNOWN_REQUIREMENT,
                format!("{p}.requirement"),
                format!(
                    "`{id}` is not a requirement id; expected `MDR-I-<n>[.<m>][(<letter>)]`, e.g. `MDR-I-17.2` or `MDR-I-23.4(ab)`"
                ),
            )),
        }
        if !id.is_empty() {
            match first.entry(id) {
                Entry::Vacant(v) => {
                    v.insert(i);
                }
                Entry::Occupied(o) => out.push(Finding::error(
                    &rules::DUPLICATE_ROW,
                    format!("{p}.requirement"),
                    format!("{id} repeats gspr.rows[{}]; one row a requirement", o.get()),
                )),
            }
        }
        row_content(row, &p, id, links, out);
    }
    let ivdr = tf.device.risk_class.is_some_and(|c| c.is_ivdr());
    if ivdr {
        // No IVDR catalogue in this build: no pack and no coverage to check.
        return;
    }
    let software = is_software(tf);
    if software {
        for &req in SOFTWARE_PACK {
            match first.get(req) {
                None => out.push(Finding::error(
                    &rules::SOFTWARE_PACK,
                    "gspr.rows",
                    format!(
                        "no row for {req}: a software or connected device must address it (MDR Annex I; MDCG 2019-16 rev. 1)"
                    ),
                )),
                Some(&i) if rows[i].applicability == Some(GsprApplicability::DoesNotApply) => {
                    out.push(Finding::error(
                        &rules::SOFTWARE_PACK,
                        format!("gspr.rows[{i}].applicability"),
                        format!(
                            "{req} cannot be 'does not apply' for a software or connected device (MDR Annex I; MDCG 2019-16 rev. 1)"
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
    }
    if rows.is_empty() && !software {
        return;
    }
    let have: BTreeSet<&str> = first.keys().copied().collect();
    let needed: Vec<&catalogue::Requirement> =
        catalogue::mdr().iter().filter(|r| r.needs_row()).collect();
    let missing: Vec<String> = needed
        .iter()
        .map(|r| r.row_id())
        .filter(|id| !have.contains(id.as_str()))
        .collect();
    if !missing.is_empty() {
        out.push(Finding::warning(
            &rules::COVERAGE,
            "gspr.rows",
            format!(
                "the matrix lacks {} of the {} requirements of MDR Annex I: {}",
                missing.len(),
                needed.len(),
                missing.join(", ")
            ),
        ));
    }
}

fn row_content(row: &GsprRow, p: &str, id: &str, links: &Links, out: &mut Vec<Finding>) {
    let Some(a) = row.applicability else {
        out.push(Finding::error(
            &rules::APPLICABILITY,
            format!("{p}.applicability"),
            format!("{id}: say whether it applies, does not apply or applies in part"),
        ));
        return;
    };
    if a != GsprApplicability::Applies && row.justification.trim().is_empty() {
        out.push(Finding::error(
            &rules::JUSTIFICATION,
            format!("{p}.justification"),
            match a {
                GsprApplicability::Partly => {
                    format!("{id} applies in part: say which part does not apply and why")
                }
                _ => format!("{id} does not apply: say why"),
            },
        ));
    }
    if a != GsprApplicability::DoesNotApply {
        if row.method.trim().is_empty() {
            out.push(Finding::error(
                &rules::METHOD,
                format!("{p}.method"),
                format!("{id} applies: say how conformity is demonstrated"),
            ));
        }
        if row.evidence.is_empty() {
            out.push(Finding::error(
                &rules::EVIDENCE,
                format!("{p}.evidence"),
                format!("{id} applies: cite the evidence (document id, version, section)"),
            ));
        }
    }
    for (k, e) in row.evidence.iter().enumerate() {
        let ep = format!("{p}.evidence[{k}]");
        let doc = e.document_id.trim();
        match links.document_version(doc) {
            None => out.push(Finding::error(
                &rules::EVIDENCE_UNRESOLVED,
                format!("{ep}.document_id"),
                if doc.is_empty() {
                    format!("{id}: evidence without a document id")
                } else {
                    format!("{id}: `{doc}` is not in the document register")
                },
            )),
            Some(v) if e.version.trim() != v.trim() => out.push(Finding::error(
                &rules::EVIDENCE_VERSION,
                format!("{ep}.version"),
                if e.version.trim().is_empty() {
                    format!("{id}: cite the version of `{doc}` relied on (the register holds {v})")
                } else {
                    format!(
                        "{id}: cites `{doc}` version {}, the document register holds version {v}",
                        e.version.trim()
                    )
                },
            )),
            Some(_) => {}
        }
    }
    for (k, s) in row.standards.iter().enumerate() {
        if !links.exists(Target::Standard, s.trim()) {
            out.push(Finding::error(
                &rules::STANDARD_UNRESOLVED,
                format!("{p}.standards[{k}]"),
                format!("{id}: `{s}` is not an id of the standards register"),
            ));
        }
    }
    for (k, r) in row.risk_links.iter().enumerate() {
        if !links.exists(Target::RiskEntry, r.trim()) {
            out.push(Finding::error(
                &rules::RISK_LINK,
                format!("{p}.risk_links[{k}]"),
                format!("{id}: `{r}` is not a risk entry"),
            ));
        }
    }
}
