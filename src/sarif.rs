//! SARIF 2.1.0 logs of a check, for CI and GitHub code scanning: one run of
//! the tool `techfile` with the whole rule catalogue (`check::rules`, then the
//! `store.*` load rules), one result per finding, located in the project file
//! by line and column (`jsonpos`) and by its field path (a logical location).
//! A project that could not be loaded gives a failed invocation (its results
//! are not complete) *and* a `store.*` result at the broken place (the one
//! thing a code-scanning UI shows). It builds data only: it reads no file, no
//! clock and no environment, so the same input gives the same bytes.
//!
//! URIs: a relative project path is written as a relative URI with
//! `uriBaseId` `%SRCROOT%` (GitHub resolves it against the checkout; run the
//! check from the repository root); an absolute path becomes a `file://` URI
//! without base id (SARIF allows a base id only with a relative URI). No
//! `informationUri`: no address we do not own.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diag::{Finding, Location, Rule, Severity};
use crate::jsonpos;

/// The SARIF version written.
pub const VERSION: &str = "2.1.0";
/// The `$schema` of the log: the `id` of the OASIS SARIF 2.1.0 Errata 01
/// schema. GitHub's ingestion rules require it to name the final 2.1.0
/// schema; it is an identifier of the format, never fetched by techfile.
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The base id of relative artifact URIs (the checkout's root for GitHub).
pub const SRCROOT: &str = "%SRCROOT%";

/// The rules of loading a project (`store::StoreError::code`), after the
/// check catalogue in every log so that rule indices do not depend on
/// whether the load failed. Id, what it checks.
pub const LOAD_RULES: &[(&str, &str)] = &[
    ("store.read", "The project file can be read"),
    (
        "store.too_large",
        "The project file is within the size a project may have",
    ),
    (
        "store.parse",
        "The project file is UTF-8 JSON of the project schema (no syntax error, no unknown field, every value of its type)",
    ),
    (
        "store.version",
        "The project file's schema_version is one this build reads",
    ),
];

/// The project file a log is about: its path as the user gave it, and its
/// text when it could be read (to locate findings in).
#[derive(Debug, Clone, Copy)]
pub struct Artifact<'a> {
    pub path: &'a Path,
    pub text: Option<&'a str>,
}

/// A project that could not be loaded: the error's stable code
/// (`store.parse`), its message, and where it points (`Location`'s line and
/// column as serde_json reports them, 1-based bytes; or a field path).
#[derive(Debug, Clone, Copy)]
pub struct LoadFailure<'a> {
    pub code: &'a str,
    pub message: &'a str,
    pub location: &'a Location,
}

/// A SARIF log. Serialise it with `to_json`.
#[derive(Debug, Clone, Serialize)]
pub struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

impl Log {
    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings and numbers cannot fail.
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    invocations: Vec<Invocation>,
    results: Vec<ResultObj>,
    /// Present when a text artifact was processed (SARIF §3.14.27).
    #[serde(skip_serializing_if = "Option::is_none")]
    column_kind: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    full_name: String,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: String,
    /// A Pascal-case form of the id (`core.device-srn` -> `CoreDeviceSrn`).
    name: String,
    short_description: Text,
    full_description: Text,
    /// GitHub code scanning requires it; it shows it under the alert.
    help: Text,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Debug, Clone, Serialize)]
struct Text {
    text: String,
}

fn text(s: impl Into<String>) -> Text {
    Text { text: s.into() }
}

#[derive(Debug, Clone, Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Debug, Clone, Serialize)]
struct RuleProperties {
    /// The clause the rule implements (`MDR Annex II 1.1(a)`).
    clause: String,
    /// The part (`core`, `sbom`, `risk`, `ai`, `store`), for filtering.
    tags: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Debug, Clone, Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: Vec<LocationObj>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultObj {
    rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<LocationObj>,
    partial_fingerprints: Fingerprints,
}

#[derive(Debug, Clone, Serialize)]
struct Fingerprints {
    /// Rule, field path and occurrence: stable when lines move.
    #[serde(rename = "techfileFinding/v1")]
    finding: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct LocationObj {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    /// Only for a value on the start line; a longer one is marked by its
    /// first line (endLine defaults to startLine, a missing endColumn to the
    /// end of that line), so an annotation sits on the member's own line.
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    /// The model field path, as the finding carries it.
    fully_qualified_name: String,
}

/// The SARIF level of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The log of a check: every finding as a result in the given order.
pub fn check_log<'r>(
    rules: impl IntoIterator<Item = &'r Rule>,
    artifact: &Artifact,
    findings: &[Finding],
) -> Log {
    let (descriptors, index) = catalogue(rules);
    let uri = artifact_location(artifact.path);
    let regions: Vec<Option<Region>> = match artifact.text {
        Some(text) => {
            let paths: Vec<&str> = findings.iter().map(|f| f.path.as_str()).collect();
            jsonpos::locate_all(text, &paths)
                .into_iter()
                .map(|l| l.map(region_of))
                .collect()
        }
        None => vec![None; findings.len()],
    };
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    let results = findings
        .iter()
        .zip(regions)
        .map(|(f, region)| {
            let n = seen.entry((&f.rule, &f.path)).or_insert(0);
            *n += 1;
            ResultObj {
                rule_id: f.rule.clone(),
                rule_index: index.get(f.rule.as_str()).copied(),
                level: level(f.severity),
                message: text(&f.message),
                locations: vec![LocationObj {
                    physical_location: PhysicalLocation {
                        artifact_location: uri.clone(),
                        region,
                    },
                    logical_locations: logical(&f.path),
                }],
                partial_fingerprints: fingerprint(&f.rule, &f.path, *n),
            }
        })
        .collect();
    log(Run {
        tool: tool(descriptors),
        invocations: vec![Invocation {
            execution_successful: true,
            tool_execution_notifications: Vec::new(),
        }],
        results,
        column_kind: artifact.text.map(|_| "utf16CodeUnits"),
    })
}

/// The log of a project that could not be loaded: an invocation that did not
/// succeed, with an error notification (so a consumer does not take the
/// missing check results for a clean project), and one error result of the
/// `store.*` rule at the place the error names (so code scanning shows it in
/// the file). The region is the error's line and column where it has them,
/// else its field path's place where the text has it, else none.
pub fn load_failure_log<'r>(
    rules: impl IntoIterator<Item = &'r Rule>,
    artifact: &Artifact,
    failure: &LoadFailure,
) -> Log {
    let (mut descriptors, mut index) = catalogue(rules);
    if !index.contains_key(failure.code) {
        index.insert(failure.code.to_string(), descriptors.len());
        descriptors.push(load_rule(failure.code, "The project file can be loaded"));
    }
    let loc = failure.location;
    let region = if loc.line > 0 {
        Some(Region {
            start_line: loc.line,
            start_column: artifact
                .text
                .and_then(|t| jsonpos::utf16_column(t, loc.line, loc.column)),
            end_column: None,
        })
    } else {
        artifact
            .text
            .filter(|_| !loc.path.is_empty())
            .and_then(|t| jsonpos::locate(t, &loc.path))
            .map(region_of)
    };
    let location = LocationObj {
        physical_location: PhysicalLocation {
            artifact_location: artifact_location(artifact.path),
            region,
        },
        logical_locations: logical(known_prefix(&loc.path)),
    };
    let result = ResultObj {
        rule_id: failure.code.to_string(),
        rule_index: index.get(failure.code).copied(),
        level: "error",
        message: text(failure.message),
        locations: vec![location.clone()],
        partial_fingerprints: fingerprint(failure.code, &loc.path, 1),
    };
    log(Run {
        tool: tool(descriptors),
        invocations: vec![Invocation {
            execution_successful: false,
            tool_execution_notifications: vec![Notification {
                level: "error",
                message: text(failure.message),
                locations: vec![location],
            }],
        }],
        results: vec![result],
        column_kind: artifact.text.map(|_| "utf16CodeUnits"),
    })
}

/// The rule catalogue alone (`check --list-rules --format sarif`): a run
/// that analysed nothing, so it has no results and no invocation.
pub fn rules_log<'r>(rules: impl IntoIterator<Item = &'r Rule>) -> Log {
    let (descriptors, _) = catalogue(rules);
    log(Run {
        tool: tool(descriptors),
        invocations: Vec::new(),
        results: Vec::new(),
        column_kind: None,
    })
}

fn log(run: Run) -> Log {
    Log {
        schema: SCHEMA,
        version: VERSION,
        runs: vec![run],
    }
}

fn tool(rules: Vec<ReportingDescriptor>) -> Tool {
    Tool {
        driver: Driver {
            name: "techfile",
            full_name: format!("techfile check {}", env!("CARGO_PKG_VERSION")),
            version: env!("CARGO_PKG_VERSION"),
            semantic_version: env!("CARGO_PKG_VERSION"),
            rules,
        },
    }
}

/// The descriptors of the check rules then the load rules, and each id's index.
fn catalogue<'r>(
    rules: impl IntoIterator<Item = &'r Rule>,
) -> (Vec<ReportingDescriptor>, HashMap<String, usize>) {
    let mut out: Vec<ReportingDescriptor> = rules
        .into_iter()
        .map(|r| ReportingDescriptor {
            id: r.id.to_string(),
            name: pascal(r.id),
            short_description: text(r.summary),
            full_description: text(format!("{} ({})", r.summary, r.clause)),
            help: text(format!(
                "{}.\nClause: {}.\nRule `{}` of the techfile check catalogue (`techfile check --list-rules`).",
                r.summary, r.clause, r.id
            )),
            default_configuration: Configuration {
                level: level(r.severity),
            },
            properties: RuleProperties {
                clause: r.clause.to_string(),
                tags: vec![part_of(r.id).to_string()],
            },
        })
        .collect();
    for (id, summary) in LOAD_RULES {
        if !out.iter().any(|d| d.id == *id) {
            out.push(load_rule(id, summary));
        }
    }
    let index = out
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    (out, index)
}

fn load_rule(id: &str, summary: &str) -> ReportingDescriptor {
    ReportingDescriptor {
        id: id.to_string(),
        name: pascal(id),
        short_description: text(summary),
        full_description: text(format!("{summary} (the project file, schema v1)")),
        help: text(format!(
            "{summary}.\nThe project could not be loaded, so no check rule ran: fix this first."
        )),
        default_configuration: Configuration { level: "error" },
        properties: RuleProperties {
            clause: String::new(),
            tags: vec![part_of(id).to_string()],
        },
    }
}

/// `core.device-srn` -> `CoreDeviceSrn`, `store.too_large` -> `StoreTooLarge`.
fn pascal(id: &str) -> String {
    id.split(['.', '-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn part_of(id: &str) -> &str {
    id.split('.').next().unwrap_or(id)
}

fn logical(path: &str) -> Vec<LogicalLocation> {
    if path.is_empty() {
        return Vec::new();
    }
    vec![LogicalLocation {
        fully_qualified_name: path.to_string(),
    }]
}

/// A load error's field path up to a step serde could not name (`?`):
/// `document.?` -> `document`.
fn known_prefix(path: &str) -> &str {
    let unknown = path
        .match_indices('?')
        .map(|(i, _)| i)
        .find(|&i| i == 0 || path[..i].ends_with('.'));
    match unknown {
        Some(0) => "",
        Some(i) => &path[..i - 1],
        None => path,
    }
}

fn fingerprint(rule: &str, path: &str, occurrence: usize) -> Fingerprints {
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    h.update([0]);
    h.update(path.as_bytes());
    h.update([0]);
    h.update(occurrence.to_string().as_bytes());
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Fingerprints { finding: hex }
}

fn region_of(l: jsonpos::Located) -> Region {
    let end_column = l.end.filter(|e| e.line == l.start.line).map(|e| e.column);
    Region {
        start_line: l.start.line,
        start_column: Some(l.start.column),
        end_column,
    }
}

/// The artifact location of a path: a relative path as a relative URI under
/// `%SRCROOT%` (leading `./` dropped), an absolute one as a `file://` URI.
fn artifact_location(path: &Path) -> ArtifactLocation {
    let raw = path_bytes(path);
    let windows_drive = raw.len() >= 3
        && raw[0].is_ascii_alphabetic()
        && raw[1] == b':'
        && (raw[2] == b'/' || raw[2] == b'\\');
    let slashed: Vec<u8> = if cfg!(windows) || windows_drive {
        raw.iter()
            .map(|&b| if b == b'\\' { b'/' } else { b })
            .collect()
    } else {
        raw
    };
    if windows_drive {
        // file:///C:/dir/file: the drive's colon stays as it is.
        let (drive, rest) = slashed.split_at(2);
        return ArtifactLocation {
            uri: format!(
                "file:///{}{}",
                String::from_utf8_lossy(drive),
                percent_encode(rest)
            ),
            uri_base_id: None,
        };
    }
    if slashed.first() == Some(&b'/') {
        return ArtifactLocation {
            uri: format!("file://{}", percent_encode(&slashed)),
            uri_base_id: None,
        };
    }
    let mut rel: &[u8] = &slashed;
    while let Some(rest) = rel.strip_prefix(b"./") {
        rel = rest;
        while let Some(r) = rel.strip_prefix(b"/") {
            rel = r;
        }
    }
    ArtifactLocation {
        uri: percent_encode(rel),
        uri_base_id: Some(SRCROOT),
    }
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().as_bytes().to_vec()
}

/// Percent-encodes all but unreserved characters and `/` (RFC 3986): spaces,
/// `%`, `#`, `?`, `:` (a colon in a first segment would read as a scheme)
/// and every non-ASCII byte.
fn percent_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const R1: Rule = Rule {
        id: "core.one",
        severity: Severity::Error,
        clause: "MDR Annex II 1.1(a)",
        summary: "The first rule",
    };
    const R2: Rule = Rule {
        id: "risk.two",
        severity: Severity::Warning,
        clause: "ISO 14971 §7.1",
        summary: "The second rule",
    };
    const TEXT: &str = "{\n  \"device\": {\n    \"trade_name\": \"\"\n  },\n  \"risk\": {\"entries\": [{\"id\": \"R-1\"}]}\n}\n";

    fn json(log: &Log) -> Value {
        serde_json::from_str(&log.to_json()).expect("json")
    }

    fn finding(rule: &Rule, severity: Severity, path: &str) -> Finding {
        Finding::with(rule, severity, path, format!("{path} is wrong"))
    }

    #[test]
    fn results_carry_rule_level_region_and_field_path() {
        let findings = [
            finding(&R1, Severity::Error, "device.trade_name"),
            finding(&R2, Severity::Warning, "risk.entries[0].id"),
            finding(&R2, Severity::Info, "risk.entries[0].harm"),
            finding(&R1, Severity::Error, "ai.systems[0].name"),
        ];
        let art = Artifact {
            path: Path::new("./proj/my device.json"),
            text: Some(TEXT),
        };
        let v = json(&check_log([&R1, &R2], &art, &findings));
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "techfile");
        assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(run["columnKind"], "utf16CodeUnits");
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);
        let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
        assert_eq!(rules.len(), 2 + LOAD_RULES.len());
        assert_eq!(rules[1]["id"], "risk.two");
        assert_eq!(rules[1]["name"], "RiskTwo");
        assert_eq!(rules[1]["defaultConfiguration"]["level"], "warning");
        assert_eq!(rules[1]["properties"]["clause"], "ISO 14971 §7.1");
        assert_eq!(
            rules[1]["fullDescription"]["text"],
            "The second rule (ISO 14971 §7.1)"
        );
        assert_eq!(rules[2]["id"], "store.read");
        let r = &run["results"];
        assert_eq!(r[0]["ruleId"], "core.one");
        assert_eq!(r[0]["ruleIndex"], 0);
        assert_eq!(r[0]["level"], "error");
        assert_eq!(r[0]["message"]["text"], "device.trade_name is wrong");
        let loc = &r[0]["locations"][0];
        assert_eq!(
            loc["physicalLocation"]["artifactLocation"]["uri"],
            "proj/my%20device.json"
        );
        assert_eq!(
            loc["physicalLocation"]["artifactLocation"]["uriBaseId"],
            "%SRCROOT%"
        );
        // `"trade_name": ""` on line 3 from column 5 to 21.
        assert_eq!(
            loc["physicalLocation"]["region"],
            serde_json::json!({"startLine": 3, "startColumn": 5, "endColumn": 21})
        );
        assert_eq!(
            loc["logicalLocations"][0]["fullyQualifiedName"],
            "device.trade_name"
        );
        assert_eq!(r[1]["ruleIndex"], 1);
        assert_eq!(r[1]["level"], "warning");
        assert_eq!(
            r[1]["locations"][0]["physicalLocation"]["region"],
            serde_json::json!({"startLine": 5, "startColumn": 25, "endColumn": 36})
        );
        // Info is a note; a missing field is shown at its parent element.
        assert_eq!(r[2]["level"], "note");
        assert_eq!(
            r[2]["locations"][0]["physicalLocation"]["region"]["startColumn"],
            24
        );
        // Nothing of `ai` in the text: the root, a multi-line value, so no
        // end column.
        assert_eq!(
            r[3]["locations"][0]["physicalLocation"]["region"],
            serde_json::json!({"startLine": 1, "startColumn": 1})
        );
    }

    #[test]
    fn the_same_input_gives_the_same_bytes_and_fingerprints_are_distinct() {
        let findings = [
            finding(&R1, Severity::Error, "device.trade_name"),
            finding(&R1, Severity::Error, "device.trade_name"),
            finding(&R2, Severity::Warning, "device.trade_name"),
        ];
        let art = Artifact {
            path: Path::new("p.json"),
            text: Some(TEXT),
        };
        let a = check_log([&R1, &R2], &art, &findings).to_json();
        let b = check_log([&R1, &R2], &art, &findings).to_json();
        assert_eq!(a, b);
        let v: Value = serde_json::from_str(&a).expect("json");
        let fps: std::collections::BTreeSet<String> = v["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| r["partialFingerprints"]["techfileFinding/v1"].to_string())
            .collect();
        assert_eq!(fps.len(), 3);
    }

    #[test]
    fn without_text_a_result_has_no_region() {
        let art = Artifact {
            path: Path::new("p.json"),
            text: None,
        };
        let v = json(&check_log(
            [&R1],
            &art,
            &[finding(&R1, Severity::Error, "device.trade_name")],
        ));
        let pl = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
        assert!(pl.get("region").is_none(), "{pl}");
        assert!(v["runs"][0].get("columnKind").is_none());
    }

    #[test]
    fn an_unknown_rule_id_has_no_rule_index() {
        let mut f = finding(&R1, Severity::Error, "device");
        f.rule = "core.unknown".into();
        let art = Artifact {
            path: Path::new("p.json"),
            text: Some(TEXT),
        };
        let v = json(&check_log([&R1], &art, &[f]));
        let r = &v["runs"][0]["results"][0];
        assert_eq!(r["ruleId"], "core.unknown");
        assert!(r.get("ruleIndex").is_none());
    }

    #[test]
    fn a_load_failure_is_a_failed_invocation_and_a_located_result() {
        let text = "{\n  \"schema_version\": 1,\n  \"dévice\": {,\n}";
        let loc = Location::line_col("p.json", 3, 16);
        let failure = LoadFailure {
            code: "store.parse",
            message: "p.json:3:16: expected value",
            location: &loc,
        };
        let art = Artifact {
            path: Path::new("p.json"),
            text: Some(text),
        };
        let v = json(&load_failure_log([&R1], &art, &failure));
        let run = &v["runs"][0];
        let inv = &run["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false);
        assert_eq!(inv["toolExecutionNotifications"][0]["level"], "error");
        let r = &run["results"][0];
        assert!(r["locations"][0].get("logicalLocations").is_none());
        assert_eq!(r["ruleId"], "store.parse");
        assert_eq!(r["level"], "error");
        assert_eq!(
            run["tool"]["driver"]["rules"][r["ruleIndex"].as_u64().expect("index") as usize]["id"],
            "store.parse"
        );
        // Byte column 16 is UTF-16 column 15 after the two-byte `é`.
        assert_eq!(
            r["locations"][0]["physicalLocation"]["region"],
            serde_json::json!({"startLine": 3, "startColumn": 15})
        );
        // A version error has no line: its field's place.
        let loc = Location::at("p.json", "schema_version");
        let failure = LoadFailure {
            code: "store.version",
            message: "p.json: schema_version 7 is not supported",
            location: &loc,
        };
        let v = json(&load_failure_log([&R1], &art, &failure));
        let r = &v["runs"][0]["results"][0];
        assert_eq!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            2
        );
        // A read error: the file, no region, and a code not in the table
        // still gets a rule.
        let loc = Location::file("p.json");
        let failure = LoadFailure {
            code: "store.mystery",
            message: "p.json: cannot read",
            location: &loc,
        };
        let art = Artifact {
            path: Path::new("p.json"),
            text: None,
        };
        let v = json(&load_failure_log([&R1], &art, &failure));
        let r = &v["runs"][0]["results"][0];
        assert!(r["locations"][0]["physicalLocation"]
            .get("region")
            .is_none());
        let i = r["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(
            v["runs"][0]["tool"]["driver"]["rules"][i]["id"],
            "store.mystery"
        );
    }

    #[test]
    fn the_rules_log_lists_the_catalogue_and_analyses_nothing() {
        let v = json(&rules_log([&R1, &R2]));
        let run = &v["runs"][0];
        assert_eq!(run["results"], serde_json::json!([]));
        assert!(run.get("invocations").is_none());
        assert_eq!(run["tool"]["driver"]["rules"][0]["id"], "core.one");
    }

    #[test]
    fn an_unknown_step_of_a_load_error_path_is_cut() {
        assert_eq!(known_prefix("document.?"), "document");
        assert_eq!(known_prefix("?"), "");
        assert_eq!(known_prefix("a.b[2].?.c"), "a.b[2]");
        assert_eq!(known_prefix("a.wh?t"), "a.wh?t");
        assert_eq!(known_prefix("device.srn"), "device.srn");
    }

    #[test]
    fn paths_become_uris() {
        let uri = |p: &str| {
            let a = artifact_location(Path::new(p));
            (a.uri, a.uri_base_id)
        };
        assert_eq!(
            uri("examples/ecg/techfile.json"),
            ("examples/ecg/techfile.json".into(), Some(SRCROOT))
        );
        assert_eq!(uri("./a.json"), ("a.json".into(), Some(SRCROOT)));
        assert_eq!(uri(".//./a.json"), ("a.json".into(), Some(SRCROOT)));
        assert_eq!(uri("../up/a.json"), ("../up/a.json".into(), Some(SRCROOT)));
        assert_eq!(
            uri("dir/a b#c?%d:é.json"),
            ("dir/a%20b%23c%3F%25d%3A%C3%A9.json".into(), Some(SRCROOT))
        );
        assert_eq!(uri("c:x.json"), ("c%3Ax.json".into(), Some(SRCROOT)));
        assert_eq!(
            uri("/tmp/my dir/a.json"),
            ("file:///tmp/my%20dir/a.json".into(), None)
        );
        assert_eq!(
            uri("C:\\Users\\me\\a.json"),
            ("file:///C:/Users/me/a.json".into(), None)
        );
    }
}
