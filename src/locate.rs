//! Where a model path is printed in the technical file's PDF: the anchors
//! that stand nearest to it, nearest first (`risk.entries[3].controls[0]`:
//! that control's row, its hazard's row, the risk analysis, the risk
//! chapter), and the first of them the laid-out PDF has (`page_of`, with
//! `export::Exported::anchors`). The desktop's Preview uses it to show the
//! page a finding is about. It owns this mapping only: the anchors are
//! named by the templates (`{{def "kind" id}}`, `render::xref_anchor`) and
//! by the headings' slugs (`pdf::parse::slug`), and laid out by `pdf`.

use std::collections::BTreeMap;

use crate::model::TechFile;
use crate::pdf::parse::slug;
use crate::render::xref_anchor;

/// The headings of the default template the parts stand under
/// (`templates/technical-file.md.hbs` and the parts' own), by the text the
/// slug is made from.
const DEVICE: &str = "Device description and specification";
const RISK: &str = "Benefit-risk analysis and risk management";
const GSPR: &str = "General safety and performance requirements";
const AI: &str = "Artificial intelligence (AI Act Annex IV)";
const CYBER: &str = "Cybersecurity and software bill of materials";

/// The heading of each section a chapter can be printed in
/// (`core::view::SECTIONS`; `other` is "Further information").
const SECTIONS: &[(&str, &str)] = &[
    ("device", DEVICE),
    ("information", "Information supplied by the manufacturer"),
    ("design", "Design and manufacturing information"),
    ("gspr", GSPR),
    ("risk", RISK),
    ("verification", "Product verification and validation"),
    ("ai", AI),
    ("cybersecurity", CYBER),
    ("pms", "Post-market surveillance"),
    ("other", "Further information"),
];

/// The anchors where `path` (a finding's path, a `data-path`) is printed
/// or, failing that, the sections around it, nearest first. Empty for a
/// path that names nothing printed (the schema version, an unknown part).
pub fn anchors(tf: &TechFile, path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let seg = segments(path);
    let at = |i: usize| seg.get(i).copied();
    let h = |text: &str| slug(text);
    match (at(0), at(1)) {
        (Some(("risk", _)), Some(("entries", Some(i)))) => {
            if let Some(e) = tf.risk.entries.get(i) {
                if let Some(("controls", Some(j))) = at(2) {
                    if let Some(c) = e.controls.get(j) {
                        push_def(&mut out, "control", &c.id);
                    }
                }
                push_def(&mut out, "hazard", &e.id);
            }
            out.push(h("Hazards, hazardous situations and harms"));
            out.push(h("Risk analysis, evaluation and control"));
            out.push(h(RISK));
        }
        (Some(("risk", _)), Some(("plan", _))) => {
            out.push(h("Risk management plan"));
            out.push(h(RISK));
        }
        (Some(("risk", _)), Some(("overall_residual_risk", _))) => {
            out.push(h("Overall residual risk"));
            out.push(h("Residual risk"));
            out.push(h(RISK));
        }
        (Some(("risk", _)), _) => out.push(h(RISK)),
        (Some(("documents", i)), _) => {
            if let Some(d) = i.and_then(|i| tf.documents.get(i)) {
                push_def(&mut out, "doc", &d.document_id);
            }
            out.push(h("Document register"));
        }
        (Some(("sbom", _)), Some(("components", i))) => {
            if let Some(c) = i.and_then(|i| tf.sbom.components.get(i)) {
                // The inventory's identifier column: purl, else CPE, else SWID.
                let id = [&c.purl, &c.cpe, &c.swid]
                    .into_iter()
                    .find(|s| !s.is_empty())
                    .map_or("", |s| s.as_str());
                push_def(&mut out, "component", id);
            }
            out.push(h("Component inventory"));
            out.push(h("Software bill of materials"));
            out.push(h(CYBER));
        }
        (Some(("sbom", _)), Some(("vulnerabilities", i))) => {
            if let Some(v) = i.and_then(|i| tf.sbom.vulnerabilities.get(i)) {
                push_def(&mut out, "vuln", &v.id);
            }
            out.push(h("Vulnerabilities and VEX assessment"));
            out.push(h("Software bill of materials"));
            out.push(h(CYBER));
        }
        (Some(("sbom", _)), _) => {
            out.push(h("Software bill of materials"));
            out.push(h(CYBER));
        }
        (Some(("ai", _)), Some(("systems", i))) => {
            if let Some(s) = i.and_then(|i| tf.ai.systems.get(i)) {
                push_def(&mut out, "ai", &s.name);
            }
            out.push(h(AI));
        }
        (Some(("ai", _)), _) => out.push(h(AI)),
        (Some(("software_items", i)), _) => {
            if let Some(s) = i.and_then(|i| tf.software_items.get(i)) {
                push_def(&mut out, "item", &s.name);
            }
            out.push(h("Software items"));
            out.push(h(DEVICE));
        }
        (Some(("gspr", _)), Some(("rows", i))) => {
            if let Some(r) = i.and_then(|i| tf.gspr.rows.get(i)) {
                push_def(&mut out, "gspr", &r.requirement);
            }
            out.push(h(GSPR));
        }
        (Some(("gspr", _)), _) => out.push(h(GSPR)),
        (Some(("standards", _)), _) => out.push(h("Standards and common specifications applied")),
        (Some(("chapters", i)), _) => {
            if let Some(ch) = i.and_then(|i| tf.chapters.get(i)) {
                // A chapter whose title repeats an earlier heading gets a
                // suffixed slug; the bare one then names that earlier
                // heading, so the section comes right after it.
                out.push(h(ch.title.trim()));
                let sec = crate::core::view::chapter_section(&ch.clauses);
                if let Some((_, title)) = SECTIONS.iter().find(|(id, _)| *id == sec) {
                    out.push(h(title));
                }
            }
        }
        (Some(("device", _)), _) => out.push(h(DEVICE)),
        (Some(("applicability", _)), _) => out.push(h("Applicable legislation")),
        (Some(("declaration", _)), _) => out.push(h("EU declaration of conformity")),
        (Some(("document", _)), _) => out.push("document-control".to_string()),
        _ => {}
    }
    out.retain(|a| !a.is_empty());
    out
}

/// The first of `anchors(tf, path)` that `laid_out` (anchor -> page index,
/// as `export::Exported::anchors` gives it) has: the anchor and its page
/// index (0 is the cover).
pub fn page_of(
    tf: &TechFile,
    path: &str,
    laid_out: &BTreeMap<String, usize>,
) -> Option<(String, usize)> {
    anchors(tf, path)
        .into_iter()
        .find_map(|a| laid_out.get(&a).map(|&p| (a, p)))
}

fn push_def(out: &mut Vec<String>, kind: &str, id: &str) {
    if !id.trim().is_empty() {
        out.push(xref_anchor(kind, id));
    }
}

/// `risk.entries[3].controls[0]` -> `[("risk", None), ("entries", Some(3)),
/// ("controls", Some(0))]`: each field with the first index after it.
fn segments(path: &str) -> Vec<(&str, Option<usize>)> {
    path.split('.')
        .map(|part| match part.split_once('[') {
            Some((name, rest)) => (
                name,
                rest.split(']').next().and_then(|n| n.parse::<usize>().ok()),
            ),
            None => (part, None),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{export_with_warnings, ExportFormat, ExportOptions};

    fn laid_out(tf: &TechFile) -> BTreeMap<String, usize> {
        export_with_warnings(tf, ExportFormat::Pdf, &ExportOptions::default())
            .expect("pdf")
            .anchors
    }

    #[test]
    fn paths_map_to_their_row_then_their_sections() {
        let tf = crate::example::example().expect("example");
        let e = &tf.risk.entries[1];
        let c = &e.controls[0];
        assert_eq!(
            anchors(
                &tf,
                "risk.entries[1].controls[0].verification_implementation.evidence"
            ),
            vec![
                xref_anchor("control", &c.id),
                xref_anchor("hazard", &e.id),
                "hazards-hazardous-situations-and-harms".to_string(),
                "risk-analysis-evaluation-and-control".to_string(),
                "benefit-risk-analysis-and-risk-management".to_string(),
            ]
        );
        assert_eq!(
            anchors(&tf, "risk.entries[1].severity")[0],
            xref_anchor("hazard", &e.id)
        );
        // An index past the list: the sections only.
        assert_eq!(
            anchors(&tf, "risk.entries[999].severity")[0],
            "hazards-hazardous-situations-and-harms"
        );
        assert_eq!(
            anchors(&tf, "documents[0].version")[0],
            xref_anchor("doc", &tf.documents[0].document_id)
        );
        assert_eq!(anchors(&tf, "document.version"), vec!["document-control"]);
        assert!(anchors(&tf, "schema_version").is_empty());
        assert!(anchors(&tf, "nonsense[").is_empty());
    }

    #[test]
    fn every_kind_of_path_finds_its_own_anchor_in_the_laid_out_example() {
        let tf = crate::example::example().expect("example");
        let pages = laid_out(&tf);
        let own = |path: &str| {
            let (a, p) = page_of(&tf, path, &pages).unwrap_or_else(|| panic!("{path}: no anchor"));
            assert!(p > 0, "{path}: {a} on the cover");
            a
        };
        let e = &tf.risk.entries[2];
        assert_eq!(
            own("risk.entries[2].controls[1].description"),
            xref_anchor("control", &e.controls[1].id)
        );
        assert_eq!(own("risk.entries[2].harm"), xref_anchor("hazard", &e.id));
        assert_eq!(
            own("documents[3].title"),
            xref_anchor("doc", &tf.documents[3].document_id)
        );
        assert_eq!(
            own("software_items[0].version"),
            xref_anchor("item", &tf.software_items[0].name)
        );
        assert_eq!(
            own("ai.systems[0].performance[0].value"),
            xref_anchor("ai", &tf.ai.systems[0].name)
        );
        assert_eq!(
            own("gspr.rows[0].method"),
            xref_anchor("gspr", &tf.gspr.rows[0].requirement)
        );
        assert!(own("sbom.components[0].version").starts_with("component-"));
        assert_eq!(own("chapters[0].body"), slug(&tf.chapters[0].title));
        assert_eq!(own("risk.plan.scope"), "risk-management-plan");
        assert_eq!(own("document.title"), "document-control");
        // The sections every fallback ends in are headings of the example.
        for path in [
            "device.trade_name",
            "applicability.regulation",
            "declaration.place",
            "standards.entries[0].designation",
            "risk.overall_residual_risk",
            "sbom.documents[0]",
        ] {
            own(path);
        }
        // A control's row is printed after its hazard's.
        let (_, hazard) = page_of(&tf, "risk.entries[2].id", &pages).expect("hazard");
        let (_, control) = page_of(&tf, "risk.entries[2].controls[1].id", &pages).expect("control");
        assert!(
            control >= hazard,
            "control p. {control}, hazard p. {hazard}"
        );
    }

    #[test]
    fn a_vulnerability_and_a_chapter_fall_back_to_their_section() {
        let mut tf = crate::example::example().expect("example");
        tf.chapters[0].title = "Device description and specification".into();
        let pages = laid_out(&tf);
        // The chapter's slug is taken by the section heading printed first.
        let (a, _) = page_of(&tf, "chapters[0].title", &pages).expect("chapter");
        assert_eq!(a, "device-description-and-specification");
        if let Some(v) = tf.sbom.vulnerabilities.first() {
            let (a, _) = page_of(&tf, "sbom.vulnerabilities[0].id", &pages).expect("vulnerability");
            assert_eq!(a, xref_anchor("vuln", &v.id));
        }
    }
}
