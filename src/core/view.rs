//! The `core` view: values the templates need that are computed from the core
//! model rather than stored (labels, chapters grouped into the file's
//! sections; the clause index is `coverage`'s).

use schemars::JsonSchema;
use serde::Serialize;
use ts_rs::TS;

use crate::model::{SoftwareItem, TechFile};
/// The sections of the technical file, in order: (id, clause-id prefixes that
/// place a chapter there). MDR Annex II gives the backbone; AI Act Annex IV
/// and the device's cybersecurity (MDR Annex I §17.2, §17.4, §18.8) sit in
/// sections of their own (Art. 11(2) AI Act: one file), except risk, which
/// ISO 14971 and AI Act Art. 9 share. `cra` is not a section of the device's
/// file: its chapters document the manufacturer's non-device products in
/// the CRA profile (`export --part cra-profile`), as the CRA does not apply
/// to a device (CRA Art. 2(2)).
pub const SECTIONS: &[(&str, &[&str])] = &[
    ("device", &["MDR-II-1", "IVDR-II-1"]),
    ("information", &["MDR-II-2", "IVDR-II-2"]),
    ("design", &["MDR-II-3", "IVDR-II-3"]),
    ("gspr", &["MDR-II-4", "IVDR-II-4", "MDR-I-", "IVDR-I-"]),
    ("risk", &["MDR-II-5", "IVDR-II-5", "AIA-IV-5"]),
    ("verification", &["MDR-II-6", "IVDR-II-6"]),
    ("ai", &["AIA-"]),
    // The device's cybersecurity GSPRs (a named clause wins over the `gspr`
    // section's `MDR-I-` prefix).
    (
        "cybersecurity",
        &["MDR-I-17.2", "MDR-I-17.4", "MDR-I-18.8", "IVDR-I-16"],
    ),
    ("pms", &["MDR-III", "IVDR-III"]),
    ("cra", &["CRA-"]),
];

/// The section a clause belongs to; `other` when none.
pub fn section_of(clause: &str) -> &'static str {
    // A named clause (`MDR-I-17.2`) places a chapter before a family prefix
    // (`MDR-I-`) does.
    for wildcard in [false, true] {
        for (id, prefixes) in SECTIONS {
            for p in prefixes.iter().filter(|p| p.ends_with('-') == wildcard) {
                let matches = if wildcard {
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
    }
    "other"
}

/// The section of a chapter tagged `clauses`: that of its first clause
/// placed in a section of the device's file; the CRA profile only when
/// every placed clause is a CRA clause (a chapter that also answers the
/// device's clauses stays in the device's file, and `applicability`
/// warns that it mixes the two).
pub fn chapter_section(clauses: &[String]) -> &'static str {
    let placed = || {
        clauses
            .iter()
            .map(|c| section_of(c))
            .filter(|s| *s != "other")
    };
    placed()
        .find(|s| *s != "cra")
        .or_else(|| placed().next())
        .unwrap_or("other")
}

/// What the core templates render besides `tf` itself.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct CoreView<'a> {
    /// The manufacturer's address on one line, lines joined by `, `.
    pub manufacturer_address: String,
    /// The risk class, `""` when none is set.
    pub risk_class: &'static str,
    /// `MDR (EU) 2017/745` or, for IVDR classes, `IVDR (EU) 2017/746`.
    pub regulation: &'static str,
    /// The conformity assessment route's label, `""` when none is set.
    pub conformity_route: &'static str,
    /// The software items as stored (`safety_class` `null` when not set).
    pub software_items: &'a [SoftwareItem],
    pub sections: Sections<'a>,
}

/// The chapters in each section of the file (see `SECTIONS`), in the file's
/// order; `other` holds chapters whose clauses place them nowhere else.
#[derive(Debug, Default, Serialize, JsonSchema, TS)]
pub struct Sections<'a> {
    pub device: Vec<ChapterRow<'a>>,
    pub information: Vec<ChapterRow<'a>>,
    pub design: Vec<ChapterRow<'a>>,
    pub gspr: Vec<ChapterRow<'a>>,
    pub risk: Vec<ChapterRow<'a>>,
    pub verification: Vec<ChapterRow<'a>>,
    pub ai: Vec<ChapterRow<'a>>,
    pub cybersecurity: Vec<ChapterRow<'a>>,
    pub pms: Vec<ChapterRow<'a>>,
    /// The CRA profile's chapters: not printed in the device's file.
    pub cra: Vec<ChapterRow<'a>>,
    pub other: Vec<ChapterRow<'a>>,
}

impl<'a> Sections<'a> {
    /// The list of the section `id` (one of `SECTIONS` or `other`).
    fn list(&mut self, id: &str) -> &mut Vec<ChapterRow<'a>> {
        match id {
            "device" => &mut self.device,
            "information" => &mut self.information,
            "design" => &mut self.design,
            "gspr" => &mut self.gspr,
            "risk" => &mut self.risk,
            "verification" => &mut self.verification,
            "ai" => &mut self.ai,
            "cybersecurity" => &mut self.cybersecurity,
            "pms" => &mut self.pms,
            "cra" => &mut self.cra,
            _ => &mut self.other,
        }
    }
}

/// A chapter as the chapter template renders it.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct ChapterRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub clauses: &'a [String],
    /// Markdown.
    pub body: &'a str,
}

pub fn core(tf: &TechFile) -> CoreView<'_> {
    let d = &tf.device;
    let mut sections = Sections::default();
    for ch in &tf.chapters {
        let sec = chapter_section(&ch.clauses);
        sections.list(sec).push(ChapterRow {
            id: &ch.id,
            title: &ch.title,
            clauses: &ch.clauses,
            body: &ch.body,
        });
    }
    let software_items = &tf.software_items;
    CoreView {
        manufacturer_address: d
            .manufacturer
            .address
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        risk_class: d.risk_class.map(|c| c.as_str()).unwrap_or(""),
        regulation: match d.risk_class {
            Some(c) if c.is_ivdr() => "IVDR (EU) 2017/746",
            _ => "MDR (EU) 2017/745",
        },
        conformity_route: d.conformity_route.map(|r| r.as_str()).unwrap_or(""),
        software_items,
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_has_its_own_list_in_order() {
        let v = serde_json::to_value(Sections::default()).expect("json");
        let keys: Vec<&str> = v
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected: Vec<&str> = SECTIONS.iter().map(|(id, _)| *id).collect();
        expected.push("other");
        assert_eq!(keys, expected);
        let mut s = Sections::default();
        for id in &expected {
            s.list(id).push(ChapterRow {
                id,
                title: "",
                clauses: &[],
                body: "",
            });
        }
        let v = serde_json::to_value(&s).expect("json");
        for id in &expected {
            assert_eq!(v[id][0]["id"], *id, "{id} has a list of its own");
        }
    }
}
