//! CycloneDX XML read into the JSON shape of the same BOM, so one mapping
//! serves both serializations. quick-xml's event reader, a small element tree
//! with positions, then wrapper elements (`<performanceMetrics>`) become
//! arrays as in the JSON format. A DOCTYPE is refused (entity expansion and
//! external entities have no place in a BOM), as is nesting deeper than
//! `MAX_DEPTH`.

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::{Map, Value};

use crate::diag::Location;

const MAX_DEPTH: usize = 200;

struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    text: String,
}

/// (line, column), 1-based, of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

fn err(text: &str, offset: u64, message: impl Into<String>) -> (Box<Location>, String) {
    let (line, column) = line_col(text, usize::try_from(offset).unwrap_or(usize::MAX));
    (
        Box::new(Location::line_col("", line, column)),
        message.into(),
    )
}

fn entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

/// Parses the XML into the root element as JSON (`{"bom": {...}}` shape is
/// dropped: the root's content is returned) and the root's namespace.
pub fn to_json(text: &str) -> Result<(Value, String), (Box<Location>, String)> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    loop {
        let pos = reader.buffer_position();
        let ev = reader.read_event().map_err(|e| {
            err(
                text,
                reader.error_position(),
                format!("not well-formed XML: {e}"),
            )
        })?;
        match ev {
            Event::DocType(_) => {
                return Err(err(
                    text,
                    pos,
                    "a DOCTYPE is not accepted in a model card (entity expansion is refused)",
                ));
            }
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                let _ = e;
                return Err(err(text, pos, "content after the root element"));
            }
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(err(
                        text,
                        pos,
                        format!("elements nest deeper than {MAX_DEPTH} levels"),
                    ));
                }
                stack.push(node(&e, text, pos)?);
            }
            Event::Empty(e) => {
                let n = node(&e, text, pos)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(n),
                    None => root = Some(n),
                }
            }
            Event::End(_) => {
                let Some(n) = stack.pop() else {
                    return Err(err(text, pos, "end tag without a start tag"));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(n),
                    None => root = Some(n),
                }
            }
            Event::Text(t) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&t.xml10_content());
                } else if !t.trim().is_empty() {
                    return Err(err(text, pos, "text outside the root element"));
                }
            }
            Event::CData(t) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match entity(&r) {
                        Some(s) => s.to_string(),
                        None => return Err(err(text, pos, format!("unknown entity `&{};`", &*r))),
                    },
                    Err(e) => return Err(err(text, pos, format!("bad character reference: {e}"))),
                };
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(err(
            text,
            text.len() as u64,
            "the document ends inside an element",
        ));
    }
    let Some(root) = root else {
        return Err(err(text, 0, "no root element"));
    };
    let ns = root
        .attrs
        .iter()
        .find(|(k, _)| k == "xmlns")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    Ok((value(&root), ns))
}

fn node(
    e: &quick_xml::events::BytesStart<'_>,
    text: &str,
    pos: u64,
) -> Result<Node, (Box<Location>, String)> {
    let name = e.local_name().as_ref().to_string();
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|x| err(text, pos, format!("bad attribute in <{name}>: {x}")))?;
        let key = a.key.as_ref().to_string();
        let v = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|x| err(text, pos, format!("bad attribute value in <{name}>: {x}")))?
            .into_owned();
        attrs.push((key, v));
    }
    Ok(Node {
        name,
        attrs,
        children: Vec::new(),
        text: String::new(),
    })
}

/// Wrapper elements whose children form a JSON array, with the name of the
/// child that is the array item itself (other children become `{name: value}`,
/// as `<ref>` does among `<dataset>`s).
fn list_item(wrapper: &str) -> Option<&'static str> {
    Some(match wrapper {
        "components" => "component",
        "datasets" => "dataset",
        "inputs" => "input",
        "outputs" => "output",
        "performanceMetrics" => "performanceMetric",
        "collection" => "graphic",
        "users" => "user",
        "useCases" => "useCase",
        "technicalLimitations" => "technicalLimitation",
        "performanceTradeoffs" => "performanceTradeoff",
        "ethicalConsiderations" => "ethicalConsideration",
        "fairnessAssessments" => "fairnessAssessment",
        "properties" => "property",
        "licenses" => "license",
        "externalReferences" => "reference",
        "hashes" => "hash",
        "authors" => "author",
        "tools" => "tool",
        "dependencies" => "dependency",
        _ => return None,
    })
}

fn value(n: &Node) -> Value {
    if let Some(item) = list_item(&n.name) {
        if n.attrs.is_empty() || n.children.iter().all(|c| c.name == item) {
            return Value::Array(
                n.children
                    .iter()
                    .map(|c| {
                        if c.name == item {
                            value(c)
                        } else {
                            let mut m = Map::new();
                            m.insert(c.name.clone(), value(c));
                            Value::Object(m)
                        }
                    })
                    .collect(),
            );
        }
    }
    let attrs: Vec<&(String, String)> = n
        .attrs
        .iter()
        .filter(|(k, _)| k != "xmlns" && !k.starts_with("xmlns:"))
        .collect();
    if n.children.is_empty() && attrs.is_empty() {
        return Value::String(n.text.trim().to_string());
    }
    let mut m = Map::new();
    for (k, v) in attrs {
        m.insert(k.clone(), Value::String(v.clone()));
    }
    for c in &n.children {
        let v = value(c);
        match m.get_mut(&c.name) {
            Some(Value::Array(a)) => a.push(v),
            Some(prev) => {
                let first = prev.take();
                *prev = Value::Array(vec![first, v]);
            }
            None => {
                m.insert(c.name.clone(), v);
            }
        }
    }
    if n.children.is_empty() && !n.text.trim().is_empty() {
        m.insert("value".into(), Value::String(n.text.trim().to_string()));
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doctype_is_refused_with_its_position() {
        let x = "<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY x \"y\">]>\n<bom/>";
        let (place, msg) = to_json(x).expect_err("refused");
        assert_eq!(place.line, 2, "{msg}");
        assert!(msg.contains("DOCTYPE"), "{msg}");
    }

    #[test]
    fn wrappers_become_arrays_and_properties_keep_their_value() {
        let x = r#"<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="machine-learning-model"><name>a &amp; b</name>
        <modelCard><properties><property name="k">v</property></properties></modelCard></component></components></bom>"#;
        let (v, ns) = to_json(x).expect("parses");
        assert!(ns.ends_with("/1.6"));
        assert_eq!(v["components"][0]["name"], "a & b");
        assert_eq!(v["components"][0]["type"], "machine-learning-model");
        assert_eq!(
            v["components"][0]["modelCard"]["properties"][0]["value"],
            "v"
        );
    }

    #[test]
    fn unclosed_element_is_located() {
        let (place, msg) = to_json("<bom>\n  <components>\n</bom>").expect_err("bad");
        assert!(place.line >= 2, "{place:?} {msg}");
    }
}
