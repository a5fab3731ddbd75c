//! `techfile inspect sbom`, `import sbom`, `import vex` as a user runs them:
//! output shapes, exit codes (0 imported, 1 rejected, 2 could not run) and
//! bad input (malformed JSON/XML located, DOCTYPE refused, size limit,
//! deep nesting).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn example(name: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/ecg-arrhythmia/sbom"
    ))
    .join(name)
}

fn techfile() -> Command {
    Command::cargo_bin("techfile").expect("binary")
}

fn inspect(path: &Path) -> (i32, String, String) {
    let out = techfile()
        .args(["inspect", "sbom", "--json"])
        .arg(path)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn inspect_prints_the_json_summary() {
    for (file, format, version, n) in [
        ("ecg-analysis-service.cdx.json", "cyclonedx-json", "1.6", 34),
        ("ecg-viewer-app.spdx.json", "spdx-json", "SPDX-2.3", 22),
        ("report-signer.cdx.xml", "cyclonedx-xml", "1.5", 13),
    ] {
        let (code, out, err) = inspect(&example(file));
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v["format"], format);
        assert_eq!(v["spec_version"], version);
        assert_eq!(v["components"], n);
        assert_eq!(v["warnings"], serde_json::json!([]));
    }
}

#[test]
fn inspect_reports_warnings_with_rule_message_location() {
    let dir = tempfile::tempdir().expect("dir");
    let p = dir.path().join("w.cdx.json");
    std::fs::write(
        &p,
        r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"gadget","name":"x"}]}"#,
    )
    .expect("write");
    let (code, out, _) = inspect(&p);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("json");
    let w = &v["warnings"][0];
    assert_eq!(w["rule"], "cdx.component-type");
    assert!(w["message"].as_str().expect("message").contains("gadget"));
    assert!(w["location"]
        .as_str()
        .expect("loc")
        .ends_with("w.cdx.json#/components/0/type"));
}

#[test]
fn bad_input_is_rejected_with_a_location_and_exit_1() {
    let dir = tempfile::tempdir().expect("dir");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("broken.json", b"{\n  \"bomFormat\": \"CycloneDX\",\n  \"components\": [,]\n}".to_vec(), "broken.json:3:18"),
        ("broken.xml", b"<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\">\n  <components>\n</bom>".to_vec(), "broken.xml:3:"),
        (
            "xxe.xml",
            b"<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\">&x;</bom>".to_vec(),
            "xxe.xml:2:1: an XML DOCTYPE is refused",
        ),
        (
            "deep.json",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            "deep.json:1:129: JSON nested deeper than 128 levels",
        ),
        ("sbom.yaml", b"spdxVersion: SPDX-2.3\nname: x\n".to_vec(), "YAML is not supported; Techfile reads CycloneDX"),
        ("not-cdx.json", br#"{"bomFormat":"Other","specVersion":"1.4"}"#.to_vec(), "not-cdx.json#/bomFormat"),
    ];
    for (name, bytes, expect) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        let (code, out, err) = inspect(&p);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(out.is_empty(), "{name}: nothing on stdout");
        assert!(err.contains(expect), "{name}: expected `{expect}` in {err}");
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("dir");
    let p = dir.path().join("huge.json");
    let f = std::fs::File::create(&p).expect("create");
    // Sparse: no disk space is used.
    f.set_len(techfile::sbom::MAX_SBOM_BYTES + 1)
        .expect("set_len");
    let (code, _, err) = inspect(&p);
    assert_eq!(code, 1);
    assert!(
        err.contains("huge.json") && err.contains("256 MiB"),
        "{err}"
    );
}

#[test]
fn import_sbom_and_vex_print_the_import_shape() {
    let dir = tempfile::tempdir().expect("dir");
    let project = dir.path().join("p.techfile.json");
    techfile().args(["new"]).arg(&project).assert().success();
    let out = techfile()
        .args([
            "import",
            "sbom",
            "--json",
            "--item",
            "ecg-analysis-service",
            "--new-item",
        ])
        .arg(&project)
        .arg(example("ecg-analysis-service.cdx.json"))
        .output()
        .expect("run");
    // Imported into a new, still empty project: the import succeeds and the
    // project's own errors (no device data yet) give exit code 1.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["kind"], "sbom");
    assert_eq!(v["imported"], 34);
    assert_eq!(v["warnings"], serde_json::json!([]));
    assert_eq!(v["item"], "ecg-analysis-service");
    assert_eq!(v["created_item"], true);
    assert!(
        v["findings"]["errors"].as_u64().is_some_and(|n| n > 0),
        "{v}"
    );
    let out = techfile()
        .args(["import", "vex", "--json"])
        .arg(&project)
        .arg(example("cardiosense.openvex.json"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        (v["kind"].as_str(), v["imported"].as_u64()),
        (Some("vex"), Some(3))
    );
    // The project was saved with both.
    let tf = techfile::store::load(&project).expect("load");
    assert_eq!(tf.sbom.components.len(), 34);
    assert_eq!(tf.sbom.vulnerabilities.len(), 3);
    // A rejected SBOM leaves the project untouched and exits 2, with the
    // error as JSON under --json.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{").expect("write");
    let before = std::fs::read(&project).expect("read");
    techfile()
        .args(["import", "sbom"])
        .arg(&project)
        .arg(&bad)
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&project).expect("read"), before);
    let out = techfile()
        .args(["import", "sbom", "--json"])
        .arg(&project)
        .arg(&bad)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["error"]["code"], "sbom.syntax", "{v}");
    // A missing project cannot run: exit 2.
    techfile()
        .args(["import", "sbom"])
        .arg(dir.path().join("missing.json"))
        .arg(example("ecg-analysis-service.cdx.json"))
        .assert()
        .code(2);
    // The export writes the merged device SBOM.
    let cdx = dir.path().join("device.cdx.json");
    techfile()
        .arg("export")
        .arg(&project)
        .args(["--format", "cyclonedx", "-o"])
        .arg(&cdx)
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&std::fs::read(&cdx).expect("read")).expect("json");
    assert_eq!(v["specVersion"], "1.6");
}

#[test]
fn inspect_with_the_bsi_profile_adds_findings() {
    let dir = tempfile::tempdir().expect("dir");
    let p = dir.path().join("b.cdx.json");
    std::fs::write(
        &p,
        r#"{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"timestamp":"2025-01-01T00:00:00Z"},
            "components":[{"type":"library","name":"x","version":"1"}]}"#,
    )
    .expect("write");
    let out = techfile()
        .args(["inspect", "sbom", "--json", "--profile", "bsi-tr-03183-2"])
        .arg(&p)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let f = v["findings"].as_array().expect("findings");
    let has = |rule: &str, path: &str| {
        f.iter()
            .any(|x| x["rule"] == rule && x["path"] == path && x["message"].as_str().is_some())
    };
    assert!(
        has("sbom.bsi-creator", "document.creator_contacts"),
        "{f:#?}"
    );
    assert!(has("sbom.bsi-sbom-uri", "document.serial"), "{f:#?}");
    assert!(has("sbom.bsi-hash", "components[0].hashes"), "{f:#?}");
    assert!(
        has("sbom.bsi-file-name", "components[0].file_name"),
        "{f:#?}"
    );
    assert!(!has("sbom.bsi-timestamp", "document.timestamp"));
    // Without --profile: no findings key; text output lists them.
    let (_, plain, _) = inspect(&p);
    assert!(serde_json::from_str::<Value>(&plain)
        .expect("json")
        .get("findings")
        .is_none());
    let text = techfile()
        .args(["inspect", "sbom", "--profile", "bsi-tr-03183-2"])
        .arg(&p)
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("sbom.bsi-hash") && text.contains("x 1"),
        "{text}"
    );
    // An unknown profile is a usage error naming the known ones.
    let bad = techfile()
        .args(["inspect", "sbom", "--profile", "bsi"])
        .arg(&p)
        .output()
        .expect("run");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("bsi-tr-03183-2"));
}
