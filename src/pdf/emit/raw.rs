//! Raw objects: the many small objects of a long document (structure
//! elements, link annotations) written straight as PDF syntax instead of
//! being held as lopdf `Object`s, and packed into compressed object streams
//! (ISO 32000-1 7.5.7) as they are written. A lopdf `Object` is about a
//! hundred bytes whatever it holds and a dictionary allocates every key: the
//! stress project's 85,000 structure elements cost 190 MiB and 0.13 s that
//! way; written plain they were 10 MB of the file and of the export's peak
//! memory, packed they are about 1 MB. Their ids are reserved in the lopdf
//! document; `splice` adds the object streams to lopdf's saved file and
//! replaces its cross-reference table and trailer by one cross-reference
//! stream (7.5.8) for all objects. Object and cross-reference streams are
//! PDF 1.5; the file says 1.7, and PDF/A-2 (ISO 19005-2, on ISO 32000-1)
//! allows both, unlike PDF/A-1.

use std::io::Write;

use super::PdfError;

/// Objects per object stream: small enough that a viewer reading one
/// object inflates little (ISO 32000-1 7.5.7 asks to limit it; qpdf uses
/// 100-200), large enough to compress well.
const PER_STREAM: usize = 200;

/// One full object stream: its objects' numbers in order, the byte offset
/// of the first object in the decoded data (`/First`) and the compressed
/// data.
struct ObjStm {
    ids: Vec<u32>,
    first: usize,
    data: Vec<u8>,
}

/// Objects written as bytes, packed into object streams.
#[derive(Default)]
pub(super) struct RawObjects {
    done: Vec<ObjStm>,
    /// The object stream being filled: its objects back to back, each
    /// followed by a newline, and each object's number and start.
    cur: Vec<u8>,
    cur_at: Vec<(u32, usize)>,
    /// Compressing failed (it does not, into memory): `splice` says so.
    failed: Option<String>,
}

impl RawObjects {
    /// Appends object `id`, its body written by `body` (a dictionary,
    /// usually, through `Body`). It must not be a stream, nor a bare
    /// reference (7.5.7).
    pub fn push(&mut self, id: u32, body: impl FnOnce(&mut Body)) {
        self.cur_at.push((id, self.cur.len()));
        body(&mut Body(&mut self.cur));
        self.cur.push(b'\n');
        if self.cur_at.len() == PER_STREAM {
            self.seal();
        }
    }

    /// Compresses the object stream being filled and starts the next.
    fn seal(&mut self) {
        if self.cur_at.is_empty() {
            return;
        }
        // The stream's data: pairs of object number and offset, then the
        // objects.
        let mut head = Vec::with_capacity(self.cur_at.len() * 12);
        for (i, (id, at)) in self.cur_at.iter().enumerate() {
            if i > 0 {
                head.push(b' ');
            }
            let mut b = Body(&mut head);
            b.int(i64::from(*id)).raw(b" ").int(*at as i64);
        }
        head.push(b'\n');
        match super::zlib(&[&head, &self.cur]) {
            Ok(data) => self.done.push(ObjStm {
                ids: self.cur_at.iter().map(|(id, _)| *id).collect(),
                first: head.len(),
                data,
            }),
            Err(e) => self.failed = Some(e.to_string()),
        }
        self.cur.clear();
        self.cur_at.clear();
    }

    /// Seals the last object stream: call once all objects are pushed.
    pub fn finish(&mut self) {
        self.seal();
        self.cur = Vec::new();
    }

    /// Feeds the object streams (numbers and compressed data) to `h`.
    pub fn hash(&self, h: &mut impl sha2::Digest) {
        for s in &self.done {
            for id in &s.ids {
                h.update(id.to_be_bytes());
            }
            h.update(&s.data);
        }
    }

    /// About how many bytes the object streams take in the file.
    pub fn file_bytes(&self) -> usize {
        self.done.iter().map(|s| s.data.len() + 96).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many objects.
    pub fn len(&self) -> usize {
        self.done.iter().map(|s| s.ids.len()).sum::<usize>() + self.cur_at.len()
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

/// One entry of a cross-reference stream (ISO 32000-1 7.5.8.3, table 18).
#[derive(Clone, Copy)]
enum Entry {
    Free,
    /// Type 1: at this byte offset.
    At(usize),
    /// Type 2: the `index`-th object of object stream `stream`.
    In {
        stream: u32,
        index: u32,
    },
}

/// lopdf's saved file `saved` with the object streams of `raw` added and
/// its cross-reference table and trailer replaced by one cross-reference
/// stream for all objects (one section, 0 to /Size - 1). lopdf writes a
/// classic table whose sections skip the reserved numbers; it is read
/// back here, entry by entry, and its trailer's entries (but /Size) go to
/// the stream's dictionary.
pub(super) fn splice(saved: Vec<u8>, raw: &RawObjects) -> Result<Vec<u8>, PdfError> {
    if raw.is_empty() {
        return Ok(saved);
    }
    let bad = |what: &str| PdfError::Write(format!("cannot add the raw objects: {what}"));
    if let Some(e) = &raw.failed {
        return Err(bad(&format!("compressing an object stream failed: {e}")));
    }
    if !raw.cur_at.is_empty() {
        return Err(bad("the last object stream was not finished"));
    }
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
    let mut entries: Vec<Entry> = Vec::new();
    fn set(entries: &mut Vec<Entry>, id: usize, e: Entry) {
        if entries.len() <= id {
            entries.resize(id + 1, Entry::Free);
        }
        entries[id] = e;
    }
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
            if f.nth(1) == Some("n") {
                set(&mut entries, start + k, Entry::At(off));
            }
        }
    }
    // lopdf's trailer dictionary without its /Size, kept for the stream's
    // dictionary.
    let trailer = &saved[trailer_at + 7..sx];
    let (open, close) = match (
        trailer.windows(2).position(|w| w == b"<<"),
        rfind(trailer, b">>"),
    ) {
        (Some(o), Some(c)) if o < c => (o + 2, c),
        _ => return Err(bad("a trailer that is no dictionary")),
    };
    let mut keys = trailer[open..close].to_vec();
    if let Some(p) = rfind(&keys, b"/Size") {
        let digits = keys[p + 5..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace() || b.is_ascii_digit())
            .count();
        keys.drain(p..p + 5 + digits);
    }

    // The object streams take the numbers after the highest one in use,
    // the cross-reference stream the next.
    let mut next = entries.len().max(1);
    for s in &raw.done {
        for id in &s.ids {
            next = next.max(*id as usize + 1);
        }
    }
    // The file goes on in place after lopdf's objects (a second copy of a
    // long file is its size again in memory).
    let mut out = saved;
    out.truncate(xref_at);
    out.reserve(raw.file_bytes() + (next + raw.done.len()) * 8 + keys.len() + 256);
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    for s in &raw.done {
        let num = next as u32;
        next += 1;
        for (index, id) in s.ids.iter().enumerate() {
            if matches!(
                entries.get(*id as usize),
                Some(Entry::At(_) | Entry::In { .. })
            ) {
                return Err(bad(&format!("object {id} written twice")));
            }
            let index = index as u32;
            set(&mut entries, *id as usize, Entry::In { stream: num, index });
        }
        set(&mut entries, num as usize, Entry::At(out.len()));
        let mut b = Body(&mut out);
        b.int(i64::from(num)).raw(b" 0 obj\n<</Type/ObjStm/N ");
        b.int(s.ids.len() as i64)
            .raw(b"/First ")
            .int(s.first as i64);
        b.raw(b"/Filter/FlateDecode/Length ")
            .int(s.data.len() as i64);
        b.raw(b">>\nstream\n")
            .raw(&s.data)
            .raw(b"\nendstream\nendobj\n");
    }
    let xref_num = next;
    let xref_at = out.len();
    set(&mut entries, xref_num, Entry::At(xref_at));
    // Field widths: type 1 byte, then as many bytes as the largest offset
    // or stream number needs, then 2 (generation or index).
    let largest = entries
        .iter()
        .map(|e| match e {
            Entry::Free => 0,
            Entry::At(o) => *o,
            Entry::In { stream, .. } => *stream as usize,
        })
        .max()
        .unwrap_or(0);
    let w2 = (1..=8)
        .find(|n| *n == 8 || largest >> (8 * n) == 0)
        .unwrap_or(8);
    let mut rows = Vec::with_capacity(entries.len() * (3 + w2));
    for (id, e) in entries.iter().enumerate() {
        let (t, f2, f3) = match *e {
            // The head of the free list is object 0, generation 65535;
            // numbers reserved and not written are free, generation 1.
            Entry::Free => (0u8, 0usize, if id == 0 { 65535u16 } else { 1 }),
            Entry::At(o) => (1, o, 0),
            Entry::In { stream, index } => (2, stream as usize, index as u16),
        };
        rows.push(t);
        rows.extend_from_slice(&(f2 as u64).to_be_bytes()[8 - w2..]);
        rows.extend_from_slice(&f3.to_be_bytes());
    }
    let (rows, filter): (Vec<u8>, &[u8]) = match super::deflate(&rows)? {
        Some(z) => (z, b"/Filter/FlateDecode"),
        None => (rows, b""),
    };
    let mut b = Body(&mut out);
    b.int(xref_num as i64).raw(b" 0 obj\n<</Type/XRef/Size ");
    b.int(entries.len() as i64)
        .raw(b"/W[1 ")
        .int(w2 as i64)
        .raw(b" 2]");
    b.raw(&keys)
        .raw(filter)
        .raw(b"/Length ")
        .int(rows.len() as i64);
    b.raw(b">>\nstream\n")
        .raw(&rows)
        .raw(b"\nendstream\nendobj\n");
    b.raw(b"startxref\n").int(xref_at as i64).raw(b"\n%%EOF");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Object};

    #[test]
    fn body_tokens() {
        let mut bytes = Vec::new();
        Body::new(&mut bytes)
            .raw(b"<<")
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
        assert_eq!(
            std::str::from_utf8(&bytes).expect("ASCII"),
            "<</S/H#201#23 12.5 -0.05 3<FEFF00E9>(a\\(b\\)\\\\)[1 2 3][]>>"
        );
    }

    #[test]
    fn spliced_objects_are_read_back_by_lopdf() {
        let mut lo = lopdf::Document::with_version("1.7");
        lo.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
        let pages = lo.new_object_id();
        // More than one object stream holds, so that two are written.
        let reserved: Vec<_> = (0..PER_STREAM + 5).map(|_| lo.new_object_id()).collect();
        let cat = lo.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages,
            "Extra" => reserved.iter().map(|r| Object::Reference(*r)).collect::<Vec<_>>(),
        });
        lo.objects.insert(
            pages,
            Object::Dictionary(dictionary! {"Type" => "Pages", "Kids" => vec![], "Count" => 0}),
        );
        lo.trailer.set("Root", cat);
        let id = Object::String(vec![7; 16], lopdf::StringFormat::Hexadecimal);
        lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));
        let mut saved = Vec::new();
        lo.save_to(&mut saved).expect("lopdf saves");
        let mut raw = RawObjects::default();
        for (i, r) in reserved.iter().enumerate() {
            raw.push(r.0, |b| {
                b.raw(b"<<")
                    .name(b"Hello")
                    .raw(b" ")
                    .int(i as i64)
                    .raw(b">>");
            });
        }
        raw.finish();
        assert_eq!(raw.done.len(), 2, "two object streams");
        let out = splice(saved, &raw).expect("spliced");
        // No classic table and no plain copy of the objects: one
        // cross-reference stream, the objects compressed.
        assert!(!out.windows(6).any(|w| w == b"\nxref\n"));
        assert!(!out.windows(6).any(|w| w == b"/Hello"));
        assert_eq!(count(&out, b"/Type/ObjStm"), 2);
        assert_eq!(count(&out, b"/Type/XRef"), 1);
        assert!(out.ends_with(b"%%EOF"));
        let back = lopdf::Document::load_mem(&out).expect("lopdf reads the spliced file");
        for (i, r) in reserved.iter().enumerate() {
            let d = back.get_dictionary(*r).expect("the raw object");
            assert_eq!(
                d.get(b"Hello").and_then(|v| v.as_i64()).ok(),
                Some(i as i64)
            );
        }
        // The trailer's entries moved to the stream's dictionary.
        assert!(back.trailer.get(b"Root").is_ok());
        assert!(back.trailer.get(b"ID").is_ok());
        // A second copy of an id lopdf wrote is refused.
        let mut twice = RawObjects::default();
        twice.push(cat.0, |b| {
            b.raw(b"null");
        });
        twice.finish();
        let mut saved = Vec::new();
        lo.save_to(&mut saved).expect("lopdf saves");
        assert!(splice(saved, &twice).is_err());
        // An object stream not finished is refused, not lost.
        let mut open = RawObjects::default();
        open.push(reserved[0].0, |b| {
            b.raw(b"null");
        });
        let mut saved = Vec::new();
        lo.save_to(&mut saved).expect("lopdf saves");
        assert!(splice(saved, &open).is_err());
    }

    fn count(hay: &[u8], needle: &[u8]) -> usize {
        hay.windows(needle.len()).filter(|w| *w == needle).count()
    }
}
