//! The corpus contract (../shared/corpus/README.md) for every file of
//! ../shared/corpus/sbom/MANIFEST.tsv: valid files in a supported
//! serialization import with the manifest's component count; invalid files
//! are rejected with a located error or import with a warning naming the
//! broken rule; unsupported serializations get an error naming the supported
//! ones. Nothing panics.

use crate::common;

use std::path::{Path, PathBuf};

use techfile::sbom::{import, SbomError};

fn corpus() -> Option<PathBuf> {
    common::sbom_corpus()
}

const SUPPORTED: &[&str] = &[
    "cyclonedx-json",
    "cyclonedx-xml",
    "spdx-json",
    "spdx-tagvalue",
    "spdx3-jsonld",
];

struct Row {
    path: String,
    format: String,
    spec_version: String,
    components: usize,
}

fn manifest(dir: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(dir.join("sbom/MANIFEST.tsv")).expect("manifest");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("column {name}"))
    };
    let (p, f, v, c) = (
        col("local_path"),
        col("format"),
        col("spec_version"),
        col("components"),
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            Row {
                path: cells[p].to_string(),
                format: cells[f].to_string(),
                spec_version: cells[v].to_string(),
                components: cells[c].parse().unwrap_or(0),
            }
        })
        .collect()
}

fn located(msg: &str, file: &str) -> bool {
    let Some(rest) = msg.strip_prefix(file) else {
        return false;
    };
    // `file#/pointer` or `file:line:column`.
    rest.starts_with('#') || {
        let mut parts = rest.splitn(4, ':');
        parts.next() == Some("")
            && parts.next().is_some_and(|l| l.parse::<usize>().is_ok())
            && parts.next().is_some_and(|c| c.parse::<usize>().is_ok())
    }
}

#[test]
fn every_manifest_file_meets_the_importer_contract() {
    let Some(dir) = corpus() else { return };
    let rows = manifest(&dir);
    assert!(rows.len() >= 50, "manifest lists {} files", rows.len());
    let mut failures = Vec::new();
    let mut checked = 0;
    for row in &rows {
        let path = dir.join(&row.path);
        let file = path.display().to_string();
        let valid = row.path.contains("/valid/");
        let result = std::panic::catch_unwind(|| import::read_file(&path));
        let Ok(result) = result else {
            failures.push(format!("{}: panicked", row.path));
            continue;
        };
        checked += 1;
        if !SUPPORTED.contains(&row.format.as_str()) {
            match result {
                Err(e @ SbomError::Unsupported { .. }) => {
                    let m = e.to_string();
                    if !(m.contains("CycloneDX")
                        && m.contains("SPDX 2.2/2.3")
                        && m.contains("SPDX 3.0.1"))
                    {
                        failures.push(format!(
                            "{}: unsupported error does not name the supported formats: {m}",
                            row.path
                        ));
                    }
                }
                other => failures.push(format!(
                    "{}: expected an unsupported-format error, got {other:?}",
                    row.path
                )),
            }
            continue;
        }
        match (valid, result) {
            (true, Ok(p)) => {
                if p.document.component_count != row.components {
                    failures.push(format!(
                        "{}: {} components, manifest says {}",
                        row.path, p.document.component_count, row.components
                    ));
                }
                if p.document.format != row.format {
                    failures.push(format!(
                        "{}: format {} (manifest {})",
                        row.path, p.document.format, row.format
                    ));
                }
                if !row.spec_version.is_empty() && p.document.spec_version != row.spec_version {
                    failures.push(format!(
                        "{}: spec version {} (manifest {})",
                        row.path, p.document.spec_version, row.spec_version
                    ));
                }
                if p.document.sha256.len() != 64 {
                    failures.push(format!("{}: no provenance hash", row.path));
                }
            }
            (true, Err(e)) => failures.push(format!("{}: valid file rejected: {e}", row.path)),
            (false, Ok(p)) => {
                let named = p
                    .warnings
                    .iter()
                    .any(|w| w.rule.contains('.') && located(&w.location, &file));
                if !named {
                    failures.push(format!(
                        "{}: invalid file imported without a located warning naming a rule",
                        row.path
                    ));
                }
            }
            (false, Err(e)) => {
                if !located(&e.to_string(), &file) {
                    failures.push(format!("{}: error is not located: {e}", row.path));
                }
            }
        }
    }
    assert_eq!(checked, rows.len(), "every manifest row is checked");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_corpus_sbom_file_is_in_the_manifest() {
    let Some(dir) = corpus() else { return };
    let listed: std::collections::HashSet<String> =
        manifest(&dir).into_iter().map(|r| r.path).collect();
    let mut stack = vec![dir.join("sbom")];
    let mut missing = Vec::new();
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .file_name()
                .is_some_and(|n| n != "MANIFEST.tsv" && !n.to_string_lossy().starts_with('.'))
            {
                let rel = p.strip_prefix(&dir).expect("prefix").display().to_string();
                if !listed.contains(&rel) {
                    missing.push(rel);
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "files not in the manifest (so not checked): {missing:?}"
    );
}

#[test]
fn utf16_files_read_like_their_utf8_twins() {
    let Some(dir) = corpus() else { return };
    let data = dir.join("sbom/spdx/valid/spdxpy/tests/spdx/data");
    for (a, b) in [
        (
            "SPDXJSONExample-UTF-16.spdx.json",
            "SPDXJSONExample-v2.2.spdx.json",
        ),
        ("SPDXTagExample-UTF-16.spdx", "SPDXTagExample-v2.2.spdx"),
    ] {
        let x = import::read_file(&data.join(a)).expect("utf-16");
        let y = import::read_file(&data.join(b)).expect("utf-8");
        let names = |p: &import::Parsed| {
            p.components
                .iter()
                .map(|c| c.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&x), names(&y), "{a}");
    }
}

#[test]
fn cyclonedx_xml_and_json_of_the_same_bom_agree() {
    let Some(dir) = corpus() else { return };
    let base = dir.join("sbom/cyclonedx/valid/bomex/SBOM/laravel-7.12.0");
    let x = import::read_file(&base.join("bom.1.4.xml")).expect("xml");
    let j = import::read_file(&base.join("bom.1.4.json")).expect("json");
    assert_eq!(x.components, j.components);
    assert_eq!(x.document.serial, j.document.serial);
    let old = import::read_file(&base.join("bom.1.1.xml")).expect("1.1 xml");
    let ids = |p: &import::Parsed| {
        p.components
            .iter()
            .map(|c| c.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&old), ids(&j));
}

#[test]
fn truncated_and_corrupted_corpus_files_never_panic() {
    let Some(dir) = corpus() else { return };
    let mut cases = 0;
    for row in manifest(&dir) {
        let Ok(bytes) = std::fs::read(dir.join(&row.path)) else {
            continue;
        };
        if bytes.len() > 200_000 {
            continue;
        }
        let n = bytes.len().max(1);
        for k in 1..=12 {
            let cut = n * k / 13;
            let mut variants = vec![bytes[..cut].to_vec()];
            // Flip one byte into structural characters.
            for b in [b'"', b'{', b'<', b']', 0xFF] {
                let mut v = bytes.clone();
                if let Some(x) = v.get_mut(cut) {
                    *x = b;
                }
                variants.push(v);
            }
            for v in variants {
                cases += 1;
                let r = std::panic::catch_unwind(|| {
                    let _ = import::parse(&v, "x");
                    let _ = import::parse_vex(&v, "x");
                });
                assert!(
                    r.is_ok(),
                    "{} panicked with a corruption at byte {cut}",
                    row.path
                );
            }
        }
    }
    assert!(cases > 1000, "{cases} corrupted inputs");
}
