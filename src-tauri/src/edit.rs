//! Edits of the open project by model path, without Tauri.
//!
//! A path is the one the UI's `data-path` attributes and the findings carry:
//! `device.trade_name`, `risk.entries[3].severity`, `sbom.components[12].soup.requirements`.
//! An edit sets the value at a path, inserts an array element (`insert` at
//! `risk.entries[3]` puts the new entry before the old fourth; at
//! `risk.entries[N]`, N the length, it appends) or removes one.
//!
//! An edit is validated as strictly as a project file: the smallest typed
//! piece of the model that holds the path (one risk entry, one SBOM
//! component, the device, ...) goes through JSON, takes the edit and is read
//! back with the model's own deserialiser, so unknown fields, wrong types and
//! unknown enum values are refused with the field path, and the project is
//! left as it was. Only that piece is converted, so an edit costs the size of
//! the piece, not of the project.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use techfile::TechFile;

use crate::error::IpcError;

/// One edit as the UI sends it (ui/src/lib/types.ts `Edit`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase", deny_unknown_fields)]
pub enum Edit {
    /// Replaces the value at `path` (a field, a row, a whole list or part).
    Set { path: String, value: Value },
    /// Inserts `value` into a list: `path` names the new element's index.
    Insert { path: String, value: Value },
    /// Removes the list element at `path`.
    Remove { path: String },
}

impl Edit {
    pub fn path(&self) -> &str {
        match self {
            Edit::Set { path, .. } | Edit::Insert { path, .. } | Edit::Remove { path } => path,
        }
    }

    pub fn set(path: impl Into<String>, value: impl Into<Value>) -> Self {
        Edit::Set {
            path: path.into(),
            value: value.into(),
        }
    }
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

fn path_error(path: &str, why: impl std::fmt::Display) -> IpcError {
    IpcError::new("edit.path", format!("`{path}`: {why}"))
}

/// Splits `a.b[2].c` into its steps.
pub fn parse_path(path: &str) -> Result<Vec<Seg>, IpcError> {
    let mut segs = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let close = after
                .find(']')
                .ok_or_else(|| path_error(path, "`[` without `]`"))?;
            let n = after[..close]
                .parse::<usize>()
                .map_err(|_| path_error(path, "an index is a number"))?;
            segs.push(Seg::Index(n));
            rest = &after[close + 1..];
            if let Some(r) = rest.strip_prefix('.') {
                if r.is_empty() {
                    return Err(path_error(path, "ends with `.`"));
                }
                rest = r;
            }
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let key = &rest[..end];
            if key.is_empty() {
                return Err(path_error(path, "has an empty step"));
            }
            segs.push(Seg::Key(key.to_string()));
            rest = &rest[end..];
            if let Some(r) = rest.strip_prefix('.') {
                if r.is_empty() {
                    return Err(path_error(path, "ends with `.`"));
                }
                rest = r;
            }
        }
    }
    if segs.is_empty() {
        return Err(path_error(path, "is empty"));
    }
    Ok(segs)
}

/// The path of `segs` under `prefix`, written as the UI writes it.
fn join(prefix: &str, segs: &[Seg]) -> String {
    let mut out = prefix.to_string();
    for s in segs {
        match s {
            Seg::Key(k) if out.is_empty() => out.push_str(k),
            Seg::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Seg::Index(i) => {
                out.push_str(&format!("[{i}]"));
            }
        }
    }
    out
}

/// What an edit does to the JSON of the piece that holds it. `Unset` (drop
/// an object key) only undoes a `Set` of a key that was absent (an optional
/// field that is left out when empty); the UI cannot send it.
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Set(Value),
    Insert(Value),
    Remove,
    Unset,
}

/// An applied edit: the value now at its path (as the model holds it, so
/// defaults are filled in; null after a removal), and the edit that undoes it.
#[derive(Debug)]
pub struct Applied {
    pub value: Value,
    undo: (String, Op),
}

/// Applies `edit` to `tf`, or refuses it and leaves `tf` unchanged.
pub fn apply(tf: &mut TechFile, edit: &Edit) -> Result<Applied, IpcError> {
    let (path, op) = match edit {
        Edit::Set { path, value } => (path, Op::Set(value.clone())),
        Edit::Insert { path, value } => (path, Op::Insert(value.clone())),
        Edit::Remove { path } => (path, Op::Remove),
    };
    apply_op(tf, path, op)
}

/// Undoes an applied edit (which cannot fail: it restores a valid state).
pub fn undo(tf: &mut TechFile, applied: Applied) -> Result<(), IpcError> {
    let (path, op) = applied.undo;
    apply_op(tf, &path, op).map(|_| ())
}

/// The edit that takes back an applied one, kept by the undo history
/// (`session::History`): only the path and the value that was there.
#[derive(Debug, Clone, PartialEq)]
pub struct Inverse {
    path: String,
    op: Op,
}

impl Applied {
    /// The edit that takes this one back.
    pub fn inverse(&self) -> Inverse {
        Inverse {
            path: self.undo.0.clone(),
            op: self.undo.1.clone(),
        }
    }
}

impl Inverse {
    /// Applies the inverse edit; its own inverse (the edit again) comes back.
    pub fn apply(&self, tf: &mut TechFile) -> Result<Inverse, IpcError> {
        let a = apply_op(tf, &self.path, self.op.clone())?;
        Ok(a.inverse())
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether it takes back a set (it sets or unsets the old value), not
    /// an insert or a removal.
    pub fn is_set(&self) -> bool {
        matches!(self.op, Op::Set(_) | Op::Unset)
    }

    /// Whether applying it changes nothing (a set of the value already there).
    pub fn sets(&self, value: &Value) -> bool {
        matches!(&self.op, Op::Set(v) if v == value)
    }

    /// The bytes it holds, about: its path and its value's JSON.
    pub fn weight(&self) -> usize {
        self.path.len()
            + match &self.op {
                Op::Set(v) | Op::Insert(v) => json_weight(v),
                Op::Remove | Op::Unset => 0,
            }
    }
}

/// About the bytes a JSON value holds: the length of its compact text.
pub fn json_weight(v: &Value) -> usize {
    serde_json::to_vec(v).map_or(0, |b| b.len())
}

fn apply_op(tf: &mut TechFile, path: &str, op: Op) -> Result<Applied, IpcError> {
    let segs = parse_path(path)?;
    let (value, undo_op) = route(tf, path, &segs, op)?;
    Ok(Applied {
        value,
        undo: (path.to_string(), undo_op),
    })
}

/// The value at `path`, as the model holds it.
pub fn read(tf: &TechFile, path: &str) -> Result<Value, IpcError> {
    let segs = parse_path(path)?;
    let Some(Seg::Key(part)) = segs.first() else {
        return Err(path_error(path, "starts with a part name"));
    };
    let root = part_value(tf, part).ok_or_else(|| path_error(path, "no such part"))?;
    let mut cur = &root;
    for s in &segs[1..] {
        cur = match (s, cur) {
            (Seg::Key(k), Value::Object(m)) => m.get(k),
            (Seg::Index(i), Value::Array(a)) => a.get(*i),
            _ => None,
        }
        .ok_or_else(|| path_error(path, "no such field or element"))?;
    }
    Ok(cur.clone())
}

/// The names of the top-level parts, in file order (as `parts` names them).
pub const PART_NAMES: [&str; 12] = [
    "document",
    "applicability",
    "device",
    "software_items",
    "chapters",
    "documents",
    "sbom",
    "risk",
    "ai",
    "gspr",
    "standards",
    "declaration",
];

/// The top-level parts of a project, in file order. Destructured in full,
/// so a part added to the model must be added here.
pub fn parts(tf: &TechFile) -> [(&'static str, PartRef<'_>); 12] {
    let TechFile {
        schema_version: _,
        document,
        applicability,
        device,
        software_items,
        chapters,
        documents,
        sbom,
        risk,
        ai,
        gspr,
        standards,
        declaration,
    } = tf;
    [
        ("document", PartRef(document)),
        ("applicability", PartRef(applicability)),
        ("device", PartRef(device)),
        ("software_items", PartRef(software_items)),
        ("chapters", PartRef(chapters)),
        ("documents", PartRef(documents)),
        ("sbom", PartRef(sbom)),
        ("risk", PartRef(risk)),
        ("ai", PartRef(ai)),
        ("gspr", PartRef(gspr)),
        ("standards", PartRef(standards)),
        ("declaration", PartRef(declaration)),
    ]
}

/// A top-level part, to serialise or compare without knowing its type.
pub struct PartRef<'a>(&'a dyn erased::Part);

impl PartRef<'_> {
    pub fn to_value(&self) -> Value {
        self.0.to_value()
    }
    pub fn same_as(&self, other: &PartRef<'_>) -> bool {
        self.0.same_as(other.0)
    }
}

mod erased {
    use std::any::Any;

    pub trait Part {
        fn to_value(&self) -> serde_json::Value;
        fn to_json(&self) -> String;
        fn same_as(&self, other: &dyn Part) -> bool;
        fn as_any(&self) -> &dyn Any;
    }

    impl<T: serde::Serialize + PartialEq + 'static> Part for T {
        fn to_value(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
        fn to_json(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
        fn same_as(&self, other: &dyn Part) -> bool {
            other.as_any().downcast_ref::<T>() == Some(self)
        }
        fn as_any(&self) -> &dyn Any {
            self
        }
    }
}

/// The JSON of the part named `name`.
pub fn part_value(tf: &TechFile, name: &str) -> Option<Value> {
    parts(tf)
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, p)| p.to_value())
}

/// The compact JSON text of the part named `name` (what the undo history
/// keeps of a part an import changed: about the size of that part in the
/// file, a fraction of the typed part in memory).
pub fn part_json(tf: &TechFile, name: &str) -> Option<String> {
    parts(tf)
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, p)| p.0.to_json())
}

/// Replaces the part named `name` with the one `json` holds (as
/// `part_json` wrote it); on error the project is unchanged.
pub fn set_part_json(tf: &mut TechFile, name: &str, json: &str) -> Result<(), IpcError> {
    fn put<T: DeserializeOwned>(slot: &mut T, name: &str, json: &str) -> Result<(), IpcError> {
        *slot = serde_json::from_str(json)
            .map_err(|e| IpcError::new("edit.invalid", format!("`{name}`: {e}")))?;
        Ok(())
    }
    match name {
        "document" => put(&mut tf.document, name, json),
        "applicability" => put(&mut tf.applicability, name, json),
        "device" => put(&mut tf.device, name, json),
        "software_items" => put(&mut tf.software_items, name, json),
        "chapters" => put(&mut tf.chapters, name, json),
        "documents" => put(&mut tf.documents, name, json),
        "sbom" => put(&mut tf.sbom, name, json),
        "risk" => put(&mut tf.risk, name, json),
        "ai" => put(&mut tf.ai, name, json),
        "gspr" => put(&mut tf.gspr, name, json),
        "standards" => put(&mut tf.standards, name, json),
        "declaration" => put(&mut tf.declaration, name, json),
        _ => Err(path_error(name, "no such part")),
    }
}

/// The names of the parts that differ between `a` and `b`.
pub fn changed_parts(a: &TechFile, b: &TechFile) -> Vec<&'static str> {
    parts(a)
        .into_iter()
        .zip(parts(b))
        .filter(|((_, x), (_, y))| !x.same_as(y))
        .map(|((n, _), _)| n)
        .collect()
}

/// Finds the piece of the model that holds `segs` and applies `op` there.
/// Lists of big parts are split into their elements, so an edit of one risk
/// entry converts that entry only.
fn route(tf: &mut TechFile, path: &str, segs: &[Seg], op: Op) -> Result<(Value, Op), IpcError> {
    let key = |i: usize| match segs.get(i) {
        Some(Seg::Key(k)) => Some(k.as_str()),
        _ => None,
    };
    match (key(0), key(1)) {
        (Some("document"), _) => in_piece(&mut tf.document, "document", &segs[1..], op),
        (Some("applicability"), _) => {
            in_piece(&mut tf.applicability, "applicability", &segs[1..], op)
        }
        (Some("device"), _) => in_piece(&mut tf.device, "device", &segs[1..], op),
        (Some("software_items"), _) => {
            in_list(&mut tf.software_items, "software_items", &segs[1..], op)
        }
        (Some("chapters"), _) => in_list(&mut tf.chapters, "chapters", &segs[1..], op),
        (Some("documents"), _) => in_list(&mut tf.documents, "documents", &segs[1..], op),
        (Some("sbom"), Some("components")) => {
            in_list(&mut tf.sbom.components, "sbom.components", &segs[2..], op)
        }
        (Some("sbom"), Some("vulnerabilities")) => in_list(
            &mut tf.sbom.vulnerabilities,
            "sbom.vulnerabilities",
            &segs[2..],
            op,
        ),
        (Some("sbom"), _) => in_piece(&mut tf.sbom, "sbom", &segs[1..], op),
        (Some("risk"), Some("entries")) => {
            in_list(&mut tf.risk.entries, "risk.entries", &segs[2..], op)
        }
        (Some("risk"), _) => in_piece(&mut tf.risk, "risk", &segs[1..], op),
        (Some("ai"), Some("systems")) => in_list(&mut tf.ai.systems, "ai.systems", &segs[2..], op),
        (Some("ai"), _) => in_piece(&mut tf.ai, "ai", &segs[1..], op),
        (Some("gspr"), Some("rows")) => in_list(&mut tf.gspr.rows, "gspr.rows", &segs[2..], op),
        (Some("gspr"), _) => in_piece(&mut tf.gspr, "gspr", &segs[1..], op),
        (Some("standards"), Some("entries")) => in_list(
            &mut tf.standards.entries,
            "standards.entries",
            &segs[2..],
            op,
        ),
        (Some("standards"), _) => in_piece(&mut tf.standards, "standards", &segs[1..], op),
        (Some("declaration"), _) => in_piece(&mut tf.declaration, "declaration", &segs[1..], op),
        (Some("schema_version"), _) => Err(path_error(
            path,
            "the schema version is not edited; this build writes version 1",
        )),
        _ => {
            let tops: Vec<&str> = techfile::parts::PARTS
                .iter()
                .flat_map(|p| p.paths.iter().copied())
                .collect();
            Err(path_error(
                path,
                format!("no such part; a path starts with {}", tops.join(", ")),
            ))
        }
    }
}

/// An edit inside the list `list` at `prefix`: inserting or removing an
/// element converts that element only; an edit inside an element converts
/// that element; an edit of the whole list converts the list.
fn in_list<T>(list: &mut Vec<T>, prefix: &str, rel: &[Seg], op: Op) -> Result<(Value, Op), IpcError>
where
    T: Serialize + DeserializeOwned,
{
    let Some((Seg::Index(i), rest)) = rel.split_first() else {
        return in_piece(list, prefix, rel, op);
    };
    let i = *i;
    let here = join(prefix, &rel[..1]);
    match (rest.is_empty(), op) {
        (true, Op::Insert(v)) => {
            if i > list.len() {
                return Err(path_error(
                    &here,
                    format!("cannot insert past the end ({} elements)", list.len()),
                ));
            }
            let item: T = decode(v, &here)?;
            let value = to_value(&item);
            list.insert(i, item);
            Ok((value, Op::Remove))
        }
        (true, Op::Remove) => {
            if i >= list.len() {
                return Err(path_error(
                    &here,
                    format!("no such element ({} elements)", list.len()),
                ));
            }
            let old = to_value(&list.remove(i));
            Ok((Value::Null, Op::Insert(old)))
        }
        (_, op) => {
            let len = list.len();
            let item = list
                .get_mut(i)
                .ok_or_else(|| path_error(&here, format!("no such element ({len} elements)")))?;
            in_piece(item, &here, rest, op)
        }
    }
}

/// An edit inside `piece` at `prefix`: through its JSON and back.
fn in_piece<T>(piece: &mut T, prefix: &str, rel: &[Seg], op: Op) -> Result<(Value, Op), IpcError>
where
    T: Serialize + DeserializeOwned,
{
    let full = join(prefix, rel);
    let mut json = to_value(&*piece);
    let undo = edit_json(&mut json, rel, op, &full)?;
    let new: T = decode(json, prefix)?;
    let value = match &undo {
        Op::Insert(_) => Value::Null,
        _ => {
            let now = to_value(&new);
            walk(&now, rel).cloned().unwrap_or(Value::Null)
        }
    };
    *piece = new;
    Ok((value, undo))
}

fn walk<'a>(mut v: &'a Value, rel: &[Seg]) -> Option<&'a Value> {
    for s in rel {
        v = match (s, v) {
            (Seg::Key(k), Value::Object(m)) => m.get(k)?,
            (Seg::Index(i), Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

/// Applies `op` at `rel` inside `json`; returns the op that undoes it.
fn edit_json(json: &mut Value, rel: &[Seg], op: Op, full: &str) -> Result<Op, IpcError> {
    let Some((last, parent)) = rel.split_last() else {
        return match op {
            Op::Set(v) => Ok(Op::Set(std::mem::replace(json, v))),
            _ => Err(path_error(full, "names no list element")),
        };
    };
    let mut cur = json;
    for (n, s) in parent.iter().enumerate() {
        let step = |why: &str| path_error(&join("", &rel[..=n]), why);
        cur = match (s, cur) {
            (Seg::Key(k), Value::Object(m)) => m
                .get_mut(k)
                .ok_or_else(|| path_error(full, format!("no field `{k}` here")))?,
            (Seg::Index(i), Value::Array(a)) => {
                let len = a.len();
                a.get_mut(*i)
                    .ok_or_else(|| path_error(full, format!("no element [{i}] ({len} elements)")))?
            }
            (Seg::Key(_), _) => return Err(step("is not an object")),
            (Seg::Index(_), _) => return Err(step("is not a list")),
        };
    }
    match (last, cur, op) {
        (Seg::Key(k), Value::Object(m), Op::Set(v)) => Ok(match m.insert(k.clone(), v) {
            Some(old) => Op::Set(old),
            None => Op::Unset,
        }),
        (Seg::Key(k), Value::Object(m), Op::Unset) => {
            let old = m.remove(k);
            Ok(old.map_or(Op::Unset, Op::Set))
        }
        (Seg::Index(i), Value::Array(a), Op::Set(v)) => {
            let len = a.len();
            let slot = a
                .get_mut(*i)
                .ok_or_else(|| path_error(full, format!("no such element ({len} elements)")))?;
            Ok(Op::Set(std::mem::replace(slot, v)))
        }
        (Seg::Index(i), Value::Array(a), Op::Insert(v)) => {
            if *i > a.len() {
                return Err(path_error(
                    full,
                    format!("cannot insert past the end ({} elements)", a.len()),
                ));
            }
            a.insert(*i, v);
            Ok(Op::Remove)
        }
        (Seg::Index(i), Value::Array(a), Op::Remove) => {
            if *i >= a.len() {
                return Err(path_error(
                    full,
                    format!("no such element ({} elements)", a.len()),
                ));
            }
            Ok(Op::Insert(a.remove(*i)))
        }
        (Seg::Key(_), Value::Object(_), _) => Err(path_error(
            full,
            "names a field; only list elements are inserted or removed",
        )),
        (Seg::Key(_), _, _) => Err(path_error(full, "its parent is not an object")),
        (Seg::Index(_), _, _) => Err(path_error(full, "its parent is not a list")),
    }
}

fn to_value<T: Serialize>(v: &T) -> Value {
    // The model's types serialise to JSON without fail (string keys only).
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// Reads `json` as a `T` with the model's deserialiser; an error names the
/// field path under `prefix`.
fn decode<T: DeserializeOwned>(json: Value, prefix: &str) -> Result<T, IpcError> {
    serde_path_to_error::deserialize(json).map_err(|e| {
        let inner = e.path().to_string();
        let path = match inner.as_str() {
            "." | "" => prefix.to_string(),
            p if p.starts_with('[') => format!("{prefix}{p}"),
            p => format!("{prefix}.{p}"),
        };
        IpcError::new("edit.invalid", format!("`{path}`: {}", e.into_inner()))
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_part_can_be_edited_and_the_declaration_s_fields_too() {
        // The declaration's details were refused ("no such part") while
        // the Declaration view offered them (tests/desktop/views_e2e.rs).
        let mut tf = techfile::example::example().expect("example");
        for name in PART_NAMES {
            let v = part_value(&tf, name).expect("a part");
            apply(&mut tf, &Edit::set(name, v.clone()))
                .unwrap_or_else(|e| panic!("{name}: {}", e.message));
        }
        apply(&mut tf, &Edit::set("declaration.place", "Mannheim")).expect("a field");
        assert_eq!(tf.declaration.place, "Mannheim");
    }

    #[test]
    fn every_part_goes_out_and_back_as_json_text() {
        let tf = techfile::example::example().expect("example");
        let names: Vec<&str> = parts(&tf).iter().map(|(n, _)| *n).collect();
        assert_eq!(names, PART_NAMES);
        let mut empty = tf.clone();
        empty.device.trade_name = "Other".into();
        empty.risk.entries.clear();
        empty.sbom.components.clear();
        empty.chapters.clear();
        assert_ne!(empty, tf);
        for name in PART_NAMES {
            let json = part_json(&tf, name).expect("a part");
            set_part_json(&mut empty, name, &json).expect("reads back");
        }
        assert_eq!(empty, tf);
        let e = set_part_json(&mut empty, "device", "{").expect_err("not JSON");
        assert_eq!(e.code, "edit.invalid");
        assert_eq!(
            set_part_json(&mut empty, "nope", "{}")
                .expect_err("no part")
                .code,
            "edit.path"
        );
    }

    #[test]
    fn every_top_level_field_is_owned_by_one_registered_part() {
        // The edit router and the parts registry agree: a part added to
        // the model without registering its paths fails here.
        let tf = techfile::model::TechFile::empty();
        let mut owned: Vec<&str> = techfile::parts::PARTS
            .iter()
            .flat_map(|p| p.paths.iter().copied())
            .collect();
        owned.sort_unstable();
        let mut fields: Vec<&str> = super::parts(&tf).iter().map(|(n, _)| *n).collect();
        fields.sort_unstable();
        assert_eq!(fields, owned);
        for f in fields {
            assert!(
                techfile::parts::owner(&format!("{f}[0].x")).is_some(),
                "{f}"
            );
        }
    }

    use super::*;
    use serde_json::json;

    fn example() -> TechFile {
        techfile::example::example().expect("example")
    }

    #[test]
    fn paths_parse_as_the_ui_writes_them() {
        assert_eq!(
            parse_path("risk.entries[3].controls[0].id").expect("parses"),
            vec![
                Seg::Key("risk".into()),
                Seg::Key("entries".into()),
                Seg::Index(3),
                Seg::Key("controls".into()),
                Seg::Index(0),
                Seg::Key("id".into()),
            ]
        );
        assert_eq!(
            join("", &parse_path("device.udi_dis[1]").expect("parses")),
            "device.udi_dis[1]"
        );
        for bad in ["", "a..b", "a[x]", "a[1", "a.", "[0]."] {
            assert_eq!(parse_path(bad).expect_err(bad).code, "edit.path", "{bad}");
        }
    }

    #[test]
    fn a_field_edit_changes_that_field_only() {
        let mut tf = example();
        let before = tf.clone();
        let a = apply(&mut tf, &Edit::set("device.trade_name", "Renamed")).expect("applies");
        assert_eq!(a.value, json!("Renamed"));
        assert_eq!(tf.device.trade_name, "Renamed");
        assert_eq!(changed_parts(&before, &tf), vec!["device"]);
        undo(&mut tf, a).expect("undoes");
        assert_eq!(tf, before);
    }

    #[test]
    fn an_invalid_value_is_refused_with_its_field_path_and_changes_nothing() {
        let mut tf = example();
        let before = tf.clone();
        let e = apply(&mut tf, &Edit::set("device.risk_class", "IIc")).expect_err("no class IIc");
        assert_eq!(e.code, "edit.invalid");
        assert!(e.message.contains("`device.risk_class`"), "{e}");
        let e = apply(
            &mut tf,
            &Edit::set("risk.entries[0].controls", json!([{"idd": "x"}])),
        )
        .expect_err("unknown field");
        assert!(
            e.message.contains("risk.entries[0].controls[0]"),
            "names the element: {e}"
        );
        let e = apply(&mut tf, &Edit::set("device.trade_nmae", "X")).expect_err("typo");
        assert!(e.message.contains("trade_nmae"), "{e}");
        let e = apply(&mut tf, &Edit::set("document.revisions", json!("x"))).expect_err("type");
        assert!(e.message.contains("`document.revisions`"), "{e}");
        assert_eq!(tf, before);
    }

    #[test]
    fn bad_paths_are_refused() {
        let mut tf = example();
        let n = tf.risk.entries.len();
        for (path, why) in [
            ("schema_version", "schema version"),
            ("devise.trade_name", "no such part"),
            (
                &format!("risk.entries[{n}].hazard") as &str,
                "no such element",
            ),
            ("device.trade_name.x", "not an object"),
            ("device.manufacturer.nope.x", "no field `nope`"),
        ] {
            let e = apply(&mut tf, &Edit::set(path, "x")).expect_err(path);
            assert_eq!(e.code, "edit.path", "{path}");
            assert!(e.message.contains(why), "{path}: {e}");
        }
        let e = apply(
            &mut tf,
            &Edit::Remove {
                path: "device.trade_name".into(),
            },
        )
        .expect_err("a field is not removed");
        assert_eq!(e.code, "edit.path");
    }

    #[test]
    fn rows_are_inserted_with_defaults_and_removed() {
        let mut tf = example();
        let before = tf.clone();
        let n = tf.risk.entries.len();
        let a = apply(
            &mut tf,
            &Edit::Insert {
                path: format!("risk.entries[{n}]"),
                value: json!({"id": "HAZ-NEW"}),
            },
        )
        .expect("inserts");
        assert_eq!(tf.risk.entries.len(), n + 1);
        assert_eq!(a.value["id"], "HAZ-NEW");
        assert_eq!(a.value["hazard"], "", "defaults are filled in: {}", a.value);
        undo(&mut tf, a).expect("undo");
        assert_eq!(tf, before);

        // Inside an element: a list of strings, and a row of a small part.
        let a = apply(
            &mut tf,
            &Edit::Insert {
                path: "device.warnings[0]".into(),
                value: json!("First"),
            },
        )
        .expect("inserts");
        assert_eq!(tf.device.warnings[0], "First");
        undo(&mut tf, a).expect("undo");
        let a = apply(
            &mut tf,
            &Edit::Remove {
                path: "risk.entries[0]".into(),
            },
        )
        .expect("removes");
        assert_eq!(a.value, Value::Null);
        assert_eq!(tf.risk.entries[0], before.risk.entries[1]);
        undo(&mut tf, a).expect("undo");
        assert_eq!(tf, before);
        assert_eq!(
            apply(
                &mut tf,
                &Edit::Insert {
                    path: "device.warnings[99]".into(),
                    value: json!("x"),
                },
            )
            .expect_err("past the end")
            .code,
            "edit.path"
        );
    }

    #[test]
    fn an_absent_optional_field_is_set_and_unset() {
        let mut tf = example();
        let before = tf.clone();
        assert!(tf.risk.plan.severity[0].at_least.is_none());
        let a = apply(&mut tf, &Edit::set("risk.plan.severity[0].at_least", 0.5)).expect("sets");
        assert_eq!(tf.risk.plan.severity[0].at_least, Some(0.5));
        undo(&mut tf, a).expect("undo");
        assert_eq!(tf, before);
    }

    #[test]
    fn whole_parts_and_lists_are_set_too() {
        let mut tf = example();
        let mut risk = serde_json::to_value(&tf.risk).expect("json");
        risk["entries"] = json!([]);
        apply(&mut tf, &Edit::set("risk", risk)).expect("sets the part");
        assert!(tf.risk.entries.is_empty());
        apply(&mut tf, &Edit::set("device.udi_dis", json!(["a", "b"]))).expect("sets a list");
        assert_eq!(tf.device.udi_dis, ["a", "b"]);
        assert_eq!(read(&tf, "device.udi_dis[1]").expect("reads"), json!("b"));
        assert_eq!(
            read(&tf, "device.nope").expect_err("no field").code,
            "edit.path"
        );
    }

    #[test]
    fn edits_arrive_as_the_ui_sends_them() {
        let edits: Vec<Edit> = serde_json::from_value(json!([
            {"op": "set", "path": "device.trade_name", "value": "X"},
            {"op": "insert", "path": "device.warnings[0]", "value": ""},
            {"op": "remove", "path": "device.warnings[0]"},
        ]))
        .expect("parses");
        assert_eq!(edits[0], Edit::set("device.trade_name", "X"));
        assert!(serde_json::from_value::<Edit>(json!({"op": "unset", "path": "x"})).is_err());
    }
}
