//! The `core` view: values the templates need that are computed from the core
//! model rather than stored (labels, chapters grouped into the file's
//! sections, the clause cross-reference index).

use serde_json::{json, Map, Value};

use crate::model::{clauses, TechFile};

/// The sections of the technical file, in order: (id, clause-id prefixes that
/// place a chapter there). MDR Annex II gives the backbone; AI Act Annex IV
/// and CRA Annex VII material sits in sections of its own (Art. 11(2) AI Act:
/// one file), except risk, which ISO 14971, AI Act Art. 9 and CRA Annex I
/// share.
pub const SECTIONS: &[(&str, &[&str])] = &[
    ("device", &["MDR-II-1"]),
    ("information", &["MDR-II-2"]),
    ("design", &["MDR-II-3"]),
    ("gspr", &["MDR-II-4"]),
    ("risk", &["MDR-II-5", "AIA-IV-5", "CRA-VII-3"]),
    ("verification", &["MDR-II-6"]),
    ("ai", &["AIA-"]),
    ("cybersecurity", &["CRA-"]),
    ("pms", &["MDR-III"]),
];

/// The section a clause belongs to; `other` when none.
pub fn section_of(clause: &str) -> &'static str {
    for (id, prefixes) in SECTIONS {
        for p in *prefixes {
            let matches = if p.ends_with('-') {
                clause.starts_with(p)
            } else {
                clause == *p
                    || clause.starts_with(&format!("{p}."))
                    || clause.starts_with(&format!("{p}("))
            };
            if matches {
                return id;
            }
        }
    }
    "other"
}

pub fn core(tf: &TechFile) -> Value {
    let d = &tf.device;
    let mut sections: Map<String, Value> = SECTIONS
        .iter()
        .map(|(id, _)| (id.to_string(), Value::Array(Vec::new())))
        .collect();
    sections.insert("other".into(), Value::Array(Vec::new()));
    for ch in &tf.chapters {
        let sec = ch
            .clauses
            .iter()
            .map(|c| section_of(c))
            .find(|s| *s != "other")
            .unwrap_or("other");
        let clause_labels: Vec<String> = ch.clauses.clone();
        if let Some(Value::Array(list)) = sections.get_mut(sec) {
            list.push(json!({
                "id": ch.id,
                "title": ch.title,
                "clauses": clause_labels,
                "body": ch.body,
            }));
        }
    }
    let clause_index: Vec<Value> = clauses::CLAUSES
        .iter()
        .map(|c| {
            let answered_by: Vec<&str> = tf
                .chapters
                .iter()
                .filter(|ch| {
                    ch.clauses
                        .iter()
                        .any(|x| x == c.id || x.starts_with(&format!("{}(", c.id)))
                })
                .map(|ch| ch.title.as_str())
                .collect();
            json!({ "id": c.id, "title": c.title, "required": c.required, "chapters": answered_by })
        })
        .collect();
    let software_items: Vec<Value> = tf
        .software_items
        .iter()
        .map(|i| {
            json!({
                "name": i.name,
                "version": i.version,
                "safety_class": i.safety_class.map(|c| c.as_str()).unwrap_or(""),
                "description": i.description,
            })
        })
        .collect();
    json!({
        "manufacturer_address": d.manufacturer.address.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(", "),
        "risk_class": d.risk_class.map(|c| c.as_str()).unwrap_or(""),
        "regulation": match d.risk_class { Some(c) if c.is_ivdr() => "IVDR (EU) 2017/746", _ => "MDR (EU) 2017/745" },
        "conformity_route": d.conformity_route.map(|r| r.as_str()).unwrap_or(""),
        "software_items": software_items,
        "sections": sections,
        "clause_index": clause_index,
    })
}
