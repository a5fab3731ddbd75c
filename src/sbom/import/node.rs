//! A lean JSON tree for the converters. `serde_json::Value` (with the
//! crate-wide `preserve_order` feature) builds an `IndexMap` per object, which
//! for a 50,000-component SBOM costs more than the whole conversion; objects
//! here are small vectors of (key, value) searched linearly, as SBOM objects
//! have a handful of keys. The API mirrors `Value` (`get`, `as_str`, ...) so
//! converters read the same either way.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Strings borrow from the input where they need no unescaping.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Node<'a> {
    #[default]
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
}

impl<'a> Node<'a> {
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match self {
            Node::Object(m) => m.iter().find(|(k, _)| k.as_ref() == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Node<'a>>> {
        match self {
            Node::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Node::Object(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

impl From<&serde_json::Value> for Node<'static> {
    fn from(v: &serde_json::Value) -> Self {
        use serde_json::Value;
        match v {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(n.clone()),
            Value::String(s) => Node::String(Cow::Owned(s.clone())),
            Value::Array(a) => Node::Array(a.iter().map(Node::from).collect()),
            Value::Object(m) => Node::Object(
                m.iter()
                    .map(|(k, v)| (Cow::Owned(k.clone()), Node::from(v)))
                    .collect(),
            ),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Node<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor(std::marker::PhantomData))
    }
}

struct NodeVisitor<'a>(std::marker::PhantomData<&'a ()>);

/// A map key, borrowed when the input allows.
struct Key<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Key<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Key<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'a>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'a>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'a>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V(std::marker::PhantomData))
    }
}

impl<'de: 'a, 'a> Visitor<'de> for NodeVisitor<'a> {
    type Value = Node<'a>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node<'a>, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node<'a>, E> {
        Ok(Node::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node<'a>, E> {
        Ok(Node::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node<'a>, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Node::Null, Node::Number))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Node<'a>, E> {
        Ok(Node::String(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node<'a>, E> {
        Ok(Node::String(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Node<'a>, E> {
        Ok(Node::String(Cow::Owned(v)))
    }
    fn visit_unit<E>(self) -> Result<Node<'a>, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node<'a>, E> {
        Ok(Node::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'a>, A::Error> {
        let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(x) = seq.next_element()? {
            v.push(x);
        }
        Ok(Node::Array(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'a>, A::Error> {
        let mut v: Vec<(Cow<'a, str>, Node<'a>)> =
            Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some((Key(k), x)) = map.next_entry::<Key<'a>, Node<'a>>()? {
            // Duplicate keys: the last wins, as in serde_json.
            if let Some(slot) = v.iter_mut().find(|(key, _)| *key == k) {
                slot.1 = x;
            } else {
                v.push((k, x));
            }
        }
        Ok(Node::Object(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_value() {
        let n: Node =
            serde_json::from_str(r#"{"a":[1,"x",true,null,{"b":2.5}],"a":3}"#).expect("json");
        assert_eq!(n.get("a"), Some(&Node::Number(3.into())));
        let v: serde_json::Value =
            serde_json::from_str(r#"{"a":[1,"x",{"b":2.5}]}"#).expect("json");
        let n = Node::from(&v);
        assert_eq!(n.get("a").and_then(Node::as_array).map(Vec::len), Some(3));
        assert!(n.get("missing").is_none());
    }
}
