//! AI findings through `techfile check`, and the bundled example's AI system
//! answering every item.

use assert_cmd::Command;
use techfile::ai::model::{AiSystem, Dataset, DatasetPurpose, DemographicGroup, PerformanceResult};
use techfile::model::TechFile;

#[test]
fn check_cli_names_each_empty_item_and_table_problem() {
    let mut tf = TechFile::empty();
    let mut s = AiSystem {
        name: "Classifier".into(),
        ..Default::default()
    };
    s.datasets.push(Dataset {
        name: "test".into(),
        purpose: Some(DatasetPurpose::Test),
        demographics: vec![DemographicGroup {
            attribute: "sex".into(),
            group: "female".into(),
            share: String::new(),
        }],
        ..Default::default()
    });
    s.performance.push(PerformanceResult {
        metric: "sensitivity".into(),
        value: Some(0.9),
        dataset: "test".into(),
        ..Default::default()
    });
    tf.ai.systems.push(s);
    let dir = tempfile::tempdir().expect("dir");
    let p = dir.path().join("p.techfile.json");
    techfile::store::save(&p, &tf).expect("save");
    let out = Command::cargo_bin("techfile")
        .expect("bin")
        .arg("check")
        .arg(&p)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "errors give exit code 1");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let findings = v["findings"].as_array().expect("findings");
    let has = |rule: &str, path: &str| {
        findings
            .iter()
            .any(|f| f["rule"] == rule && f["path"] == path)
    };
    assert!(has(
        "ai.item-missing",
        "ai.systems[0].development.data_requirements"
    ));
    assert!(has(
        "ai.item-missing",
        "ai.systems[0].description.intended_purpose"
    ));
    assert!(has(
        "ai.item-missing",
        "ai.systems[0].description.intended_purpose"
    ));
    assert!(has(
        "ai.item-missing",
        "ai.systems[0].deployer.expected_lifetime"
    ));
    assert!(has(
        "ai.item-missing",
        "ai.systems[0].post_market_monitoring.plan"
    ));
    assert!(has(
        "ai.metric-criterion",
        "ai.systems[0].performance[0].acceptance"
    ));
    assert!(has("ai.subgroup", "ai.systems[0].performance"));
}

#[test]
fn the_example_ai_system_answers_every_item() {
    let tf = techfile::example::example().expect("example");
    assert_eq!(tf.ai.systems.len(), 1);
    let ai: Vec<_> = techfile::check::check(&tf)
        .into_iter()
        .filter(|f| f.path.starts_with("ai.") || f.rule.starts_with("AI"))
        .collect();
    assert!(ai.is_empty(), "{ai:#?}");
    let s = &tf.ai.systems[0];
    assert!(s
        .performance
        .iter()
        .all(|r| r.verdict() == techfile::ai::model::Verdict::Pass));
    assert!(s.performance.iter().any(|r| r.subgroup == "age: 65+"));
}
