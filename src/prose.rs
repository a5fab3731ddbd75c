//! Every string of the model with its field path, visited in model order
//! without building a JSON value: a `serde::Serializer` that keeps the path
//! as a stack of segments and hands each string to a callback. The path is
//! only formatted when the callback asks for it, so a walk over a large
//! project allocates nothing per string. The rules that read what people
//! write (document citations, references in prose, claims, consistency)
//! walk the model through here; which fields count as prose is theirs to
//! say (`skip`).

use serde::ser::{self, Serialize};

/// One step of a field path: a struct field or map key, or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Field(&'static str),
    Key(String),
    Index(usize),
}

/// Where a string stands in the model, as the segments from the root.
#[derive(Debug, Default)]
pub struct FieldPath {
    segs: Vec<Seg>,
}

impl FieldPath {
    pub fn segs(&self) -> &[Seg] {
        &self.segs
    }

    /// The last field name (the field the string is the value of, or the
    /// list's field for a list of strings).
    pub fn field(&self) -> Option<&str> {
        self.segs.iter().rev().find_map(|s| match s {
            Seg::Field(f) => Some(*f),
            Seg::Key(k) => Some(k.as_str()),
            Seg::Index(_) => None,
        })
    }

    /// Whether the path starts with these field names (indices skipped).
    pub fn starts_with(&self, fields: &[&str]) -> bool {
        let mut names = self.segs.iter().filter_map(|s| match s {
            Seg::Field(f) => Some(*f),
            Seg::Key(k) => Some(k.as_str()),
            Seg::Index(_) => None,
        });
        fields.iter().all(|f| names.next() == Some(*f))
    }
}

impl std::fmt::Display for FieldPath {
    /// `chapters[2].body`, the form findings use.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, s) in self.segs.iter().enumerate() {
            match s {
                Seg::Field(name) if i == 0 => f.write_str(name)?,
                Seg::Field(name) => write!(f, ".{name}")?,
                Seg::Key(k) if i == 0 => f.write_str(k)?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Calls `visit` with every string of `value` and its path; a field for
/// which `skip(path, name)` is true is not entered (the path is the one of
/// the value holding the field).
pub fn strings<T: Serialize + ?Sized>(
    value: &T,
    skip: &dyn Fn(&FieldPath, &str) -> bool,
    visit: &mut dyn FnMut(&FieldPath, &str),
) {
    let mut w = Walker {
        path: FieldPath::default(),
        skip,
        visit,
    };
    // The walker itself never fails; a model type's own `Serialize` could,
    // and then the walk ends early, which only means fewer strings.
    let _ = value.serialize(&mut w);
}

struct Walker<'v> {
    path: FieldPath,
    skip: &'v dyn Fn(&FieldPath, &str) -> bool,
    visit: &'v mut dyn FnMut(&FieldPath, &str),
}

/// The walker's error: only a model type's own `Serialize` can raise one.
#[derive(Debug)]
pub struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("walk stopped")
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop
    }
}

type R = Result<(), Stop>;

impl Walker<'_> {
    fn enter<T: Serialize + ?Sized>(&mut self, seg: Seg, value: &T) -> R {
        self.path.segs.push(seg);
        let r = value.serialize(&mut *self);
        self.path.segs.pop();
        r
    }

    fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> R {
        if (self.skip)(&self.path, name) {
            return Ok(());
        }
        self.enter(Seg::Field(name), value)
    }
}

/// A list's (or tuple's) state: the next index.
pub struct Seq<'a, 'v> {
    w: &'a mut Walker<'v>,
    next: usize,
}

/// A map's state: the key waiting for its value.
pub struct Map<'a, 'v> {
    w: &'a mut Walker<'v>,
    key: Option<String>,
}

impl<'a, 'v> ser::Serializer for &'a mut Walker<'v> {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Seq<'a, 'v>;
    type SerializeTuple = Seq<'a, 'v>;
    type SerializeTupleStruct = Seq<'a, 'v>;
    type SerializeTupleVariant = Seq<'a, 'v>;
    type SerializeMap = Map<'a, 'v>;
    type SerializeStruct = &'a mut Walker<'v>;
    type SerializeStructVariant = &'a mut Walker<'v>;

    fn serialize_str(self, v: &str) -> R {
        (self.visit)(&self.path, v);
        Ok(())
    }
    fn serialize_bool(self, _: bool) -> R {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> R {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> R {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> R {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> R {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> R {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> R {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> R {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> R {
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> R {
        Ok(())
    }
    fn serialize_f64(self, _: f64) -> R {
        Ok(())
    }
    fn serialize_char(self, _: char) -> R {
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> R {
        Ok(())
    }
    fn serialize_none(self) -> R {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        Ok(())
    }
    /// An enum's name is a value of the model's vocabulary, not prose.
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> R {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> R {
        self.field(variant, value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        Ok(Seq { w: self, next: 0 })
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Stop> {
        Ok(Seq { w: self, next: 0 })
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Stop> {
        Ok(Seq { w: self, next: 0 })
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Stop> {
        Ok(Seq { w: self, next: 0 })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Stop> {
        Ok(Map { w: self, key: None })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Stop> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Stop> {
        Ok(self)
    }
}

impl Seq<'_, '_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        let i = self.next;
        self.next += 1;
        self.w.enter(Seg::Index(i), value)
    }
}

impl ser::SerializeSeq for Seq<'_, '_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        self.item(value)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeTuple for Seq<'_, '_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        self.item(value)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Seq<'_, '_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        self.item(value)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Seq<'_, '_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        self.item(value)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeMap for Map<'_, '_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> R {
        self.key = Some(key.serialize(KeyText)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        let key = self.key.take().unwrap_or_default();
        if (self.w.skip)(&self.w.path, &key) {
            return Ok(());
        }
        self.w.enter(Seg::Key(key), value)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Walker<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> R {
        self.field(key, value)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Walker<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> R {
        self.field(key, value)
    }
    fn end(self) -> R {
        Ok(())
    }
}

/// The value of the field `name` of a struct, as JSON, without serialising
/// its other fields (a model path's first segment, say, where the others
/// hold thousands of SBOM components). `None` when `value` is no struct or
/// has no such field.
pub fn field_value<T: Serialize + ?Sized>(value: &T, name: &str) -> Option<serde_json::Value> {
    let mut found = None;
    let _ = value.serialize(FieldOf {
        name,
        found: &mut found,
    });
    found
}

struct FieldOf<'n, 'f> {
    name: &'n str,
    found: &'f mut Option<serde_json::Value>,
}

impl ser::SerializeStruct for FieldOf<'_, '_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> R {
        if key == self.name {
            *self.found = serde_json::to_value(value).ok();
        }
        Ok(())
    }
    fn end(self) -> R {
        Ok(())
    }
}

/// Only a struct has fields: everything else ends the look-up.
impl<'n, 'f> ser::Serializer for FieldOf<'n, 'f> {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = ser::Impossible<(), Stop>;
    type SerializeTuple = ser::Impossible<(), Stop>;
    type SerializeTupleStruct = ser::Impossible<(), Stop>;
    type SerializeTupleVariant = ser::Impossible<(), Stop>;
    type SerializeMap = ser::Impossible<(), Stop>;
    type SerializeStruct = Self;
    type SerializeStructVariant = ser::Impossible<(), Stop>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_bool(self, _: bool) -> R {
        Err(Stop)
    }
    fn serialize_i8(self, _: i8) -> R {
        Err(Stop)
    }
    fn serialize_i16(self, _: i16) -> R {
        Err(Stop)
    }
    fn serialize_i32(self, _: i32) -> R {
        Err(Stop)
    }
    fn serialize_i64(self, _: i64) -> R {
        Err(Stop)
    }
    fn serialize_u8(self, _: u8) -> R {
        Err(Stop)
    }
    fn serialize_u16(self, _: u16) -> R {
        Err(Stop)
    }
    fn serialize_u32(self, _: u32) -> R {
        Err(Stop)
    }
    fn serialize_u64(self, _: u64) -> R {
        Err(Stop)
    }
    fn serialize_f32(self, _: f32) -> R {
        Err(Stop)
    }
    fn serialize_f64(self, _: f64) -> R {
        Err(Stop)
    }
    fn serialize_char(self, _: char) -> R {
        Err(Stop)
    }
    fn serialize_str(self, _: &str) -> R {
        Err(Stop)
    }
    fn serialize_bytes(self, _: &[u8]) -> R {
        Err(Stop)
    }
    fn serialize_none(self) -> R {
        Err(Stop)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Err(Stop)
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        Err(Stop)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> R {
        Err(Stop)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> R {
        Err(Stop)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        Err(Stop)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Stop> {
        Err(Stop)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Stop> {
        Err(Stop)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Stop> {
        Err(Stop)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Stop> {
        Err(Stop)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Stop> {
        Err(Stop)
    }
}

/// A map key as text: strings as they are, anything else is not a key the
/// model uses (the walk stops there).
struct KeyText;

impl ser::Serializer for KeyText {
    type Ok = String;
    type Error = Stop;
    type SerializeSeq = ser::Impossible<String, Stop>;
    type SerializeTuple = ser::Impossible<String, Stop>;
    type SerializeTupleStruct = ser::Impossible<String, Stop>;
    type SerializeTupleVariant = ser::Impossible<String, Stop>;
    type SerializeMap = ser::Impossible<String, Stop>;
    type SerializeStruct = ser::Impossible<String, Stop>;
    type SerializeStructVariant = ser::Impossible<String, Stop>;

    fn serialize_str(self, v: &str) -> Result<String, Stop> {
        Ok(v.to_string())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        v: &'static str,
    ) -> Result<String, Stop> {
        Ok(v.to_string())
    }
    fn serialize_bool(self, v: bool) -> Result<String, Stop> {
        Ok(v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<String, Stop> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String, Stop> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String, Stop> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String, Stop> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String, Stop> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String, Stop> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String, Stop> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String, Stop> {
        Ok(v.to_string())
    }
    fn serialize_f32(self, _: f32) -> Result<String, Stop> {
        Err(Stop)
    }
    fn serialize_f64(self, _: f64) -> Result<String, Stop> {
        Err(Stop)
    }
    fn serialize_char(self, v: char) -> Result<String, Stop> {
        Ok(v.to_string())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, Stop> {
        Err(Stop)
    }
    fn serialize_none(self) -> Result<String, Stop> {
        Err(Stop)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<String, Stop> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, Stop> {
        Err(Stop)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, Stop> {
        Err(Stop)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<String, Stop> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, Stop> {
        Err(Stop)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        Err(Stop)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Stop> {
        Err(Stop)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Stop> {
        Err(Stop)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Stop> {
        Err(Stop)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Stop> {
        Err(Stop)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Stop> {
        Err(Stop)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Stop> {
        Err(Stop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    struct Inner {
        name: String,
        tags: Vec<String>,
        n: u32,
        hidden: String,
    }

    #[derive(Serialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Tagged {
        Note { text: String },
    }

    #[derive(Serialize)]
    struct Outer {
        title: String,
        items: Vec<Inner>,
        extra: BTreeMap<String, String>,
        maybe: Option<String>,
        tagged: Tagged,
    }

    #[test]
    fn visits_every_string_with_its_path_in_model_order_and_skips_what_it_is_told() {
        let v = Outer {
            title: "T".into(),
            items: vec![Inner {
                name: "a".into(),
                tags: vec!["x".into(), "y".into()],
                n: 3,
                hidden: "secret".into(),
            }],
            extra: BTreeMap::from([("k".to_string(), "v".to_string())]),
            maybe: Some("m".into()),
            tagged: Tagged::Note { text: "t".into() },
        };
        let mut got = Vec::new();
        strings(
            &v,
            &|p, name| name == "hidden" && p.starts_with(&["items"]),
            &mut |p, s| got.push((p.to_string(), s.to_string())),
        );
        let want = [
            ("title", "T"),
            ("items[0].name", "a"),
            ("items[0].tags[0]", "x"),
            ("items[0].tags[1]", "y"),
            ("extra.k", "v"),
            ("maybe", "m"),
            ("tagged.kind", "note"),
            ("tagged.text", "t"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn field_value_serialises_only_the_field_asked_for() {
        let v = Inner {
            name: "a".into(),
            tags: vec!["x".into()],
            n: 3,
            hidden: String::new(),
        };
        assert_eq!(field_value(&v, "tags"), Some(serde_json::json!(["x"])));
        assert_eq!(field_value(&v, "n"), Some(serde_json::json!(3)));
        assert_eq!(field_value(&v, "nope"), None);
        assert_eq!(field_value(&"not a struct", "name"), None);
    }

    #[test]
    fn field_names_the_last_field() {
        let mut fields = Vec::new();
        strings(
            &Outer {
                title: "T".into(),
                items: vec![Inner {
                    name: "a".into(),
                    tags: vec!["x".into()],
                    n: 0,
                    hidden: String::new(),
                }],
                extra: BTreeMap::new(),
                maybe: None,
                tagged: Tagged::Note {
                    text: String::new(),
                },
            },
            &|_, _| false,
            &mut |p, _| fields.push(p.field().unwrap_or("").to_string()),
        );
        assert_eq!(fields, ["title", "name", "tags", "hidden", "kind", "text"]);
    }
}
