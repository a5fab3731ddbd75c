//! Source positions in JSON text: where a field path (`risk.entries[3].hazard`,
//! the form findings and load errors carry) or a JSON pointer
//! (`/risk/entries/3/hazard`) stands in the text, as 1-based line and column.
//! It reads text only: it does not parse values, check them or know the model.
//! A leaf: it names no other module of the crate.
//!
//! One pass over the text resolves any number of paths: the paths are merged
//! into a trie and the scan descends only where the trie does, skipping every
//! other value with a bracket counter (no recursion, so deep nesting cannot
//! overflow the stack). A path that does not resolve all the way gives the
//! nearest ancestor that does (with `exact == false`); text that is not JSON
//! gives what was found before the scan stopped, never a guessed place.
//!
//! Columns count UTF-16 code units (SARIF's `utf16CodeUnits`, what editors and
//! JavaScript viewers use): `é` is one column, an emoji two. A leading byte
//! order mark is not counted, as editors do not show it.

use std::collections::HashMap;

/// A place in the text: 1-based line and 1-based column in UTF-16 code units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Where a path was found: from the start of its member (the key's opening
/// quote; an array element's or the root's first character) to just after
/// its value. `end` is `None` when the value was cut short by broken text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub start: Position,
    pub end: Option<Position>,
    /// Whether the whole path was found (false: this is its nearest ancestor).
    pub exact: bool,
    /// How many of the path's segments were found (0: the root value).
    pub depth: usize,
}

/// Paths longer than this are resolved up to here (a guard against a path of
/// a million segments; model paths have fewer than ten).
const MAX_SEGMENTS: usize = 256;

/// One step of a path. A field path's `.key` names a member and `[3]` an
/// element; a JSON pointer's token names either, depending on the container
/// (so `/a/0` reaches `{"a": ["x"]}` and `{"a": {"0": "x"}}`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
    /// A JSON pointer token: a key, or an index when it is a number.
    Token(String, Option<usize>),
    /// A step no JSON text can match (`[subgroup]`, serde's `?`): the path
    /// resolves to what is before it.
    Unresolvable,
}

/// Splits a field path (`a.b[2].c`; `""` or `"."` is the root) or a JSON
/// pointer (`/a/b/2/c`, RFC 6901 escapes `~0` `~1`) into segments.
fn parse_path(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    if let Some(rest) = path.strip_prefix('/') {
        for tok in rest.split('/') {
            let tok = tok.replace("~1", "/").replace("~0", "~");
            let index = (tok == "0" || (!tok.starts_with('0') && !tok.is_empty()))
                .then(|| tok.parse::<usize>().ok())
                .flatten();
            out.push(Segment::Token(tok, index));
        }
        out.truncate(MAX_SEGMENTS);
        return out;
    }
    let b = path.as_bytes();
    let mut i = 0;
    while i < b.len() && out.len() < MAX_SEGMENTS {
        match b[i] {
            b'.' => i += 1,
            b'[' => {
                let close = path[i..].find(']').map(|k| i + k);
                let Some(close) = close else {
                    out.push(Segment::Unresolvable);
                    break;
                };
                let inner = &path[i + 1..close];
                match inner.parse::<usize>() {
                    Ok(n) if inner.bytes().all(|c| c.is_ascii_digit()) => {
                        out.push(Segment::Index(n))
                    }
                    _ => out.push(Segment::Unresolvable),
                }
                i = close + 1;
            }
            _ => {
                let end = path[i..]
                    .find(['.', '['])
                    .map(|k| i + k)
                    .unwrap_or(path.len());
                let key = &path[i..end];
                // serde_path_to_error writes `?` for a step it does not know.
                out.push(if key == "?" {
                    Segment::Unresolvable
                } else {
                    Segment::Key(key.to_string())
                });
                i = end;
            }
        }
    }
    out
}

/// A trie node: one path prefix, its children by key and by index, and
/// where it was found.
#[derive(Default)]
struct Node {
    keys: HashMap<String, usize>,
    indices: HashMap<usize, usize>,
    start: Option<Position>,
    end: Option<Position>,
}

impl Node {
    fn is_leaf(&self) -> bool {
        self.keys.is_empty() && self.indices.is_empty()
    }
}

/// Where each of `paths` stands in `text`, in the order given: the place of
/// the path, or of its nearest ancestor found (`exact == false`), or `None`
/// when not even the root value is there (empty text).
pub fn locate_all<S: AsRef<str>>(text: &str, paths: &[S]) -> Vec<Option<Located>> {
    let mut nodes = vec![Node::default()];
    // For each path, the trie nodes of its prefixes (root first) and whether
    // an unresolvable step cut it short.
    let mut chains: Vec<(Vec<usize>, bool)> = Vec::with_capacity(paths.len());
    for p in paths {
        let mut chain = vec![0];
        let mut cut = false;
        for seg in parse_path(p.as_ref()) {
            let at = *chain.last().unwrap_or(&0);
            let next = nodes.len();
            let child = match seg {
                Segment::Key(k) => *nodes[at].keys.entry(k).or_insert(next),
                Segment::Index(n) => *nodes[at].indices.entry(n).or_insert(next),
                Segment::Token(k, n) => {
                    // One node whether the container is an object or an
                    // array (where a field path already made `[n]` its own
                    // node, the token follows the key: less precise in an
                    // array, never wrong).
                    let child = *nodes[at].keys.entry(k).or_insert(next);
                    if let Some(n) = n {
                        nodes[at].indices.entry(n).or_insert(child);
                    }
                    child
                }
                Segment::Unresolvable => {
                    cut = true;
                    break;
                }
            };
            if child == next {
                nodes.push(Node::default());
            }
            chain.push(child);
        }
        chains.push((chain, cut));
    }

    let mut scan = Scan::new(text, &mut nodes);
    scan.run();

    chains
        .into_iter()
        .map(|(chain, cut)| {
            let found = chain
                .iter()
                .enumerate()
                .rev()
                .find(|(_, &n)| nodes[n].start.is_some())?;
            let (depth, &n) = found;
            Some(Located {
                start: nodes[n].start?,
                end: nodes[n].end,
                exact: !cut && depth + 1 == chain.len(),
                depth,
            })
        })
        .collect()
}

/// Where one path stands in `text` (see `locate_all`).
pub fn locate(text: &str, path: &str) -> Option<Located> {
    locate_all(text, &[path]).pop().flatten()
}

/// The UTF-16 column of a place given as a line and a 1-based *byte* column
/// (the form serde_json reports errors in), or `None` when the line is not in
/// the text or the column is 0 (unknown). A column past the line's end gives
/// the column just after it.
pub fn utf16_column(text: &str, line: usize, byte_column: usize) -> Option<usize> {
    if line == 0 || byte_column == 0 {
        return None;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let l = text.split('\n').nth(line - 1)?;
    let mut cut = (byte_column - 1).min(l.len());
    while !l.is_char_boundary(cut) {
        cut -= 1;
    }
    Some(l[..cut].encode_utf16().count() + 1)
}

/// One pass over the text along the trie.
struct Scan<'a, 'n> {
    text: &'a str,
    b: &'a [u8],
    nodes: &'n mut Vec<Node>,
    /// The position of byte `off`: positions are asked for in increasing
    /// order, so counting moves forward only and the pass stays linear.
    off: usize,
    at: Position,
}

impl<'a, 'n> Scan<'a, 'n> {
    fn new(text: &'a str, nodes: &'n mut Vec<Node>) -> Self {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Scan {
            text,
            b: text.as_bytes(),
            nodes,
            off: bom,
            at: Position { line: 1, column: 1 },
        }
    }

    fn run(&mut self) {
        let start = self.ws(self.off);
        if start >= self.b.len() {
            return;
        }
        self.nodes[0].start = self.pos(start);
        if let Some(end) = self.value(0, start) {
            self.nodes[0].end = self.pos(end);
        }
    }

    /// The position of byte `off` (not before the last one asked for).
    fn pos(&mut self, off: usize) -> Option<Position> {
        let between = self.text.get(self.off..off)?;
        for c in between.chars() {
            if c == '\n' {
                self.at.line += 1;
                self.at.column = 1;
            } else {
                self.at.column += c.len_utf16();
            }
        }
        self.off = off;
        Some(self.at)
    }

    fn ws(&self, mut i: usize) -> usize {
        while i < self.b.len() && matches!(self.b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        i
    }

    /// The value at `i` for trie node `node`: descends where the trie has
    /// children, else skips. Returns the byte after the value.
    fn value(&mut self, node: usize, i: usize) -> Option<usize> {
        if self.nodes[node].is_leaf() {
            return self.skip(i);
        }
        match self.b.get(i)? {
            b'{' if !self.nodes[node].keys.is_empty() => self.object(node, i),
            b'[' if !self.nodes[node].indices.is_empty() => self.array(node, i),
            _ => self.skip(i),
        }
    }

    fn object(&mut self, node: usize, i: usize) -> Option<usize> {
        let mut j = self.ws(i + 1);
        if self.b.get(j) == Some(&b'}') {
            return Some(j + 1);
        }
        loop {
            if self.b.get(j) != Some(&b'"') {
                return None;
            }
            let key_start = j;
            let (key, after) = self.key(j)?;
            j = self.ws(after);
            if self.b.get(j) != Some(&b':') {
                return None;
            }
            j = self.ws(j + 1);
            let child = self.nodes[node].keys.get(&key).copied();
            // The first of duplicate keys is the one reported.
            match child.filter(|&c| self.nodes[c].start.is_none()) {
                Some(c) => {
                    self.nodes[c].start = self.pos(key_start);
                    let end = self.value(c, j)?;
                    self.nodes[c].end = self.pos(end);
                    j = end;
                }
                None => j = self.skip(j)?,
            }
            j = self.ws(j);
            match self.b.get(j)? {
                b',' => j = self.ws(j + 1),
                b'}' => return Some(j + 1),
                _ => return None,
            }
        }
    }

    fn array(&mut self, node: usize, i: usize) -> Option<usize> {
        let mut j = self.ws(i + 1);
        if self.b.get(j) == Some(&b']') {
            return Some(j + 1);
        }
        let mut index = 0usize;
        loop {
            match self.nodes[node].indices.get(&index).copied() {
                Some(c) => {
                    self.nodes[c].start = self.pos(j);
                    let end = self.value(c, j)?;
                    self.nodes[c].end = self.pos(end);
                    j = end;
                }
                None => j = self.skip(j)?,
            }
            index += 1;
            j = self.ws(j);
            match self.b.get(j)? {
                b',' => j = self.ws(j + 1),
                b']' => return Some(j + 1),
                _ => return None,
            }
        }
    }

    /// Reads the string at `i` (its opening quote) as a key, decoding JSON
    /// escapes (`\"`, `\u00e9`, surrogate pairs; a lone surrogate becomes
    /// U+FFFD). Returns the key and the byte after the closing quote.
    fn key(&self, i: usize) -> Option<(String, usize)> {
        let b = self.b;
        let mut out: Vec<u8> = Vec::new();
        let mut j = i + 1;
        loop {
            match *b.get(j)? {
                b'"' => return Some((String::from_utf8_lossy(&out).into_owned(), j + 1)),
                b'\\' => {
                    let e = *b.get(j + 1)?;
                    j += 2;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4(j)?;
                            j += 4;
                            if (0xD800..0xDC00).contains(&hi)
                                && b.get(j) == Some(&b'\\')
                                && b.get(j + 1) == Some(&b'u')
                            {
                                match self.hex4(j + 2) {
                                    Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                                        j += 6;
                                        let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                        char::from_u32(cp).unwrap_or('\u{fffd}')
                                    }
                                    _ => '\u{fffd}',
                                }
                            } else {
                                char::from_u32(hi).unwrap_or('\u{fffd}')
                            }
                        }
                        _ => return None,
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                c => {
                    out.push(c);
                    j += 1;
                }
            }
        }
    }

    fn hex4(&self, i: usize) -> Option<u32> {
        let s = std::str::from_utf8(self.b.get(i..i + 4)?).ok()?;
        u32::from_str_radix(s, 16).ok()
    }

    /// Skips the value at `i` without looking inside: strings by their
    /// quotes, containers by a bracket counter, scalars to the next
    /// delimiter. Returns the byte after it.
    fn skip(&self, i: usize) -> Option<usize> {
        let b = self.b;
        match *b.get(i)? {
            b'"' => self.skip_string(i),
            b'{' | b'[' => {
                let mut depth = 0usize;
                let mut j = i;
                while j < b.len() {
                    match b[j] {
                        b'"' => {
                            j = self.skip_string(j)?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(j + 1);
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                None
            }
            b',' | b'}' | b']' | b':' => None,
            _ => {
                let mut j = i;
                while j < b.len()
                    && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                {
                    j += 1;
                }
                Some(j)
            }
        }
    }

    fn skip_string(&self, i: usize) -> Option<usize> {
        let b = self.b;
        let mut j = i + 1;
        while j < b.len() {
            match b[j] {
                b'"' => return Some(j + 1),
                b'\\' => j += 2,
                _ => j += 1,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, path: &str) -> Option<(usize, usize, bool)> {
        locate(text, path).map(|l| (l.start.line, l.start.column, l.exact))
    }

    const NESTED: &str = r#"{
  "document": {
    "revisions": [
      {"version": "1.0", "date": "2026-01-01"},
      {
        "version": "2.0",
        "date": ""
      }
    ]
  },
  "risk": {"entries": [[1, [2, 3]], {"controls": [{"id": "RC-1"}]}]}
}
"#;

    #[test]
    fn nested_objects_and_arrays_resolve_to_the_member_start() {
        assert_eq!(at(NESTED, "document"), Some((2, 3, true)));
        assert_eq!(at(NESTED, "document.revisions"), Some((3, 5, true)));
        assert_eq!(at(NESTED, "document.revisions[0]"), Some((4, 7, true)));
        assert_eq!(
            at(NESTED, "document.revisions[0].date"),
            Some((4, 26, true))
        );
        assert_eq!(at(NESTED, "document.revisions[1]"), Some((5, 7, true)));
        assert_eq!(at(NESTED, "document.revisions[1].date"), Some((7, 9, true)));
        // Arrays in arrays, and an object after them.
        assert_eq!(at(NESTED, "risk.entries[0][1][1]"), Some((11, 32, true)));
        assert_eq!(
            at(NESTED, "risk.entries[1].controls[0].id"),
            Some((11, 52, true))
        );
        // The root.
        assert_eq!(at(NESTED, ""), Some((1, 1, true)));
        assert_eq!(at(NESTED, "."), Some((1, 1, true)));
    }

    #[test]
    fn the_span_ends_after_the_value() {
        let l = locate(NESTED, "document.revisions[0].date").expect("found");
        assert_eq!(
            l.end,
            Some(Position {
                line: 4,
                column: 46
            })
        );
        let l = locate(NESTED, "document.revisions").expect("found");
        assert_eq!(l.end, Some(Position { line: 9, column: 6 }));
    }

    #[test]
    fn a_path_that_does_not_exist_gives_its_nearest_ancestor() {
        // A missing key under an existing array element.
        assert_eq!(
            at(NESTED, "document.revisions[1].approver"),
            Some((5, 7, false))
        );
        // An index past the end.
        assert_eq!(
            at(NESTED, "document.revisions[7].date"),
            Some((3, 5, false))
        );
        // An index into an object, a key into an array.
        assert_eq!(at(NESTED, "document[0]"), Some((2, 3, false)));
        assert_eq!(
            at(NESTED, "document.revisions.version"),
            Some((3, 5, false))
        );
        // Nothing but the root.
        assert_eq!(at(NESTED, "sbom.components[0].purl"), Some((1, 1, false)));
        let l = locate(NESTED, "sbom.components[0]").expect("root");
        assert_eq!(l.depth, 0);
        // Steps no text can match stop there: serde's `?` and `[subgroup]`.
        assert_eq!(at(NESTED, "document.?.x"), Some((2, 3, false)));
        assert_eq!(at(NESTED, "document.revisions[x]"), Some((3, 5, false)));
        assert_eq!(at(NESTED, "document.revisions[0"), Some((3, 5, false)));
    }

    #[test]
    fn escaped_keys_are_decoded_before_matching() {
        let text = r#"{"a\"b": 1, "caf\u00e9": {"x\\y": 2}, "\ud83d\ude00": 3, "t\tab": 4}"#;
        assert_eq!(at(text, "a\"b"), Some((1, 2, true)));
        assert_eq!(at(text, "café.x\\y"), Some((1, 27, true)));
        assert_eq!(at(text, "😀"), Some((1, 39, true)));
        assert_eq!(at(text, "t\tab"), Some((1, 58, true)));
        // A lone surrogate does not panic and matches U+FFFD.
        assert_eq!(at(r#"{"\ud800": 1}"#, "\u{fffd}"), Some((1, 2, true)));
    }

    #[test]
    fn columns_count_utf16_code_units() {
        // `é` is one unit, `😀` two, a tab one; strings with brackets and
        // escaped quotes inside are skipped whole.
        let text = "{\"é\": \"]}\\\"😀\", \"k\": {\"\t😀\": [1, {\"z\": 0}]}}";
        assert_eq!(at(text, "é"), Some((1, 2, true)));
        assert_eq!(at(text, "k"), Some((1, 17, true)));
        assert_eq!(at(text, "k.\t😀[1].z"), Some((1, 35, true)));
        // A byte order mark is not counted; CRLF ends lines.
        let text = "\u{feff}{\r\n  \"a\": {\r\n    \"b\": 1}}";
        assert_eq!(at(text, ""), Some((1, 1, true)));
        assert_eq!(at(text, "a.b"), Some((3, 5, true)));
    }

    #[test]
    fn json_pointers_resolve_like_field_paths() {
        assert_eq!(
            at(NESTED, "/document/revisions/1/date"),
            at(NESTED, "document.revisions[1].date")
        );
        let text = r#"{"a/b": {"0": 1, "~k": [5, 6]}}"#;
        assert_eq!(at(text, "/a~1b/0"), Some((1, 10, true)));
        assert_eq!(at(text, "/a~1b/~0k/1"), Some((1, 28, true)));
        assert_eq!(at(text, "/a~1b/~0k/01"), Some((1, 18, false)));
    }

    #[test]
    fn many_paths_resolve_in_one_pass_in_the_order_given() {
        let paths = [
            "risk.entries[1].controls[0].id",
            "document.revisions[1].date",
            "nope",
            "document.revisions[0].date",
        ];
        let got: Vec<_> = locate_all(NESTED, &paths)
            .into_iter()
            .map(|l| l.map(|l| (l.start.line, l.start.column, l.exact)))
            .collect();
        assert_eq!(
            got,
            vec![
                Some((11, 52, true)),
                Some((7, 9, true)),
                Some((1, 1, false)),
                Some((4, 26, true)),
            ]
        );
    }

    #[test]
    fn broken_text_gives_what_was_found_and_never_panics() {
        assert_eq!(locate("", "a"), None);
        assert_eq!(locate("   \n ", "a"), None);
        // Cut short after `a` began: `a` is found, its end is not.
        let l = locate("{\"a\": {\"b\": [1, \"xy", "a.b[1]").expect("partial");
        assert_eq!((l.start.line, l.start.column), (1, 17));
        assert_eq!(l.end, None);
        let l = locate("{\"a\": {\"b\": ", "a.b").expect("key found");
        assert!(l.exact && l.end.is_none());
        for text in [
            "{",
            "[",
            "\"",
            "{\"a\"",
            "{\"a\":",
            "{\"a\" 1}",
            "{,}",
            "[,]",
            "{\"a\": 1 \"b\": 2}",
            "{\"\\u12\": 1}",
            "{\"\\q\": 1}",
            "}}}",
            "nul",
            "{\"a\": [}]",
            "\u{feff}",
        ] {
            for p in ["a", "a.b", "a[0]", "/a/0", "", "b"] {
                let _ = locate(text, p);
            }
        }
    }

    #[test]
    fn deep_nesting_is_skipped_without_recursion() {
        let deep = format!(
            "{{\"a\": {}{}, \"b\": 1}}",
            "[".repeat(200_000),
            "]".repeat(200_000)
        );
        assert_eq!(at(&deep, "b"), Some((1, 400_009, true)));
        let long_path = "a".to_string() + &"[0]".repeat(100_000);
        let l = locate(&deep, &long_path).expect("found");
        assert_eq!(l.depth, MAX_SEGMENTS);
    }

    #[test]
    fn byte_columns_become_utf16_columns() {
        let text = "{\n  \"é😀\": x\n}";
        // serde_json's column of `x`: 1-based byte column 13 on line 2.
        assert_eq!(utf16_column(text, 2, 13), Some(10));
        assert_eq!(utf16_column(text, 2, 1), Some(1));
        // `😀` starts at byte column 6, UTF-16 column 5; a byte column
        // inside a character gives that character's column.
        assert_eq!(utf16_column(text, 2, 6), Some(5));
        assert_eq!(utf16_column(text, 2, 7), Some(5));
        assert_eq!(utf16_column(text, 2, 5), Some(4));
        assert_eq!(utf16_column(text, 2, 999), Some(11));
        assert_eq!(utf16_column(text, 9, 1), None);
        assert_eq!(utf16_column(text, 2, 0), None);
        assert_eq!(utf16_column("\u{feff}{x", 1, 2), Some(2));
    }
}
