//! The real risk tables of ../shared/corpus/risk import with the mappings in
//! examples/mappings: the OpenSaMD CSV analysis (8 hazards) and the
//! openventilator FMEA.xlsx (35 failure rows, header on row 5, formula cells
//! read from their cached values, newlines in headers). Skips with a message
//! when the corpus is missing, except under CI, where it fails.

use std::path::{Path, PathBuf};

use techfile::risk::model::{Acceptability, RiskPlan, ScaleLevel};
use techfile::risk::{compute, Mapping};
use techfile::TechFile;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/risk");
const MAPPINGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/mappings");

fn corpus() -> Option<PathBuf> {
    let p = PathBuf::from(CORPUS);
    if p.is_dir() {
        return Some(p);
    }
    if std::env::var_os("CI").is_some() {
        panic!("the risk corpus is missing at {CORPUS}; CI must have ../shared/corpus beside the checkout");
    }
    eprintln!("skipping: the risk corpus is missing at {CORPUS}");
    None
}

fn level(name: &str, at_least: Option<f64>) -> ScaleLevel {
    ScaleLevel {
        name: name.into(),
        description: String::new(),
        at_least,
        safety_class: None,
    }
}

/// OpenSaMD's own plan, from its risk-acceptance-matrix.md.
fn opensamd_plan() -> RiskPlan {
    use Acceptability::{Acceptable as A, Unacceptable as U};
    RiskPlan {
        severity: ["Negligible", "Minor", "Major", "Critical", "Death"]
            .iter()
            .map(|n| level(n, None))
            .collect(),
        probability: vec![
            level("Almost impossible", Some(0.0)),
            level("Rare", Some(1e-10)),
            level("Unlikely", Some(1e-8)),
            level("Possible", Some(1e-6)),
            level("Likely", Some(1e-4)),
            level("Almost certain", Some(1e-2)),
        ],
        // Rows: severity S1..S5; cells: probability P1..P6.
        matrix: vec![
            vec![A, A, A, A, A, U],
            vec![A, A, A, A, U, U],
            vec![A, A, A, U, U, U],
            vec![A, A, U, U, U, U],
            vec![A, U, U, U, U, U],
        ],
        ..RiskPlan::default()
    }
}

fn project(plan: RiskPlan) -> TechFile {
    let mut tf = TechFile::empty();
    tf.risk.plan = plan;
    tf
}

#[test]
fn opensamd_analysis_imports_all_eight_hazards_and_reproduces_the_authors_verdicts() {
    let Some(dir) = corpus() else { return };
    let file = dir.join("opensamd/hazards-and-analysis.csv");
    let mapping = Path::new(MAPPINGS).join("opensamd-fmea.toml");
    let mut tf = project(opensamd_plan());
    let report = techfile::risk::import_file(&mut tf, &file, Some(&mapping)).expect("imports");
    assert_eq!(report.imported, 8);
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    let e = &tf.risk.entries;
    assert_eq!(e.len(), 8);
    assert_eq!(e[0].id, "1");
    assert_eq!(e[0].hazard, "Avoidance organ under-contoured");
    assert_eq!((e[0].p1.as_str(), e[0].p2.as_str()), ("10^-5", "10^-3"));
    assert_eq!(
        e[2].harm,
        "Major treatment protocol deviation, significantly reduced treatment outcomes"
    );
    assert_eq!(
        (e[0].probability.as_str(), e[0].severity.as_str()),
        ("Rare", "Death")
    );
    assert_eq!(
        (
            e[0].residual_probability.as_str(),
            e[0].residual_severity.as_str()
        ),
        ("Almost impossible", "Death")
    );
    // `1 and 2` (external) + `3` (internal).
    assert_eq!(
        e[0].controls
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        ["1", "2", "3"]
    );
    assert!(e[5].controls.is_empty(), "hazard 6 has no controls");
    assert_eq!(
        e[7].controls
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        ["4"]
    );

    // The authors' "Acceptable without risk controls?" column, recomputed
    // from the matrix; every residual risk is acceptable, as they found.
    let without = ["No", "Yes", "No", "Yes", "No", "Yes", "No", "Yes"];
    for (entry, verdict) in e.iter().zip(without) {
        let init = compute::initial(&tf.risk.plan, entry).acceptability;
        let expected = if verdict == "Yes" {
            Acceptability::Acceptable
        } else {
            Acceptability::Unacceptable
        };
        assert_eq!(init, Some(expected), "entry {}", entry.id);
        assert_eq!(
            compute::residual(&tf.risk.plan, entry).acceptability,
            Some(Acceptability::Acceptable),
            "entry {}",
            entry.id
        );
    }
}

#[test]
fn opensamd_hazard_to_harm_imports_with_the_canonical_headers_and_places_p1_times_p2() {
    let Some(dir) = corpus() else { return };
    let file = dir.join("opensamd/hazard-to-harm.csv");
    let mut tf = project(opensamd_plan());
    let report = techfile::risk::import_file(&mut tf, &file, None).expect("imports");
    assert_eq!(report.imported, 8);
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    // 10^-3 x 10^-2 = 10^-5 lies in P4 "Possible" (10^-6 .. 10^-4), as the authors placed it.
    let r = compute::initial(&tf.risk.plan, &tf.risk.entries[2]);
    assert!(r.probability_from_p1_p2);
    assert_eq!(r.probability, Some(3));
}

#[test]
fn openventilator_fmea_xlsx_imports_all_35_rows_with_cached_formula_values() {
    let Some(dir) = corpus() else { return };
    let file = dir.join("openventilator/FMEA.xlsx");
    let mapping = Path::new(MAPPINGS).join("openventilator-fmea.toml");
    let mut tf = TechFile::empty();
    let report = techfile::risk::import_file(&mut tf, &file, Some(&mapping)).expect("imports");
    assert_eq!(report.imported, 35, "{:#?}", report.warnings);
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    let e = &tf.risk.entries;
    assert_eq!(e[0].id, "FMEA-1");
    assert_eq!(e[34].id, "FMEA-35");
    assert_eq!(e[0].hazard, "Disconnected patient");
    assert_eq!(e[0].harm, "No air to patient");
    assert_eq!(
        (e[0].severity.as_str(), e[0].probability.as_str()),
        ("Catastrophic", "Frequent")
    );
    // K6 `=MAX( D6:H6)` and L6 `=I6*J6/100`: cached values 100 and 80.
    assert!(
        e[0].notes.contains("Detection % (mkII): 100"),
        "{}",
        e[0].notes
    );
    assert!(
        e[0].notes.contains("Risk prio w/o detection: 80"),
        "{}",
        e[0].notes
    );
    // M10 `=I10*J10*(100-C10)/10000` cached as 4.75.
    assert!(
        e[4].notes
            .contains("Spartan model Risk priority (RPN): 4.75"),
        "{}",
        e[4].notes
    );
    // A newline inside a cell stays.
    assert_eq!(
        e[17].hazard,
        "One-way valve from SUPPLY to INSP port leaks\n(or both valves near PUMP leak)"
    );
    assert!(
        e[22]
            .notes
            .contains("Comment: An other valve, from EXP to OVP, will still protect"),
        "{}",
        e[22].notes
    );
}

#[test]
fn fmea_without_a_mapping_is_rejected_with_its_location() {
    let Some(dir) = corpus() else { return };
    let file = dir.join("openventilator/FMEA.xlsx");
    let mut tf = TechFile::empty();
    let err =
        techfile::risk::import_file(&mut tf, &file, None).expect_err("title row is no header");
    let s = err.to_string();
    assert!(
        s.contains("FMEA.xlsx: sheet `Sheet1`, row 1:")
            && s.contains("no `hazard` column")
            && s.contains("--mapping"),
        "{s}"
    );
    assert!(tf.risk.entries.is_empty(), "nothing is imported on error");
}

#[test]
fn the_example_mappings_parse() {
    for name in ["opensamd-fmea.toml", "openventilator-fmea.toml"] {
        Mapping::load(&Path::new(MAPPINGS).join(name)).unwrap_or_else(|e| panic!("{e}"));
    }
}
