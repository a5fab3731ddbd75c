//! The web view's fence stays as narrow as it is (issue 16.4): the CSP in
//! tauri.conf.json allows only the app's own assets and IPC, and the
//! capability files grant only the app's own commands to the main window.
//! A change that widens either fails here; narrowing passes. To widen on
//! purpose, change the allow-lists below in the same commit and say why.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Today's CSP: directive -> the sources it may allow.
const CSP: &[(&str, &[&str])] = &[
    ("default-src", &["'self'"]),
    ("script-src", &["'self'"]),
    ("style-src", &["'self'"]),
    ("img-src", &["'self'", "data:"]),
    ("font-src", &["'self'"]),
    ("connect-src", &["ipc:", "http://ipc.localhost"]),
    ("object-src", &["'none'"]),
    ("base-uri", &["'none'"]),
    ("form-action", &["'none'"]),
    ("frame-src", &["'none'"]),
];

/// Today's permissions: the app's own commands, nothing of the core or any
/// plugin (no `fs:`, `shell:`, `core:` ...).
const PERMISSIONS: &[&str] = &[
    "allow-initial-project",
    "allow-open-project",
    "allow-edit",
    "allow-value-at",
    "allow-save-project",
    "allow-export-project",
    "allow-set-dirty",
    "allow-ai-catalogue",
    "allow-import-model-card",
    "allow-risk-view",
    "allow-import-risks",
    "allow-export-risks",
    "allow-import-sbom",
    "allow-import-vex",
    "allow-compare-with",
    // Undo history and recovery files (session::Session, recovery.rs).
    "allow-undo",
    "allow-redo",
    "allow-restore-recovery",
    "allow-discard-recovery",
    // The register views: a file added through the open dialog and hashed,
    // the registered files verified (read only inside the project folder),
    // the Annex I catalogue, the declaration rendered read-only
    // (register_commands.rs).
    "allow-add-document-file",
    "allow-verify-documents",
    "allow-gspr-requirements",
    "allow-declaration-markdown",
    // The Chapters view: the clause picker, the sanitised preview and the
    // completion of `[[` references.
    "allow-clause-catalogue",
    "allow-render-chapter-preview",
    "allow-reference-targets",
    // Progress and cancel of a long task: an export, an SBOM import
    // (progress.rs).
    "allow-task-progress",
    "allow-cancel-task",
    // Recent projects (recent.rs): open_recent opens only listed paths.
    "allow-recent-files",
    "allow-open-recent",
    // Files dropped on the window (drop_commands.rs).
    "allow-import-dropped",
    // The Preview view: the exported PDF as bytes and the page a model
    // path is printed on (preview_commands.rs).
    "allow-preview-locate",
    "allow-preview-pdf",
    // The start screen's New project and New from the example
    // (start_commands.rs).
    "allow-new-project",
];

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The CSP as directive -> sources, from the object or the string form.
fn csp(conf: &Value) -> BTreeMap<String, Vec<String>> {
    let csp = &conf["app"]["security"]["csp"];
    let mut out = BTreeMap::new();
    match csp {
        Value::Object(m) => {
            for (k, v) in m {
                let sources = match v {
                    Value::String(s) => s.split_whitespace().map(str::to_owned).collect(),
                    Value::Array(a) => a
                        .iter()
                        .map(|s| s.as_str().expect("source is text").to_owned())
                        .collect(),
                    other => panic!("directive {k}: {other}"),
                };
                out.insert(k.clone(), sources);
            }
        }
        Value::String(s) => {
            for d in s.split(';').map(str::trim).filter(|d| !d.is_empty()) {
                let mut words = d.split_whitespace();
                let k = words.next().expect("directive name").to_owned();
                out.insert(k, words.map(str::to_owned).collect());
            }
        }
        other => panic!("the CSP must be set (null disables it): {other}"),
    }
    out
}

/// What is wider in `found` than the allow-list, one line each.
fn csp_widenings(found: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let allowed: BTreeMap<&str, BTreeSet<&str>> = CSP
        .iter()
        .map(|(k, v)| (*k, v.iter().copied().collect()))
        .collect();
    let mut wider = Vec::new();
    for (k, sources) in &allowed {
        if !found.contains_key(*k) {
            // A missing directive falls back to default-src or to no limit.
            wider.push(format!("{k} is gone (was {sources:?})"));
        }
    }
    for (k, sources) in found {
        for s in sources {
            let ok = match allowed.get(k.as_str()) {
                Some(a) => a.contains(s.as_str()),
                // A new directive may only narrow.
                None => s == "'none'" || s == "'self'",
            };
            if !ok {
                wider.push(format!("{k} allows {s}"));
            }
        }
    }
    wider
}

#[test]
fn the_csp_is_no_wider_than_today() {
    let conf = json(&crate_dir().join("tauri.conf.json"));
    let found = csp(&conf);
    assert_eq!(csp_widenings(&found), Vec::<String>::new(), "{found:#?}");
    for (k, sources) in &found {
        for s in sources {
            assert!(
                !s.contains("unsafe-") && s != "*" && !s.starts_with("https:") && s != "http:",
                "{k} allows {s}: no remote sources, no unsafe-eval or unsafe-inline"
            );
        }
    }
    let security = &conf["app"]["security"];
    assert_eq!(security["freezePrototype"], Value::Bool(true));
    for key in [
        "dangerousDisableAssetCspModification",
        "dangerousRemoteDomainIpcAccess",
        "assetProtocol",
        "capabilities",
    ] {
        assert!(security.get(key).is_none(), "app.security.{key} is set");
    }
    assert_eq!(conf["app"]["withGlobalTauri"], Value::Bool(false));
    assert!(conf
        .get("plugins")
        .is_none_or(|p| p.as_object().is_some_and(|m| m.is_empty())));
    for w in conf["app"]["windows"].as_array().expect("windows") {
        assert!(w.get("url").is_none(), "a window loads a URL: {w}");
    }
}

#[test]
fn the_check_sees_a_wider_csp() {
    // The checker itself: each widening is caught.
    let base = || csp(&json(&crate_dir().join("tauri.conf.json")));
    let mut remote = base();
    remote
        .get_mut("script-src")
        .expect("script-src")
        .push("https://cdn.example.com".into());
    let mut eval = base();
    eval.get_mut("script-src")
        .expect("script-src")
        .push("'unsafe-eval'".into());
    let mut gone = base();
    gone.remove("object-src");
    let mut new = base();
    new.insert("worker-src".into(), vec!["blob:".into()]);
    let mut narrower = base();
    narrower
        .get_mut("img-src")
        .expect("img-src")
        .retain(|s| s != "data:");
    assert_eq!(
        csp_widenings(&remote),
        ["script-src allows https://cdn.example.com"]
    );
    assert_eq!(csp_widenings(&eval), ["script-src allows 'unsafe-eval'"]);
    assert_eq!(
        csp_widenings(&gone),
        ["object-src is gone (was {\"'none'\"})"]
    );
    assert_eq!(csp_widenings(&new), ["worker-src allows blob:"]);
    assert!(csp_widenings(&narrower).is_empty());
}

/// What in one capability file is wider than today, one line each.
fn capability_widenings(cap: &Value) -> Vec<String> {
    let mut wider = Vec::new();
    let allowed: BTreeSet<&str> = PERMISSIONS.iter().copied().collect();
    match cap["windows"].as_array() {
        Some(w) if w.iter().all(|w| w == "main") => {}
        other => wider.push(format!("windows: {other:?} (only \"main\")")),
    }
    for key in ["remote", "webviews", "platforms"] {
        if cap.get(key).is_some() {
            wider.push(format!("{key} is set"));
        }
    }
    for p in cap["permissions"].as_array().into_iter().flatten() {
        match p.as_str() {
            Some(id) if allowed.contains(id) => {}
            // Object form carries scopes; any other id is a new grant.
            _ => wider.push(format!("permission {p}")),
        }
    }
    wider
}

#[test]
fn the_capabilities_grant_no_more_than_today() {
    let dir = crate_dir().join("capabilities");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("capabilities")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for f in files {
        assert_eq!(
            f.extension().and_then(|e| e.to_str()),
            Some("json"),
            "{}: only JSON capability files are checked here",
            f.display()
        );
        let cap = json(&f);
        assert_eq!(
            capability_widenings(&cap),
            Vec::<String>::new(),
            "{}",
            f.display()
        );
    }
}

#[test]
fn the_check_sees_a_wider_capability() {
    let cap = json(&crate_dir().join("capabilities/main.json"));
    let mut fs = cap.clone();
    fs["permissions"]
        .as_array_mut()
        .expect("permissions")
        .push("fs:allow-write-file".into());
    let mut scoped = cap.clone();
    scoped["permissions"]
        .as_array_mut()
        .expect("permissions")
        .push(serde_json::json!({"identifier": "fs:scope", "allow": ["$HOME/**"]}));
    let mut remote = cap.clone();
    remote["remote"] = serde_json::json!({"urls": ["https://*.example.com"]});
    let mut windows = cap;
    windows["windows"] = serde_json::json!(["*"]);
    assert_eq!(
        capability_widenings(&fs),
        ["permission \"fs:allow-write-file\""]
    );
    assert_eq!(capability_widenings(&scoped).len(), 1);
    assert_eq!(capability_widenings(&remote), ["remote is set"]);
    assert_eq!(
        capability_widenings(&windows),
        ["windows: Some([String(\"*\")]) (only \"main\")"]
    );
}
