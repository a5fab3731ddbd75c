//! The risk findings of `techfile check` (issue 4 point 3): each rule fires on
//! the case it names and stays quiet on a complete entry.

use techfile::check::check;
use techfile::links::Links;
use techfile::model::SoftwareItem;
use techfile::risk::model::{ControlType, RiskControl, RiskEntry, Verification};
use techfile::TechFile;
use techfile::{Finding, Severity};

fn verified(id: &str) -> RiskControl {
    RiskControl {
        id: id.into(),
        description: "Lead-off detection blocks analysis".into(),
        kind: Some(ControlType::ProtectiveMeasure),
        implementation: "SRS-112".into(),
        verification_implementation: Verification {
            method: "Unit test".into(),
            evidence: "TR-7".into(),
        },
        verification_effectiveness: Verification {
            method: "Usability test".into(),
            evidence: "UT-3".into(),
        },
        release: String::new(),
        new_risks: Vec::new(),
    }
}

fn complete(id: &str) -> RiskEntry {
    RiskEntry {
        id: id.into(),
        category: "software".into(),
        hazard: "Wrong rhythm label".into(),
        sequence_of_events: "Noise is classified as AF".into(),
        hazardous_situation: "Clinician acts on a wrong label".into(),
        harm: "Unnecessary anticoagulation".into(),
        severity: "Critical".into(),
        probability: "Probable".into(),
        controls: vec![verified("RC-1")],
        residual_severity: String::new(),
        residual_probability: "Improbable".into(),
        ..Default::default()
    }
}

fn project(entries: Vec<RiskEntry>) -> TechFile {
    let mut tf = TechFile::empty();
    tf.software_items.push(SoftwareItem {
        name: "ecg-analyzer".into(),
        ..Default::default()
    });
    tf.risk.entries = entries;
    tf
}

fn risk_findings(tf: &TechFile) -> Vec<Finding> {
    check(tf)
        .into_iter()
        .filter(|f| f.rule.starts_with("risk."))
        .collect()
}

fn has(fs: &[Finding], rule: &str, sev: Severity, path: &str) -> bool {
    fs.iter()
        .any(|f| f.rule == rule && f.severity == sev && f.path == path)
}

#[test]
fn a_complete_entry_has_no_finding() {
    let mut e = complete("H1");
    e.links.software_items = vec!["ecg-analyzer".into()];
    let fs = risk_findings(&project(vec![e]));
    assert!(fs.is_empty(), "{fs:#?}");
}

#[test]
fn unacceptable_risk_without_controls() {
    let mut e = complete("H1");
    e.controls.clear();
    e.residual_probability.clear();
    e.benefit_risk = "Benefit outweighs".into();
    let fs = risk_findings(&project(vec![e]));
    assert!(
        has(
            &fs,
            "risk.uncontrolled",
            Severity::Error,
            "risk.entries[0].controls"
        ),
        "{fs:#?}"
    );
}

#[test]
fn control_without_verification() {
    let mut e = complete("H1");
    e.controls[0].verification_implementation = Verification::default();
    e.controls[0].verification_effectiveness.evidence.clear();
    let fs = risk_findings(&project(vec![e]));
    assert!(
        has(
            &fs,
            "risk.verification",
            Severity::Error,
            "risk.entries[0].controls[0].verification_implementation"
        ),
        "{fs:#?}"
    );
    assert!(
        has(
            &fs,
            "risk.verification",
            Severity::Warning,
            "risk.entries[0].controls[0].verification_effectiveness.evidence"
        ),
        "{fs:#?}"
    );
}

#[test]
fn residual_not_acceptable_without_benefit_risk() {
    let mut e = complete("H1");
    e.residual_probability = "Frequent".into();
    let fs = risk_findings(&project(vec![e.clone()]));
    assert!(
        has(
            &fs,
            "risk.residual",
            Severity::Error,
            "risk.entries[0].benefit_risk"
        ),
        "{fs:#?}"
    );
    e.benefit_risk = "Clinical benefit of early AF detection outweighs ...".into();
    let fs = risk_findings(&project(vec![e]));
    assert!(
        !fs.iter().any(|f| f.path == "risk.entries[0].benefit_risk"),
        "{fs:#?}"
    );
}

#[test]
fn dangling_links() {
    let mut e = complete("H1");
    e.links.software_items = vec!["ecg-analyzer".into(), "no-such-item".into()];
    e.links.components = vec!["pkg:cargo/no-such-crate-xyz@0.0.0".into()];
    e.links.vulnerabilities = vec!["CVE-0000-00000".into()];
    e.links.ai_systems = vec!["No such AI system 1f3c".into()];
    e.controls[0].new_risks = vec!["H404".into()];
    let fs = risk_findings(&project(vec![e]));
    for p in [
        "risk.entries[0].links.software_items[1]",
        "risk.entries[0].links.components[0]",
        "risk.entries[0].links.vulnerabilities[0]",
        "risk.entries[0].links.ai_systems[0]",
        "risk.entries[0].controls[0].new_risks[0]",
    ] {
        assert!(
            has(&fs, "risk.link-unresolved", Severity::Error, p),
            "{p}: {fs:#?}"
        );
    }
    assert!(
        !fs.iter()
            .any(|f| f.path == "risk.entries[0].links.software_items[0]"),
        "a real item resolves"
    );
}

#[test]
fn duplicate_ids() {
    let mut a = complete("H1");
    a.controls.push(verified("RC-1"));
    let fs = risk_findings(&project(vec![a, complete("H1")]));
    assert!(
        has(&fs, "risk.entry-id", Severity::Error, "risk.entries[1].id"),
        "{fs:#?}"
    );
    assert!(
        has(
            &fs,
            "risk.entry-id",
            Severity::Error,
            "risk.entries[0].controls[1].id"
        ),
        "{fs:#?}"
    );
}

#[test]
fn scale_values_the_plan_does_not_define() {
    let mut e = complete("H1");
    e.severity = "Deadly".into();
    e.residual_probability = "Sometimes".into();
    let fs = risk_findings(&project(vec![e]));
    let f = fs
        .iter()
        .find(|f| f.path == "risk.entries[0].severity" && f.rule == "risk.scale")
        .expect("severity finding");
    assert!(
        f.message.contains("Deadly") && f.message.contains("Catastrophic"),
        "{}",
        f.message
    );
    assert!(
        has(
            &fs,
            "risk.scale",
            Severity::Error,
            "risk.entries[0].residual_probability"
        ),
        "{fs:#?}"
    );
}

#[test]
fn a_broken_plan_is_reported() {
    let mut tf = project(vec![complete("H1")]);
    tf.risk.plan.matrix.pop();
    tf.risk
        .plan
        .probability
        .push(tf.risk.plan.probability[0].clone());
    let fs = risk_findings(&tf);
    assert!(
        has(&fs, "risk.plan", Severity::Error, "risk.plan.matrix"),
        "{fs:#?}"
    );
    assert!(
        has(&fs, "risk.plan", Severity::Error, "risk.plan.matrix[0]"),
        "{fs:#?}"
    );
    assert!(
        has(
            &fs,
            "risk.plan",
            Severity::Error,
            "risk.plan.probability[5].name"
        ),
        "{fs:#?}"
    );
}

#[test]
fn entries_linking_ai_system_counts_links() {
    let mut a = complete("H1");
    a.links.ai_systems = vec!["Rhythm classifier".into()];
    let tf = project(vec![a, complete("H2")]);
    assert_eq!(
        Links::new(&tf).risks_linking_ai_system("Rhythm classifier"),
        1
    );
    assert_eq!(Links::new(&tf).risks_linking_ai_system("Other"), 0);
    assert!(Links::new(&tf).has_risk_entries());
    assert!(!Links::new(&TechFile::empty()).has_risk_entries());
}
