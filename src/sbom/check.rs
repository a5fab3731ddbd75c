//! Rules over the sbom part: NTIA minimum elements per component and per
//! document, FDA support information, IEC 62304 SOUP documentation for class
//! B/C items, duplicates, dangling dependency references, software items that
//! do not exist, and vulnerabilities without a (complete) VEX assessment.

use std::collections::{HashMap, HashSet};

use super::rules;
use crate::diag::Finding;
use crate::links::Links;
use crate::model::{SafetyClass, TechFile};

pub fn check(tf: &TechFile, _links: &Links, out: &mut Vec<Finding>) {
    let part = &tf.sbom;
    let items: HashSet<&str> = tf.software_items.iter().map(|i| i.name.as_str()).collect();
    let bc_items: HashSet<&str> = tf
        .software_items
        .iter()
        .filter(|i| matches!(i.safety_class, Some(SafetyClass::B | SafetyClass::C)))
        .map(|i| i.name.as_str())
        .collect();
    for (i, d) in part.documents.iter().enumerate() {
        let p = format!("sbom.documents[{i}]");
        if !items.contains(d.item.as_str()) {
            out.push(Finding::error(
                &rules::UNKNOWN_ITEM,
                format!("{p}.item"),
                format!("{}: software item `{}` does not exist", d.file_name, d.item),
            ));
        }
        // NTIA minimum elements of the SBOM document itself.
        let missing = [
            (
                d.authors.is_empty(),
                &rules::NTIA_AUTHOR,
                "authors",
                "author of the SBOM data",
            ),
            (
                d.timestamp.is_empty(),
                &rules::NTIA_TIMESTAMP,
                "timestamp",
                "timestamp",
            ),
            (
                !d.has_dependencies && d.component_count > 0,
                &rules::NTIA_DEPENDENCIES,
                "has_dependencies",
                "dependency relationships",
            ),
        ];
        for (_, rule, field, what) in missing.into_iter().filter(|m| m.0) {
            out.push(Finding::warning(
                rule,
                format!("{p}.{field}"),
                format!("{}: NTIA minimum element missing: {what}", d.file_name),
            ));
        }
    }
    for &profile in &part.profiles {
        for (i, d) in part.documents.iter().enumerate() {
            super::profile::check_document(profile, d, &format!("sbom.documents[{i}]"), out);
        }
        for (i, c) in part.components.iter().enumerate() {
            super::profile::check_component(profile, c, &format!("sbom.components[{i}]"), out);
        }
    }
    let ids: HashSet<&str> = part.components.iter().map(|c| c.id.as_str()).collect();
    let mut by_nv: HashMap<(String, String, &str), usize> = HashMap::new();
    for (i, c) in part.components.iter().enumerate() {
        let p = format!("sbom.components[{i}]");
        let label = if c.version.is_empty() {
            c.name.clone()
        } else {
            format!("{} {}", c.name, c.version)
        };
        if c.supplier.is_empty() {
            out.push(Finding::warning(
                &rules::NTIA_SUPPLIER,
                format!("{p}.supplier"),
                format!("{label}: NTIA minimum element missing: supplier"),
            ));
        }
        if c.version.is_empty() {
            out.push(Finding::warning(
                &rules::NTIA_VERSION,
                format!("{p}.version"),
                format!("{label}: NTIA minimum element missing: version"),
            ));
        }
        if c.purl.is_empty() && c.cpe.is_empty() && c.swid.is_empty() {
            out.push(Finding::warning(
                &rules::NTIA_IDENTIFIER,
                format!("{p}.purl"),
                format!("{label}: NTIA minimum element missing: a unique identifier (purl, CPE or SWID)"),
            ));
        }
        if c.soup.support_level.is_empty() {
            out.push(Finding::warning(
                &rules::FDA_SUPPORT_LEVEL,
                format!("{p}.soup.support_level"),
                format!("{label}: level of support not stated (FDA premarket cybersecurity)"),
            ));
        }
        if c.soup.end_of_support.is_empty() {
            out.push(Finding::warning(
                &rules::FDA_END_OF_SUPPORT,
                format!("{p}.soup.end_of_support"),
                format!("{label}: end-of-support date not stated (FDA premarket cybersecurity)"),
            ));
        }
        if c.items.iter().any(|it| bc_items.contains(it.as_str())) {
            if c.soup.requirements.is_empty() {
                out.push(Finding::warning(
                    &rules::SOUP_REQUIREMENTS,
                    format!("{p}.soup.requirements"),
                    format!("{label}: SOUP functional and performance requirements missing (IEC 62304 5.3.3, class B/C)"),
                ));
            }
            if c.soup.required_hw_sw.is_empty() {
                out.push(Finding::warning(
                    &rules::SOUP_HW_SW,
                    format!("{p}.soup.required_hw_sw"),
                    format!("{label}: hardware and software the SOUP requires missing (IEC 62304 5.3.4, class B/C)"),
                ));
            }
            if !filled(&c.soup.hazardous_situations) {
                out.push(Finding::of(
                    &rules::SOUP_HAZARDS,
                    format!("{p}.soup.hazardous_situations"),
                    format!("{label}: the hazardous situations a failure of this SOUP could contribute to are not named (IEC 62304 7.1.2, class B/C)"),
                ));
            }
            if !filled(&c.soup.anomaly_review_date) || !filled(&c.soup.anomaly_review_result) {
                let field = if filled(&c.soup.anomaly_review_date) {
                    "anomaly_review_result"
                } else {
                    "anomaly_review_date"
                };
                out.push(Finding::of(
                    &rules::SOUP_ANOMALIES,
                    format!("{p}.soup.{field}"),
                    format!("{label}: the evaluation of the published anomaly list (date and result) is not recorded (IEC 62304 7.1.3, class B/C)"),
                ));
            }
        }
        for it in &c.items {
            if !items.contains(it.as_str()) {
                out.push(Finding::error(
                    &rules::UNKNOWN_ITEM,
                    format!("{p}.items"),
                    format!("{label}: software item `{it}` does not exist"),
                ));
            }
        }
        for (j, d) in c.depends_on.iter().enumerate() {
            if !ids.contains(d.as_str()) {
                out.push(Finding::warning(
                    &rules::DANGLING_DEPENDENCY,
                    format!("{p}.depends_on[{j}]"),
                    format!("{label} depends on `{d}`, which is no component of the device SBOM"),
                ));
            }
        }
        let key = (
            c.group.to_lowercase(),
            c.name.to_lowercase(),
            c.version.as_str(),
        );
        match by_nv.get(&key) {
            Some(&first) => out.push(Finding::warning(
                &rules::DUPLICATE_COMPONENT,
                format!("{p}.id"),
                format!(
                    "{label} is recorded twice (`{}` and `{}`); give both the same purl or remove one",
                    part.components[first].id, c.id
                ),
            )),
            None => {
                by_nv.insert(key, i);
            }
        }
    }
    for (i, v) in part.vulnerabilities.iter().enumerate() {
        let p = format!("sbom.vulnerabilities[{i}]");
        if v.affects.is_empty() {
            out.push(Finding::warning(
                &rules::VULNERABILITY_UNASSESSED,
                format!("{p}.affects"),
                format!("{}: no component and no assessment recorded", v.id),
            ));
        }
        for (j, a) in v.affects.iter().enumerate() {
            let ap = format!("{p}.affects[{j}]");
            if a.status.is_empty() {
                out.push(Finding::warning(
                    &rules::VULNERABILITY_UNASSESSED,
                    format!("{ap}.status"),
                    format!("{} in `{}`: no VEX assessment (not_affected, affected, fixed, under_investigation)", v.id, a.component),
                ));
            } else if a.status == "not_affected"
                && a.justification.is_empty()
                && a.detail.is_empty()
            {
                out.push(Finding::warning(
                    &rules::VEX_JUSTIFICATION,
                    format!("{ap}.justification"),
                    format!(
                        "{} in `{}`: not_affected needs a justification",
                        v.id, a.component
                    ),
                ));
            } else if a.status == "affected" && a.action.is_empty() {
                out.push(Finding::warning(
                    &rules::VEX_ACTION,
                    format!("{ap}.action"),
                    format!("{} in `{}`: affected needs an action", v.id, a.component),
                ));
            }
            if !ids.contains(a.component.as_str()) {
                out.push(Finding::warning(
                    &rules::VULNERABILITY_COMPONENT,
                    format!("{ap}.component"),
                    format!(
                        "{}: `{}` is no component of the device SBOM",
                        v.id, a.component
                    ),
                ));
            }
        }
    }
    boilerplate(tf, out);
}

/// Whether a SOUP field says something (a dash or "n/a" does not).
fn filled(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && !matches!(
            t.to_ascii_lowercase().as_str(),
            "—" | "–" | "-" | "n/a" | "na" | "tbd" | "none" | "?"
        )
}

/// Rows that repeat one assessment word for word: reported once per text,
/// at its first row, when five or more rows of substance share it.
fn boilerplate(tf: &TechFile, out: &mut Vec<Finding>) {
    const MIN_ROWS: usize = 5;
    const MIN_CHARS: usize = 25;
    type Field = (&'static str, fn(&crate::model::sbom::Soup) -> &str);
    let fields: [Field; 3] = [
        ("hazardous_situations", |s| &s.hazardous_situations),
        ("anomaly_review_result", |s| &s.anomaly_review_result),
        ("requirements", |s| &s.requirements),
    ];
    for (name, get) in fields {
        // Exact repeats of the trimmed text: copied boilerplate is verbatim,
        // and keying on the borrowed text allocates nothing per row.
        let mut rows: std::collections::HashMap<&str, Vec<usize>> = Default::default();
        for (i, c) in tf.sbom.components.iter().enumerate() {
            let t = get(&c.soup).trim();
            if t.len() >= MIN_CHARS {
                rows.entry(t).or_default().push(i);
            }
        }
        let mut repeated: Vec<&Vec<usize>> =
            rows.values().filter(|r| r.len() >= MIN_ROWS).collect();
        repeated.sort();
        for r in repeated {
            out.push(Finding::warning(
                &rules::SOUP_BOILERPLATE,
                format!("sbom.components[{}].soup.{name}", r[0]),
                format!(
                    "the same {} text is written in {} SOUP rows; assess each component on its own (IEC 62304 7.1.2, 7.1.3)",
                    name.replace('_', " "),
                    r.len()
                ),
            ));
        }
    }
}
