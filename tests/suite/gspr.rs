//! The GSPR matrix (MDR Annex II 4): each rule fires on a constructed project
//! and not on the bundled example; the software rule pack; the example's
//! matrix covering Annex I; `export --part gspr` through the CLI.

use techfile::check::check;
use techfile::diag::Finding;
use techfile::model::gspr::{EvidenceRef, GsprApplicability, GsprRow};
use techfile::model::TechFile;

use crate::common::run_cli;

fn example() -> TechFile {
    techfile::example::example().expect("example")
}

fn of<'a>(f: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    f.iter().filter(|x| x.rule == rule).collect()
}

fn row(req: &str, a: GsprApplicability) -> GsprRow {
    GsprRow {
        requirement: req.into(),
        applicability: Some(a),
        ..Default::default()
    }
}

#[test]
fn the_example_matrix_covers_annex_i_and_checks_clean() {
    let tf = example();
    let f = check(&tf);
    let gspr: Vec<_> = f.iter().filter(|x| x.rule.starts_with("gspr.")).collect();
    assert!(gspr.is_empty(), "{gspr:#?}");
    assert_eq!(tf.gspr.rows.len(), 74);
    for req in techfile::gspr::SOFTWARE_PACK {
        let r = tf
            .gspr
            .rows
            .iter()
            .find(|r| r.requirement == *req)
            .unwrap_or_else(|| panic!("{req} has a row"));
        assert_ne!(
            r.applicability,
            Some(GsprApplicability::DoesNotApply),
            "{req}"
        );
        assert!(!r.method.is_empty() && !r.evidence.is_empty(), "{req}");
    }
}

#[test]
fn each_row_rule_fires_and_names_the_row() {
    let mut tf = example();
    let rows = &mut tf.gspr.rows;
    // [0] MDR-I-1 applies: take away its method and evidence.
    rows[0].method.clear();
    rows[0].evidence.clear();
    // [6] MDR-I-7 does not apply: take away its justification.
    assert_eq!(rows[6].requirement, "MDR-I-7");
    rows[6].justification.clear();
    // [1] MDR-I-2: unknown document, stale version, unknown standard and risk.
    rows[1].evidence = vec![
        EvidenceRef {
            document_id: "NOPE-1".into(),
            version: "1.0".into(),
            section: "§1".into(),
        },
        EvidenceRef {
            document_id: "RMP-CSA-001".into(),
            version: "2.0".into(),
            section: "§5".into(),
        },
    ];
    rows[1].standards = vec!["EN-ISO-14971".into(), "ISO-9999".into()];
    rows[1].risk_links = vec!["HAZ-99".into()];
    // [2] no applicability; a partly row without justification.
    rows[2].applicability = None;
    rows[3].applicability = Some(GsprApplicability::Partly);
    rows[3].justification.clear();
    // Unknown, malformed and duplicate requirement ids.
    for bad in ["MDR-I-17.9", "Annex I 17"] {
        let mut r = row(bad, GsprApplicability::DoesNotApply);
        r.justification = "Not relevant.".into();
        rows.push(r);
    }
    let mut dup = rows[0].clone();
    dup.method = "again".into();
    dup.evidence = example().gspr.rows[0].evidence.clone();
    rows.push(dup);
    let f = check(&tf);
    let paths =
        |rule: &str| -> Vec<String> { of(&f, rule).iter().map(|x| x.path.clone()).collect() };
    assert_eq!(paths("gspr.method-missing"), ["gspr.rows[0].method"]);
    assert_eq!(paths("gspr.evidence-missing"), ["gspr.rows[0].evidence"]);
    assert_eq!(
        paths("gspr.justification-missing"),
        ["gspr.rows[3].justification", "gspr.rows[6].justification"]
    );
    assert_eq!(
        paths("gspr.evidence-unresolved"),
        ["gspr.rows[1].evidence[0].document_id"]
    );
    let v = of(&f, "gspr.evidence-version");
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!(v[0].path, "gspr.rows[1].evidence[1].version");
    assert!(v[0].message.contains("version 2.0") && v[0].message.contains("3.0"));
    assert_eq!(
        paths("gspr.standard-unresolved"),
        ["gspr.rows[1].standards[1]"]
    );
    assert_eq!(
        paths("gspr.risk-link-unresolved"),
        ["gspr.rows[1].risk_links[0]"]
    );
    assert_eq!(
        paths("gspr.applicability-missing"),
        ["gspr.rows[2].applicability"]
    );
    let n = tf.gspr.rows.len();
    assert_eq!(
        paths("gspr.unknown-requirement"),
        [
            format!("gspr.rows[{}].requirement", n - 3),
            format!("gspr.rows[{}].requirement", n - 2)
        ]
    );
    let d = of(&f, "gspr.duplicate-row");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].path, format!("gspr.rows[{}].requirement", n - 1));
    assert!(d[0].message.contains("gspr.rows[0]"), "{}", d[0].message);
    assert!(
        of(&f, "gspr.coverage").is_empty(),
        "every requirement still has a row"
    );
}

#[test]
fn the_software_pack_refuses_does_not_apply_and_missing_rows() {
    let mut tf = example();
    let i = tf
        .gspr
        .rows
        .iter()
        .position(|r| r.requirement == "MDR-I-18.8")
        .expect("18.8");
    tf.gspr.rows[i].applicability = Some(GsprApplicability::DoesNotApply);
    tf.gspr.rows[i].justification = "No network.".into();
    tf.gspr.rows.retain(|r| r.requirement != "MDR-I-23.4(ab)");
    let f = check(&tf);
    let pack = of(&f, "gspr.software-requirement");
    assert_eq!(pack.len(), 2, "{pack:#?}");
    assert_eq!(pack[0].path, format!("gspr.rows[{i}].applicability"));
    assert!(pack[0].message.contains("MDR-I-18.8"));
    assert!(pack[0].message.contains("MDCG 2019-16"));
    assert_eq!(pack[1].path, "gspr.rows");
    assert!(pack[1].message.contains("MDR-I-23.4(ab)"));
    assert!(f
        .iter()
        .any(|x| x.rule == "gspr.software-requirement"
            && x.severity == techfile::diag::Severity::Error));

    // A device without software items or SBOM is not held to the pack; an
    // empty file has no matrix findings at all.
    let mut hw = tf.clone();
    hw.software_items.clear();
    hw.sbom.components.clear();
    assert!(of(&check(&hw), "gspr.software-requirement").is_empty());
    let empty = check(&TechFile::empty());
    assert!(
        empty.iter().all(|x| !x.rule.starts_with("gspr.")),
        "{empty:#?}"
    );

    // A software project without any matrix: every pack row is missing.
    let mut none = example();
    none.gspr.rows.clear();
    let f = check(&none);
    assert_eq!(of(&f, "gspr.software-requirement").len(), 7);
    let cov = of(&f, "gspr.coverage");
    assert_eq!(cov.len(), 1);
    assert!(
        cov[0].message.contains("73 of the 73"),
        "{}",
        cov[0].message
    );
}

#[test]
fn coverage_lists_the_missing_requirements_once() {
    let mut tf = example();
    tf.gspr
        .rows
        .retain(|r| r.requirement != "MDR-I-10.4" && r.requirement != "MDR-I-22.3");
    let f = check(&tf);
    let cov = of(&f, "gspr.coverage");
    assert_eq!(cov.len(), 1, "{cov:#?}");
    assert_eq!(cov[0].severity, techfile::diag::Severity::Warning);
    assert!(
        cov[0].message.ends_with("MDR-I-10.4, MDR-I-22.3"),
        "{}",
        cov[0].message
    );
    // A lettered sub-item without a row is covered by its parent's row.
    tf = example();
    assert!(!tf.gspr.rows.iter().any(|r| r.requirement == "MDR-I-3(a)"));
}

#[test]
fn export_part_gspr_renders_the_matrix_readably() {
    let md = crate::common::example_part_md("gspr");
    assert!(md.starts_with("# General safety and performance requirements (MDR Annex I)"));
    assert!(
        md.contains("74 requirements of MDR Annex I: 21 apply, 2 apply in part, 51 do not apply")
    );
    // How 17.2 is met, with the standards by designation and the evidence by
    // id, version and section.
    let at = md.find("**MDR-I-17.2**").expect("17.2 block");
    let block = &md[at..at + md[at..].find("\n**MDR-I-17.3**").expect("next")];
    assert!(block.contains("*Applies.*"), "{block}");
    assert!(
        block.contains("EN 62304:2006/A1:2015; EN IEC 81001-5-1:2022"),
        "{block}"
    );
    assert!(block.contains("STR-CSA-008 v3.2, §3"), "{block}");
    assert!(
        block.contains("Risk entries: HAZ-10, HAZ-12, HAZ-15"),
        "{block}"
    );
    // The rows that do not apply, each with its reason, in one table.
    assert!(
        md.contains("| MDR-I-11.4 | Devices delivered in a sterile state | Standalone software")
    );
    assert!(!md.contains("| MDR-I-17.2 |"));
    // A part that does not exist is refused with the list.
    let dir = tempfile::tempdir().expect("dir");
    let out_s = dir.path().join("gspr.md").to_string_lossy().into_owned();
    let bad = run_cli([
        "export",
        "examples/ecg-arrhythmia/techfile.json",
        "--format",
        "md",
        "--part",
        "gsprx",
        "-o",
        &format!("{out_s}.x"),
    ]);
    assert_ne!(bad.code, Some(0));
    assert!(bad.stderr.contains("gspr, standards"), "{}", bad.stderr);
}
