//! SPDX 2.2/2.3 tag-value lifted into the SPDX JSON shape (with the line of
//! every tag by JSON pointer), so `spdx::convert` reads both. Tags the model
//! does not use are skipped; `<text>` blocks may span lines.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::sbom::SbomError;

#[derive(PartialEq)]
enum Section {
    Document,
    Package,
    File,
    Snippet,
    Other,
}

pub fn to_json(text: &str, file: &str) -> Result<(Value, super::Positions), SbomError> {
    let mut doc = Map::new();
    let mut creators: Vec<Value> = Vec::new();
    let mut created = String::new();
    let mut packages: Vec<Map<String, Value>> = Vec::new();
    let mut files: Vec<Value> = Vec::new();
    let mut relationships: Vec<Value> = Vec::new();
    let mut pos: HashMap<String, (usize, usize)> = HashMap::new();
    let mut section = Section::Document;
    let mut lines = text.lines().enumerate();
    while let Some((i, raw)) = lines.next() {
        let n = i + 1;
        let line = raw.trim_end_matches('\r');
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let Some((tag, rest)) = t.split_once(':') else {
            return Err(SbomError::Syntax {
                file: file.into(),
                line: n,
                column: 1,
                message: format!("expected `Tag: value`, found `{}`", truncate(t)),
            });
        };
        let tag = tag.trim();
        let mut value = rest.trim().to_string();
        if let Some(after) = value.strip_prefix("<text>") {
            let mut buf = after.to_string();
            let mut closed = false;
            if let Some(j) = buf.find("</text>") {
                buf.truncate(j);
                closed = true;
            }
            while !closed {
                let Some((_, l)) = lines.next() else {
                    return Err(SbomError::Syntax {
                        file: file.into(),
                        line: n,
                        column: line.find("<text>").map_or(1, |c| c + 1),
                        message: format!("`{tag}`: <text> is never closed by </text>"),
                    });
                };
                buf.push('\n');
                match l.find("</text>") {
                    Some(j) => {
                        buf.push_str(&l[..j]);
                        closed = true;
                    }
                    None => buf.push_str(l),
                }
            }
            value = buf.trim().to_string();
        }
        let col = line.find(tag).map_or(1, |c| c + 1);
        match tag {
            "PackageName" => {
                section = Section::Package;
                let mut p = Map::new();
                p.insert("name".into(), Value::String(value));
                pos.insert(format!("/packages/{}", packages.len()), (n, col));
                packages.push(p);
                continue;
            }
            "FileName" => {
                section = Section::File;
                files.push(json!({ "fileName": value }));
                continue;
            }
            "SnippetSPDXID" => {
                section = Section::Snippet;
                continue;
            }
            "LicenseID" => {
                section = Section::Other;
                continue;
            }
            "Relationship" => {
                let parts: Vec<&str> = value.split_whitespace().collect();
                pos.insert(format!("/relationships/{}", relationships.len()), (n, col));
                relationships.push(json!({
                    "spdxElementId": parts.first().copied().unwrap_or(""),
                    "relationshipType": parts.get(1).copied().unwrap_or(""),
                    "relatedSpdxElement": parts.get(2).copied().unwrap_or(""),
                }));
                continue;
            }
            "Creator" => {
                pos.insert(
                    format!("/creationInfo/creators/{}", creators.len()),
                    (n, col),
                );
                creators.push(Value::String(value));
                continue;
            }
            "Created" => {
                pos.insert("/creationInfo/created".into(), (n, col));
                created = value;
                continue;
            }
            _ => {}
        }
        match section {
            Section::Document => {
                let key = match tag {
                    "SPDXVersion" => "spdxVersion",
                    "DocumentNamespace" => "documentNamespace",
                    "DocumentName" => "name",
                    "SPDXID" => "SPDXID",
                    "DataLicense" => "dataLicense",
                    _ => continue,
                };
                pos.insert(format!("/{key}"), (n, col));
                doc.insert(key.into(), Value::String(value));
            }
            Section::Package => {
                let k = packages.len() - 1;
                let Some(p) = packages.last_mut() else {
                    continue;
                };
                let ptr = format!("/packages/{k}");
                let key = match tag {
                    "SPDXID" => "SPDXID",
                    "PackageVersion" => "versionInfo",
                    "PackageFileName" => "packageFileName",
                    "PackageSupplier" => "supplier",
                    "PackageOriginator" => "originator",
                    "PackageDownloadLocation" => "downloadLocation",
                    "PackageLicenseConcluded" => "licenseConcluded",
                    "PackageLicenseDeclared" => "licenseDeclared",
                    "PrimaryPackagePurpose" => "primaryPackagePurpose",
                    "BuiltDate" => "builtDate",
                    "ReleaseDate" => "releaseDate",
                    "ValidUntilDate" => "validUntilDate",
                    "PackageDescription" => "description",
                    "PackageSummary" => "summary",
                    "PackageChecksum" => {
                        let (alg, val) = value.split_once(':').unwrap_or((value.as_str(), ""));
                        push(
                            p,
                            "checksums",
                            json!({"algorithm": alg.trim(), "checksumValue": val.trim()}),
                            &ptr,
                            n,
                            col,
                            &mut pos,
                        );
                        continue;
                    }
                    "ExternalRef" => {
                        let parts: Vec<&str> = value.split_whitespace().collect();
                        push(
                            p,
                            "externalRefs",
                            json!({
                                "referenceCategory": parts.first().copied().unwrap_or(""),
                                "referenceType": parts.get(1).copied().unwrap_or(""),
                                "referenceLocator": parts.get(2).copied().unwrap_or(""),
                            }),
                            &ptr,
                            n,
                            col,
                            &mut pos,
                        );
                        continue;
                    }
                    _ => continue,
                };
                pos.insert(format!("{ptr}/{key}"), (n, col));
                p.insert(key.into(), Value::String(value));
            }
            Section::File => {
                if tag == "SPDXID" {
                    if let Some(Value::Object(f)) = files.last_mut() {
                        f.insert("SPDXID".into(), Value::String(value));
                    }
                }
            }
            Section::Snippet | Section::Other => {}
        }
    }
    let mut ci = Map::new();
    if !creators.is_empty() {
        ci.insert("creators".into(), Value::Array(creators));
    }
    if !created.is_empty() {
        ci.insert("created".into(), Value::String(created));
    }
    if !ci.is_empty() {
        doc.insert("creationInfo".into(), Value::Object(ci));
    }
    doc.insert(
        "packages".into(),
        Value::Array(packages.into_iter().map(Value::Object).collect()),
    );
    doc.insert("files".into(), Value::Array(files));
    doc.insert("relationships".into(), Value::Array(relationships));
    Ok((Value::Object(doc), pos))
}

fn push(
    p: &mut Map<String, Value>,
    key: &str,
    v: Value,
    ptr: &str,
    line: usize,
    col: usize,
    pos: &mut HashMap<String, (usize, usize)>,
) {
    let list = p
        .entry(key.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(a) = list {
        pos.insert(format!("{ptr}/{key}/{}", a.len()), (line, col));
        a.push(v);
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_text_blocks_and_relationships_are_lifted() {
        let tv = "SPDXVersion: SPDX-2.3\nDocumentNamespace: https://x/y\nCreator: Tool: t-1\nCreated: 2024-01-01T00:00:00Z\n\
                  PackageName: a\nSPDXID: SPDXRef-a\nPackageDescription: <text>two\nlines</text>\n\
                  ExternalRef: PACKAGE-MANAGER purl pkg:npm/a@1\nPackageChecksum: SHA256: ab\n\
                  FileName: ./f.c\nSPDXID: SPDXRef-f\nRelationship: SPDXRef-a CONTAINS SPDXRef-f\n";
        let (v, pos) = to_json(tv, "t.spdx").expect("lifts");
        assert_eq!(v["packages"][0]["SPDXID"], "SPDXRef-a");
        assert_eq!(v["packages"][0]["description"], "two\nlines");
        assert_eq!(
            v["packages"][0]["externalRefs"][0]["referenceLocator"],
            "pkg:npm/a@1"
        );
        assert_eq!(v["files"][0]["SPDXID"], "SPDXRef-f");
        assert_eq!(v["relationships"][0]["relationshipType"], "CONTAINS");
        assert_eq!(pos.get("/packages/0"), Some(&(5, 1)));
    }

    #[test]
    fn unclosed_text_and_bad_lines_are_located() {
        let err = to_json(
            "SPDXVersion: SPDX-2.3\nPackageComment: <text>never closed\n",
            "t.spdx",
        )
        .err();
        assert!(err.expect("error").to_string().starts_with("t.spdx:2:"));
        let err = to_json("SPDXVersion: SPDX-2.3\njust words\n", "t.spdx").err();
        assert!(err.expect("error").to_string().starts_with("t.spdx:2:1"));
    }
}
