//! Older project files into the current schema, without loss.
//!
//! Version 1 to 2: the evidence list became the document register
//! (`evidence` → `documents`, each entry's `file_name` → `file`; the
//! register's new fields start empty). Nothing else changed shape, so every
//! value a version 1 file holds is at the same place in version 2 or at its
//! renamed place (`v1_to_v2_pointer`), which the tests check leaf by leaf
//! on a file that fills every field of the version 1 schema.
//!
//! The file is read into a JSON value, renamed, and then parsed by the same
//! typed parser as a current file; an error in it is reported at its place
//! in the version 1 text, with its version 1 field path.

use std::path::Path;

use serde_json::{Map, Value};

use super::StoreError;
use crate::diag::Location;

/// How deep a version 1 file may nest. The model nests about ten levels, so
/// no valid file comes near; the limit keeps a hostile one from building a
/// value too deep to drop (the current-version parser never builds one).
const MAX_DEPTH: usize = 128;

/// The version 1 `text` as version 2 JSON text (compact), or the error at
/// its place in `text`.
pub fn v1_to_v2(text: &str, file: &Path) -> Result<String, StoreError> {
    if let Some((line, column)) = deeper_than(text, MAX_DEPTH) {
        return Err(StoreError::Parse {
            location: Box::new(Location::line_col(file.display().to_string(), line, column)),
            message: format!(
                "nested deeper than {MAX_DEPTH} levels; no project file is (schema version 1)"
            ),
        });
    }
    let mut value: Value = serde_json::from_str(text).map_err(|e| StoreError::Parse {
        location: Box::new(Location::line_col(
            file.display().to_string(),
            e.line(),
            e.column(),
        )),
        message: super::strip_position(&e.to_string()),
    })?;
    if let Value::Object(root) = &mut value {
        migrate_root(root);
    }
    serde_json::to_string(&value).map_err(|e| StoreError::Serialize {
        message: e.to_string(),
    })
}

fn migrate_root(root: &mut Map<String, Value>) {
    root.insert("schema_version".into(), Value::from(2));
    // `evidence` → `documents` (the order of keys does not matter to the
    // typed parser, which writes the model's own order).
    if let Some(mut list) = root.shift_remove("evidence") {
        if let Value::Array(entries) = &mut list {
            for e in entries.iter_mut().filter_map(Value::as_object_mut) {
                rename(e, "file_name", "file");
            }
        }
        root.insert("documents".into(), list);
    }
}

/// Renames `from` to `to`. Where both are there (a version 1 file cannot
/// hold `to`), nothing is renamed and the typed parser reports `from` as
/// unknown, at its place.
fn rename(map: &mut Map<String, Value>, from: &str, to: &str) {
    if map.contains_key(to) {
        return;
    }
    if let Some(v) = map.shift_remove(from) {
        map.insert(to.into(), v);
    }
}

/// Where a version 2 JSON pointer of a migrated file came from in the
/// version 1 file (the inverse of `v1_to_v2_pointer`).
pub fn v2_to_v1_pointer(pointer: &str) -> String {
    map_pointer(pointer, "documents", "evidence", "file", "file_name")
}

/// Where a version 1 JSON pointer's value is after migration.
pub fn v1_to_v2_pointer(pointer: &str) -> String {
    map_pointer(pointer, "evidence", "documents", "file_name", "file")
}

fn map_pointer(pointer: &str, list: &str, list_to: &str, field: &str, field_to: &str) -> String {
    let mut segs: Vec<&str> = pointer.split('/').collect();
    // ["", "evidence", "3", "file_name", ...]
    if segs.get(1) == Some(&list) {
        segs[1] = list_to;
        if segs.get(3) == Some(&field) {
            segs[3] = field_to;
        }
    }
    segs.join("/")
}

/// A field path (`documents[2].file`, as the typed parser reports it) as a
/// JSON pointer.
pub fn field_path_to_pointer(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            out.push('/');
            out.push_str(&key.replace('~', "~0").replace('/', "~1"));
        }
        for index in rest.split('[') {
            let index = index.trim_end_matches(']');
            if !index.is_empty() {
                out.push('/');
                out.push_str(index);
            }
        }
    }
    out
}

/// A JSON pointer as a field path (`/documents/2/file` → `documents[2].file`).
pub fn pointer_to_field_path(pointer: &str) -> String {
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        if seg.parse::<usize>().is_ok() {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg.replace("~1", "/").replace("~0", "~"));
        }
    }
    out
}

/// `(line, column)` with the column (1-based) turned from UTF-16 code units,
/// as `jsonpos` counts, into bytes, as the store's errors count.
pub fn byte_column(text: &str, line: usize, utf16_column: usize) -> Option<(usize, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line_text = text.split('\n').nth(line.checked_sub(1)?)?;
    let (mut units, mut bytes) = (0, 0);
    for c in line_text.chars() {
        if units + 1 >= utf16_column {
            break;
        }
        units += c.len_utf16();
        bytes += c.len_utf8();
    }
    Some((line, bytes + 1))
}

/// The line and column (1-based, bytes) of the first bracket that opens a
/// level deeper than `max`, outside strings; `None` when the text never does.
fn deeper_than(text: &str, max: usize) -> Option<(usize, usize)> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let (mut line, mut line_start) = (1usize, 0usize);
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Some((line, i - line_start + 1));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_map_both_ways() {
        for (v1, v2) in [
            ("/evidence", "/documents"),
            ("/evidence/3/file_name", "/documents/3/file"),
            ("/evidence/3/title", "/documents/3/title"),
            ("/device/trade_name", "/device/trade_name"),
            (
                "/sbom/components/0/file_name",
                "/sbom/components/0/file_name",
            ),
        ] {
            assert_eq!(v1_to_v2_pointer(v1), v2);
            assert_eq!(v2_to_v1_pointer(v2), v1);
        }
    }

    #[test]
    fn field_paths_and_pointers_convert() {
        for (path, ptr) in [
            ("documents[2].file", "/documents/2/file"),
            (
                "risk.entries[0].controls[1].id",
                "/risk/entries/0/controls/1/id",
            ),
            ("", ""),
        ] {
            assert_eq!(field_path_to_pointer(path), ptr);
            assert_eq!(pointer_to_field_path(ptr), path);
        }
    }

    #[test]
    fn renames_keep_their_place_and_values() {
        let v1 = r#"{"schema_version":1,"document":{},"device":{},"evidence":[{"document_id":"A","file_name":"a.pdf"}],"sbom":{}}"#;
        let v2: Value = serde_json::from_str(&v1_to_v2(v1, Path::new("p.json")).expect("migrates"))
            .expect("JSON");
        let expected: Value = serde_json::from_str(
            r#"{"schema_version":2,"document":{},"device":{},"documents":[{"document_id":"A","file":"a.pdf"}],"sbom":{}}"#,
        )
        .expect("JSON");
        assert_eq!(v2, expected);
    }

    #[test]
    fn a_deep_file_is_refused_with_its_place() {
        let text = format!(
            "{{\"schema_version\": 1,\n \"document\": {}}}",
            "[".repeat(200)
        );
        let err = v1_to_v2(&text, Path::new("p.json")).expect_err("refused");
        let loc = err.location();
        assert_eq!((loc.line, loc.column), (2, 14 + MAX_DEPTH - 1));
    }
}
