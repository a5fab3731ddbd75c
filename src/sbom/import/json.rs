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

/// RFC 3339 date-time (`YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm)`), as JSON Schema's `date-time`.
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return false;
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return false;
    }
    if !(digits(11..13) && b[13] == b':' && digits(14..16) && b[16] == b':' && digits(17..19)) {
        return false;
    }
    let month = (b[5] - b'0') * 10 + (b[6] - b'0');
    let day = (b[8] - b'0') * 10 + (b[9] - b'0');
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    let mut i = 19;
    if b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &b[i..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()),
        _ => false,
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_follows_rfc3339() {
        assert!(is_date_time("2020-04-13T20:20:39+00:00"));
        assert!(is_date_time("2022-12-27T23:08:17.349368Z"));
        assert!(!is_date_time("2020-04-13"));
        assert!(!is_date_time("2020-13-13T20:20:39Z"));
        assert!(!is_date_time("2020-04-13T20:20:39"));
    }
}
