//! One test per kind of change the diff reports, on the bundled example.

use super::*;
use crate::model::TechFile;

fn example() -> TechFile {
    crate::example::example().expect("the example loads")
}

fn section<'a>(d: &'a Diff, id: &str) -> &'a Section {
    d.sections.iter().find(|s| s.id == id).unwrap_or_else(|| {
        panic!(
            "no section {id} in {:#?}",
            d.sections.iter().map(|s| &s.id).collect::<Vec<_>>()
        )
    })
}

fn only_entry<'a>(d: &'a Diff, id: &str) -> &'a Entry {
    let s = section(d, id);
    assert_eq!(s.entries.len(), 1, "one entry in {id}: {:#?}", s.entries);
    &s.entries[0]
}

#[test]
fn the_same_project_has_no_change() {
    let a = example();
    let d = diff(&a, &a.clone());
    assert!(d.is_empty());
    assert_eq!(d.summary.last().map(String::as_str), Some("No changes."));
}

#[test]
fn a_device_field_gives_its_old_and_new_value() {
    let a = example();
    let mut b = a.clone();
    b.device.trade_name = "Rhythmia Two".into();
    b.device.manufacturer.srn = "DE-MF-000099999".into();
    let d = diff(&a, &b);
    let s = section(&d, "device");
    assert_eq!(s.entries.len(), 2);
    let e = &s.entries[0];
    assert_eq!(e.path, "device.trade_name");
    assert_eq!(e.subject, "Trade name");
    assert_eq!(e.details[0].old, a.device.trade_name);
    assert_eq!(e.details[0].new, "Rhythmia Two");
    assert_eq!(s.entries[1].subject, "Manufacturer › SRN");
    assert!(
        d.summary[1].starts_with("Device: 2 changed (Trade name; Manufacturer › SRN)"),
        "{:?}",
        d.summary
    );
}

#[test]
fn a_list_of_values_says_what_it_gained_and_lost() {
    let a = example();
    let mut b = a.clone();
    b.device.udi_dis.push("04260765000013".into());
    let d = diff(&a, &b);
    let e = only_entry(&d, "device");
    assert_eq!(e.details[0].added, ["04260765000013"]);
    assert!(e.details[0].removed.is_empty());
}

#[test]
fn a_chapter_is_compared_paragraph_by_paragraph() {
    let mut a = example();
    a.chapters[0].body = "First.\n\nSecond.\n\nThird.".into();
    let mut b = a.clone();
    b.chapters[0].body = "First.\n\nSecond, revised.\n\nThird.\n\nFourth.".into();
    let d = diff(&a, &b);
    let e = only_entry(&d, "chapters");
    assert_eq!(e.change, Change::Changed);
    assert_eq!(e.path, format!("chapters[{}]", a.chapters[0].id));
    let got: Vec<(Change, &str, &str, &str)> = e
        .details
        .iter()
        .map(|x| (x.change, x.field.as_str(), x.old.as_str(), x.new.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                Change::Changed,
                "body › paragraph 2",
                "Second.",
                "Second, revised."
            ),
            (Change::Added, "body › paragraph 4", "", "Fourth."),
        ]
    );
}

#[test]
fn chapters_added_removed_and_reordered() {
    let a = example();
    let mut b = a.clone();
    let gone = b.chapters.remove(1);
    b.chapters.swap(0, 1);
    let mut new = b.chapters[0].clone();
    new.id = "new-chapter".into();
    new.title = "A new chapter".into();
    b.chapters.push(new);
    let d = diff(&a, &b);
    let s = section(&d, "chapters");
    let kinds: Vec<(Change, &str)> = s
        .entries
        .iter()
        .map(|e| (e.change, e.path.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (Change::Added, "chapters[new-chapter]"),
            (Change::Removed, format!("chapters[{}]", gone.id).as_str()),
        ],
        "a reordering alone is no change"
    );
}

#[test]
fn documents_standards_and_gspr_rows() {
    let a = example();
    let mut b = a.clone();
    b.documents[0].version = "9.9".into();
    b.documents.pop();
    b.standards.entries[0].edition = "2099".into();
    b.gspr.rows[0].method = "Changed method".into();
    let d = diff(&a, &b);
    let docs = section(&d, "documents");
    assert_eq!(docs.entries.len(), 2);
    assert_eq!(docs.entries[0].details[0].field, "version");
    assert_eq!(docs.entries[0].details[0].new, "9.9");
    assert_eq!(docs.entries[1].change, Change::Removed);
    let st = only_entry(&d, "standards");
    assert_eq!(st.details[0].field, "edition");
    let g = only_entry(&d, "gspr");
    assert_eq!(g.path, format!("gspr.rows[{}]", a.gspr.rows[0].requirement));
    assert_eq!(g.details[0].field, "method");
}

#[test]
fn components_per_software_item_added_removed_and_changed() {
    let a = example();
    let mut b = a.clone();
    let i = b
        .sbom
        .components
        .iter()
        .position(|c| !c.purl.is_empty() && !c.items.is_empty())
        .expect("a component with a purl");
    let item = b.sbom.components[i].items[0].clone();
    let c = &mut b.sbom.components[i];
    let old_version = c.version.clone();
    c.version = "99.0.0".into();
    c.purl = c.purl.replace(&old_version, "99.0.0");
    c.licenses = vec!["MIT".into()];
    c.supplier = "Someone Else".into();
    let removed = b.sbom.components.remove(if i == 0 { 1 } else { 0 });
    let mut added = b.sbom.components[0].clone();
    added.id = "new-lib".into();
    added.name = "new-lib".into();
    added.purl = "pkg:pypi/new-lib@1.0".into();
    added.items = vec![item.clone()];
    b.sbom.components.push(added);
    let d = diff(&a, &b);
    let s = section(&d, &format!("sbom:{item}"));
    assert_eq!(s.title, format!("SBOM of {item}"));
    let changed = s
        .entries
        .iter()
        .find(|e| e.change == Change::Changed)
        .expect("the changed component");
    let fields: Vec<&str> = changed.details.iter().map(|x| x.field.as_str()).collect();
    for f in ["version", "supplier", "purl", "licenses"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    let v = changed
        .details
        .iter()
        .find(|x| x.field == "version")
        .expect("version");
    assert_eq!(
        (v.old.as_str(), v.new.as_str()),
        (old_version.as_str(), "99.0.0")
    );
    assert!(s
        .entries
        .iter()
        .any(|e| e.change == Change::Added && e.subject.starts_with("new-lib")));
    for it in &removed.items {
        assert!(
            section(&d, &format!("sbom:{it}"))
                .entries
                .iter()
                .any(|e| e.change == Change::Removed),
            "the removed component is in the SBOM of {it}"
        );
    }
}

#[test]
fn a_vex_state_change_names_the_component() {
    let a = example();
    let mut b = a.clone();
    let v = b
        .sbom
        .vulnerabilities
        .iter_mut()
        .find(|v| !v.affects.is_empty())
        .expect("a vulnerability with an assessment");
    let comp = v.affects[0].component.clone();
    let was = v.affects[0].status.clone();
    v.affects[0].status = if was == "affected" {
        "not_affected".into()
    } else {
        "affected".into()
    };
    let d = diff(&a, &b);
    let e = only_entry(&d, "vulnerabilities");
    let det = &e.details[0];
    assert_eq!(det.field, format!("VEX state of {comp}"));
    assert_eq!(det.old, was);
}

#[test]
fn a_risk_entry_change_gives_its_computed_risk_too() {
    let a = example();
    let mut b = a.clone();
    let plan = b.risk.plan.clone();
    let e = &mut b.risk.entries[0];
    let top = plan
        .probability
        .last()
        .expect("a probability scale")
        .name
        .clone();
    let bottom = plan
        .probability
        .first()
        .expect("a probability scale")
        .name
        .clone();
    e.probability = if e.probability == top { bottom } else { top };
    e.p1.clear();
    e.p2.clear();
    let ctrl = e.controls.remove(0);
    let d = diff(&a, &b);
    let entry = only_entry(&d, "risk");
    assert_eq!(
        entry.path,
        format!("risk.entries[{}]", a.risk.entries[0].id)
    );
    let fields: Vec<&str> = entry.details.iter().map(|x| x.field.as_str()).collect();
    assert!(fields.contains(&"probability"), "{fields:?}");
    assert!(
        fields.contains(&"initial risk"),
        "the computed risk moved: {fields:?}"
    );
    assert!(
        entry
            .details
            .iter()
            .any(|x| x.change == Change::Removed && x.field == format!("controls › {}", ctrl.id)),
        "the removed control: {:#?}",
        entry.details
    );
}

#[test]
fn the_ai_part_model_version_datasets_and_metrics() {
    let a = example();
    let mut b = a.clone();
    let s = &mut b.ai.systems[0];
    s.version = "9.0.0".into();
    s.datasets.pop();
    if let Some(p) = s.performance.first_mut() {
        p.value = Some(0.5);
    }
    let d = diff(&a, &b);
    let e = only_entry(&d, "ai");
    let fields: Vec<&str> = e.details.iter().map(|x| x.field.as_str()).collect();
    assert!(fields.contains(&"version"), "{fields:?}");
    assert!(
        e.details
            .iter()
            .any(|x| x.change == Change::Removed && x.field.starts_with("datasets › ")),
        "{fields:?}"
    );
    assert!(
        fields
            .iter()
            .any(|f| f.starts_with("performance › ") && f.ends_with("value")),
        "{fields:?}"
    );
}

#[test]
fn document_control_and_the_summary_head() {
    let a = example();
    let mut b = a.clone();
    b.document.version = "9.0".into();
    let mut r = b.document.revisions[0].clone();
    r.version = "9.0".into();
    r.description = "Release 9".into();
    b.document.revisions.push(r);
    let d = diff(&a, &b);
    assert!(d.summary[0].contains(&format!(
        "version {} ({})",
        a.document.version, a.document.date
    )));
    assert!(d.summary[0].contains("compared with version 9.0"));
    let s = section(&d, "document");
    assert!(s
        .entries
        .iter()
        .any(|e| e.change == Change::Added && e.subject == "Revision 9.0"));
}

#[test]
fn renderings_are_deterministic_and_name_every_entry() {
    let a = example();
    let mut b = a.clone();
    b.device.trade_name = "Rhythmia Two".into();
    b.risk.entries.pop();
    let d = diff(&a, &b);
    let md = render::markdown(&d);
    assert_eq!(md, render::markdown(&diff(&a, &b)));
    assert!(md.contains("## Device"), "{md}");
    assert!(md.contains("“Rhythmia Two”"), "{md}");
    assert!(md.contains("**Removed**"), "{md}");
    let t = render::text(&d);
    assert!(t.contains("  ~ Trade name: “"), "{t}");
    let j: serde_json::Value = serde_json::from_str(&render::json(&d)).expect("json");
    assert_eq!(j["sections"][0]["id"], "device");
}

#[test]
fn applicability_standards_and_the_declaration_are_compared_too() {
    let a = example();
    let mut b = a.clone();
    b.applicability.ai_act.rationale = "A new rationale.".into();
    b.applicability
        .cra_products
        .push(crate::model::applicability::CraProduct {
            name: "Companion app".into(),
            ..Default::default()
        });
    b.declaration.place = "Mannheim".into();
    b.standards.entries.pop();
    let d = diff(&a, &b);
    let app = section(&d, "applicability");
    assert!(app
        .entries
        .iter()
        .any(|e| e.path == "applicability.ai_act.rationale"));
    assert!(app.entries.iter().any(
        |e| e.change == Change::Added && e.path == "applicability.cra_products[Companion app]"
    ));
    let decl = only_entry(&d, "declaration");
    assert_eq!(decl.path, "declaration.place");
    assert_eq!(decl.details[0].new, "Mannheim");
    let st = only_entry(&d, "standards");
    assert_eq!(st.change, Change::Removed);
    assert!(
        d.summary
            .iter()
            .any(|l| l.starts_with("Declaration of conformity: 1 changed")),
        "{:?}",
        d.summary
    );
}
