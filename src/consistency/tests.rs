//! Each consistency rule with a project that breaks it and one that does not.

use super::rules;
use crate::diag::Rule;
use crate::model::ai::{AiSystem, Dataset, DatasetPurpose, DatasetSource, DemographicGroup};
use crate::model::risk::{RiskControl, RiskEntry, RiskLinks};
use crate::model::sbom::{Assessment, Component, Hash, Vulnerability};
use crate::model::{Chapter, RiskClass, SafetyClass, SoftwareItem, TechFile};

/// The findings of `rule` on `tf`, as (path, message).
fn of(tf: &TechFile, rule: &Rule) -> Vec<(String, String)> {
    crate::check::check(tf)
        .into_iter()
        .filter(|f| f.rule == rule.id)
        .map(|f| (f.path, f.message))
        .collect()
}

fn device() -> TechFile {
    let mut tf = TechFile::empty();
    tf.device.trade_name = "CardioSense AI".into();
    tf.device.risk_class = Some(RiskClass::IIa);
    tf.device.version = "3.2.1".into();
    tf.document.date = "2026-10-15".into();
    tf
}

fn chapter(body: &str) -> Chapter {
    Chapter {
        id: "c".into(),
        title: "C".into(),
        clauses: vec![],
        body: body.into(),
    }
}

#[test]
fn text_naming_another_risk_class_of_the_device() {
    let mut tf = device();
    tf.chapters = vec![chapter(
        "CardioSense AI is a class IIb device under Rule 11.",
    )];
    let got = of(&tf, &rules::TEXT_CLASS);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "chapters[0].body");
    assert!(got[0].1.contains("class IIb") && got[0].1.contains("IIa"));
    // The right class, a hypothetical and a sentence not about the device pass.
    tf.chapters = vec![chapter(
        "CardioSense AI is a class IIa device. It would be class IIb if it drove therapy. Class III devices need a clinical investigation.",
    )];
    assert_eq!(of(&tf, &rules::TEXT_CLASS), []);
}

#[test]
fn text_naming_the_device_otherwise_than_its_trade_name() {
    let mut tf = device();
    tf.device.manufacturer.name = "CardioSense Medical GmbH".into();
    tf.chapters = vec![chapter("CardioSense Pro analyses the ECG.")];
    let got = of(&tf, &rules::TEXT_NAME);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].1.contains("`CardioSense Pro`"), "{}", got[0].1);
    tf.chapters = vec![chapter(
        "CardioSense AI Analysis Service is made by CardioSense Medical GmbH; CardioSense analyses.",
    )];
    assert_eq!(of(&tf, &rules::TEXT_NAME), []);
}

#[test]
fn text_naming_another_version_of_the_device() {
    let mut tf = device();
    tf.chapters = vec![chapter("CardioSense AI 3.2 is validated.")];
    let got = of(&tf, &rules::TEXT_VERSION);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].1.contains("3.2.1"));
    tf.chapters = vec![chapter(
        "CardioSense AI 3.2.1 is validated (release v3.2.1).",
    )];
    assert_eq!(of(&tf, &rules::TEXT_VERSION), []);
    // The device's history may name earlier versions.
    tf.chapters = vec![];
    tf.device.previous_generations = "CardioSense AI 2.4 had no AF flutter class.".into();
    assert_eq!(of(&tf, &rules::TEXT_VERSION), []);
}

fn risky(severity: &str, item: &str) -> RiskEntry {
    RiskEntry {
        id: "HAZ-01".into(),
        hazard: "h".into(),
        hazardous_situation: "s".into(),
        harm: "Delayed diagnosis".into(),
        severity: severity.into(),
        probability: "Remote".into(),
        links: RiskLinks {
            software_items: vec![item.into()],
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn safety_class_below_what_the_hazards_call_for() {
    let mut tf = device();
    tf.software_items = vec![SoftwareItem {
        name: "svc".into(),
        version: "1".into(),
        safety_class: Some(SafetyClass::B),
        ..Default::default()
    }];
    tf.risk.entries = vec![risky("Critical", "svc")];
    let got = of(&tf, &rules::SAFETY_CLASS);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "software_items[0].safety_class");
    assert!(got[0].1.contains("class C"), "{}", got[0].1);
    // Class C passes; so does B with an external-risk-control rationale.
    tf.software_items[0].safety_class = Some(SafetyClass::C);
    assert_eq!(of(&tf, &rules::SAFETY_CLASS), []);
    tf.software_items[0].safety_class = Some(SafetyClass::B);
    tf.software_items[0].safety_class_rationale =
        "A hardware watchdog outside the software limits the harm.".into();
    assert_eq!(of(&tf, &rules::SAFETY_CLASS), []);
    // The plan's own mapping overrides the default: Critical -> B here.
    tf.software_items[0].safety_class_rationale.clear();
    let critical =
        crate::risk::compute::level_index(&tf.risk.plan.severity, "Critical").expect("level");
    tf.risk.plan.severity[critical].safety_class = Some(SafetyClass::B);
    assert_eq!(of(&tf, &rules::SAFETY_CLASS), []);
}

#[test]
fn one_harm_rated_with_two_severities() {
    let mut tf = device();
    let mut b = risky("Minor", "svc");
    b.id = "HAZ-02".into();
    b.harm = "delayed  diagnosis.".into();
    tf.risk.entries = vec![risky("Critical", "svc"), b];
    let got = of(&tf, &rules::HARM_SEVERITY);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "risk.entries[1].severity");
    assert!(got[0].1.contains("HAZ-01"));
    tf.risk.entries[1].severity = "Critical".into();
    assert_eq!(of(&tf, &rules::HARM_SEVERITY), []);
}

fn vulnerable(status: &str) -> TechFile {
    let mut tf = device();
    let mut e = risky("Minor", "svc");
    e.probability = "Improbable".into();
    e.links.vulnerabilities = vec!["CVE-2024-47874".into()];
    tf.risk.entries = vec![e];
    tf.sbom.vulnerabilities = vec![Vulnerability {
        id: "CVE-2024-47874".into(),
        affects: vec![Assessment {
            component: "pkg:pypi/starlette@0.38.0".into(),
            status: status.into(),
            ..Default::default()
        }],
        ..Default::default()
    }];
    tf
}

#[test]
fn acceptable_risk_with_an_open_vulnerability_or_a_later_control() {
    let tf = vulnerable("affected");
    assert_eq!(
        crate::risk::compute::residual(&tf.risk.plan, &tf.risk.entries[0]).acceptability,
        Some(crate::model::risk::Acceptability::Acceptable),
        "the fixture must rate the risk acceptable"
    );
    let got = of(&tf, &rules::OPEN_VULNERABILITY);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "risk.entries[0].links.vulnerabilities[0]");
    assert_eq!(
        of(
            &vulnerable("under_investigation"),
            &rules::OPEN_VULNERABILITY
        )
        .len(),
        1
    );
    assert_eq!(
        of(&vulnerable("not_affected"), &rules::OPEN_VULNERABILITY),
        []
    );
    assert_eq!(of(&vulnerable("fixed"), &rules::OPEN_VULNERABILITY), []);

    let mut tf = vulnerable("fixed");
    tf.risk.entries[0].controls = vec![RiskControl {
        id: "RC-07".into(),
        release: "3.2.2".into(),
        ..Default::default()
    }];
    let got = of(&tf, &rules::LATER_CONTROL);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "risk.entries[0].controls[0].release");
    tf.risk.entries[0].controls[0].release = "3.2.1".into();
    assert_eq!(of(&tf, &rules::LATER_CONTROL), []);
    tf.risk.entries[0].controls[0].release = "3.1.0".into();
    assert_eq!(of(&tf, &rules::LATER_CONTROL), []);
}

#[test]
fn no_known_vulnerabilities_claim_against_the_vex_data() {
    let mut tf = vulnerable("affected");
    tf.chapters = vec![chapter(
        "The release ships without known exploitable vulnerabilities.",
    )];
    let got = of(&tf, &rules::VULNERABILITY_CLAIM);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].1.contains("CVE-2024-47874"));
    let mut fixed = vulnerable("not_affected");
    fixed.chapters = tf.chapters.clone();
    assert_eq!(of(&fixed, &rules::VULNERABILITY_CLAIM), []);
}

#[test]
fn approvals_and_dates_after_the_document_date() {
    let mut tf = device();
    tf.document.approvals = vec![crate::model::Approval {
        name: "A".into(),
        role: "r".into(),
        date: "2026-10-16".into(),
        meaning: "m".into(),
        ..Default::default()
    }];
    tf.document.revisions = vec![crate::model::Revision {
        version: "1".into(),
        date: "2026-11-01".into(),
        ..Default::default()
    }];
    tf.documents = vec![crate::model::Document {
        document_id: "STR-CSA-008".into(),
        date: "2027-01-01".into(),
        ..Default::default()
    }];
    assert_eq!(
        of(&tf, &rules::APPROVAL_DATE),
        [(
            "document.approvals[0].date".to_string(),
            "the approval by A is dated 2026-10-16, after the document's date 2026-10-15"
                .to_string()
        )]
    );
    let future: Vec<String> = of(&tf, &rules::FUTURE_DATE)
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(future, ["document.revisions[0].date", "documents[0].date"]);
    tf.document.approvals[0].date = "2026-10-15".into();
    tf.document.revisions[0].date = "2026-10-01".into();
    tf.documents[0].date = "2026-09-01".into();
    assert_eq!(of(&tf, &rules::APPROVAL_DATE), []);
    assert_eq!(of(&tf, &rules::FUTURE_DATE), []);
}

fn ai(train: &[(&str, u64)], test: &[(&str, u64)], records: u64) -> TechFile {
    let mut tf = device();
    let ds = |name: &str, p, src: &[(&str, u64)], n| Dataset {
        name: name.into(),
        purpose: Some(p),
        records: Some(n),
        sources: src
            .iter()
            .map(|(s, r)| DatasetSource {
                name: (*s).into(),
                records: Some(*r),
            })
            .collect(),
        ..Default::default()
    };
    tf.ai.systems = vec![AiSystem {
        name: "clf".into(),
        datasets: vec![
            ds("train", DatasetPurpose::Training, train, records),
            ds("test", DatasetPurpose::Test, test, 10),
        ],
        ..Default::default()
    }];
    tf
}

#[test]
fn dataset_composition_adds_up() {
    let tf = ai(&[("Site A", 60), ("Site B", 30)], &[("Site C", 10)], 100);
    let got = of(&tf, &rules::DATASET_SUM);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "ai.systems[0].datasets[0].sources");
    assert!(got[0].1.contains("90") && got[0].1.contains("100"));
    let mut tf = ai(&[("Site A", 70), ("Site B", 30)], &[("Site C", 10)], 100);
    assert_eq!(of(&tf, &rules::DATASET_SUM), []);
    let g = |a: &str, s: &str| DemographicGroup {
        attribute: a.into(),
        group: "g".into(),
        share: s.into(),
    };
    tf.ai.systems[0].datasets[0].demographics = vec![
        g("sex", "48 %"),
        g("sex", "42 %"),
        g("age", "10 recordings"),
    ];
    let got = of(&tf, &rules::DATASET_SUM);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].1.contains("`sex`") && got[0].1.contains("90 %"));
    tf.ai.systems[0].datasets[0].demographics = vec![g("sex", "22 (48 %)"), g("sex", "52 %")];
    assert_eq!(of(&tf, &rules::DATASET_SUM), []);
}

#[test]
fn test_set_overlapping_training() {
    let tf = ai(&[("Site A", 70), ("Site B", 30)], &[("site  b", 10)], 100);
    let got = of(&tf, &rules::TEST_OVERLAP);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "ai.systems[0].datasets[1].sources[0].name");
    let tf = ai(&[("Site A", 70), ("Site B", 30)], &[("Site C", 10)], 100);
    assert_eq!(of(&tf, &rules::TEST_OVERLAP), []);
}

#[test]
fn one_model_identity_across_the_ai_part_and_the_sbom() {
    let mut tf = ai(&[], &[], 0);
    let hash = "ab".repeat(32);
    tf.ai.systems[0].version = "3.2.0".into();
    tf.ai.systems[0].model_component = "pkg:generic/net@3.2.0".into();
    tf.ai.systems[0].model_sha256 = hash.clone();
    assert_eq!(
        of(&tf, &rules::MODEL_IDENTITY).len(),
        1,
        "no such component"
    );
    tf.sbom.components = vec![Component {
        id: "net".into(),
        name: "net".into(),
        version: "3.1.0".into(),
        purl: "pkg:generic/net@3.2.0".into(),
        hashes: vec![Hash {
            alg: "SHA-256".into(),
            value: "cd".repeat(32),
        }],
        ..Default::default()
    }];
    let got: Vec<String> = of(&tf, &rules::MODEL_IDENTITY)
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(got, ["ai.systems[0].version", "ai.systems[0].model_sha256"]);
    tf.sbom.components[0].version = "3.2.0".into();
    tf.sbom.components[0].hashes[0].value = hash;
    assert_eq!(of(&tf, &rules::MODEL_IDENTITY), []);
}

#[test]
fn references_in_prose_resolve_or_are_findings() {
    let mut tf = device();
    tf.documents = vec![crate::model::Document {
        document_id: "STR-CSA-008".into(),
        title: "Software test report".into(),
        version: "1.2".into(),
        ..Default::default()
    }];
    tf.chapters = vec![chapter(
        "[[device.trade_name]] [[doc:STR-CSA-008]] [[doc:NOPE-CSA-001]] [[risk:HAZ-09]] [[metric:AF]] [[device.nope]] [[wiki:x]]",
    )];
    let got: Vec<String> = of(&tf, &rules::REFERENCE)
        .into_iter()
        .map(|f| f.1)
        .collect();
    assert_eq!(got.len(), 5, "{got:?}");
    assert!(got[0].contains("NOPE-CSA-001") && got[1].contains("HAZ-09") && got[2].contains("AF"));
    assert!(got[4].contains("is no reference"));
    tf.chapters = vec![chapter("[[device.trade_name]] [[doc:STR-CSA-008]]")];
    assert_eq!(of(&tf, &rules::REFERENCE), []);
    // Rendered: the values, and the document linked to the register.
    let md = crate::render::markdown(&tf, &Default::default()).expect("render");
    assert!(
        md.contains(
            "CardioSense AI [STR-CSA-008](#document-register) *Software test report*, version 1.2"
        ),
        "{md}"
    );
}

#[test]
fn document_cited_with_another_version_than_the_register() {
    let mut tf = device();
    tf.documents = vec![crate::model::Document {
        document_id: "STR-CSA-008".into(),
        version: "1.2".into(),
        ..Default::default()
    }];
    tf.chapters = vec![chapter(
        "See STR-CSA-008 v1.1 and STR-CSA-008 (version 1.2).",
    )];
    let got = of(&tf, &crate::core::rules::REG_VERSION);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].1.contains("1.1") && got[0].1.contains("1.2"));
    tf.chapters = vec![chapter(
        "See STR-CSA-008 v1.2, STR-CSA-008 and STR-CSA-008 validation.",
    )];
    assert_eq!(of(&tf, &crate::core::rules::REG_VERSION), []);
}
