//! SBOM import: bytes -> format detected from the content -> per-format wire
//! shape -> the version-free model (`Parsed`). It owns decoding (UTF-8,
//! UTF-8/UTF-16 with BOM), the size and nesting limits, format detection, and
//! the import warnings (rule, message, location). Parsing is lenient: unknown
//! fields are ignored, unknown values kept; validation runs beside it and
//! reports every broken rule as a warning naming the rule. It does not touch
//! a project (see `merge`).
//!
//! CycloneDX XML and SPDX tag-value are first lifted into the JSON shape of
//! their format (with a map from JSON pointer to line and column), so one
//! converter per format family serves both serializations.

pub(crate) mod cyclonedx;
pub(crate) mod json;
mod license;
pub(crate) mod node;
mod openvex;
mod spdx;
mod spdx3;
mod tagvalue;
mod xml;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use node::Node as Value;

use super::model::{Component, SbomDocument, Vulnerability};
use super::SbomError;
use crate::util::{NoObserver, Observer};

/// SBOM and VEX files larger than this are refused before parsing.
pub const MAX_SBOM_BYTES: u64 = 256 * 1024 * 1024;

/// JSON and XML nested deeper than this are refused (no stack overflow, in
/// parsing, walking or dropping the tree).
pub const MAX_DEPTH: usize = 128;

/// The serializations Techfile reads, as named in errors.
pub const SUPPORTED: &str =
    "CycloneDX 1.1-1.7 JSON or XML, SPDX 2.2/2.3 JSON or tag-value, SPDX 3.0.1 JSON-LD";

/// A serialization of an SBOM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    CycloneDxJson,
    CycloneDxXml,
    SpdxJson,
    SpdxTagValue,
    Spdx3JsonLd,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::CycloneDxJson => "cyclonedx-json",
            Format::CycloneDxXml => "cyclonedx-xml",
            Format::SpdxJson => "spdx-json",
            Format::SpdxTagValue => "spdx-tagvalue",
            Format::Spdx3JsonLd => "spdx3-jsonld",
        }
    }
}

pub use crate::diag::ImportWarning;

/// One SBOM read into the model, not yet attached to a project.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// `item` is empty; `merge` sets it.
    pub document: SbomDocument,
    /// In document order; `id`s computed, `depends_on` resolved to `id`s.
    pub components: Vec<Component>,
    /// Vulnerabilities the document carries (CycloneDX VEX inside an SBOM).
    pub vulnerabilities: Vec<Vulnerability>,
    /// The described software (`metadata.component`, SPDX described package):
    /// its `id` and what it depends on, kept out of `components`.
    pub root: Option<Component>,
    pub warnings: Vec<ImportWarning>,
}

/// Reads and parses one SBOM file.
pub fn read_file(path: &Path) -> Result<Parsed, SbomError> {
    read_file_observed(path, &NoObserver)
}

/// `read_file`, telling `obs` as each stage ends (`super::SBOM_STAGES`:
/// `sbom.read`, `sbom.parse`, `sbom.components`) and every `TICK`
/// components converted, and stopping with `SbomError::Cancelled` at the
/// first of those points at which it asks to.
pub fn read_file_observed(path: &Path, obs: &dyn Observer) -> Result<Parsed, SbomError> {
    let bytes = read_limited(path)?;
    checkpoint(obs, "sbom.read")?;
    let name = path.display().to_string();
    parse_observed(&bytes, &name, obs)
}

/// How many components are converted between two reports to the observer
/// (and two questions whether to stop): a few hundred microseconds' work.
pub const TICK: usize = 100;

/// Tells `obs` that stage `name` ended; `Cancelled` if it asks to stop.
pub(crate) fn checkpoint(obs: &dyn Observer, name: &str) -> Result<(), SbomError> {
    obs.stage(name);
    if obs.cancelled() {
        return Err(SbomError::Cancelled);
    }
    Ok(())
}

/// Called by the converters as they reach component `done` of `total`:
/// every `TICK` components `obs` is told and asked whether to stop.
pub(crate) fn tick(obs: &dyn Observer, done: usize, total: usize) -> Result<(), SbomError> {
    if done.is_multiple_of(TICK) {
        obs.progress(done, total);
        if obs.cancelled() {
            return Err(SbomError::Cancelled);
        }
    }
    Ok(())
}

/// Reads a file, refusing it above `MAX_SBOM_BYTES` before reading it.
pub(crate) fn read_limited(path: &Path) -> Result<Vec<u8>, SbomError> {
    let file = path.display().to_string();
    crate::util::read_input(path, MAX_SBOM_BYTES).map_err(|e| match e {
        crate::util::ReadError::Io(error) => SbomError::Read { file, error },
        crate::util::ReadError::TooLarge(size) => SbomError::TooLarge {
            file,
            size,
            max: MAX_SBOM_BYTES,
        },
    })
}

/// Parses the bytes of an SBOM; `file` names it in errors and provenance.
pub fn parse(bytes: &[u8], file: &str) -> Result<Parsed, SbomError> {
    parse_observed(bytes, file, &NoObserver)
}

/// `parse`, telling `obs` how far it is (see `read_file_observed`).
pub fn parse_observed(bytes: &[u8], file: &str, obs: &dyn Observer) -> Result<Parsed, SbomError> {
    if bytes.len() as u64 > MAX_SBOM_BYTES {
        return Err(SbomError::TooLarge {
            file: file.into(),
            size: crate::util::InputSize::Bytes(bytes.len() as u64),
            max: MAX_SBOM_BYTES,
        });
    }
    let text = decode(bytes, file)?;
    let mut parsed = match sniff(&text) {
        Sniff::Json => {
            let v = parse_json(&text, file)?;
            checkpoint(obs, "sbom.parse")?;
            let mut p = from_json_value(&v, file, obs)?;
            p.warnings.extend(number_warnings(&text, file));
            p
        }
        Sniff::Xml => {
            let doc = xml::parse(&text, file)?;
            let kind = doc.root_kind();
            match kind {
                xml::RootKind::CycloneDx => {
                    let (v, positions) = xml::cyclonedx_to_json(&doc, file)?;
                    let v = Value::from(&v);
                    checkpoint(obs, "sbom.parse")?;
                    let loc = Locator::Positions { file, positions };
                    cyclonedx::convert(&v, Format::CycloneDxXml, &loc, obs)?
                }
                xml::RootKind::Rdf => {
                    return Err(SbomError::Unsupported {
                        file: file.into(),
                        what: "SPDX RDF/XML".into(),
                    })
                }
                xml::RootKind::Other(name) => {
                    return Err(SbomError::Unsupported {
                        file: file.into(),
                        what: format!("XML with root element <{name}>"),
                    })
                }
            }
        }
        Sniff::TagValue => {
            let (v, positions) = tagvalue::to_json(&text, file)?;
            let v = Value::from(&v);
            checkpoint(obs, "sbom.parse")?;
            let loc = Locator::Positions { file, positions };
            spdx::convert(&v, Format::SpdxTagValue, &loc, obs)?
        }
        Sniff::Yaml => {
            return Err(SbomError::Unsupported {
                file: file.into(),
                what: "YAML".into(),
            })
        }
        Sniff::Unknown => {
            return Err(SbomError::Unsupported {
                file: file.into(),
                what: "a file that is neither JSON, XML nor SPDX tag-value".into(),
            })
        }
    };
    parsed.document.file_name = Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string());
    parsed.document.sha256 = crate::util::sha256_hex(bytes);
    checkpoint(obs, "sbom.components")?;
    Ok(parsed)
}

fn from_json_value(v: &Value, file: &str, obs: &dyn Observer) -> Result<Parsed, SbomError> {
    let loc = Locator::Pointer { file };
    let obj = v;
    if !v.is_object() {
        return Err(SbomError::Invalid {
            location: loc.at(""),
            message: "expected a JSON object at the top level".into(),
        });
    }
    if obj.contains_key("bomFormat") || obj.contains_key("specVersion") {
        return cyclonedx::convert(v, Format::CycloneDxJson, &loc, obs);
    }
    if obj.contains_key("spdxVersion") || obj.contains_key("SPDXID") {
        return spdx::convert(v, Format::SpdxJson, &loc, obs);
    }
    if obj.contains_key("@graph") || context_mentions(v, "spdx") {
        return spdx3::convert(v, &loc, obs);
    }
    if context_mentions(v, "openvex") {
        return Err(SbomError::Invalid {
            location: loc.at("/@context"),
            message:
                "this is an OpenVEX document, not an SBOM; import it with `techfile import vex`"
                    .into(),
        });
    }
    Err(SbomError::Unsupported {
        file: file.into(),
        what: "JSON that is neither CycloneDX (`bomFormat`), SPDX 2 (`spdxVersion`) nor SPDX 3 (`@context`/`@graph`)"
            .into(),
    })
}

pub(crate) fn context_mentions(v: &Value, needle: &str) -> bool {
    match v.get("@context") {
        Some(Value::String(s)) => s.contains(needle),
        Some(Value::Array(a)) => a
            .iter()
            .any(|x| x.as_str().is_some_and(|s| s.contains(needle))),
        _ => false,
    }
}

/// Decodes UTF-8 (BOM optional) and UTF-16 LE/BE with BOM.
pub(crate) fn decode<'a>(
    bytes: &'a [u8],
    file: &str,
) -> Result<std::borrow::Cow<'a, str>, SbomError> {
    let utf16 = |rest: &[u8], le: bool| -> Result<std::borrow::Cow<'a, str>, SbomError> {
        if !rest.len().is_multiple_of(2) {
            return Err(SbomError::Encoding {
                file: file.into(),
                message: "UTF-16 file with an odd number of bytes".into(),
            });
        }
        let units = rest.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .enumerate()
            .map(|(i, r)| {
                r.map_err(|_| SbomError::Encoding {
                    file: file.into(),
                    message: format!("invalid UTF-16 at byte {}", 2 + 2 * i),
                })
            })
            .collect::<Result<String, _>>()
            .map(std::borrow::Cow::Owned)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(std::borrow::Cow::Borrowed(s)),
        Err(e) => {
            let (line, column) = line_col(body, e.valid_up_to());
            Err(SbomError::Syntax {
                file: file.into(),
                line,
                column,
                message: "invalid UTF-8 (an SBOM is UTF-8, or UTF-16 with a byte-order mark)"
                    .into(),
            })
        }
    }
}

pub(crate) fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

enum Sniff {
    Json,
    Xml,
    TagValue,
    Yaml,
    Unknown,
}

fn sniff(text: &str) -> Sniff {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if t.starts_with('{') || t.starts_with('[') {
        return Sniff::Json;
    }
    if t.starts_with('<') {
        return Sniff::Xml;
    }
    for line in t.lines().take(200) {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if l.starts_with("SPDXVersion:") {
            return Sniff::TagValue;
        }
        if l == "---" || l.starts_with("spdxVersion:") || l.starts_with("bomFormat:") {
            return Sniff::Yaml;
        }
    }
    if t.lines()
        .any(|l| l.trim_start().starts_with("spdxVersion:"))
    {
        return Sniff::Yaml;
    }
    Sniff::Unknown
}

/// Parses JSON without recursion limits blowing the stack: nesting is
/// measured first and refused beyond `MAX_DEPTH` with its position. A number
/// too large for an f64 is an error naming its field.
pub(crate) fn parse_json<'a>(text: &'a str, file: &str) -> Result<Value<'a>, SbomError> {
    check_json_depth(text, file)?;
    serde_json::from_str::<Value>(text).map_err(|e| {
        let message = strip_position(&e.to_string());
        if message == "number out of range" {
            if let Some(n) = crate::util::json_numbers_out_of_range(text, 1).pop() {
                return SbomError::Syntax {
                    file: file.into(),
                    line: n.line,
                    column: n.column,
                    message: format!("{}: {}", n.pointer(), n.problem()),
                };
            }
        }
        SbomError::Syntax {
            file: file.into(),
            line: e.line(),
            column: e.column(),
            message,
        }
    })
}

/// Most warnings one file gets about numbers out of range.
const MAX_NUMBER_WARNINGS: usize = 100;

/// A warning for each number too small for an f64 (`1e-400`, which JSON
/// parsing reads as 0): named by its JSON pointer, never silently 0.
pub(crate) fn number_warnings(text: &str, file: &str) -> Vec<ImportWarning> {
    crate::util::json_numbers_out_of_range(text, MAX_NUMBER_WARNINGS)
        .into_iter()
        .map(|n| ImportWarning {
            rule: "json.number-range".into(),
            location: format!("{file}#{}", n.pointer()),
            message: n.problem(),
        })
        .collect()
}

fn check_json_depth(text: &str, file: &str) -> Result<(), SbomError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_str = false;
    let mut esc = false;
    for (i, &b) in bytes.iter().enumerate() {
        if in_str {
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                in_str = false;
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    let (line, column) = line_col(bytes, i);
                    return Err(SbomError::Syntax {
                        file: file.into(),
                        line,
                        column,
                        message: format!("JSON nested deeper than {MAX_DEPTH} levels is refused"),
                    });
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Line and column of each element of a lifted document, by JSON pointer.
pub(crate) type Positions = HashMap<String, (usize, usize)>;

/// Turns a JSON pointer into a location string: the pointer itself for JSON
/// sources, the line and column of the nearest element for lifted sources.
pub(crate) enum Locator<'a> {
    Pointer { file: &'a str },
    Positions { file: &'a str, positions: Positions },
}

impl Locator<'_> {
    pub fn at(&self, pointer: &str) -> String {
        match self {
            Locator::Pointer { file } => format!("{file}#{pointer}"),
            Locator::Positions { file, positions } => {
                let mut p = pointer;
                loop {
                    if let Some((l, c)) = positions.get(p) {
                        return format!("{file}:{l}:{c}");
                    }
                    match p.rfind('/') {
                        Some(i) => p = &p[..i],
                        None => return format!("{file}#{pointer}"),
                    }
                }
            }
        }
    }
}

/// Collects warnings while a converter walks a document.
pub(crate) struct Warn<'a> {
    pub loc: &'a Locator<'a>,
    pub list: Vec<ImportWarning>,
}

impl<'a> Warn<'a> {
    pub fn new(loc: &'a Locator<'a>) -> Self {
        Warn {
            loc,
            list: Vec::new(),
        }
    }
    pub fn add(&mut self, rule: &str, pointer: &str, message: impl Into<String>) {
        self.list.push(ImportWarning {
            rule: rule.into(),
            message: message.into(),
            location: self.loc.at(pointer),
        });
    }
    /// Warns `message` when a required `value` is empty; whether it is there.
    pub fn require(&mut self, value: &str, rule: &str, pointer: &str, message: &str) -> bool {
        if value.is_empty() {
            self.add(rule, pointer, message);
        }
        !value.is_empty()
    }
}

/// The identity of a component in the device inventory (see `Component::id`).
pub fn component_id(purl: &str, group: &str, name: &str, version: &str) -> String {
    if !purl.is_empty() {
        return purl.to_string();
    }
    let mut s = String::new();
    if !group.is_empty() {
        s.push_str(group);
        s.push('/');
    }
    s.push_str(name);
    if !version.is_empty() {
        s.push('@');
        s.push_str(version);
    }
    s
}

/// Resolves source references to component ids: sets `id`, rewrites
/// `depends_on`/`parent`/vulnerability refs, merges duplicates within one
/// document (with a warning), and warns on references to nothing.
pub(crate) fn finish(
    mut comps: Vec<Component>,
    mut root: Option<Component>,
    mut vulns: Vec<Vulnerability>,
    warn: &mut Warn,
    ref_pointer: &dyn Fn(usize) -> String,
) -> (Vec<Component>, Option<Component>, Vec<Vulnerability>) {
    let mut by_ref: HashMap<String, String> = HashMap::with_capacity(comps.len() + 1);
    for c in comps.iter_mut() {
        c.id = component_id(&c.purl, &c.group, &c.name, &c.version);
        if !c.source_ref.is_empty() {
            by_ref.insert(c.source_ref.clone(), c.id.clone());
        }
        by_ref.entry(c.purl.clone()).or_insert_with(|| c.id.clone());
    }
    by_ref.remove("");
    let root_ref = root
        .as_ref()
        .map(|r| r.source_ref.clone())
        .unwrap_or_default();
    if let Some(r) = root.as_mut() {
        r.id = component_id(&r.purl, &r.group, &r.name, &r.version);
    }
    let resolve = |r: &str| -> Option<String> { by_ref.get(r).cloned() };
    for (i, c) in comps.iter_mut().enumerate() {
        if !c.parent.is_empty() {
            c.parent = resolve(&c.parent).unwrap_or_else(|| c.parent.clone());
        }
        let mut deps = Vec::with_capacity(c.depends_on.len());
        for d in std::mem::take(&mut c.depends_on) {
            if d == root_ref && !root_ref.is_empty() {
                continue;
            }
            match resolve(&d) {
                Some(id) => deps.push(id),
                None => {
                    warn.add(
                        "dependency-ref",
                        &ref_pointer(i),
                        format!(
                            "`{}` depends on `{d}`, which no component of the file defines",
                            c.name
                        ),
                    );
                    deps.push(d);
                }
            }
        }
        deps.sort();
        deps.dedup();
        c.depends_on = deps;
    }
    if let Some(r) = root.as_mut() {
        let mut deps: Vec<String> = r.depends_on.iter().filter_map(|d| resolve(d)).collect();
        deps.sort();
        deps.dedup();
        r.depends_on = deps;
    }
    for v in vulns.iter_mut() {
        for a in v.affects.iter_mut() {
            let r = strip_bom_link(&a.component);
            if let Some(id) = resolve(r) {
                a.component = id;
            } else if r == root_ref && !root_ref.is_empty() {
                if let Some(root) = root.as_ref() {
                    a.component = root.id.clone();
                }
            }
        }
    }
    // One component per id: later duplicates are merged into the first.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out: Vec<Component> = Vec::with_capacity(comps.len());
    for (i, c) in comps.into_iter().enumerate() {
        match seen.get(&c.id) {
            Some(&j) => {
                warn.add(
                    "duplicate-component",
                    &ref_pointer(i),
                    format!(
                        "component `{}` is listed more than once; the entries are merged",
                        c.id
                    ),
                );
                let first = &mut out[j];
                for d in c.depends_on {
                    if !first.depends_on.contains(&d) {
                        first.depends_on.push(d);
                    }
                }
                first.depends_on.sort();
            }
            None => {
                seen.insert(c.id.clone(), out.len());
                out.push(c);
            }
        }
    }
    (out, root, vulns)
}

/// `urn:cdx:serial/version#ref` -> `ref` (CycloneDX BOM-Link).
pub(crate) fn strip_bom_link(r: &str) -> &str {
    if r.starts_with("urn:cdx:") {
        if let Some(i) = r.find('#') {
            return &r[i + 1..];
        }
    }
    r
}

/// Reads a VEX file (CycloneDX with `vulnerabilities`, or OpenVEX) into
/// vulnerabilities whose `affects[].component` hold references as written
/// (purls or bom-refs); `merge` resolves them against the project.
pub fn read_vex(path: &Path) -> Result<(Vec<Vulnerability>, Vec<ImportWarning>), SbomError> {
    let bytes = read_limited(path)?;
    parse_vex(&bytes, &path.display().to_string())
}

pub fn parse_vex(
    bytes: &[u8],
    file: &str,
) -> Result<(Vec<Vulnerability>, Vec<ImportWarning>), SbomError> {
    let text = decode(bytes, file)?;
    let origin = Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string());
    match sniff(&text) {
        Sniff::Json => {
            let v = parse_json(&text, file)?;
            let loc = Locator::Pointer { file };
            if context_mentions(&v, "openvex") || v.get("statements").is_some() {
                let (mut vulns, mut warnings) = openvex::convert(&v, &loc)?;
                set_origin(&mut vulns, &origin);
                warnings.extend(number_warnings(&text, file));
                return Ok((vulns, warnings));
            }
            if v.get("bomFormat").is_some() {
                let p = cyclonedx::convert(&v, Format::CycloneDxJson, &loc, &NoObserver)?;
                let mut vulns = p.vulnerabilities;
                set_origin(&mut vulns, &origin);
                let mut warnings = p.warnings;
                warnings.extend(number_warnings(&text, file));
                return Ok((vulns, warnings));
            }
            Err(SbomError::Unsupported {
                file: file.into(),
                what: "JSON that is neither OpenVEX nor CycloneDX VEX".into(),
            })
        }
        Sniff::Xml => {
            let p = parse(bytes, file)?;
            let mut vulns = p.vulnerabilities;
            set_origin(&mut vulns, &origin);
            Ok((vulns, p.warnings))
        }
        _ => Err(SbomError::Unsupported {
            file: file.into(),
            what: "a VEX serialization other than CycloneDX JSON/XML or OpenVEX JSON".into(),
        }),
    }
}

fn set_origin(vulns: &mut [Vulnerability], origin: &str) {
    for v in vulns {
        for a in &mut v.affects {
            a.origin = origin.to_string();
        }
    }
}
