//! SBOM findings that match the real contracts (issue 16, point 7): the
//! children of CycloneDX `metadata.component` are the subject's parts, not
//! the inventory; licence ids and expressions are checked against the SPDX
//! License List in every serialization; the BSI TR-03183-2 v2.1 profile.

use std::path::{Path, PathBuf};

use techfile::sbom::import;

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    if dir.join("sbom/MANIFEST.tsv").is_file() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "corpus not found at {} (required when CI is set)",
            dir.display()
        );
    }
    eprintln!("skipping: corpus not found at {}", dir.display());
    None
}

/// Every SBOM file under the corpus's `sbom/valid` and `sbom/invalid`.
fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(d).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.file_name().is_some_and(|n| n != "MANIFEST.tsv") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&dir.join("sbom"), &mut out);
    out.sort();
    out
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

const NESTED_SUBJECT: &str = r#"{
  "bomFormat": "CycloneDX", "specVersion": "1.6",
  "metadata": {
    "component": {
      "type": "application", "name": "monitor", "version": "2.0", "bom-ref": "app",
      "components": [
        {"type": "library", "name": "monitor-core", "bom-ref": "app-core"},
        {"type": "library", "name": "monitor-ui", "bom-ref": "app-ui",
         "components": [{"type": "library", "name": "monitor-ui-icons", "bom-ref": "app-ui-icons"}]}
      ]
    }
  },
  "components": [
    {"type": "library", "name": "zlib", "version": "1.3", "purl": "pkg:generic/zlib@1.3", "bom-ref": "zlib"}
  ],
  "dependencies": [
    {"ref": "app", "dependsOn": ["app-core", "zlib"]},
    {"ref": "app-core", "dependsOn": ["zlib"]},
    {"ref": "app-ui", "dependsOn": ["app-ui-icons"]},
    {"ref": "zlib", "dependsOn": []}
  ]
}"#;

#[test]
fn children_of_metadata_component_are_not_inventory() {
    let dir = tempfile::tempdir().expect("dir");
    let p = write(dir.path(), "nested.cdx.json", NESTED_SUBJECT);
    let parsed = import::read_file(&p).expect("imports");
    let names: Vec<&str> = parsed.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["zlib"], "only the inventory is counted");
    assert_eq!(parsed.document.component_count, 1);
    assert_eq!(parsed.document.subject, "monitor 2.0");
    // The subject's own structure neither dangles nor warns.
    assert!(
        parsed.warnings.is_empty(),
        "no warning for the subject's parts or their dependencies: {:?}",
        parsed.warnings
    );
    let root = parsed.root.expect("root");
    assert_eq!(root.depends_on, ["pkg:generic/zlib@1.3"]);
    // Imported into a project, the parts trigger no inventory finding.
    let mut tf = techfile::model::TechFile::empty();
    techfile::sbom::import_sbom_files(&mut tf, &[p.as_path()], None).expect("import");
    assert_eq!(tf.sbom.components.len(), 1);
    let findings = techfile::check::check(&tf);
    assert!(
        !findings.iter().any(|f| f.message.contains("monitor-")),
        "a subject part reached the inventory findings: {findings:?}"
    );
}

#[test]
fn corpus_subject_parts_stay_out_of_the_inventory() {
    let Some(dir) = corpus() else { return };
    let mut seen = 0;
    for p in corpus_files(&dir) {
        let Ok(parsed) = import::read_file(&p) else {
            continue;
        };
        if !parsed.document.format.starts_with("cyclonedx") {
            continue;
        }
        // The subject's parts as the file lists them (JSON only: the XML
        // files of the corpus have none).
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let mut parts = Vec::new();
        let mut stack: Vec<&serde_json::Value> = v["metadata"]["component"]["components"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        while let Some(c) = stack.pop() {
            if let Some(r) = c["bom-ref"].as_str() {
                parts.push(r.to_string());
            }
            stack.extend(c["components"].as_array().into_iter().flatten());
        }
        seen += parts.len();
        for r in &parts {
            assert!(
                !parsed.components.iter().any(|c| &c.source_ref == r),
                "{}: subject part `{r}` counted as inventory",
                p.display()
            );
        }
    }
    eprintln!("subject parts in the corpus: {seen}");
}

fn licence_warnings(parsed: &import::Parsed) -> Vec<&techfile::sbom::ImportWarning> {
    parsed
        .warnings
        .iter()
        .filter(|w| w.rule.contains("license-id") || w.rule.contains("license-expression"))
        .collect()
}

/// Asserts one licence warning under `rule` naming the component, the
/// field and what was expected, located at `location_end`.
fn assert_licence_warning(parsed: &import::Parsed, rule: &str, needles: &[&str], location_end: &str) {
    let hits: Vec<_> = licence_warnings(parsed)
        .into_iter()
        .filter(|w| w.rule == rule && needles.iter().all(|n| w.message.contains(n)))
        .collect();
    assert!(
        hits.iter().any(|w| w.location.ends_with(location_end)
            && w.message.contains("expected")),
        "no {rule} warning with {needles:?} at {location_end}: {:?}",
        parsed.warnings
    );
}

#[test]
fn licences_are_checked_in_every_serialization() {
    let dir = tempfile::tempdir().expect("dir");
    let cdx = write(
        dir.path(),
        "l.cdx.json",
        r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
          {"type":"library","name":"good","licenses":[{"license":{"id":"MIT"}},{"license":{"id":"LicenseRef-acme"}}]},
          {"type":"library","name":"badid","licenses":[{"license":{"id":"MIT-ish"}}]},
          {"type":"library","name":"badexpr","licenses":[{"expression":"MIT OR"}]},
          {"type":"library","name":"unknownexpr","licenses":[{"expression":"Apache-2.0 AND Frobnicate-1.0"}]},
          {"type":"library","name":"goodexpr","licenses":[{"expression":"(MIT OR Apache-2.0) AND LicenseRef-x"}]}
        ]}"#,
    );
    let p = import::read_file(&cdx).expect("cdx");
    assert_eq!(licence_warnings(&p).len(), 3, "{:?}", p.warnings);
    assert_licence_warning(&p, "cdx.license-id", &["`badid`", "licenses[0].license.id", "MIT-ish"], "#/components/1/licenses/0/license/id");
    assert_licence_warning(&p, "cdx.license-expression", &["`badexpr`", "licenses[0].expression"], "#/components/2/licenses/0/expression");
    assert_licence_warning(&p, "cdx.license-expression", &["`unknownexpr`", "Frobnicate-1.0"], "#/components/3/licenses/0/expression");

    let cdx_xml = write(
        dir.path(),
        "l.cdx.xml",
        r#"<?xml version="1.0"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
  <components>
    <component type="library"><name>x</name><licenses><expression>MIT AND Nope-1</expression></licenses></component>
  </components>
</bom>"#,
    );
    let p = import::read_file(&cdx_xml).expect("cdx xml");
    assert_licence_warning(&p, "cdx.license-expression", &["`x`", "Nope-1"], "l.cdx.xml:4:55");

    let spdx = write(
        dir.path(),
        "l.spdx.json",
        r#"{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"d","documentNamespace":"https://x/d",
           "creationInfo":{"created":"2024-01-01T00:00:00Z","creators":["Tool: t"]},
           "packages":[
             {"SPDXID":"SPDXRef-a","name":"a","downloadLocation":"NONE","licenseConcluded":"NOASSERTION","licenseDeclared":"GPL-2.0-only WITH Classpath-exception-2.0"},
             {"SPDXID":"SPDXRef-b","name":"b","downloadLocation":"NONE","licenseConcluded":"BSD-3","licenseDeclared":"NOASSERTION"}
           ]}"#,
    );
    let p = import::read_file(&spdx).expect("spdx");
    assert_eq!(licence_warnings(&p).len(), 1, "{:?}", p.warnings);
    assert_licence_warning(&p, "spdx.license-expression", &["`b`", "licenseConcluded", "BSD-3"], "#/packages/1/licenseConcluded");

    let tv = write(
        dir.path(),
        "l.spdx",
        "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: d\n\
         DocumentNamespace: https://x/d\nCreator: Tool: t\nCreated: 2024-01-01T00:00:00Z\n\n\
         PackageName: a\nSPDXID: SPDXRef-a\nPackageDownloadLocation: NONE\n\
         PackageLicenseConcluded: MIT\nPackageLicenseDeclared: Apache-2.0 OR (MIT\n",
    );
    let p = import::read_file(&tv).expect("tag-value");
    assert_eq!(licence_warnings(&p).len(), 1, "{:?}", p.warnings);
    assert_licence_warning(&p, "spdx.license-expression", &["`a`", "licenseDeclared"], "l.spdx:13:1");

    let spdx3 = write(
        dir.path(),
        "l.spdx3.json",
        r#"{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[
          {"type":"CreationInfo","@id":"_:ci","specVersion":"3.0.1","created":"2024-01-01T00:00:00Z","createdBy":["urn:p"]},
          {"type":"Person","spdxId":"urn:p","name":"P","creationInfo":"_:ci"},
          {"type":"SpdxDocument","spdxId":"urn:doc","creationInfo":"_:ci","rootElement":["urn:a"]},
          {"type":"software_Package","spdxId":"urn:a","name":"a","creationInfo":"_:ci"},
          {"type":"software_Package","spdxId":"urn:b","name":"b","creationInfo":"_:ci"},
          {"type":"simplelicensing_LicenseExpression","spdxId":"urn:l1","simplelicensing_licenseExpression":"MIT AND Bogus-2","creationInfo":"_:ci"},
          {"type":"simplelicensing_LicenseExpression","spdxId":"urn:l2","simplelicensing_licenseExpression":"Apache-2.0","creationInfo":"_:ci"},
          {"type":"Relationship","spdxId":"urn:r1","from":"urn:a","to":["urn:l1"],"relationshipType":"hasConcludedLicense","creationInfo":"_:ci"},
          {"type":"Relationship","spdxId":"urn:r2","from":"urn:b","to":["urn:l2"],"relationshipType":"hasDeclaredLicense","creationInfo":"_:ci"}
        ]}"#,
    );
    let p = import::read_file(&spdx3).expect("spdx3");
    assert_eq!(licence_warnings(&p).len(), 1, "{:?}", p.warnings);
    assert_licence_warning(&p, "spdx3.license-expression", &["`a`", "hasConcludedLicense", "Bogus-2"], "#/@graph/7");
}

#[test]
fn corpus_licences_are_checked() {
    let Some(dir) = corpus() else { return };
    let mut report = Vec::new();
    for p in corpus_files(&dir) {
        let Ok(parsed) = import::read_file(&p) else {
            continue;
        };
        let rel = p.strip_prefix(&dir).unwrap_or(&p).display().to_string();
        for w in licence_warnings(&parsed) {
            report.push(format!("{rel}: {} {}", w.rule, w.message));
        }
    }
    eprintln!("{}", report.join("\n"));
    // The CycloneDX specification's own invalid licence-id example is caught.
    assert!(
        report
            .iter()
            .any(|l| l.contains("invalid-license-id-1.6.json") && l.contains("cdx.license-id")),
        "{report:#?}"
    );
    // Valid files hold SPDX ids, LicenseRefs and expressions of them only.
    let valid: Vec<_> = report.iter().filter(|l| l.contains("/valid/")).collect();
    assert!(valid.is_empty(), "licence warnings on valid corpus files: {valid:#?}");
}
