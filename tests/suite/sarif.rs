//! `techfile check --format sarif` (and the JSON/SARIF forms of a load
//! failure), judged by two referees besides our own asserts:
//!
//! - the SARIF 2.1.0 JSON Schema: the OASIS one (Errata 01) from
//!   `TECHFILE_SARIF_SCHEMA` or `../shared/corpus/schemas/sarif/`, and the
//!   copy the SARIF Multitool's npm package ships; whichever are present;
//! - the SARIF Multitool's `validate` (SARIF spec rules and GitHub's
//!   ingestion rules), installed into `scripts/sarif-multitool/` by
//!   `scripts/install-deps.sh` (or named by `TECHFILE_SARIF_MULTITOOL`).
//!
//! A referee that is missing is skipped with a note, except when `CI` is set,
//! where it fails the test.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use common::{run_cli, Run};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn example() -> PathBuf {
    Path::new(ROOT).join("examples/ecg-arrhythmia/techfile.json")
}

/// Skips (returns) with a note, or fails when `CI` is set.
fn missing(what: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("{what} (required when CI is set; scripts/install-deps.sh installs it)");
    }
    eprintln!("skipping: {what}");
}

/// Runs `check` in `dir` with a relative path, as CI would from its checkout.
fn check_in(dir: &Path, file: &str, format: &str) -> Run {
    common::run_cli_in(Some(dir), ["check", file, "--format", format])
}

fn multitool_package_dir() -> PathBuf {
    let platform = if cfg!(target_os = "macos") {
        "darwin"
    } else if cfg!(windows) {
        "win32"
    } else {
        "linux"
    };
    Path::new(ROOT).join(format!(
        "scripts/sarif-multitool/node_modules/@microsoft/sarif-multitool-{platform}"
    ))
}

/// The SARIF 2.1.0 schemas found, by name.
fn schemas() -> Vec<(String, jsonschema::Validator)> {
    let oasis = std::env::var_os("TECHFILE_SARIF_SCHEMA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(ROOT).join("../shared/corpus/schemas/sarif/sarif-schema-2.1.0.json")
        });
    let candidates = [
        ("OASIS SARIF 2.1.0 Errata 01 schema", oasis),
        (
            "SARIF 2.1.0 schema of the SARIF Multitool",
            multitool_package_dir().join("sarif-2.1.0.json"),
        ),
    ];
    let mut out = Vec::new();
    for (name, path) in candidates {
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("note: {name} not found at {}", path.display());
            continue;
        };
        let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
        let v = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap_or_else(|e| panic!("{name} ({}): {e}", path.display()));
        out.push((format!("{name} ({})", path.display()), v));
    }
    if out.is_empty() {
        missing("no SARIF 2.1.0 JSON Schema found");
    }
    out
}

/// Every schema's complaints about `log`, empty when all accept it.
fn schema_errors(log: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    for (name, v) in schemas() {
        for e in v.iter_errors(log) {
            errors.push(format!("{name}: {e} at {}", e.instance_path()));
        }
    }
    errors
}

fn multitool() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TECHFILE_SARIF_MULTITOOL") {
        return Some(PathBuf::from(p));
    }
    let exe = if cfg!(windows) {
        "Sarif.Multitool.exe"
    } else {
        "Sarif.Multitool"
    };
    let p = multitool_package_dir().join(exe);
    if p.is_file() {
        return Some(p);
    }
    missing(&format!("SARIF Multitool not found at {}", p.display()));
    None
}

/// What `Sarif.Multitool validate` said of a log: its error-level results
/// (`level`, else the rule's default level, else SARIF's default `warning`)
/// and its own failures (exit code, failed invocation, error notifications).
fn multitool_errors(tool: &Path, log: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("dir");
    let input = dir.path().join("in.sarif");
    let output = dir.path().join("out.sarif");
    std::fs::write(&input, log).expect("write");
    let config = Path::new(ROOT).join("scripts/sarif-multitool/validate.config.xml");
    let run = Command::new(tool)
        .arg("validate")
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .args(["--log", "ForceOverwrite"])
        .args(["--level", "Error;Warning;Note"])
        .args(["--rule-kind", "Sarif;Gh"])
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap_or_else(|e| panic!("{} does not run: {e}", tool.display()));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let mut errors = Vec::new();
    if !run.status.success() {
        errors.push(format!("validate exited with {}: {said}", run.status));
    }
    let Ok(text) = std::fs::read_to_string(&output) else {
        errors.push(format!("validate wrote no output: {said}"));
        return errors;
    };
    let out: Value = serde_json::from_str(&text).expect("validate writes SARIF");
    for run in out["runs"].as_array().into_iter().flatten() {
        let rules = run["tool"]["driver"]["rules"].as_array();
        for r in run["results"].as_array().into_iter().flatten() {
            let rule_level = rules
                .and_then(|rs| {
                    rs.iter()
                        .find(|d| d["id"] == r["ruleId"])
                        .and_then(|d| d["defaultConfiguration"]["level"].as_str())
                })
                .unwrap_or("warning");
            let level = r["level"].as_str().unwrap_or(rule_level);
            if level == "error" {
                errors.push(format!("{} {}", r["ruleId"], r["message"]));
            }
        }
        for inv in run["invocations"].as_array().into_iter().flatten() {
            if inv["executionSuccessful"] != true {
                errors.push(format!("validate did not run through: {inv}"));
            }
            for key in [
                "toolExecutionNotifications",
                "toolConfigurationNotifications",
            ] {
                for n in inv[key].as_array().into_iter().flatten() {
                    if n["level"] == "error" {
                        errors.push(format!("validate {key}: {n}"));
                    }
                }
            }
        }
    }
    errors
}

/// Both referees' complaints about `log`.
fn referees(log_text: &str) -> Vec<String> {
    let log: Value = serde_json::from_str(log_text).expect("SARIF is JSON");
    let mut errors = schema_errors(&log);
    if let Some(tool) = multitool() {
        errors.extend(multitool_errors(&tool, log_text));
    }
    errors
}

/// 1-based line and byte column of the first line at or after `from` (1-based)
/// that contains `needle`; found independently of the crate's mapper.
fn find(text: &str, from: usize, needle: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find_map(|(i, l)| l.find(needle).map(|c| (i + 1, c + 1)))
        .unwrap_or_else(|| panic!("`{needle}` not in the text after line {from}"))
}

fn region(result: &Value) -> &Value {
    &result["locations"][0]["physicalLocation"]["region"]
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

#[test]
fn the_example_gives_a_clean_valid_deterministic_log_with_the_whole_catalogue() {
    let dir = example();
    let dir = dir.parent().expect("dir");
    let run = check_in(dir, "techfile.json", "sarif");
    run.expect_code(0);
    let again = check_in(dir, "techfile.json", "sarif");
    assert_eq!(run.stdout, again.stdout, "same input, same bytes");
    let log = run.json();
    assert_eq!(log["version"], "2.1.0");
    let r = &log["runs"][0];
    assert_eq!(r["tool"]["driver"]["name"], "techfile");
    assert_eq!(r["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(r["invocations"][0]["executionSuccessful"], true);
    assert_eq!(r["results"], json!([]));
    let rules = r["tool"]["driver"]["rules"].as_array().expect("rules");
    let catalogue: Vec<_> = techfile::check::rules().collect();
    assert_eq!(
        rules.len(),
        catalogue.len() + techfile::sarif::LOAD_RULES.len()
    );
    for (d, rule) in rules.iter().zip(&catalogue) {
        assert_eq!(d["id"], rule.id);
        assert_eq!(d["shortDescription"]["text"], rule.summary);
        assert_eq!(d["properties"]["clause"], rule.clause);
        assert_eq!(
            d["defaultConfiguration"]["level"],
            techfile::sarif::level(rule.severity)
        );
    }
    assert_eq!(rules[catalogue.len()]["id"], "store.read");
    let errors = referees(&run.stdout);
    assert!(errors.is_empty(), "{errors:#?}");
}

/// The example with problems put in at known places.
fn broken_example(dir: &Path) -> String {
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string(example()).expect("example")).expect("json");
    v["document"]["document_id"] = json!("");
    v["document"]["approvals"] = json!([]);
    // Not an SRN (CC-MF-000000000), with characters of two and four bytes
    // (one and two UTF-16 units) before the end of the value.
    v["device"]["manufacturer"]["srn"] = json!("Ünknown-😀");
    let entry = v["risk"]["entries"][3]
        .as_object_mut()
        .expect("entry 3 is an object");
    assert_eq!(entry["id"], "HAZ-04");
    entry.remove("hazard");
    entry.insert("harm".into(), json!(""));
    v["sbom"]["components"][5]["version"] = json!("");
    v["ai"]["systems"][0]["name"] = json!("");
    let text = serde_json::to_string_pretty(&v).expect("json") + "\n";
    std::fs::write(dir.join("broken.techfile.json"), &text).expect("write");
    text
}

#[test]
fn findings_are_results_at_their_fields_lines_and_columns() {
    let dir = tempfile::tempdir().expect("dir");
    let text = broken_example(dir.path());
    let run = check_in(dir.path(), "./broken.techfile.json", "sarif");
    run.expect_code(1);
    let log = run.json();
    let findings = check_in(dir.path(), "broken.techfile.json", "json").json()["findings"].clone();
    let findings = findings.as_array().expect("findings");
    let results = results(&log);
    assert!(results.len() >= 7, "{results:#?}");
    assert_eq!(results.len(), findings.len(), "one result per finding");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    for (r, f) in results.iter().zip(findings) {
        assert_eq!(r["ruleId"], f["rule"]);
        assert_eq!(r["message"]["text"], f["message"]);
        let level = match f["severity"].as_str() {
            Some("error") => "error",
            Some("warning") => "warning",
            _ => "note",
        };
        assert_eq!(r["level"], level, "{r}");
        let i = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[i]["id"], f["rule"]);
        let loc = &r["locations"][0];
        assert_eq!(loc["logicalLocations"][0]["fullyQualifiedName"], f["path"]);
        let art = &loc["physicalLocation"]["artifactLocation"];
        assert_eq!(art["uri"], "broken.techfile.json", "./ dropped");
        assert_eq!(art["uriBaseId"], "%SRCROOT%");
        assert!(
            region(r)["startLine"].as_u64().is_some(),
            "every one located: {r}"
        );
    }
    let by_path = |path: &str, rule: &str| -> &Value {
        results
            .iter()
            .find(|r| {
                r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == path
                    && r["ruleId"] == rule
            })
            .unwrap_or_else(|| panic!("no {rule} result at {path}: {results:#?}"))
    };
    let at = |r: &Value| -> (u64, u64) {
        (
            region(r)["startLine"].as_u64().expect("line"),
            region(r)["startColumn"].as_u64().expect("column"),
        )
    };
    let pos = |(l, c): (usize, usize)| (l as u64, c as u64);

    let r = by_path("document.document_id", "core.document-id");
    assert_eq!(r["level"], "error");
    assert_eq!(at(r), pos(find(&text, 1, "\"document_id\": \"\"")));
    let (line, col) = find(&text, 1, "\"document_id\": \"\"");
    assert_eq!(
        region(r)["endColumn"].as_u64(),
        Some((col + "\"document_id\": \"\"".len()) as u64)
    );

    let r = by_path("document.approvals", "core.approval");
    assert_eq!(r["level"], "warning");
    assert_eq!(at(r), pos(find(&text, line, "\"approvals\": []")));

    // The SRN's value holds `Ü` (2 bytes, 1 unit) and `😀` (4 bytes, 2 units).
    let srn = by_path("device.manufacturer.srn", "core.device-srn");
    let (l, c) = find(&text, 1, "\"srn\": \"Ünknown-😀\"");
    assert_eq!(at(srn), pos((l, c)));
    let member = "\"srn\": \"Ünknown-😀\"";
    assert_eq!(
        region(srn)["endColumn"].as_u64(),
        Some((c + member.encode_utf16().count()) as u64),
        "end column in UTF-16 units"
    );

    // The removed hazard: not in the file, so its entry, the `{` above its id.
    let (id_line, _) = find(&text, 1, "\"id\": \"HAZ-04\"");
    let hazard = results
        .iter()
        .find(|r| {
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                == "risk.entries[3].hazard"
        })
        .unwrap_or_else(|| panic!("no result at risk.entries[3].hazard: {results:#?}"));
    assert_eq!(hazard["level"], "error");
    let brace_line = text.lines().nth(id_line - 2).expect("line above the id");
    assert_eq!(brace_line.trim(), "{");
    assert_eq!(
        at(hazard),
        (
            (id_line - 1) as u64,
            (brace_line.find('{').expect("brace") + 1) as u64
        )
    );
    // The emptied harm: its own line, below the id.
    let harm = results
        .iter()
        .find(|r| {
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "risk.entries[3].harm"
        })
        .expect("harm result");
    assert_eq!(at(harm), pos(find(&text, id_line, "\"harm\": \"\"")));

    let comp = results
        .iter()
        .find(|r| {
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                == "sbom.components[5].version"
        })
        .unwrap_or_else(|| panic!("no result at sbom.components[5].version: {results:#?}"));
    let (jl, _) = find(&text, 1, "\"name\": \"jackson-core\"");
    assert_eq!(at(comp), pos(find(&text, jl, "\"version\": \"\"")));

    let ai = by_path("ai.systems[0].name", "ai.system-name");
    let (systems, _) = find(&text, 1, "\"systems\": [");
    assert_eq!(at(ai), pos(find(&text, systems, "\"name\": \"\"")));

    let errors = referees(&run.stdout);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn an_empty_project_gives_many_results_all_accepted_by_the_referees() {
    let dir = tempfile::tempdir().expect("dir");
    run_cli([
        "new",
        dir.path().join("empty.json").to_str().expect("utf-8"),
    ])
    .expect_code(0);
    let run = check_in(dir.path(), "empty.json", "sarif");
    run.expect_code(1);
    let log = run.json();
    assert!(results(&log).len() > 20);
    let errors = referees(&run.stdout);
    assert!(errors.is_empty(), "{errors:#?}");
}

/// A project that cannot be loaded, in both machine formats.
fn load_failure(dir: &Path, file: &str) -> (Value, Value, String) {
    let json_run = check_in(dir, file, "json");
    json_run.expect_code(2);
    assert!(
        json_run.stderr.contains("error:"),
        "the message is on stderr too: {}",
        json_run.stderr
    );
    let sarif_run = check_in(dir, file, "sarif");
    sarif_run.expect_code(2);
    (json_run.json(), sarif_run.json(), sarif_run.stdout)
}

fn sarif_failure(log: &Value, code: &str) -> Value {
    let run = &log["runs"][0];
    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false, "{inv}");
    assert_eq!(inv["toolExecutionNotifications"][0]["level"], "error");
    let r = &results(log)[0];
    assert_eq!(results(log).len(), 1);
    assert_eq!(r["ruleId"], code);
    assert_eq!(r["level"], "error");
    let i = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(run["tool"]["driver"]["rules"][i]["id"], code);
    r.clone()
}

#[test]
fn invalid_json_is_reported_with_its_line_and_column_in_json_and_sarif() {
    let dir = tempfile::tempdir().expect("dir");
    // The second `,` at line 3, byte column 31 (UTF-16 column 30: `é` is
    // two bytes).
    std::fs::write(
        dir.path().join("bad.json"),
        "{\n  \"schema_version\": 1,\n  \"document\": {\"title\": \"é\", ,\n}",
    )
    .expect("write");
    let (j, s, text) = load_failure(dir.path(), "bad.json");
    let e = &j["error"];
    assert_eq!(e["code"], "store.parse");
    assert_eq!(e["file"], "bad.json");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(3), Some(31))
    );
    assert!(e["message"]
        .as_str()
        .expect("message")
        .starts_with("bad.json:3:31"));
    let r = sarif_failure(&s, "store.parse");
    assert_eq!(region(&r), &json!({"startLine": 3, "startColumn": 30}));
    // serde's unknown step (`document.?`) is left out of the field path.
    assert_eq!(
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "document"
    );
    let errors = referees(&text);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_schema_violation_is_reported_with_its_field_path() {
    let dir = tempfile::tempdir().expect("dir");
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string(example()).expect("example")).expect("json");
    v["risk"]["entries"][2]["severity_typo"] = json!("Critical");
    let text = serde_json::to_string_pretty(&v).expect("json");
    std::fs::write(dir.path().join("typo.json"), &text).expect("write");
    let (j, s, sarif_text) = load_failure(dir.path(), "typo.json");
    let e = &j["error"];
    assert_eq!(e["code"], "store.parse");
    assert_eq!(e["path"], "risk.entries[2].severity_typo");
    let (line, _) = find(&text, 1, "\"severity_typo\"");
    assert_eq!(e["line"].as_u64(), Some(line as u64));
    let r = sarif_failure(&s, "store.parse");
    assert_eq!(region(&r)["startLine"].as_u64(), Some(line as u64));
    assert_eq!(
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "risk.entries[2].severity_typo"
    );
    let errors = referees(&sarif_text);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn an_unreadable_file_and_a_newer_version_are_reported_without_a_wrong_place() {
    let dir = tempfile::tempdir().expect("dir");
    let (j, s, text) = load_failure(dir.path(), "no-such.json");
    assert_eq!(j["error"]["code"], "store.read");
    assert_eq!(j["error"]["file"], "no-such.json");
    assert!(j["error"].get("line").is_none());
    let r = sarif_failure(&s, "store.read");
    assert!(r["locations"][0]["physicalLocation"]
        .get("region")
        .is_none());
    assert_eq!(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "no-such.json"
    );
    let errors = referees(&text);
    assert!(errors.is_empty(), "{errors:#?}");

    std::fs::write(
        dir.path().join("v7.json"),
        "{\n  \"schema_version\": 7,\n  \"later\": {}\n}\n",
    )
    .expect("write");
    let (j, s, _) = load_failure(dir.path(), "v7.json");
    assert_eq!(j["error"]["code"], "store.version");
    assert_eq!(j["error"]["path"], "schema_version");
    let r = sarif_failure(&s, "store.version");
    assert_eq!(
        region(&r),
        &json!({"startLine": 2, "startColumn": 3, "endColumn": 22})
    );
}

#[test]
fn text_format_keeps_its_error_line_and_exit_code() {
    let run = run_cli(["check", "no-such-project.json"]);
    run.expect_code(2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr
            .contains("error: no-such-project.json: cannot read"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_rule_catalogue_as_sarif_has_no_results() {
    let run = run_cli(["check", "--list-rules", "--format", "sarif"]);
    run.expect_code(0);
    let log = run.json();
    assert_eq!(log["runs"][0]["results"], json!([]));
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .map(Vec::len),
        Some(techfile::check::rules().count() + techfile::sarif::LOAD_RULES.len())
    );
    let errors = referees(&run.stdout);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_referees_reject_a_broken_log() {
    // A referee that never complains proves nothing: break a good log.
    let dir = example();
    let run = check_in(dir.parent().expect("dir"), "techfile.json", "sarif");
    let mut log = run.json();
    log["runs"][0]["results"] = json!([{
        "ruleId": "core.document-id",
        "ruleIndex": 9999,
        "message": {"text": "x"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "techfile.json", "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 0}}}]
    }]);
    let text = serde_json::to_string_pretty(&log).expect("json");
    let schema = schema_errors(&log);
    if !schemas().is_empty() {
        assert!(
            schema.iter().any(|e| e.contains("startLine")),
            "startLine 0 is below the schema's minimum 1: {schema:#?}"
        );
    }
    if let Some(tool) = multitool() {
        let errors = multitool_errors(&tool, &text);
        assert!(
            errors.iter().any(|e| e.contains("SARIF1009")),
            "an out-of-range ruleIndex is SARIF1009: {errors:#?}"
        );
        assert!(
            errors.iter().any(|e| e.contains("JSON1008")),
            "its own schema check rejects startLine 0: {errors:#?}"
        );
    }
}
