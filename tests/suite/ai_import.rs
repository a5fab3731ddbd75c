//! Model-card import from the project's own fixtures (Hugging Face, CycloneDX
//! XML) and through the CLI, including located errors for bad input.

use crate::common;
use common::warned;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use techfile::ai::model::DatasetPurpose;
use techfile::ai::{import_model_card, import_model_card_bytes, AiError};
use techfile::model::TechFile;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ai")
        .join(name)
}

#[test]
fn hugging_face_card_front_matter_and_prose() {
    let mut tf = TechFile::empty();
    let report = import_model_card(&mut tf, &fixture("hf-ecg-classifier.md")).expect("imports");
    assert_eq!(report.imported, 1);
    let s = &tf.ai.systems[0];
    assert_eq!(s.name, "ecg-afib-cnn");
    assert_eq!(s.model_type, "task: time-series-classification");
    assert_eq!(
        s.third_party_components[0].name,
        "example-org/ecg-foundation-1d"
    );
    let rows: Vec<(&str, Option<f64>, &str)> = s
        .performance
        .iter()
        .map(|r| (r.metric.as_str(), r.value, r.dataset.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("sensitivity", Some(0.962), "ECG hold-out 2024"),
            ("specificity", Some(0.981), "ECG hold-out 2024")
        ]
    );
    let holdout = s
        .datasets
        .iter()
        .find(|d| d.name == "ECG hold-out 2024")
        .expect("dataset");
    assert_eq!(holdout.purpose, Some(DatasetPurpose::Test));
    assert!(s.description.intended_purpose.contains("Triage support"));
    assert!(s.monitoring.foreseeable_misuse.contains("paediatric"));
    assert!(s.monitoring.unintended_outcomes.contains("motion artefact"));
    assert!(s
        .development
        .data_requirements
        .contains("three European hospitals"));
    assert!(s
        .development
        .validation_and_testing
        .contains("fourth hospital"));
    assert!(warned(&report, &["\"Citation\""]), "{:?}", report.warnings);
    assert!(
        warned(&report, &["license", "tags"]),
        "{:?}",
        report.warnings
    );
}

#[test]
fn cyclonedx_xml_nested_model_component() {
    let mut tf = TechFile::empty();
    let report = import_model_card(&mut tf, &fixture("cyclonedx-ml-1.5.xml")).expect("imports");
    assert_eq!(report.imported, 1, "only the ML model, not the application");
    let s = &tf.ai.systems[0];
    assert_eq!(
        (
            s.name.as_str(),
            s.version.as_str(),
            s.provider.name.as_str()
        ),
        ("afib-detector", "3.1", "Example Cardio GmbH")
    );
    assert!(s.description.summary.contains("fibrillation & flutter"));
    assert_eq!(s.architecture, "convolutional neural network");
    assert_eq!(s.performance[0].subgroup, "sex: female");
    let ci = s.performance[0].ci.expect("ci");
    assert_eq!((ci.lower, ci.upper), (0.941, 0.977));
    assert_eq!(
        s.datasets
            .iter()
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>(),
        ["ECG hold-out 2024", "training-data"]
    );
    assert!(s
        .description
        .context_of_use
        .contains("Cardiac physiologists"));
    assert!(s.monitoring.unintended_outcomes.contains("Automation bias"));
    assert!(warned(&report, &["internal:id"]), "{:?}", report.warnings);
}

#[test]
fn reimport_fills_only_empty_fields() {
    let mut tf = TechFile::empty();
    import_model_card(&mut tf, &fixture("hf-ecg-classifier.md")).expect("first");
    tf.ai.systems[0].description.intended_purpose = "Written by the team".into();
    let report = import_model_card(&mut tf, &fixture("hf-ecg-classifier.md")).expect("second");
    assert_eq!(tf.ai.systems.len(), 1);
    assert_eq!(
        tf.ai.systems[0].description.intended_purpose,
        "Written by the team"
    );
    assert_eq!(
        tf.ai.systems[0].performance.len(),
        2,
        "rows are not duplicated"
    );
    assert!(report
        .warnings
        .iter()
        .any(|w| w.message.contains("existed")));
}

#[test]
fn bad_inputs_give_located_errors() {
    let mut tf = TechFile::empty();
    let err = import_model_card_bytes(&mut tf, Path::new("card.xml"), b"<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"/>").expect_err("doctype");
    assert_eq!(err.code(), "ai.parse");
    assert!(err.to_string().starts_with("card.xml:2:"), "{err}");
    assert!(err.to_string().contains("DOCTYPE"), "{err}");

    let err = import_model_card_bytes(
        &mut tf,
        Path::new("README.md"),
        b"---\nlicense: mit\nmodel-index:\n  - name: x\n    results: [\n---\nbody",
    )
    .expect_err("yaml");
    let AiError::Parse { place, .. } = &err else {
        panic!("{err}")
    };
    assert!(place.line >= 4, "{err}");

    let bad_metric = b"---\nmodel-index:\n  - name: m\n    results:\n      - task: {type: x}\n        dataset: {name: d}\n        metrics:\n          - type: acc\n            value: high\n---\n";
    let err =
        import_model_card_bytes(&mut tf, Path::new("README.md"), bad_metric).expect_err("metric");
    assert!(
        err.to_string()
            .contains("model-index[0].results[0].metrics[0].value"),
        "{err}"
    );

    let err = import_model_card_bytes(
        &mut tf,
        Path::new("bom.json"),
        br#"{"bomFormat": "CycloneDX", "specVersion": "1.4", "components": []}"#,
    )
    .expect_err("old");
    assert!(
        err.to_string().contains("1.5 or later") && err.to_string().contains("specVersion"),
        "{err}"
    );

    let err = import_model_card_bytes(&mut tf, Path::new("bom.json"), br#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": "x"}]}"#).expect_err("none");
    assert_eq!(err.code(), "ai.no_model");

    let err = import_model_card_bytes(&mut tf, Path::new("x.bin"), b"\x00\x01binary")
        .expect_err("unknown");
    assert_eq!(err.code(), "ai.unknown_format");
    assert!(tf.ai.systems.is_empty(), "nothing is half-imported");
}

#[test]
fn cli_import_model_card_json_output() {
    let dir = tempfile::tempdir().expect("dir");
    let project = dir.path().join("p.techfile.json");
    Command::cargo_bin("techfile")
        .expect("bin")
        .args(["new"])
        .arg(&project)
        .assert()
        .success();
    let card = fixture("cyclonedx-ml-1.5.xml");
    let args = [
        OsStr::new("import"),
        "model-card".as_ref(),
        project.as_os_str(),
        card.as_os_str(),
        "--json".as_ref(),
    ];
    // Imported; the new project has errors of its own (no device data): exit 1.
    let v = common::run_cli(args).expect_code(1).json();
    assert_eq!(v["kind"], "model-card");
    assert_eq!(v["imported"], 1);
    assert_eq!(v["added"], serde_json::json!(["afib-detector"]));
    assert!(v["warnings"].as_array().is_some_and(|w| !w.is_empty()));
    let tf = techfile::store::load(&project).expect("saved project loads");
    assert_eq!(tf.ai.systems[0].name, "afib-detector");

    let bad = dir.path().join("bad.xml");
    std::fs::write(
        &bad,
        "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">\n<components>\n",
    )
    .expect("write");
    let run = common::run_cli([
        OsStr::new("import"),
        "model-card".as_ref(),
        project.as_os_str(),
        bad.as_os_str(),
    ]);
    run.expect_code(2);
    assert!(run.stderr.contains("bad.xml:"), "{}", run.stderr);
}

/// Truncated, bit-flipped and deeply nested inputs never panic: each gives an
/// import or an error with a code.
#[test]
fn garbage_never_panics() {
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for name in [
        "hf-ecg-classifier.md",
        "cyclonedx-ml-1.5.xml",
        "example/ecg-ai-system.json",
    ] {
        let bytes = std::fs::read(fixture(name)).expect("fixture");
        for cut in [1, 7, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
            inputs.push((name.to_string(), bytes[..cut].to_vec()));
        }
        for step in [13usize, 101, 997] {
            let mut flipped = bytes.clone();
            for i in (0..flipped.len()).step_by(step) {
                flipped[i] ^= 0x5a;
            }
            inputs.push((name.to_string(), flipped));
        }
    }
    let deep = format!(
        "{{\"bomFormat\": \"CycloneDX\", \"x\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    inputs.push(("deep.json".into(), deep.into_bytes()));
    let deep_xml = format!(
        "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">{}{}</bom>",
        "<a>".repeat(10_000),
        "</a>".repeat(10_000)
    );
    inputs.push(("deep.xml".into(), deep_xml.into_bytes()));
    inputs.push(("yaml.md".into(), b"---\n- just\n- a list\n---\n".to_vec()));
    inputs.push(("yaml.md".into(), b"---\nmodel-index: 3\n---\n".to_vec()));
    for (name, bytes) in inputs {
        let mut tf = TechFile::empty();
        match import_model_card_bytes(&mut tf, Path::new(&name), &bytes) {
            Ok(r) => assert_eq!(r.imported, tf.ai.systems.len()),
            Err(e) => assert!(e.code().starts_with("ai."), "{e}"),
        }
    }
}
