//! The standards register (MDR Annex II 4(c)): its rules fire on a
//! constructed project and not on the example; a standard cited in another
//! edition anywhere (chapters, GSPR rows, AI standards) is a finding naming
//! where, and the same edition written another way is not; `export --part
//! standards` through the CLI.

use techfile::check::check;
use techfile::diag::Finding;
use techfile::model::standards::StandardExtent;
use techfile::model::TechFile;

fn example() -> TechFile {
    techfile::example::example().expect("example")
}

fn of<'a>(f: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    f.iter().filter(|x| x.rule == rule).collect()
}

#[test]
fn the_example_register_checks_clean() {
    let tf = example();
    let f = check(&tf);
    let st: Vec<_> = f
        .iter()
        .filter(|x| x.rule.starts_with("standards."))
        .collect();
    assert!(st.is_empty(), "{st:#?}");
    assert_eq!(tf.standards.entries.len(), 13);
    assert!(!tf.standards.no_common_specification.is_empty());
    // Every standard the AI system cites is in the register.
    for s in &tf.ai.systems[0].standards {
        assert!(
            tf.standards
                .entries
                .iter()
                .any(|e| e.designation == s.reference),
            "{} not registered",
            s.reference
        );
    }
}

#[test]
fn register_rules_fire_and_name_the_entry() {
    let mut tf = example();
    let e = &mut tf.standards.entries;
    e[1].id = e[0].id.clone();
    e[2].designation = "EN 62304".into();
    e[3].applied = None;
    e[6].deviations.clear(); // EN ISO 15223-1, applied in part
    assert_eq!(e[6].applied, Some(StandardExtent::Partly));
    e[4].state_of_the_art.clear(); // EN IEC 82304-1, not harmonised
    e[0].oj_reference.clear(); // EN ISO 13485, harmonised
    e[5].adopts = "IEC 62304:2006".into(); // another standard's number
    tf.standards.no_common_specification.clear();
    let f = check(&tf);
    let paths =
        |rule: &str| -> Vec<String> { of(&f, rule).iter().map(|x| x.path.clone()).collect() };
    assert_eq!(paths("standards.id"), ["standards.entries[1].id"]);
    assert_eq!(
        paths("standards.designation"),
        [
            "standards.entries[2].designation",
            "standards.entries[5].adopts"
        ]
    );
    assert_eq!(
        paths("standards.extent-missing"),
        ["standards.entries[3].applied"]
    );
    assert_eq!(
        paths("standards.deviations-missing"),
        ["standards.entries[6].deviations"]
    );
    assert_eq!(
        paths("standards.state-of-the-art-missing"),
        ["standards.entries[4].state_of_the_art"]
    );
    assert_eq!(
        paths("standards.oj-reference-missing"),
        ["standards.entries[0].oj_reference"]
    );
    assert_eq!(
        paths("standards.no-common-specification"),
        ["standards.no_common_specification"]
    );
    // A GSPR row that applies a common specification answers it instead.
    tf.gspr.rows[0].common_specifications = "CS for X".into();
    assert!(of(&check(&tf), "standards.no-common-specification").is_empty());
}

#[test]
fn another_edition_cited_anywhere_is_a_finding_naming_the_place() {
    let mut tf = example();
    tf.chapters[0]
        .body
        .push_str("\n\nSoftware per IEC 62304:2006 and EN ISO 14971:2019.");
    let row = tf
        .gspr
        .rows
        .iter()
        .position(|r| r.requirement == "MDR-I-5")
        .expect("row 5");
    tf.gspr.rows[row].method = "Usability to IEC 62366-1:2007.".into();
    tf.ai.systems[0].standards[2].reference = "EN 62304:2006".into();
    let f = check(&tf);
    let m = of(&f, "standards.edition-mismatch");
    let got: Vec<(&str, &str)> = m
        .iter()
        .map(|x| (x.path.as_str(), x.message.as_str()))
        .collect();
    assert_eq!(got.len(), 4, "{got:#?}");
    assert_eq!(got[0].0, "chapters[0].body");
    assert!(got[0].1.contains("`IEC 62304:2006`") && got[0].1.contains("`EN 62304:2006/A1:2015`"));
    assert_eq!(got[1].0, "chapters[0].body");
    assert!(got[1].1.contains("`EN ISO 14971:2019`"));
    assert_eq!(got[2].0, format!("gspr.rows[{row}].method"));
    assert_eq!(got[3].0, "ai.systems[0].standards[2].reference");
}

#[test]
fn the_same_edition_written_another_way_is_not_a_finding() {
    let mut tf = example();
    tf.chapters[0].body.push_str(
        "\n\nIEC 62304:2006+AMD1:2015, IEC 62304:2006/Amd 1:2015, IEC 62304 (undated), \
         ISO 14971:2019 (the international edition), IEC 82304-1:2016, IEC 81001-5-1:2021, \
         EN ISO 13485:2016/AC:2018/A11:2021, IEC 62366-2:2016 (another part), \
         ISO 9001:2015 (not registered), SRS-CSA-003 v3.2 and 2,000 patients.",
    );
    let f = check(&tf);
    let m = of(&f, "standards.edition-mismatch");
    assert!(m.is_empty(), "{m:#?}");
}

#[test]
fn export_part_standards_renders_the_register() {
    let md = crate::common::example_part_md("standards");
    assert!(md.starts_with("# Standards and common specifications applied"));
    assert!(md.contains(
        "| EN ISO 14971:2019/A11:2021 | Medical devices — Application of risk management to medical devices | 3 (2019); A11:2021 | Harmonised (Commission Implementing Decision (EU) 2022/757) | Fully |"
    ), "{md}");
    assert!(md.contains("| EN IEC 82304-1:2017 |"));
    assert!(md.contains("**EN IEC 82304-1:2017** (adopts IEC 82304-1:2016)\n\n- State of the art: The product standard"), "{md}");
    assert!(
        md.contains("- Deviations: Only the requirements on testing"),
        "{md}"
    );
    assert!(
        md.contains("**Common specifications.** No common specification adopted under MDR Art. 9")
    );
}
