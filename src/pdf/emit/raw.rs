//! Raw objects: the many small objects of a long document (structure
//! elements, link annotations) written straight as PDF syntax into one
//! buffer instead of being held as lopdf `Object`s. A lopdf `Object` is
//! about a hundred bytes whatever it holds and a dictionary allocates every
//! key: the stress project's 85,000 structure elements cost 190 MiB and
//! 0.13 s that way. Their ids are reserved in the lopdf document (so its
//! /Size covers them); `splice` puts them into lopdf's saved file before
//! its cross-reference table and writes one table for both.

use std::io::Write;

use super::PdfError;

/// Objects written as bytes: each `N 0 obj … endobj`, back to back.
#[derive(Default)]
pub(super) struct RawObjects {
    buf: Vec<u8>,
    /// Object number and where its `N 0 obj` starts in `buf`.
    at: Vec<(u32, usize)>,
}

impl RawObjects {
    /// Appends object `id`, its body written by `body` (a dictionary,
    /// usually, through `Body`).
    pub fn push(&mut self, id: u32, body: impl FnOnce(&mut Body)) {
        self.at.push((id, self.buf.len()));
        self.buf
            .extend_from_slice(itoa::Buffer::new().format(id).as_bytes());
        self.buf.extend_from_slice(b" 0 obj\n");
        body(&mut Body(&mut self.buf));
        self.buf.extend_from_slice(b"\nendobj\n");
    }

    pub fn bytes(&self) -> &[u8] {
        &self.buf
    }

    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// How many objects.
    pub fn len(&self) -> usize {
        self.at.len()
    }
}

/// The writer of one raw object's body: PDF tokens with the spacing
/// between them handled by the caller's order of calls.
pub(super) struct Body<'b>(&'b mut Vec<u8>);

impl<'b> Body<'b> {
    /// A writer appending to `buf` (a content stream, say).
    pub fn new(buf: &'b mut Vec<u8>) -> Self {
        Body(buf)
    }
    pub fn raw(&mut self, s: &[u8]) -> &mut Self {
        self.0.extend_from_slice(s);
        self
    }
    pub fn int(&mut self, v: i64) -> &mut Self {
        self.0
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        self
    }
    /// `N 0 R`.
    pub fn reference(&mut self, id: u32) -> &mut Self {
        self.int(id as i64).raw(b" 0 R")
    }
    /// A number rounded to 1/100, without trailing zeros.
    pub fn real(&mut self, v: f32) -> &mut Self {
        self.decimal(v, 2)
    }
    /// A number rounded to `digits` (at most 4) decimals, without
    /// trailing zeros: `12.5`, `-0.25`, `3`.
    pub fn decimal(&mut self, v: f32, digits: u32) -> &mut Self {
        let scale = 10i64.pow(digits.min(4));
        let c = (f64::from(v) * scale as f64).round() as i64;
        if c < 0 {
            self.raw(b"-");
        }
        let c = c.unsigned_abs();
        let scale = scale as u64;
        self.int((c / scale) as i64);
        let mut frac = c % scale;
        if frac != 0 {
            self.raw(b".");
            let mut div = scale / 10;
            while frac != 0 {
                self.0.push(b'0' + (frac / div) as u8);
                frac %= div;
                div /= 10;
            }
        }
        self
    }
    /// Bytes in hexadecimal, upper case, without the angle brackets.
    pub fn hex(&mut self, bytes: &[u8]) -> &mut Self {
        const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
        self.0.reserve(bytes.len() * 2);
        for &b in bytes {
            self.0.push(DIGITS[usize::from(b >> 4)]);
            self.0.push(DIGITS[usize::from(b & 15)]);
        }
        self
    }
    /// A name: `/` and the bytes, with anything outside the regular
    /// characters written as `#xx` (ISO 32000-1 7.3.5).
    pub fn name(&mut self, n: &[u8]) -> &mut Self {
        self.0.push(b'/');
        for &b in n {
            if (b'!'..=b'~').contains(&b) && !b"#()<>[]{}/%".contains(&b) {
                self.0.push(b);
            } else {
                let _ = write!(self.0, "#{b:02X}");
            }
        }
        self
    }
    /// A text string as UTF-16BE with byte order mark, in hexadecimal.
    pub fn text(&mut self, s: &str) -> &mut Self {
        self.raw(b"<").hex(&super::utf16be(s)).raw(b">")
    }
    /// An array: `[`, each item written by `each`, one space apart, `]`.
    pub fn list<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut each: impl FnMut(&mut Self, T),
    ) -> &mut Self {
        self.raw(b"[");
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.raw(b" ");
            }
            each(self, item);
        }
        self.raw(b"]")
    }
    /// A byte string in literal form, `(`, `)` and `\` escaped.
    pub fn literal(&mut self, s: &[u8]) -> &mut Self {
        self.0.push(b'(');
        for &b in s {
            match b {
                b'(' | b')' | b'\\' => {
                    self.0.push(b'\\');
                    self.0.push(b);
                }
                b'\r' => self.0.extend_from_slice(b"\\r"),
                b'\n' => self.0.extend_from_slice(b"\\n"),
                _ => self.0.push(b),
            }
        }
        self.raw(b")")
    }
}

/// Where `needle` last occurs in `hay`.
fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// lopdf's saved file `saved` with the raw objects put in before its
/// cross-reference table, and one table (a single section, 0 to /Size - 1)
/// for all objects. lopdf writes a classic table whose sections skip the
/// reserved numbers; it is read back here, entry by entry.
pub(super) fn splice(saved: Vec<u8>, raw: &RawObjects) -> Result<Vec<u8>, PdfError> {
    if raw.is_empty() {
        return Ok(saved);
    }
    let bad = |what: &str| PdfError::Write(format!("cannot add the raw objects: {what}"));
    let sx = rfind(&saved, b"startxref").ok_or_else(|| bad("no startxref"))?;
    let xref_at: usize = std::str::from_utf8(&saved[sx + 9..])
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| bad("no cross-reference offset"))?;
    if !saved[xref_at..].starts_with(b"xref") {
        return Err(bad("no classic cross-reference table"));
    }
    let trailer_at =
        xref_at + rfind(&saved[xref_at..sx], b"trailer").ok_or_else(|| bad("no trailer"))?;
    let table = std::str::from_utf8(&saved[xref_at + 4..trailer_at])
        .map_err(|_| bad("a cross-reference table that is not text"))?;
    // Offsets of lopdf's objects (None: free).
    let mut offsets: Vec<Option<usize>> = Vec::new();
    let mut lines = table.lines().map(str::trim).filter(|l| !l.is_empty());
    while let Some(head) = lines.next() {
        let mut it = head.split_whitespace();
        let (Some(start), Some(count)) = (it.next(), it.next()) else {
            return Err(bad("a cross-reference section without its numbers"));
        };
        let (start, count): (usize, usize) = (
            start.parse().map_err(|_| bad("section start"))?,
            count.parse().map_err(|_| bad("section count"))?,
        );
        for k in 0..count {
            let e = lines.next().ok_or_else(|| bad("a short section"))?;
            let mut f = e.split_whitespace();
            let off: usize = f
                .next()
                .and_then(|o| o.parse().ok())
                .ok_or_else(|| bad("an entry's offset"))?;
            let used = f.nth(1) == Some("n");
            let id = start + k;
            if offsets.len() <= id {
                offsets.resize(id + 1, None);
            }
            offsets[id] = used.then_some(off);
        }
    }
    // lopdf's trailer, kept; the file is cut before its table and goes on
    // in place (a second copy of a long file is its size again in memory).
    let trailer = saved[trailer_at..sx].to_vec();
    let mut out = saved;
    out.truncate(xref_at);
    out.reserve(raw.buf.len() + (offsets.len() + raw.at.len()) * 20 + trailer.len() + 64);
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let raw_base = out.len();
    out.extend_from_slice(&raw.buf);
    for &(id, at) in &raw.at {
        let id = id as usize;
        if offsets.len() <= id {
            offsets.resize(id + 1, None);
        }
        if offsets[id].is_some() {
            return Err(bad(&format!("object {id} written twice")));
        }
        offsets[id] = Some(raw_base + at);
    }
    let new_xref = out.len();
    out.extend_from_slice(b"xref\n0 ");
    out.extend_from_slice(itoa::Buffer::new().format(offsets.len()).as_bytes());
    out.push(b'\n');
    for (id, off) in offsets.iter().enumerate() {
        match off {
            Some(o) => {
                let mut digits = itoa::Buffer::new();
                let digits = digits.format(*o).as_bytes();
                out.extend(std::iter::repeat_n(
                    b'0',
                    10usize.saturating_sub(digits.len()),
                ));
                out.extend_from_slice(digits);
                out.extend_from_slice(b" 00000 n\r\n");
            }
            None if id == 0 => out.extend_from_slice(b"0000000000 65535 f\r\n"),
            None => out.extend_from_slice(b"0000000000 00001 f\r\n"),
        }
    }
    // lopdf's trailer, its /Size replaced by the table's.
    let trailer = &trailer[..];
    let size = offsets.len();
    match rfind(trailer, b"/Size ") {
        Some(p) => {
            out.extend_from_slice(&trailer[..p + 6]);
            out.extend_from_slice(itoa::Buffer::new().format(size).as_bytes());
            let rest = &trailer[p + 6..];
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            out.extend_from_slice(&rest[digits..]);
        }
        None => return Err(bad("a trailer without /Size")),
    }
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    out.extend_from_slice(b"startxref\n");
    out.extend_from_slice(itoa::Buffer::new().format(new_xref).as_bytes());
    out.extend_from_slice(b"\n%%EOF");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Object};

    #[test]
    fn body_tokens() {
        let mut raw = RawObjects::default();
        raw.push(7, |b| {
            b.raw(b"<<")
                .name(b"S")
                .name(b"H 1#")
                .raw(b" ")
                .real(12.5)
                .raw(b" ")
                .real(-0.05)
                .raw(b" ")
                .real(3.0)
                .text("é")
                .literal(b"a(b)\\")
                .list([1, 2, 3], |b, v| {
                    b.int(v);
                })
                .list(Vec::<i64>::new(), |b, v| {
                    b.int(v);
                })
                .raw(b">>");
        });
        assert_eq!(
            std::str::from_utf8(raw.bytes()).expect("ASCII"),
            "7 0 obj\n<</S/H#201#23 12.5 -0.05 3<FEFF00E9>(a\\(b\\)\\\\)[1 2 3][]>>\nendobj\n"
        );
    }

    #[test]
    fn spliced_objects_are_read_back_by_lopdf() {
        let mut lo = lopdf::Document::with_version("1.7");
        lo.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
        let pages = lo.new_object_id();
        let reserved = lo.new_object_id();
        let cat = lo.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages,
            "Extra" => reserved,
        });
        lo.objects.insert(
            pages,
            Object::Dictionary(dictionary! {"Type" => "Pages", "Kids" => vec![], "Count" => 0}),
        );
        lo.trailer.set("Root", cat);
        let mut saved = Vec::new();
        lo.save_to(&mut saved).expect("lopdf saves");
        let mut raw = RawObjects::default();
        raw.push(reserved.0, |b| {
            b.raw(b"<<").name(b"Hello").text("world").raw(b">>");
        });
        let out = splice(saved, &raw).expect("spliced");
        let back = lopdf::Document::load_mem(&out).expect("lopdf reads the spliced file");
        let d = back.get_dictionary(reserved).expect("the raw object");
        assert!(d.has(b"Hello"));
        // A second copy of an id lopdf wrote is refused.
        let mut twice = RawObjects::default();
        twice.push(cat.0, |b| {
            b.raw(b"null");
        });
        let mut saved = Vec::new();
        lo.save_to(&mut saved).expect("lopdf saves");
        assert!(splice(saved, &twice).is_err());
    }
}
