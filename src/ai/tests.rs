//! Unit tests of the AI part's rules and view.

use super::model::*;
use crate::diag::{Finding, Severity};
use crate::links::Links;
use crate::model::TechFile;

fn findings(tf: &TechFile) -> Vec<Finding> {
    let mut out = Vec::new();
    super::check(tf, &Links::new(tf), &mut out);
    out
}

fn with(s: AiSystem) -> TechFile {
    let mut tf = TechFile::empty();
    tf.ai.systems.push(s);
    tf
}

/// A system named `X`.
fn system() -> AiSystem {
    AiSystem {
        name: "X".into(),
        ..Default::default()
    }
}

/// A system named `X` with a test set named `test set`.
fn tested_system() -> AiSystem {
    let mut s = system();
    s.datasets.push(Dataset {
        name: "test set".into(),
        purpose: Some(DatasetPurpose::Test),
        ..Default::default()
    });
    s
}

fn row(metric: &str, value: f64, subgroup: &str) -> PerformanceResult {
    PerformanceResult {
        metric: metric.into(),
        value: Some(value),
        ci: Some(ConfidenceInterval {
            lower: value - 0.02,
            upper: (value + 0.02).min(1.0),
            level: 0.95,
        }),
        dataset: "test set".into(),
        subgroup: subgroup.into(),
        acceptance: Some(Acceptance {
            comparator: Comparator::AtLeast,
            threshold: 0.9,
            on: Estimate::CiLower,
        }),
        ..Default::default()
    }
}

#[test]
fn no_ai_system_no_finding_and_default_means_no_ai() {
    let tf = TechFile::empty();
    assert!(tf.ai_is_empty());
    assert!(findings(&tf).is_empty());
}

#[test]
fn every_empty_item_is_named_by_its_clause() {
    let tf = with(system());
    let f = findings(&tf);
    for it in super::items::all() {
        assert!(
            f.iter()
                .any(|x| x.rule == "ai.item-missing" && x.message.contains(it.title)),
            "no finding for {} ({})",
            it.clause,
            it.key
        );
    }
    let dr = f
        .iter()
        .find(|x| {
            x.rule == "ai.item-missing" && x.path == "ai.systems[0].development.data_requirements"
        })
        .expect("2(d)");
    assert_eq!(dr.severity, Severity::Error);
    assert!(dr.message.contains("Annex IV 2(d)"), "{}", dr.message);
    let logging = f
        .iter()
        .find(|x| x.rule == "ai.item-missing" && x.path == "ai.systems[0].logging")
        .expect("13(3)(f)");
    assert_eq!(
        logging.severity,
        Severity::Warning,
        "where-applicable items warn"
    );
    assert_eq!(logging.path, "ai.systems[0].logging");
}

#[test]
fn filled_item_has_no_finding() {
    let mut s = system();
    s.development.data_requirements = "Data from ...".into();
    s.datasets.push(Dataset {
        name: "test set".into(),
        purpose: Some(DatasetPurpose::Test),
        ..Default::default()
    });
    let f = findings(&with(s));
    assert!(
        !f.iter()
            .any(|x| x.rule == "ai.item-missing" && x.path.ends_with("data_requirements")),
        "{f:#?}"
    );
    assert!(
        !f.iter()
            .any(|x| x.rule == "ai.item-missing" && x.path == "ai.systems[0].datasets"),
        "{f:#?}"
    );
}

#[test]
fn metric_without_acceptance_criterion_and_failing_metric() {
    let mut s = tested_system();
    let mut open = row("sensitivity", 0.95, "");
    open.acceptance = None;
    let fail = row("specificity", 0.88, "");
    let pass = row("PPV", 0.97, "");
    s.performance = vec![open, fail, pass];
    let f = findings(&with(s.clone()));
    let crit: Vec<_> = f
        .iter()
        .filter(|x| x.rule == "ai.metric-criterion")
        .collect();
    assert_eq!(crit.len(), 1, "{crit:#?}");
    assert_eq!(crit[0].path, "ai.systems[0].performance[0].acceptance");
    assert!(
        crit[0].message.contains("sensitivity"),
        "{}",
        crit[0].message
    );
    let fails: Vec<_> = f.iter().filter(|x| x.rule == "ai.metric-fail").collect();
    assert_eq!(fails.len(), 1);
    assert_eq!(fails[0].path, "ai.systems[0].performance[1].value");
    assert_eq!(s.performance[2].verdict(), Verdict::Pass);
    assert_eq!(s.performance[1].verdict(), Verdict::Fail);
}

#[test]
fn verdict_uses_the_named_estimate() {
    let mut r = row("sensitivity", 0.91, "");
    // value 0.91 passes >= 0.9, but the lower CI bound 0.89 does not.
    assert_eq!(r.verdict(), Verdict::Fail);
    r.acceptance = Some(Acceptance {
        comparator: Comparator::AtLeast,
        threshold: 0.9,
        on: Estimate::Value,
    });
    assert_eq!(r.verdict(), Verdict::Pass);
    r.ci = None;
    r.acceptance = Some(Acceptance {
        comparator: Comparator::AtLeast,
        threshold: 0.9,
        on: Estimate::CiLower,
    });
    assert_eq!(r.verdict(), Verdict::NoValue);
}

#[test]
fn groups_named_by_the_population_need_subgroup_results() {
    let mut s = system();
    s.datasets.push(Dataset {
        name: "test set".into(),
        purpose: Some(DatasetPurpose::Test),
        demographics: vec![
            DemographicGroup {
                attribute: "sex".into(),
                group: "female".into(),
                share: "50 %".into(),
            },
            DemographicGroup {
                attribute: "sex".into(),
                group: "male".into(),
                share: "50 %".into(),
            },
        ],
        ..Default::default()
    });
    s.performance = vec![row("sensitivity", 0.95, "")];
    let f = findings(&with(s.clone()));
    let sub: Vec<_> = f.iter().filter(|x| x.rule == "ai.subgroup").collect();
    assert_eq!(sub.len(), 2, "{sub:#?}");
    assert!(sub[0].message.contains("sex: female"));
    s.performance.push(row("sensitivity", 0.95, "Sex:  Female"));
    s.performance.push(row("sensitivity", 0.95, "sex: male"));
    let f = findings(&with(s));
    assert!(!f.iter().any(|x| x.rule == "ai.subgroup"), "{f:#?}");
}

#[test]
fn ci_must_contain_the_value_and_dataset_must_exist() {
    let mut s = system();
    let mut r = row("sensitivity", 0.95, "");
    r.ci = Some(ConfidenceInterval {
        lower: 0.96,
        upper: 0.99,
        level: 0.95,
    });
    r.dataset = "nowhere".into();
    s.performance.push(r);
    let f = findings(&with(s));
    assert!(
        f.iter()
            .any(|x| x.rule == "ai.metric-ci" && x.path.ends_with("performance[0].ci")),
        "{f:#?}"
    );
    assert!(
        f.iter()
            .any(|x| x.rule == "ai.performance" && x.message.contains("`nowhere`")),
        "{f:#?}"
    );
}

#[test]
fn duplicate_names_and_unknown_software_item() {
    let s = AiSystem {
        name: "X".into(),
        software_item: "ghost".into(),
        ..Default::default()
    };
    let mut tf = with(s.clone());
    tf.ai.systems.push(s);
    let f = findings(&tf);
    assert!(f
        .iter()
        .any(|x| x.rule == "ai.system-name" && x.path == "ai.systems[1].name"));
    assert!(f.iter().any(|x| x.rule == "ai.software-item"));
    assert!(Links::new(&tf).exists(crate::links::Target::AiSystem, "X"));
    assert!(!Links::new(&tf).exists(crate::links::Target::AiSystem, "Y"));
}

#[test]
fn pccp_without_protocol_is_reported() {
    let mut s = system();
    s.pccp.planned_changes = "Retraining on new data".into();
    let f = findings(&with(s));
    assert!(
        f.iter()
            .any(|x| x.rule == "ai.change-protocol"
                && x.path.ends_with("pccp.modification_protocol")),
        "{f:#?}"
    );
}

#[test]
fn view_lists_sections_in_annex_iv_order_and_computes_pass_fail() {
    let mut s = tested_system();
    s.performance = vec![
        row("sensitivity", 0.97, ""),
        row("specificity", 0.85, "sex: female"),
    ];
    let v = super::view(&with(s));
    let sections: Vec<&str> = v["systems"][0]["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|x| x["number"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(sections, ["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    assert_eq!(v["systems"][0]["metrics"]["pass"], 1);
    assert_eq!(v["systems"][0]["metrics"]["fail"], 1);
    let two_g = &v["systems"][0]["sections"][1]["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["key"] == "iv-2g")
        .cloned()
        .expect("2g");
    assert_eq!(two_g["tables"]["performance"][1]["verdict"], "FAIL");
    assert_eq!(
        two_g["tables"]["performance"][0]["criterion"],
        "CI lower ≥ 0.9"
    );
}

#[test]
fn numbers_print_deterministically() {
    assert_eq!(super::view::num(0.95), "0.95");
    assert_eq!(super::view::num(0.123456), "0.1235");
    assert_eq!(super::view::num(1.0), "1");
}

#[test]
fn ai_system_without_linked_risk_entry_once_risks_exist() {
    use crate::risk::model::{RiskEntry, RiskLinks};
    let mut tf = with(AiSystem {
        name: "Classifier".into(),
        ..Default::default()
    });
    let rule = |tf: &TechFile| {
        findings(tf)
            .into_iter()
            .filter(|x| x.rule == "ai.risk-link")
            .collect::<Vec<_>>()
    };
    assert!(rule(&tf).is_empty(), "no risk file yet: no finding");
    tf.risk.entries.push(RiskEntry {
        id: "HAZ-1".into(),
        ..Default::default()
    });
    let f = rule(&tf);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].path, "ai.systems[0]");
    assert!(f[0].message.contains("`Classifier`"));
    tf.risk.entries.push(RiskEntry {
        id: "HAZ-2".into(),
        links: RiskLinks {
            ai_systems: vec!["Classifier".into()],
            ..Default::default()
        },
        ..Default::default()
    });
    assert!(rule(&tf).is_empty());
}
