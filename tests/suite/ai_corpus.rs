//! Every model card in ../shared/corpus/modelcards imports, and what maps is
//! filled in. Skips with a message when the corpus is missing, fails when CI
//! is set.

use crate::common;
use common::warned;
use std::path::{Path, PathBuf};

use techfile::ai::import_model_card;
use techfile::diag::ImportReport;
use techfile::model::TechFile;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/modelcards");

fn corpus() -> Option<PathBuf> {
    let p = PathBuf::from(CORPUS);
    if p.is_dir() {
        return Some(p);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "model-card corpus missing at {CORPUS} (CI is set)"
    );
    eprintln!("skipping: model-card corpus not found at {CORPUS}");
    None
}

fn import(path: &Path) -> (TechFile, ImportReport) {
    let mut tf = TechFile::empty();
    let report =
        import_model_card(&mut tf, path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (tf, report)
}

/// Every card file: the JSON ones (the READMEs and licence texts are read as
/// sidecars of the MONAI metadata).
fn cards(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            cards(&p, out);
        } else if p.extension().is_some_and(|e| e == "json" || e == "xml") {
            out.push(p);
        }
    }
}

#[test]
fn every_corpus_model_card_imports() {
    let Some(dir) = corpus() else { return };
    let mut files = Vec::new();
    cards(&dir, &mut files);
    assert!(files.len() >= 5, "{files:?}");
    let mut total = 0;
    for f in &files {
        let (tf, report) = import(f);
        assert!(report.imported >= 1, "{}", f.display());
        assert_eq!(tf.ai.systems.len(), report.imported);
        for s in &tf.ai.systems {
            assert!(!s.name.is_empty(), "{}", f.display());
        }
        assert!(
            !report.warnings.is_empty(),
            "{}: unmapped content is reported",
            f.display()
        );
        // The project still saves and loads after an import.
        let text = techfile::store::to_string(&tf).expect("serialises");
        techfile::store::from_str(&text, f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        total += report.imported;
    }
    eprintln!("{} model cards, {total} AI systems imported", files.len());
}

#[test]
fn cyclonedx_modelcard_maps_identity_metrics_and_considerations() {
    let Some(dir) = corpus() else { return };
    let (tf, report) = import(&dir.join("cyclonedx-modelcard/valid-machine-learning-1.6.json"));
    let s = &tf.ai.systems[0];
    assert_eq!(
        (
            s.name.as_str(),
            s.version.as_str(),
            s.provider.name.as_str()
        ),
        ("stable-diffusion", "1.4", "Acme Inc")
    );
    assert!(s.model_type.contains("supervised"), "{}", s.model_type);
    assert_eq!(s.architecture, "the architecture family goes here");
    assert_eq!(s.datasets[0].name, "Training Data");
    assert_eq!(s.datasets[0].url, "https://example.com/path/to/dataset");
    assert_eq!(s.performance.len(), 1);
    assert!(s
        .monitoring
        .capabilities_and_limitations
        .contains("Limited performance on non-photographic styles"));
    assert!(s
        .description
        .context_of_use
        .contains("Data scientists and ML researchers"));
    assert!(s
        .monitoring
        .unintended_outcomes
        .contains("Strategy used to address this risk"));
    assert!(warned(&report, &["graphics"]), "{:?}", report.warnings);
    assert!(
        warned(&report, &["modelcard:custom-property"]),
        "{:?}",
        report.warnings
    );
}

#[test]
fn monai_bundle_maps_metadata_readme_and_data_licence() {
    let Some(dir) = corpus() else { return };
    let (tf, report) = import(&dir.join("monai/spleen_ct_segmentation/configs/metadata.json"));
    let s = &tf.ai.systems[0];
    assert_eq!(
        (
            s.name.as_str(),
            s.version.as_str(),
            s.provider.name.as_str()
        ),
        ("Spleen CT segmentation", "0.5.9", "MONAI team")
    );
    assert_eq!(s.performance[0].metric, "mean_dice");
    assert_eq!(s.performance[0].value, Some(0.961));
    assert!(s
        .description
        .intended_purpose
        .contains("not to be used for diagnostic purposes"));
    assert_eq!(
        s.lifecycle_changes.first().map(|c| c.version.as_str()),
        Some("0.5.9")
    );
    assert!(s.description.software_versions.contains("MONAI 1.4.0"));
    assert!(
        s.datasets[0]
            .licence
            .contains("Medical Segmentation Decathlon"),
        "{}",
        s.datasets[0].licence
    );
    // From docs/README.md beside the metadata:
    assert!(
        s.development
            .data_requirements
            .contains("Memorial Sloan Kettering"),
        "{}",
        s.development.data_requirements
    );
    assert!(
        s.development.validation_and_testing.contains("Dice score"),
        "{}",
        s.development.validation_and_testing
    );
    assert!(s.monitoring.input_data_specification.contains("hounsfield"));
    assert!(
        warned(&report, &["MONAI Bundle Commands"]),
        "{:?}",
        report.warnings
    );

    let (tf, _) = import(&dir.join("monai/lung_nodule_ct_detection/configs/metadata.json"));
    assert_eq!(tf.ai.systems[0].performance.len(), 4);
    assert!(tf.ai.systems[0].datasets[0]
        .licence
        .contains("creativecommons.org/licenses/by/4.0"));
    let (tf, _) = import(&dir.join("monai/breast_density_classification/configs/metadata.json"));
    assert_eq!(tf.ai.systems[0].performance[0].value, Some(0.96));
}

#[test]
fn spdx3_ai_packages_become_systems_with_their_datasets() {
    let Some(dir) = corpus() else { return };
    let (tf, report) = import(&dir.join("spdx3-ai/simplehtr-example.json"));
    assert_eq!(report.imported, 2);
    let names: Vec<&str> = tf.ai.systems.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["word-model", "line-model"]);
    let s = &tf.ai.systems[0];
    assert!(s.model_type.contains("CNN"));
    assert!(s
        .development
        .design_specifications
        .contains("cnn_kernel_vals"));
    let ds: Vec<&str> = s.datasets.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(ds, ["IAMdataset (training)", "IAMdataset (test)"]);
    assert!(s.datasets[0].provenance.contains("Lancaster"));
}
