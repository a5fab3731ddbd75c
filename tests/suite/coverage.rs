//! Computed clause coverage: the catalogue by sub-item, coverage figures in
//! `check --format json` and text, and the bundled example's clause index,
//! where the device part and the AI part answer what only chapters could
//! answer before (issue 11, points 3 and 7).

use crate::common::run_cli;
use techfile::coverage;
use techfile::model::clauses::{self, Framework};
use techfile::render::{self, RenderOptions};

fn example_path() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/ecg-arrhythmia/techfile.json"
    )
    .to_string()
}

#[test]
fn coverage_json_has_one_row_per_applicable_framework() {
    let run = run_cli(["check", "--format", "json", &example_path()]);
    let out = run.expect_code(0).json();
    let rows = out["coverage"].as_array().expect("coverage array");
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["framework"].as_str().expect("framework"))
        .collect();
    assert_eq!(
        names,
        [
            "mdr-annex-ii",
            "mdr-annex-iii",
            "mdr-annex-i",
            "aia-annex-iv",
            "aia-art-13",
        ],
        "no CRA for a device (CRA Art. 2(2)): the example lists no non-device product"
    );
    for r in rows {
        let obj = r.as_object().expect("object");
        assert_eq!(obj.len(), 3, "{r}");
        let (a, t) = (
            r["answered"].as_u64().expect("n"),
            r["total"].as_u64().expect("m"),
        );
        assert!(a <= t && t > 0, "{r}");
    }
    // The device part, the new specification chapter and the chapters answer
    // every required clause of Annex II; the AI part all of Annex IV.
    let fig = |f: &str| rows.iter().find(|r| r["framework"] == f).expect(f).clone();
    assert_eq!(
        fig("mdr-annex-ii")["answered"],
        fig("mdr-annex-ii")["total"]
    );
    assert_eq!(
        fig("aia-annex-iv")["answered"],
        fig("aia-annex-iv")["total"]
    );
    assert_eq!(fig("aia-art-13")["answered"], fig("aia-art-13")["total"]);
    assert!(out["findings"].is_array());
}

#[test]
fn coverage_text_prints_a_percentage_per_framework() {
    let run = run_cli(["check", &example_path()]);
    run.expect_code(0);
    let err = &run.stderr;
    assert!(
        err.contains("coverage mdr-annex-ii: 31/31 required clauses answered (100 %)"),
        "{err}"
    );
    assert!(err.contains("coverage mdr-annex-i: "), "{err}");
    assert!(err.contains("0 errors"), "{err}");
}

#[test]
fn coverage_example_index_no_longer_calls_structured_answers_unanswered() {
    let tf = techfile::example::example().expect("example");
    let cov = coverage::compute(&tf);
    for id in [
        "MDR-II-1",
        "MDR-II-1.1",
        "MDR-II-1.1(a)",
        "MDR-II-1.1(c)",
        "AIA-IV-1",
        "AIA-IV-2",
        "AIA-IV-3",
        "AIA-IV-4",
        "AIA-IV-6",
        "AIA-IV-7",
        "AIA-13-3",
        "AIA-13-3(b)",
    ] {
        let row = cov.row(id).unwrap_or_else(|| panic!("{id} not applicable"));
        assert!(row.answered, "{id} unanswered");
    }
    let a = cov.row("MDR-II-1.1(a)").expect("row");
    assert!(
        a.sources.iter().any(|s| s.label() == "Device description"),
        "{a:?}"
    );
    let md = render::markdown(&tf, &RenderOptions::markdown()).expect("renders");
    let index = &md[md.find("# Clause index").expect("index")..];
    for line in index.lines().filter(|l| l.contains("not yet answered")) {
        for id in ["MDR-II-1 ", "MDR-II-1.1 ", "AIA-IV-", "AIA-13-3"] {
            assert!(!line.starts_with(&format!("| {id}")), "{line}");
        }
    }
    // Every sub-item of an applicable framework is listed, with where.
    assert!(index.contains("| MDR-II-1.1(a) |"), "{index}");
    assert!(index.contains("| MDR-I-23.4(ab) |"), "{index}");
    assert!(index.contains("| AIA-13-3(b)(ii) |"), "{index}");
    assert!(
        !index.contains("| IVDR-II-1.1(a) |"),
        "IVDR listed for an MDR device"
    );
    assert!(
        index.contains("**MDR Annex II (technical documentation)**: 31 of 31"),
        "{index}"
    );
}

#[test]
fn coverage_of_a_small_constructed_project() {
    let mut tf = techfile::model::TechFile::empty();
    tf.device.trade_name = "T".into();
    tf.device.description = "D".into();
    tf.chapters.push(techfile::model::Chapter {
        id: "v".into(),
        title: "V and V".into(),
        clauses: vec!["MDR-II-6.1".into()],
        body: "x".into(),
    });
    let figs = coverage::figures(&tf);
    let ii = figs
        .iter()
        .find(|f| f.framework == Framework::MdrAnnexII)
        .expect("ii");
    // 1.1(a) from the device; 6.1 and its four points from the chapter, and
    // so 6 (its other sub-item, 6.2, is where applicable).
    assert_eq!(ii.answered, 7, "{figs:?}");
    let required = clauses::CLAUSES
        .iter()
        .filter(|c| c.framework == Framework::MdrAnnexII && c.required)
        .count();
    assert_eq!(ii.total, required);
    assert_eq!(
        figs.len(),
        3,
        "MDR only without AI systems or CRA citations"
    );
    // The check names the required sub-items nobody answers, not their parents.
    let findings = techfile::check::check(&tf);
    let cov: Vec<&str> = findings
        .iter()
        .filter(|f| f.rule == "core.clause-coverage")
        .map(|f| f.message.as_str())
        .collect();
    assert!(cov.iter().any(|m| m.contains("MDR-II-2(a)")), "{cov:#?}");
    assert!(!cov.iter().any(|m| m.contains("MDR-II-2 (")), "{cov:#?}");
    assert!(!cov.iter().any(|m| m.contains("MDR-II-6.1")), "{cov:#?}");
    // Device identity (a)-(f) is reported by the device rules, not twice.
    assert!(!cov.iter().any(|m| m.contains("MDR-II-1.1(b)")), "{cov:#?}");
}

#[test]
fn coverage_unknown_sub_item_is_an_error() {
    let mut tf = techfile::example::example().expect("example");
    tf.chapters[0].clauses.push("MDR-II-1.1(z)".into());
    let findings = techfile::check::check(&tf);
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "core.chapter-clause" && f.message.contains("MDR-II-1.1(z)")),
        "{findings:#?}"
    );
}

#[test]
fn coverage_gspr_rows_answer_annex_i() {
    let annex_i = |tf: &techfile::TechFile| {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("p.techfile.json");
        techfile::store::save(&p, tf).expect("save");
        let out = run_cli(["check", "--format", "json", p.to_str().expect("utf-8")]).json();
        let row = out["coverage"]
            .as_array()
            .expect("coverage")
            .iter()
            .find(|r| r["framework"] == "mdr-annex-i")
            .cloned()
            .expect("mdr-annex-i row");
        (
            row["answered"].as_u64().expect("n"),
            row["total"].as_u64().expect("n"),
        )
    };
    let mut tf = techfile::example::example().expect("example");
    let (answered, total) = annex_i(&tf);
    assert_eq!(
        answered, total,
        "the example's matrix answers every requirement"
    );
    // The 23.4 row answers its lettered points; without the matrix, the
    // labelling chapter's tag (MDR-I-23.2) is all that is left.
    tf.gspr.rows.clear();
    let (answered, again) = annex_i(&tf);
    assert_eq!(again, total);
    assert!(
        answered < total / 2,
        "{answered}/{total} without the matrix"
    );
}
