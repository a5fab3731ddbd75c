//! The CLI as an engineer's CI pipeline uses it: exit codes, JSON output,
//! errors on stderr naming the file and the place.

use assert_cmd::Command;

fn techfile() -> Command {
    Command::cargo_bin("techfile").expect("binary")
}

fn example_in(dir: &std::path::Path) -> std::path::PathBuf {
    let p = dir.join("ex.techfile.json");
    techfile()
        .args(["new", "--example"])
        .arg(&p)
        .assert()
        .success();
    p
}

#[test]
fn every_subcommand_has_help() {
    for args in [
        vec!["--help"],
        vec!["new", "--help"],
        vec!["check", "--help"],
        vec!["export", "--help"],
        vec!["fmt", "--help"],
        vec!["schema", "--help"],
        vec!["import", "--help"],
        vec!["import", "sbom", "--help"],
        vec!["import", "vex", "--help"],
        vec!["import", "risks", "--help"],
        vec!["import", "model-card", "--help"],
        vec!["inspect", "sbom", "--help"],
    ] {
        let out = techfile().args(&args).output().expect("run");
        assert!(out.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage"),
            "{args:?}"
        );
    }
}

#[test]
fn new_writes_the_example_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("dir");
    let p = example_in(dir.path());
    let text = std::fs::read_to_string(&p).expect("read");
    assert_eq!(text, techfile::example::EXAMPLE_JSON);
    let out = techfile().args(["new"]).arg(&p).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    techfile()
        .args(["new", "--force"])
        .arg(&p)
        .assert()
        .success();
    assert!(techfile::util::backup_path(&p).exists(), "backup kept");
}

#[test]
fn check_exit_codes_and_json_shape() {
    let dir = tempfile::tempdir().expect("dir");
    let empty = dir.path().join("empty.json");
    techfile().arg("new").arg(&empty).assert().success();
    let out = techfile()
        .args(["check", "--format", "json"])
        .arg(&empty)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "an empty project has errors");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let findings = v["findings"].as_array().expect("findings array");
    assert!(!findings.is_empty());
    for f in findings {
        for k in ["rule", "severity", "path", "message"] {
            assert!(f[k].is_string(), "{k} in {f}");
        }
    }
    assert!(findings
        .iter()
        .any(|f| f["path"] == "device.trade_name" && f["severity"] == "error"));

    let ex = example_in(dir.path());
    let out = techfile().args(["check"]).arg(&ex).output().expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let missing = dir.path().join("missing.json");
    let out = techfile()
        .args(["check"])
        .arg(&missing)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.json"));
}

#[test]
fn bad_project_error_names_file_line_column_and_field() {
    let dir = tempfile::tempdir().expect("dir");
    let p = example_in(dir.path());
    let text =
        std::fs::read_to_string(&p)
            .expect("read")
            .replacen("\"trade_name\"", "\"tradename\"", 1);
    std::fs::write(&p, &text).expect("write");
    let line = text
        .lines()
        .position(|l| l.contains("\"tradename\""))
        .expect("line")
        + 1;
    let out = techfile().args(["check"]).arg(&p).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("ex.techfile.json:{line}:")), "{err}");
    assert!(err.contains("device.tradename"), "{err}");
    assert!(err.contains("unknown field `tradename`"), "{err}");
}

#[test]
fn export_markdown_and_pdf_and_overrides() {
    let dir = tempfile::tempdir().expect("dir");
    let p = example_in(dir.path());
    let md = dir.path().join("out.md");
    techfile()
        .args(["export"])
        .arg(&p)
        .args(["--format", "md", "-o"])
        .arg(&md)
        .assert()
        .success();
    let text = std::fs::read_to_string(&md).expect("md");
    assert!(text.contains("CardioSense AI"));

    let tpl = dir.path().join("tpl");
    std::fs::create_dir(&tpl).expect("dir");
    std::fs::write(tpl.join("software.md.hbs"), "OVERRIDDEN SOFTWARE\n").expect("write");
    let md2 = dir.path().join("out2.md");
    techfile()
        .args(["export"])
        .arg(&p)
        .args(["--format", "md", "--templates"])
        .arg(&tpl)
        .arg("-o")
        .arg(&md2)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&md2)
        .expect("md")
        .contains("OVERRIDDEN SOFTWARE"));

    let pdf = dir.path().join("out.pdf");
    techfile()
        .args(["export"])
        .arg(&p)
        .args(["--format", "pdf", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    let bytes = std::fs::read(&pdf).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF was written");
    let pdf2 = dir.path().join("out2.pdf");
    techfile()
        .args(["export"])
        .arg(&p)
        .args(["--format", "pdf", "-o"])
        .arg(&pdf2)
        .assert()
        .success();
    assert_eq!(
        bytes,
        std::fs::read(&pdf2).expect("pdf2"),
        "two exports are byte-identical"
    );

    let out = techfile()
        .args(["export"])
        .arg(&p)
        .args(["--format", "docx", "-o"])
        .arg(dir.path().join("x"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected one of: md, pdf"));
}

#[test]
fn fmt_and_schema() {
    let dir = tempfile::tempdir().expect("dir");
    let p = example_in(dir.path());
    techfile()
        .args(["fmt", "--check"])
        .arg(&p)
        .assert()
        .success();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p).expect("r")).expect("json");
    std::fs::write(&p, serde_json::to_string(&v).expect("compact")).expect("w");
    techfile().args(["fmt", "--check"]).arg(&p).assert().code(1);
    techfile().args(["fmt"]).arg(&p).assert().success();
    techfile()
        .args(["fmt", "--check"])
        .arg(&p)
        .assert()
        .success();
    let out = techfile().arg("schema").output().expect("run");
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("schema json");
    assert_eq!(schema["title"], "TechFile");
}

#[test]
fn list_rules_prints_the_catalogue_with_clauses() {
    let out = assert_cmd::Command::cargo_bin("techfile")
        .expect("bin")
        .args(["check", "--list-rules", "--format", "json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let rules = v["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), techfile::check::rules().count());
    let link = rules
        .iter()
        .find(|r| r["id"] == "risk.link-unresolved")
        .expect("risk.link-unresolved listed");
    assert!(link["clause"]
        .as_str()
        .is_some_and(|c| c.contains("ISO 14971")));
    assert!(rules.iter().any(|r| r["id"] == "sbom.ntia-author"));
    let text = assert_cmd::Command::cargo_bin("techfile")
        .expect("bin")
        .args(["check", "--list-rules"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert_eq!(text.lines().count(), rules.len());
    assert!(
        text.lines()
            .any(|l| l.starts_with("core.device-srn") && l.contains("MDR Art. 31")),
        "{text}"
    );
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    // `techfile ... | head`: the pipe's read end closes before the command
    // writes. Printing used to panic ("failed printing to stdout").
    for args in [vec!["check", "--list-rules"], vec!["schema"]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_techfile"))
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take()); // the reader goes away
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            matches!(out.status.code(), Some(0 | 141)),
            "{args:?}: {:?} {stderr}",
            out.status
        );
    }
}
