//! The rules of the standards register, and the one-edition rule over the
//! whole file: every dated citation of a registered standard (chapters, GSPR
//! rows, the AI systems' standards) names the register's edition.

use std::collections::{BTreeMap, HashMap};

use super::cite::{self, Designation};
use super::rules;
use crate::diag::Finding;
use crate::model::standards::StandardExtent;
use crate::model::TechFile;

pub fn check(tf: &TechFile, out: &mut Vec<Finding>) {
    let reg = &tf.standards;
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    // Standard number -> (entry index, its designations).
    let mut by_number: HashMap<String, Vec<(usize, Vec<Designation>)>> = HashMap::new();
    for (i, s) in reg.entries.iter().enumerate() {
        let p = format!("standards.entries[{i}]");
        if s.id.trim().is_empty() {
            out.push(Finding::error(
                &rules::ID,
                format!("{p}.id"),
                "no id; GSPR rows cite the standard by it",
            ));
        } else if let Some(&j) = ids.get(s.id.trim()) {
            out.push(Finding::error(
                &rules::ID,
                format!("{p}.id"),
                format!("`{}` repeats standards.entries[{j}]", s.id.trim()),
            ));
        } else {
            ids.insert(s.id.trim(), i);
        }
        let own = cite::parse(&s.designation);
        match &own {
            Some(d) if d.year.is_some() => {}
            _ => out.push(Finding::error(
                &rules::DESIGNATION,
                format!("{p}.designation"),
                format!(
                    "`{}` is not a dated designation; expected e.g. `EN 62304:2006+A1:2015`",
                    s.designation
                ),
            )),
        }
        if s.title.trim().is_empty() {
            out.push(Finding::error(
                &rules::DESIGNATION,
                format!("{p}.title"),
                format!("{}: no title", s.designation),
            ));
        }
        if let Some(own) = own.filter(|d| d.year.is_some()) {
            let mut forms = vec![own];
            if !s.adopts.trim().is_empty() {
                match cite::parse(&s.adopts) {
                    Some(a) if a.year.is_some() && a.number == forms[0].number => forms.push(a),
                    _ => out.push(Finding::error(
                        &rules::DESIGNATION,
                        format!("{p}.adopts"),
                        format!(
                            "`{}` is not a dated designation of standard {}",
                            s.adopts, forms[0].number
                        ),
                    )),
                }
            }
            by_number
                .entry(forms[0].number.clone())
                .or_default()
                .push((i, forms));
        }
        match s.applied {
            None => out.push(Finding::error(
                &rules::EXTENT,
                format!("{p}.applied"),
                format!(
                    "{}: say whether it is applied fully or in part",
                    s.designation
                ),
            )),
            Some(StandardExtent::Partly) if s.deviations.trim().is_empty() => {
                out.push(Finding::error(
                    &rules::DEVIATIONS,
                    format!("{p}.deviations"),
                    format!(
                        "{} is applied in part: name the clauses not applied and why",
                        s.designation
                    ),
                ))
            }
            Some(_) => {}
        }
        if s.harmonised {
            if s.oj_reference.trim().is_empty() {
                out.push(Finding::warning(
                    &rules::OJ_REFERENCE,
                    format!("{p}.oj_reference"),
                    format!(
                        "{} is marked harmonised: name the Official Journal reference",
                        s.designation
                    ),
                ));
            }
        } else if s.state_of_the_art.trim().is_empty() {
            out.push(Finding::error(
                &rules::STATE_OF_THE_ART,
                format!("{p}.state_of_the_art"),
                format!(
                    "{} is not harmonised: say why it represents the state of the art",
                    s.designation
                ),
            ));
        }
    }
    let cs_named = tf
        .gspr
        .rows
        .iter()
        .any(|r| !r.common_specifications.trim().is_empty());
    if (!reg.entries.is_empty() || !tf.gspr.rows.is_empty())
        && !cs_named
        && reg.no_common_specification.trim().is_empty()
    {
        out.push(Finding::error(
            &rules::NO_COMMON_SPECIFICATION,
            "standards.no_common_specification",
            "no GSPR row applies a common specification: state explicitly that none exists or applies (MDR Art. 9)",
        ));
    }
    for (path, text) in citing_texts(tf) {
        for c in cite::scan(text) {
            if c.designation.year.is_none() {
                continue;
            }
            let Some(entries) = by_number.get(&c.designation.number) else {
                continue;
            };
            if entries
                .iter()
                .any(|(_, forms)| cite::same_edition(&c.designation, forms))
            {
                continue;
            }
            let held: Vec<String> = entries
                .iter()
                .map(|(i, _)| {
                    format!(
                        "`{}` (standards.entries[{i}])",
                        tf.standards.entries[*i].designation
                    )
                })
                .collect();
            out.push(Finding::error(
                &rules::EDITION_MISMATCH,
                path.clone(),
                format!(
                    "cites `{}`; the standards register holds {}",
                    c.text,
                    held.join(" and ")
                ),
            ));
        }
    }
}

/// Every text of the file that cites standards, with its field path.
fn citing_texts(tf: &TechFile) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = Vec::new();
    for (i, c) in tf.chapters.iter().enumerate() {
        out.push((format!("chapters[{i}].body"), &c.body));
    }
    for (i, r) in tf.gspr.rows.iter().enumerate() {
        out.push((format!("gspr.rows[{i}].justification"), &r.justification));
        out.push((format!("gspr.rows[{i}].method"), &r.method));
        out.push((
            format!("gspr.rows[{i}].common_specifications"),
            &r.common_specifications,
        ));
    }
    for (i, s) in tf.ai.systems.iter().enumerate() {
        for (j, st) in s.standards.iter().enumerate() {
            out.push((
                format!("ai.systems[{i}].standards[{j}].reference"),
                &st.reference,
            ));
        }
        out.push((
            format!("ai.systems[{i}].other_solutions"),
            &s.other_solutions,
        ));
    }
    out
}
