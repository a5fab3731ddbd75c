//! Lenient accessors over `serde_json::Value` for the converters: a missing
//! field reads as empty, a field of the wrong type reads as empty and, where
//! the converter asks, leaves a warning naming the rule `<format>.type`.

use super::node::Node as Value;

use super::Warn;

static EMPTY: Vec<Value<'static>> = Vec::new();

/// The string at `key`, or "" (numbers are written as text).
pub fn s<'a>(v: &'a Value, key: &str) -> std::borrow::Cow<'a, str> {
    match v.get(key) {
        Some(Value::String(s)) => std::borrow::Cow::Borrowed(s.trim()),
        Some(Value::Number(n)) => std::borrow::Cow::Owned(n.to_string()),
        Some(Value::Bool(b)) => std::borrow::Cow::Owned(b.to_string()),
        _ => std::borrow::Cow::Borrowed(""),
    }
}

/// The array at `key`, or an empty slice.
pub fn arr<'a, 'b>(v: &'a Value<'b>, key: &str) -> &'a [Value<'b>] {
    match v.get(key) {
        Some(Value::Array(a)) => a,
        _ => &EMPTY,
    }
}

/// The array at `key`; a present value of another type is a warning.
pub fn arr_w<'a, 'b>(
    v: &'a Value<'b>,
    key: &str,
    ptr: &str,
    rule: &str,
    w: &mut Warn,
) -> &'a [Value<'b>] {
    match v.get(key) {
        Some(Value::Array(a)) => a,
        None | Some(Value::Null) => &EMPTY,
        Some(other) => {
            w.add(
                rule,
                &format!("{ptr}/{key}"),
                format!("`{key}` must be an array, found {}", type_name(other)),
            );
            &EMPTY
        }
    }
}

/// The string at `key`; a present value of another type is a warning.
pub fn s_w<'a>(v: &'a Value, key: &str, ptr: &str, rule: &str, w: &mut Warn) -> &'a str {
    match v.get(key) {
        Some(Value::String(s)) => s.trim(),
        None | Some(Value::Null) => "",
        Some(other) => {
            w.add(
                rule,
                &format!("{ptr}/{key}"),
                format!("`{key}` must be a string, found {}", type_name(other)),
            );
            ""
        }
    }
}

pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub use crate::date::is_date_time;

/// Lower-case hex of exactly one of `lens` digits.
pub fn is_hex_of(s: &str, lens: &[usize]) -> bool {
    (lens.is_empty() || lens.contains(&s.len()))
        && !s.is_empty()
        && s.bytes().all(|c| c.is_ascii_hexdigit())
}

/// Hex lengths a hash algorithm's digest may have (empty: any length).
pub fn hash_lengths(alg: &str) -> Option<&'static [usize]> {
    Some(match alg.to_ascii_uppercase().as_str() {
        "MD5" => &[32],
        "SHA-1" | "SHA1" => &[40],
        "SHA-256" | "SHA256" | "SHA3-256" | "BLAKE2B-256" => &[64],
        "SHA-384" | "SHA384" | "SHA3-384" | "BLAKE2B-384" => &[96],
        "SHA-512" | "SHA512" | "SHA3-512" | "BLAKE2B-512" => &[128],
        "SHA-224" | "SHA224" | "SHA3-224" => &[56],
        "BLAKE3" | "ADLER32" | "MD2" | "MD4" | "MD6" | "STREEBOG-256" | "STREEBOG-512" => &[],
        _ => return None,
    })
}
