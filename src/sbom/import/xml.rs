//! XML reading for CycloneDX XML (and recognising SPDX RDF/XML to refuse it by
//! name). It owns the safe XML subset: a DOCTYPE is refused (so no entity can
//! be declared: no XXE, no entity expansion), only the five predefined entities
//! and character references are resolved, nesting is limited. It lifts a
//! CycloneDX document into the CycloneDX JSON shape with a map from JSON
//! pointer to line and column, so `cyclonedx::convert` serves both.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::{Map, Value};

use super::{line_col, MAX_DEPTH};
use crate::sbom::SbomError;

#[derive(Debug, Default)]
pub struct Elem {
    /// Local name (prefix dropped).
    pub name: String,
    pub prefix: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Elem>,
    pub text: String,
    pub line: usize,
    pub column: usize,
}

pub struct Doc {
    pub root: Elem,
    /// xmlns declarations seen anywhere: prefix ("" for default) -> URI.
    pub namespaces: HashMap<String, String>,
}

pub enum RootKind {
    CycloneDx,
    Rdf,
    Other(String),
}

impl Doc {
    pub fn root_kind(&self) -> RootKind {
        let ns = self
            .namespaces
            .get(&self.root.prefix)
            .map(String::as_str)
            .unwrap_or("");
        if self.root.name == "bom" && ns.contains("cyclonedx.org/schema/bom") {
            RootKind::CycloneDx
        } else if self.root.name == "RDF" {
            RootKind::Rdf
        } else {
            RootKind::Other(self.root.name.clone())
        }
    }
}

/// Incremental byte offset -> (line, column); offsets must not go back.
struct Lines<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
    line_start: usize,
}

impl Lines<'_> {
    fn at(&mut self, off: usize) -> (usize, usize) {
        let off = off.min(self.bytes.len());
        if off < self.offset {
            return line_col(self.bytes, off);
        }
        for (i, &b) in self.bytes[self.offset..off].iter().enumerate() {
            if b == b'\n' {
                self.line += 1;
                self.line_start = self.offset + i + 1;
            }
        }
        self.offset = off;
        (self.line, off - self.line_start + 1)
    }
}

pub fn parse(text: &str, file: &str) -> Result<Doc, SbomError> {
    let mut reader = Reader::from_str(text);
    let mut lines = Lines {
        bytes: text.as_bytes(),
        offset: 0,
        line: 1,
        line_start: 0,
    };
    let mut namespaces = HashMap::new();
    let mut stack: Vec<Elem> = Vec::new();
    let mut root: Option<Elem> = None;
    let syntax = |lines: &mut Lines, off: u64, message: String| {
        let (line, column) = lines.at(off as usize);
        SbomError::Syntax {
            file: file.into(),
            line,
            column,
            message,
        }
    };
    loop {
        let start = reader.buffer_position();
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let off = reader.error_position();
                return Err(syntax(&mut lines, off, format!("malformed XML: {e}")));
            }
        };
        match ev {
            Event::DocType(_) => {
                return Err(syntax(
                    &mut lines,
                    start,
                    "an XML DOCTYPE is refused (no DTDs or entity declarations: XXE and entity expansion)".into(),
                ));
            }
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(syntax(
                    &mut lines,
                    start,
                    "content after the root element".into(),
                ));
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(syntax(
                        &mut lines,
                        start,
                        format!("XML nested deeper than {MAX_DEPTH} levels is refused"),
                    ));
                }
                let qname = e.name();
                let full: &str = qname.0;
                let (prefix, local) = match full.split_once(':') {
                    Some((p, l)) => (p.to_string(), l.to_string()),
                    None => (String::new(), full.to_string()),
                };
                let mut attrs = Vec::new();
                for a in e.attributes() {
                    let a = match a {
                        Ok(a) => a,
                        Err(err) => {
                            return Err(syntax(
                                &mut lines,
                                start,
                                format!("malformed attribute: {err}"),
                            ));
                        }
                    };
                    let key = a.key.0.to_string();
                    let value = match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                        Ok(v) => v.into_owned(),
                        Err(err) => {
                            return Err(syntax(
                                &mut lines,
                                start,
                                format!("attribute `{key}`: {err} (only the predefined XML entities are allowed)"),
                            ));
                        }
                    };
                    if key == "xmlns" {
                        namespaces.insert(String::new(), value.clone());
                    } else if let Some(p) = key.strip_prefix("xmlns:") {
                        namespaces.insert(p.to_string(), value.clone());
                    }
                    let local_key = key.rsplit(':').next().unwrap_or(&key).to_string();
                    attrs.push((local_key, value));
                }
                let (line, column) = lines.at(start as usize);
                let el = Elem {
                    name: local,
                    prefix,
                    attrs,
                    children: Vec::new(),
                    text: String::new(),
                    line,
                    column,
                };
                if matches!(ev, Event::Start(_)) {
                    stack.push(el);
                } else if let Some(parent) = stack.last_mut() {
                    parent.children.push(el);
                } else {
                    root = Some(el);
                }
            }
            Event::End(_) => {
                let Some(el) = stack.pop() else {
                    return Err(syntax(
                        &mut lines,
                        start,
                        "closing tag without an opening tag".into(),
                    ));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = r.xml10_content();
                        match name.as_ref() {
                            "amp" => "&".into(),
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "quot" => "\"".into(),
                            "apos" => "'".into(),
                            other => {
                                return Err(syntax(
                                    &mut lines,
                                    start,
                                    format!("entity `&{other};` is refused (only the predefined XML entities are allowed)"),
                                ));
                            }
                        }
                    }
                    Err(e) => {
                        return Err(syntax(
                            &mut lines,
                            start,
                            format!("bad character reference: {e}"),
                        ))
                    }
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&ch);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(syntax(
            &mut lines,
            text.len() as u64,
            "unexpected end of file: unclosed element".into(),
        ));
    }
    let Some(root) = root else {
        return Err(syntax(&mut lines, 0, "no root element".into()));
    };
    Ok(Doc { root, namespaces })
}

/// Containers whose children form a JSON array: container -> child element name.
const LISTS: &[(&str, &str)] = &[
    ("components", "component"),
    ("services", "service"),
    ("hashes", "hash"),
    ("dependencies", "dependency"),
    ("externalReferences", "reference"),
    ("authors", "author"),
    ("vulnerabilities", "vulnerability"),
    ("ratings", "rating"),
    ("affects", "target"),
    ("cwes", "cwe"),
    ("advisories", "advisory"),
    ("properties", "property"),
    ("versions", "version"),
    ("lifecycles", "lifecycle"),
    ("licenses", ""),
];

/// The CycloneDX JSON shape of a CycloneDX XML document, with the position
/// of every element by JSON pointer.
pub fn cyclonedx_to_json(doc: &Doc, file: &str) -> Result<(Value, super::Positions), SbomError> {
    let ns = doc
        .namespaces
        .get(&doc.root.prefix)
        .cloned()
        .unwrap_or_default();
    let version = ns.rsplit('/').next().unwrap_or("").to_string();
    if !super::cyclonedx::KNOWN_VERSIONS.contains(&version.as_str()) {
        return Err(SbomError::Invalid {
            location: format!("{file}:{}:{}", doc.root.line, doc.root.column),
            message: format!(
                "namespace `{ns}` is not a CycloneDX version Techfile knows; expected http://cyclonedx.org/schema/bom/1.0 to 1.7"
            ),
        });
    }
    let cdx_prefixes: Vec<&str> = doc
        .namespaces
        .iter()
        .filter(|(_, u)| u.contains("cyclonedx.org/schema/bom"))
        .map(|(p, _)| p.as_str())
        .collect();
    let mut lift = Lift {
        pos: HashMap::new(),
        cdx_prefixes,
    };
    let mut v = lift.object(&doc.root, "");
    if let Value::Object(m) = &mut v {
        m.insert("bomFormat".into(), Value::String("CycloneDX".into()));
        m.insert("specVersion".into(), Value::String(version));
    }
    Ok((v, lift.pos))
}

struct Lift<'a> {
    pos: HashMap<String, (usize, usize)>,
    cdx_prefixes: Vec<&'a str>,
}

impl Lift<'_> {
    fn ours(&self, e: &Elem) -> bool {
        ours(&self.cdx_prefixes, e)
    }

    fn value(&mut self, e: &Elem, ptr: &str) -> Value {
        self.pos.insert(ptr.to_string(), (e.line, e.column));
        match e.name.as_str() {
            "hash" => {
                let mut m = Map::new();
                m.insert("alg".into(), Value::String(attr(e, "alg").into()));
                m.insert("content".into(), Value::String(e.text.trim().into()));
                Value::Object(m)
            }
            "property" => {
                let mut m = Map::new();
                m.insert("name".into(), Value::String(attr(e, "name").into()));
                m.insert("value".into(), Value::String(e.text.trim().into()));
                Value::Object(m)
            }
            "dependency" => {
                let mut m = Map::new();
                if let Some(r) = e.attrs.iter().find(|(k, _)| k == "ref") {
                    m.insert("ref".into(), Value::String(r.1.clone()));
                }
                let on: Vec<Value> = e
                    .children
                    .iter()
                    .filter(|c| c.name == "dependency")
                    .map(|c| Value::String(attr(c, "ref").into()))
                    .collect();
                if !on.is_empty() {
                    m.insert("dependsOn".into(), Value::Array(on));
                }
                Value::Object(m)
            }
            _ if e.children.is_empty() && e.attrs.iter().all(|(k, _)| is_ns_attr(k)) => {
                Value::String(e.text.trim().into())
            }
            _ => self.object(e, ptr),
        }
    }

    fn object(&mut self, e: &Elem, ptr: &str) -> Value {
        self.pos.insert(ptr.to_string(), (e.line, e.column));
        let mut m = Map::new();
        for (k, v) in &e.attrs {
            if !is_ns_attr(k) {
                m.insert(k.clone(), Value::String(v.clone()));
            }
        }
        if e.children.is_empty() && !e.text.trim().is_empty() {
            m.insert("content".into(), Value::String(e.text.trim().into()));
        }
        for c in &e.children {
            if !self.ours(c) {
                continue;
            }
            let key = match (e.name.as_str(), c.name.as_str()) {
                ("analysis", "responses") => "response".to_string(),
                _ => c.name.clone(),
            };
            let cptr = format!("{ptr}/{key}");
            if c.name == "licenses" {
                let list = self.licenses(c, &cptr);
                m.insert(key, list);
                continue;
            }
            if c.name == "tools" && c.children.iter().all(|t| t.name == "tool") {
                self.pos.insert(cptr.clone(), (c.line, c.column));
                let list = c
                    .children
                    .iter()
                    .enumerate()
                    .map(|(i, t)| self.value(t, &format!("{cptr}/{i}")))
                    .collect();
                m.insert(key, Value::Array(list));
                continue;
            }
            if c.name == "responses" {
                let list = c
                    .children
                    .iter()
                    .map(|r| Value::String(r.text.trim().into()))
                    .collect();
                m.insert(key, Value::Array(list));
                continue;
            }
            if let Some((_, child)) = LISTS.iter().find(|(n, _)| *n == c.name) {
                let prefixes = self.cdx_prefixes.clone();
                // `<version>` inside `<versions>` is a list; a bare `<version>` is text.
                self.pos.insert(cptr.clone(), (c.line, c.column));
                let list = c
                    .children
                    .iter()
                    .filter(|g| ours(&prefixes, g) && (child.is_empty() || g.name == *child))
                    .enumerate()
                    .map(|(i, g)| self.value(g, &format!("{cptr}/{i}")))
                    .collect();
                m.insert(key, Value::Array(list));
                continue;
            }
            let val = self.value(c, &cptr);
            match m.get_mut(&key) {
                Some(Value::Array(a)) => a.push(val),
                Some(prev) => {
                    let p = prev.take();
                    *prev = Value::Array(vec![p, val]);
                }
                None => {
                    m.insert(key, val);
                }
            }
        }
        Value::Object(m)
    }

    fn licenses(&mut self, e: &Elem, ptr: &str) -> Value {
        self.pos.insert(ptr.to_string(), (e.line, e.column));
        let mut out = Vec::new();
        let prefixes = self.cdx_prefixes.clone();
        for (i, c) in e.children.iter().filter(|c| ours(&prefixes, c)).enumerate() {
            let p = format!("{ptr}/{i}");
            let mut m = Map::new();
            match c.name.as_str() {
                "expression" => {
                    self.pos.insert(p.clone(), (c.line, c.column));
                    m.insert("expression".into(), Value::String(c.text.trim().into()));
                    for (k, v) in &c.attrs {
                        m.insert(k.clone(), Value::String(v.clone()));
                    }
                }
                "license" => {
                    self.pos.insert(p.clone(), (c.line, c.column));
                    let lic = self.object(c, &format!("{p}/license"));
                    m.insert("license".into(), lic);
                }
                other => {
                    self.pos.insert(p.clone(), (c.line, c.column));
                    m.insert(other.to_string(), Value::String(c.text.trim().into()));
                }
            }
            out.push(Value::Object(m));
        }
        Value::Array(out)
    }
}

fn ours(prefixes: &[&str], e: &Elem) -> bool {
    e.prefix.is_empty() || prefixes.contains(&e.prefix.as_str())
}

fn attr<'a>(e: &'a Elem, key: &str) -> &'a str {
    e.attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

fn is_ns_attr(k: &str) -> bool {
    k == "xmlns" || k == "schemaLocation"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doctype_is_refused_with_its_position() {
        let x = "<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<bom>&xxe;</bom>";
        let err = parse(x, "x.xml").err().expect("refused");
        let msg = err.to_string();
        assert!(msg.contains("x.xml:2:1"), "{msg}");
        assert!(msg.contains("DOCTYPE"), "{msg}");
    }

    #[test]
    fn undeclared_entity_is_refused() {
        let err = parse("<bom>\n <a>&foo;</a></bom>", "x.xml")
            .err()
            .expect("refused");
        assert!(err.to_string().contains("&foo;"), "{err}");
    }

    #[test]
    fn malformed_xml_has_line_and_column() {
        let err = parse("<bom>\n  <a></b>\n</bom>", "x.xml")
            .err()
            .expect("refused");
        assert!(err.to_string().starts_with("x.xml:2:"), "{err}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let x = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
        assert!(parse(&x, "d.xml").is_err());
    }
}
