//! Schema version 1 files load into version 2 without losing a value.
//!
//! Two version 1 files: the example as it was at version 1
//! (tests/fixtures/v1/), and one generated from the frozen version 1 JSON
//! Schema (schema/techfile.v1.schema.json) that fills every field the schema
//! has, each with its own value, two elements in every list. For both, every
//! leaf of the version 1 JSON must be, with the same value, at its place in
//! the version 2 file the loader gives (`migrate::v1_to_v2_pointer`).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};
use techfile::store::{self, migrate};

use crate::common::run_cli;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read");
    serde_json::from_str(&text).expect("JSON")
}

/// A value for `schema` in which every field is filled, each leaf distinct.
fn every_field(schema: &Value, defs: &Map<String, Value>, n: &mut u64) -> Value {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return every_field(&defs[name], defs, n);
    }
    if let Some(c) = schema.get("const") {
        return c.clone();
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        return e.iter().find(|v| !v.is_null()).cloned().expect("a value");
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(alts) = schema.get(key).and_then(Value::as_array) {
            let alt = alts
                .iter()
                .find(|a| a.get("type") != Some(&json!("null")))
                .expect("a non-null alternative");
            return every_field(alt, defs, n);
        }
    }
    let ty = match schema.get("type") {
        Some(Value::Array(ts)) => ts.iter().find(|t| *t != "null").cloned(),
        other => other.cloned(),
    };
    *n += 1;
    match ty.as_ref().and_then(Value::as_str) {
        Some("object") => {
            let mut out = Map::new();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (k, s) in props {
                    out.insert(k.clone(), every_field(s, defs, n));
                }
            }
            if let Some(extra @ Value::Object(_)) = schema.get("additionalProperties") {
                for k in ["key-a", "key-b"] {
                    out.insert(k.into(), every_field(extra, defs, n));
                }
            }
            Value::Object(out)
        }
        Some("array") => {
            let items = schema.get("items").expect("items");
            Value::Array(vec![
                every_field(items, defs, n),
                every_field(items, defs, n),
            ])
        }
        Some("string") => Value::from(format!("value {n}")),
        Some("integer") => Value::from(*n % 200 + 1),
        Some("number") => Value::from(*n as f64 + 0.5),
        Some("boolean") => Value::Bool(true),
        other => panic!("schema type {other:?} not covered: {schema}"),
    }
}

/// Every leaf (a scalar, an empty list or object) with its JSON pointer.
fn leaves(v: &Value, at: String, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                leaves(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, format!("{at}/{i}"), out);
            }
        }
        _ => out.push((at, v.clone())),
    }
}

/// Loads `v1_text` and asserts that no version 1 value was lost; the number
/// of leaves compared.
fn assert_lossless(v1_text: &str) -> usize {
    let loaded = store::parse(v1_text, Path::new("v1.techfile.json")).expect("a v1 file loads");
    assert_eq!(loaded.migrated_from, Some(1));
    let v2: Value = serde_json::from_str(&store::to_string(&loaded.techfile).expect("serialises"))
        .expect("JSON");
    assert_eq!(v2["schema_version"], 2);
    let v1: Value = serde_json::from_str(v1_text).expect("JSON");
    let mut all = Vec::new();
    leaves(&v1, String::new(), &mut all);
    let mut lost = Vec::new();
    for (ptr, value) in &all {
        if ptr == "/schema_version" {
            continue;
        }
        let to = migrate::v1_to_v2_pointer(ptr);
        if v2.pointer(&to) != Some(value) {
            lost.push(format!("{ptr} = {value} (at {to}: {:?})", v2.pointer(&to)));
        }
    }
    assert!(
        lost.is_empty(),
        "{} values lost:\n{}",
        lost.len(),
        lost.join("\n")
    );
    all.len()
}

fn v2_schema_accepts(text: &str) {
    let schema: Value =
        serde_json::from_str(&techfile::model::TechFile::json_schema()).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let v: Value = serde_json::from_str(text).expect("JSON");
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_v1_example_loads_without_loss() {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/v1/ecg-arrhythmia.techfile.json"))
            .expect("fixture");
    let n = assert_lossless(&text);
    assert!(n > 1000, "the example has {n} leaves");
    let tf = store::from_str(&text, Path::new("v1.json")).expect("loads");
    assert_eq!(tf.documents.len(), 6);
    assert_eq!(tf.documents[0].file, "RMP-CSA-001_v3.0.pdf");
}

#[test]
fn a_v1_file_with_every_field_loads_without_loss() {
    let schema = read_json(&root().join("schema/techfile.v1.schema.json"));
    let defs = schema["$defs"].as_object().expect("$defs").clone();
    let mut n = 0;
    let mut v1 = every_field(&schema, &defs, &mut n);
    v1["schema_version"] = json!(1);
    // The generated file is a valid version 1 file by the version 1 schema.
    let v1_validator = jsonschema::validator_for(&schema).expect("v1 schema compiles");
    let errors: Vec<String> = v1_validator
        .iter_errors(&v1)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(
        v1["evidence"][1]["file_name"].is_string(),
        "covers the renamed fields"
    );
    let text = serde_json::to_string_pretty(&v1).expect("JSON");
    let n = assert_lossless(&text);
    assert!(n > 300, "every field: {n} leaves");
    let loaded = store::parse(&text, Path::new("v1.json")).expect("loads");
    v2_schema_accepts(&store::to_string(&loaded.techfile).expect("text"));
}

#[test]
fn fmt_writes_v2_keeps_the_v1_file_as_bak_and_says_so() {
    let dir = tempfile::tempdir().expect("dir");
    let p = dir.path().join("p.techfile.json");
    let v1 = std::fs::read(root().join("tests/fixtures/v1/ecg-arrhythmia.techfile.json"))
        .expect("fixture");
    std::fs::write(&p, &v1).expect("write");
    run_cli([OsStr::new("fmt"), "--check".as_ref(), p.as_os_str()]).expect_code(1);
    assert_eq!(
        std::fs::read(&p).expect("read"),
        v1,
        "--check writes nothing"
    );
    let run = run_cli([OsStr::new("fmt"), p.as_os_str()]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("schema version 1, read as version 2")
            && run.stderr.contains("p.techfile.json.bak"),
        "{}",
        run.stderr
    );
    let bak = dir.path().join("p.techfile.json.bak");
    assert_eq!(
        std::fs::read(&bak).expect("bak"),
        v1,
        "the v1 file is kept byte for byte"
    );
    let written = std::fs::read_to_string(&p).expect("read");
    assert!(written.contains("\"schema_version\": 2") && written.contains("\"documents\": ["));
    assert!(!written.contains("\"evidence\": ["));
    v2_schema_accepts(&written);
    // Now current: no notice, already canonical.
    let again = run_cli([OsStr::new("fmt"), "--check".as_ref(), p.as_os_str()]);
    again.expect_code(0);
    assert!(
        !again.stderr.contains("schema version 1"),
        "{}",
        again.stderr
    );
    // The v1 file and its migration hold the same project.
    assert_eq!(
        store::load(&bak).expect("bak loads"),
        store::load(&p).expect("v2 loads")
    );
}

#[test]
fn an_error_in_a_v1_file_is_named_by_its_v1_path_and_place() {
    let text = "{\n  \"schema_version\": 1,\n  \"document\": {},\n  \"device\": {},\n  \"evidence\": [\n    {\"document_id\": \"A\"},\n    {\"document_id\": \"B\", \"file_name\": 5}\n  ]\n}\n";
    let err = store::from_str(text, Path::new("old.json")).expect_err("refused");
    let loc = err.location();
    assert_eq!(loc.path, "evidence[1].file_name", "{err}");
    assert_eq!((loc.line, loc.column), (7, 26), "{err}");
    assert!(err.to_string().contains("expected a string"), "{err}");
    let unknown = text.replace("\"file_name\": 5", "\"file_nam\": \"x\"");
    let err = store::from_str(&unknown, Path::new("old.json")).expect_err("refused");
    assert!(
        err.to_string().contains("`file_name`"),
        "lists the v1 field: {err}"
    );
    assert_eq!(err.location().path, "evidence[1].file_nam", "{err}");
}

#[test]
fn versions_this_build_does_not_read_are_refused_by_name() {
    for v in ["0", "3"] {
        let text = format!("{{\"schema_version\": {v}}}");
        let err = store::from_str(&text, Path::new("p.json")).expect_err("refused");
        assert!(
            err.to_string()
                .contains(&format!("schema_version {v} is not supported"))
                && err.to_string().contains("versions 1 to 2"),
            "{err}"
        );
    }
}
