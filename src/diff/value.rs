//! The generic half of the semantic diff: two JSON values of the model
//! compared field by field, list elements matched by their identity (an id,
//! a name, a document id, a GSPR requirement, a package without its
//! version) rather than by position, so that a reordered or inserted element
//! is one change, not a cascade. The output is a flat list of leaves, each
//! with its model path; `diff::sections` groups them for a reader.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

/// One step of a model path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// An object field.
    Field(String),
    /// A list element matched by its identity, with its position in the
    /// old and in the new list (`None` on the side that lacks it).
    Key(String, Option<usize>, Option<usize>),
    /// A list element matched by its position (a list without identities).
    Index(usize),
}

/// One difference: `old` is `None` for something added, `new` is `None`
/// for something removed; a changed value has both.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    pub path: Vec<Seg>,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// The model path of `path` as the checks and the desktop write it:
/// `risk.entries[R-003].controls[RC-1].description`, `device.udi_dis`.
pub fn path_string(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Field(f) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(f);
            }
            Seg::Key(k, ..) => {
                s.push('[');
                s.push_str(k);
                s.push(']');
            }
            Seg::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    s
}

/// The fields tried, in this order, as a list element's identity: the first
/// that every element has, non-empty and distinct, is used.
pub(super) const KEY_FIELDS: &[&str] = &[
    "id",
    "document_id",
    "requirement",
    "name",
    "component",
    "version",
    "alg",
];

/// Compares `old` with `new` and appends every difference to `out`.
pub fn diff(old: &Value, new: &Value, out: &mut Vec<Leaf>) {
    let mut path = Vec::new();
    walk(&mut path, old, new, out);
}

fn walk(path: &mut Vec<Seg>, old: &Value, new: &Value, out: &mut Vec<Leaf>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                path.push(Seg::Field(k.clone()));
                match b.get(k) {
                    Some(vb) => walk(path, va, vb, out),
                    None if is_blank(va) => {}
                    None => leaf(path, Some(va), None, out),
                }
                path.pop();
            }
            for (k, vb) in b {
                if !a.contains_key(k) && !is_blank(vb) {
                    path.push(Seg::Field(k.clone()));
                    leaf(path, None, Some(vb), out);
                    path.pop();
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => list(path, a, b, out),
        _ => leaf(path, Some(old), Some(new), out),
    }
}

fn leaf(path: &[Seg], old: Option<&Value>, new: Option<&Value>, out: &mut Vec<Leaf>) {
    out.push(Leaf {
        path: path.to_vec(),
        old: old.cloned(),
        new: new.cloned(),
    });
}

/// An empty string, list or object, `null` or `false`: what a field a
/// newer schema added holds when it was never filled in.
fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(is_blank),
        Value::Number(_) => false,
    }
}

fn list(path: &mut Vec<Seg>, a: &[Value], b: &[Value], out: &mut Vec<Leaf>) {
    // A list of plain values (licences, UDI-DIs, clause tags) is one
    // change; the reader sees what was added and what was removed.
    let objects = a.iter().chain(b).all(Value::is_object);
    if !objects {
        leaf(
            path,
            Some(&Value::Array(a.to_vec())),
            Some(&Value::Array(b.to_vec())),
            out,
        );
        return;
    }
    let keyed = if is_components(path) {
        Some(component_keys(a, b))
    } else {
        match (identities(a), identities(b)) {
            (Some(ka), Some(kb)) => Some((ka, kb)),
            _ => None,
        }
    };
    let Some((ka, kb)) = keyed else {
        // No identity: by position, the surplus added or removed.
        for i in 0..a.len().max(b.len()) {
            path.push(Seg::Index(i));
            match (a.get(i), b.get(i)) {
                (Some(x), Some(y)) => walk(path, x, y, out),
                (Some(x), None) => leaf(path, Some(x), None, out),
                (None, Some(y)) => leaf(path, None, Some(y), out),
                (None, None) => {}
            }
            path.pop();
        }
        return;
    };
    let old_at: HashMap<&str, usize> = ka
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let new_keys: HashSet<&str> = kb.iter().map(String::as_str).collect();
    for (j, k) in kb.iter().enumerate() {
        let i = old_at.get(k.as_str()).copied();
        path.push(Seg::Key(k.clone(), i, Some(j)));
        match i {
            Some(i) => walk(path, &a[i], &b[j], out),
            None => leaf(path, None, Some(&b[j]), out),
        }
        path.pop();
    }
    for (i, k) in ka.iter().enumerate() {
        if !new_keys.contains(k.as_str()) {
            path.push(Seg::Key(k.clone(), Some(i), None));
            leaf(path, Some(&a[i]), None, out);
            path.pop();
        }
    }
}

/// The identity of each element of a list of objects, or `None` when the
/// list has none (then elements are matched by position).
fn identities(items: &[Value]) -> Option<Vec<String>> {
    if items.is_empty() {
        return Some(Vec::new());
    }
    KEY_FIELDS.iter().find_map(|f| {
        let keys: Vec<String> = items
            .iter()
            .map(|v| v.get(*f).and_then(Value::as_str).unwrap_or("").to_string())
            .collect();
        let distinct: HashSet<&str> = keys.iter().map(String::as_str).collect();
        (keys.iter().all(|k| !k.is_empty()) && distinct.len() == keys.len()).then_some(keys)
    })
}

/// `sbom.components`: the inventory.
fn is_components(path: &[Seg]) -> bool {
    matches!(path, [Seg::Field(a), Seg::Field(b)] if a == "sbom" && b == "components")
}

/// A component's identity is its package without the version (the purl up
/// to `@`, or group and name), so that an upgrade reads as a changed
/// version rather than a removal and an addition. A package that one side
/// holds more than once gets its version added on both sides, then, where
/// that is not enough, the component id.
fn component_keys(a: &[Value], b: &[Value]) -> (Vec<String>, Vec<String>) {
    let s = |v: &Value, f: &str| v.get(f).and_then(Value::as_str).unwrap_or("").to_string();
    let base = |c: &Value| {
        let purl = s(c, "purl");
        if !purl.is_empty() {
            return package_of_purl(&purl).to_string();
        }
        let (group, name) = (s(c, "group"), s(c, "name"));
        match (group.is_empty(), name.is_empty()) {
            (_, true) => s(c, "id"),
            (true, false) => name,
            (false, false) => format!("{group}/{name}"),
        }
    };
    let (ba, bb): (Vec<String>, Vec<String>) =
        (a.iter().map(base).collect(), b.iter().map(base).collect());
    let mut twice: HashSet<String> = HashSet::new();
    for side in [&ba, &bb] {
        let mut seen = HashSet::new();
        for k in side {
            if !seen.insert(k.as_str()) {
                twice.insert(k.clone());
            }
        }
    }
    let finish = |bases: Vec<String>, items: &[Value]| {
        let keys: Vec<String> = bases
            .into_iter()
            .zip(items)
            .map(|(k, c)| {
                if twice.contains(&k) {
                    format!("{k}@{}", s(c, "version"))
                } else {
                    k
                }
            })
            .collect();
        let mut count: HashMap<&str, usize> = HashMap::new();
        for k in &keys {
            *count.entry(k.as_str()).or_default() += 1;
        }
        keys.iter()
            .zip(items)
            .map(|(k, c)| {
                if count[k.as_str()] > 1 {
                    format!("{k}#{}", s(c, "id"))
                } else {
                    k.clone()
                }
            })
            .collect::<Vec<_>>()
    };
    (finish(ba, a), finish(bb, b))
}

/// `pkg:pypi/numpy@2.1.3?x=y` → `pkg:pypi/numpy`. The version separator is
/// the first `@` after the last `/` of the name part (a scoped npm name
/// writes its `@` as `%40`).
pub fn package_of_purl(purl: &str) -> &str {
    let end = purl.find(['?', '#']).unwrap_or(purl.len());
    let head = &purl[..end];
    let name_start = head.rfind('/').map_or(0, |i| i + 1);
    match head[name_start..].find('@') {
        Some(at) => &head[..name_start + at],
        None => head,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(old: Value, new: Value) -> Vec<String> {
        let mut out = Vec::new();
        diff(&old, &new, &mut out);
        out.iter().map(|l| path_string(&l.path)).collect()
    }

    #[test]
    fn equal_values_have_no_difference() {
        let v = json!({"a": [1, 2], "b": {"c": "x"}});
        assert!(paths(v.clone(), v).is_empty());
    }

    #[test]
    fn lists_match_by_identity_not_position() {
        let old = json!({"entries": [{"id": "R-1", "s": "a"}, {"id": "R-2", "s": "b"}]});
        let new = json!({"entries": [{"id": "R-0", "s": "z"}, {"id": "R-1", "s": "a"}, {"id": "R-2", "s": "c"}]});
        assert_eq!(paths(old, new), ["entries[R-0]", "entries[R-2].s"]);
    }

    #[test]
    fn a_removed_element_is_one_leaf_with_its_old_value() {
        let old = json!({"l": [{"name": "x"}, {"name": "y"}]});
        let new = json!({"l": [{"name": "x"}]});
        let mut out = Vec::new();
        diff(&old, &new, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(path_string(&out[0].path), "l[y]");
        assert_eq!(out[0].old, Some(json!({"name": "y"})));
        assert_eq!(out[0].new, None);
    }

    #[test]
    fn without_identities_lists_match_by_position() {
        let old = json!({"m": [{"v": 1}, {"v": 2}]});
        let new = json!({"m": [{"v": 1}, {"v": 3}, {"v": 4}]});
        assert_eq!(paths(old, new), ["m[1].v", "m[2]"]);
    }

    #[test]
    fn an_upgraded_component_is_a_changed_version() {
        let old = json!({"sbom": {"components": [
            {"id": "a", "name": "numpy", "version": "2.1.3", "purl": "pkg:pypi/numpy@2.1.3"}]}});
        let new = json!({"sbom": {"components": [
            {"id": "b", "name": "numpy", "version": "2.2.0", "purl": "pkg:pypi/numpy@2.2.0"}]}});
        assert_eq!(
            paths(old, new),
            [
                "sbom.components[pkg:pypi/numpy].id",
                "sbom.components[pkg:pypi/numpy].version",
                "sbom.components[pkg:pypi/numpy].purl"
            ]
        );
    }

    #[test]
    fn the_same_package_twice_is_told_apart_by_version() {
        let c = |v: &str| json!({"id": v, "name": "zlib", "version": v, "purl": format!("pkg:generic/zlib@{v}")});
        let old = json!({"sbom": {"components": [c("1.2"), c("1.3")]}});
        let new = json!({"sbom": {"components": [c("1.3")]}});
        assert_eq!(paths(old, new), ["sbom.components[pkg:generic/zlib@1.2]"]);
        let new2 = json!({"sbom": {"components": [c("1.2"), c("1.3"), c("1.4")]}});
        let old2 = json!({"sbom": {"components": [c("1.2"), c("1.3")]}});
        assert_eq!(paths(old2, new2), ["sbom.components[pkg:generic/zlib@1.4]"]);
    }

    #[test]
    fn purl_package_drops_version_qualifiers_and_subpath() {
        assert_eq!(package_of_purl("pkg:pypi/numpy@2.1.3"), "pkg:pypi/numpy");
        assert_eq!(
            package_of_purl("pkg:npm/%40scope/x@1.0?a=b#c"),
            "pkg:npm/%40scope/x"
        );
        assert_eq!(package_of_purl("pkg:generic/x"), "pkg:generic/x");
    }

    #[test]
    fn a_field_missing_on_one_side_counts_only_when_filled() {
        assert!(paths(json!({"a": 1}), json!({"a": 1, "b": ""})).is_empty());
        assert_eq!(paths(json!({"a": 1}), json!({"a": 1, "b": "x"})), ["b"]);
    }
}
