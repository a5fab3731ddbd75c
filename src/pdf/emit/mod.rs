//! Emit: laid-out pages -> PDF bytes. printpdf writes the document shell and
//! the embedded font objects; the pages' content streams are written
//! directly (`content`); lopdf holds the objects for what printpdf does not
//! do (nested outline, clean Info dictionary, content-derived /ID, fast
//! compression) and `raw` writes the many small objects (structure
//! elements, links). This module owns the order of the steps, the chunked
//! two-worker content writing, the Info dictionary and the /ID; `content`
//! (items -> operators), `embed` (font subsets, /W and ToUnicode), `tags`
//! (structure tree) and `nav` (links, outline) do the rest. It makes no
//! layout decisions.

mod content;
mod embed;
mod nav;
mod pdfa;
mod raw;
mod tags;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    FontId, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfParseErrorSeverity,
    PdfSaveOptions, TextItem,
};
use sha2::{Digest, Sha256};

use super::doc::{Document, Item, Page, StructElem};
use super::fonts::{FontKind, FONT_COUNT};
use super::{PdfError, PdfOptions};
use content::{page_content, GlyphMap, Glyphs};
use embed::{embed_font, write_font_tables, FontTables};
use nav::{add_links, write_outline};
use pdfa::{make_pdfa, xml_char, InfoText};

/// The bytes of a PDF text string: UTF-16BE with byte order mark (any
/// Unicode survives). The Info dictionary, /ActualText and the raw
/// objects' /Alt all write text this way.
pub(super) fn utf16be(s: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    bytes
}

/// Round to 1/100 pt: shorter output, identical bytes for equal input.
pub(super) fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

pub(super) fn text_string(s: &str) -> Object {
    Object::String(utf16be(s), StringFormat::Hexadecimal)
}

/// The bytes of a PDF and what printpdf warned about while writing them
/// (in page-chunk order; empty for the documents `layout` makes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Emitted {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
}

/// Pages go to the content workers in chunks of this many pages.
const CHUNK: usize = 48;

/// The PDF of a laid-out document. Pure: it reads no clock and no
/// environment and changes nothing; equal documents give equal bytes. The
/// observer in `opts` is told as each stage ends.
pub fn emit(doc: &Document, opts: &PdfOptions) -> Result<Emitted, PdfError> {
    emit_owned(doc.clone(), opts)
}

/// `emit`, consuming the document: its pages are freed as soon as the
/// links and the structure tree are written, before the file is saved (where
/// the memory of a long export peaks). The export uses this one.
pub fn emit_owned(mut doc: Document, opts: &PdfOptions) -> Result<Emitted, PdfError> {
    let owned_pages = std::mem::take(&mut doc.pages);
    let (pages, meta) = (&owned_pages, &doc.meta);
    if pages.is_empty() {
        return Err(PdfError::Write("no pages".into()));
    }
    // 1. Fonts: subset each face to the characters this document draws.
    // A bit per character of the Basic Multilingual Plane (a set insert per
    // drawn character was a twentieth of the stress export), a set beyond.
    let mut bmp = vec![0u64; FONT_COUNT * 1024];
    let mut astral: BTreeSet<(usize, char)> = BTreeSet::new();
    for p in pages {
        for it in &p.items {
            if let Item::Text { font, text, .. } = it {
                let bits = &mut bmp[*font as usize * 1024..][..1024];
                for c in text.chars() {
                    let u = c as usize;
                    match bits.get_mut(u >> 6) {
                        Some(word) => *word |= 1 << (u & 63),
                        None => {
                            astral.insert((*font as usize, c));
                        }
                    }
                }
            }
        }
    }
    let mut used: [BTreeSet<char>; FONT_COUNT] = Default::default();
    for (f, set) in used.iter_mut().enumerate() {
        for (w, word) in bmp[f * 1024..][..1024].iter().enumerate() {
            let mut word = *word;
            while word != 0 {
                let bit = word.trailing_zeros() as usize;
                word &= word - 1;
                set.extend(char::from_u32((w * 64 + bit) as u32));
            }
        }
    }
    for (f, c) in astral {
        used[f].insert(c);
    }
    let mut font_map: BTreeMap<FontId, PdfFont> = BTreeMap::new();
    let mut tables: Vec<FontTables> = Vec::new();
    for kind in FontKind::ALL {
        let chars = &used[kind as usize];
        if chars.is_empty() {
            continue;
        }
        let (f, t) = embed_font(doc.fonts, kind, chars)?;
        font_map.insert(FontId(kind.resource_name().to_string()), f);
        tables.push(t);
    }
    crate::pdf::checkpoint(opts, "pdf.fonts")?;

    // 2. The shell: printpdf writes the catalog, the page tree and the
    // embedded font objects (Type0, CIDFontType2, descriptor, font program),
    // from one page that shows every character each face draws. That page
    // is then replaced by the document's pages.
    let mut shell_ops = Vec::new();
    for kind in FontKind::ALL {
        let chars = &used[kind as usize];
        if chars.is_empty() {
            continue;
        }
        shell_ops.push(Op::StartTextSection);
        shell_ops.push(Op::SetFont {
            font: PdfFontHandle::External(FontId(kind.resource_name().to_string())),
            size: printpdf::Pt(10.0),
        });
        shell_ops.push(Op::ShowText {
            items: vec![TextItem::Text(chars.iter().collect())],
        });
        shell_ops.push(Op::EndTextSection);
    }
    let mut shell = PdfDocument::new("");
    shell.resources.fonts.map = font_map;
    shell.with_pages(vec![PdfPage::new(
        printpdf::Mm(210.0),
        printpdf::Mm(297.0),
        shell_ops,
    )]);
    let save = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut shell_warnings = Vec::new();
    let mut lo = shell.to_lopdf_document(&save, &mut shell_warnings);
    drop(shell);
    let mut warnings: Vec<String> = shell_warnings
        .into_iter()
        .map(|w| {
            let severity = match w.severity {
                PdfParseErrorSeverity::Error => "error",
                PdfParseErrorSeverity::Warning => "warning",
                PdfParseErrorSeverity::Info => "info",
            };
            format!("printpdf {severity}: {}", w.msg)
        })
        .collect();
    let shell_page = *lo
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| PdfError::Write("printpdf wrote no page".into()))?;
    let (pages_id, resources) = {
        let d = lo.get_dictionary(shell_page).map_err(lo_err)?;
        let parent = d
            .get(b"Parent")
            .and_then(|p| p.as_reference())
            .map_err(lo_err)?;
        (parent, d.get(b"Resources").map_err(lo_err)?.clone())
    };
    if let Some(Object::Dictionary(d)) = lo.objects.remove(&shell_page) {
        if let Ok(c) = d.get(b"Contents").and_then(|c| c.as_reference()) {
            lo.objects.remove(&c);
        }
    }

    // 3. The pages' content streams (see `content`), written and compressed
    // by two workers in fixed chunks; the pages join the document in order,
    // so the result does not depend on which worker took which chunk.
    let mut glyphs: Glyphs = Default::default();
    for t in &tables {
        glyphs[t.kind as usize] = GlyphMap::new(&t.char_to_gid);
    }
    let chunks: Vec<(usize, &[Page])> = pages
        .chunks(CHUNK)
        .enumerate()
        .map(|(i, c)| (i * CHUNK, c))
        .collect();
    let done: Vec<std::sync::Mutex<Option<Chunk>>> =
        chunks.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || loop {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some((first, chunk)) = chunks.get(i) else {
            break;
        };
        let r = contents(*first, chunk, &doc.structure, &glyphs);
        *done[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
    };
    std::thread::scope(|sc| {
        let helper = sc.spawn(work);
        work();
        let _ = helper.join();
    });
    let mut kids = Vec::with_capacity(pages.len());
    let mut events = tags::Events::default();
    let mut chunk_pages = chunks.iter().flat_map(|(_, c)| c.iter());
    for m in done {
        let (streams, chunk_events, w) = m
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .ok_or_else(|| PdfError::Write("content thread failed".into()))??;
        warnings.extend(w);
        events.append(chunk_events);
        for stream in streams {
            let Some(p) = chunk_pages.next() else {
                return Err(PdfError::Write("content streams and pages differ".into()));
            };
            let contents = lo.add_object(stream);
            let bx = || {
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Integer(0),
                    Object::Real(r2(p.width)),
                    Object::Real(r2(p.height)),
                ])
            };
            let mut page = Dictionary::new();
            page.set("Type", Object::Name(b"Page".to_vec()));
            page.set("MediaBox", bx());
            page.set("TrimBox", bx());
            page.set("CropBox", bx());
            page.set("Parent", pages_id);
            page.set("Resources", resources.clone());
            page.set("Contents", contents);
            kids.push(Object::Reference(lo.add_object(page)));
        }
    }
    let count = kids.len() as i64;
    if let Ok(Object::Dictionary(tree)) = lo.get_object_mut(pages_id) {
        tree.set("Kids", Object::Array(kids));
        tree.set("Count", count);
    }
    crate::pdf::checkpoint(opts, "pdf.content")?;
    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    // Links and the structure tree are many small objects: written raw
    // (see `raw`) and spliced into the saved file.
    let mut raw = raw::RawObjects::default();
    add_links(&mut lo, pages, &doc.anchors, &page_ids, &mut raw)?;
    // What the structure tree needs of the pages is in `events`.
    drop(chunks);
    drop(owned_pages);
    crate::pdf::checkpoint(opts, "pdf.links")?;
    drop(std::mem::take(&mut doc.anchors));
    tags::write_structure(&mut lo, &events, &doc.structure, &page_ids, &mut raw)?;
    drop(events);
    drop(std::mem::take(&mut doc.structure));
    crate::pdf::checkpoint(opts, "pdf.tags")?;
    write_font_tables(&mut lo, &tables, page_ids.first().copied())?;
    lo.version = "1.7".to_string();

    // 3. Info dictionary from the document: no clock, no /GTS_PDFXVersion,
    // no /Trapped. Its text drops what XML cannot hold, so the XMP packet
    // of a PDF/A file can hold the same values.
    let clean = |s: &str| -> String { s.chars().filter(|c| xml_char(*c)).collect() };
    let (title, author, subject) = (
        clean(&meta.title),
        clean(&meta.author),
        clean(&meta.subject),
    );
    let keywords = Some(clean(&meta.keywords)).filter(|k| !k.is_empty());
    const CREATOR: &str = "Techfile";
    const PRODUCER: &str = "Techfile PDF engine (printpdf 0.12, lopdf)";
    let mut info = Dictionary::new();
    info.set("Title", text_string(&title));
    info.set("Author", text_string(&author));
    info.set("Subject", text_string(&subject));
    if let Some(k) = &keywords {
        info.set("Keywords", text_string(k));
    }
    info.set("Creator", text_string(CREATOR));
    info.set("Producer", text_string(PRODUCER));
    if let Some(d) = &meta.date {
        info.set(
            "CreationDate",
            Object::string_literal(d.as_bytes().to_vec()),
        );
        info.set("ModDate", Object::string_literal(d.as_bytes().to_vec()));
    }
    match lo.trailer.get(b"Info").and_then(|o| o.as_reference()) {
        Ok(id) => {
            lo.objects.insert(id, Object::Dictionary(info));
        }
        Err(_) => {
            let id = lo.add_object(info);
            lo.trailer.set("Info", id);
        }
    }

    // 4. Nested outline; the catalog names the document's language (the
    // templates are English) and asks viewers to show its title, not the
    // file name.
    if !doc.outline.is_empty() {
        write_outline(&mut lo, &doc.outline, &page_ids)?;
    }
    if let Ok(Object::Dictionary(cat)) = lo.get_object_mut(catalog_id(&lo)?) {
        cat.set("Lang", Object::string_literal("en"));
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", Object::Boolean(true));
        cat.set("ViewerPreferences", Object::Dictionary(prefs));
    }
    // PDF/A-2b: XMP metadata mirroring the Info dictionary, sRGB output
    // intent (see `pdfa`).
    if opts.pdfa {
        let text = InfoText {
            title: &title,
            author: &author,
            subject: &subject,
            keywords: keywords.as_deref(),
            creator: CREATOR,
            producer: PRODUCER,
            date: meta.date.as_deref(),
        };
        make_pdfa(&mut lo, &text)?;
    }

    // 5. Compress every stream, fast.
    crate::pdf::checkpoint(opts, "pdf.outline")?;
    compress_streams(lo.objects.values_mut())?;
    crate::pdf::checkpoint(opts, "pdf.compress")?;

    // 6. /ID from the content, so equal input gives equal bytes.
    let mut h = Sha256::new();
    for (id, obj) in &lo.objects {
        h.update(id.0.to_be_bytes());
        if let Object::Stream(s) = obj {
            h.update(&s.content);
        }
    }
    raw.finish();
    raw.hash(&mut h);
    h.update(meta.title.as_bytes());
    h.update(meta.date.clone().unwrap_or_default().as_bytes());
    let digest = h.finalize();
    let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));

    // Sized for the whole file: the streams and about 64 bytes for each
    // other object, then the larger of lopdf's classic cross-reference
    // table (20 bytes a line) and what `raw::splice` puts in its place (the
    // object streams and a cross-reference stream row of 8 bytes or less
    // per object). Grown by doubling, the buffer of a long file was half
    // empty at the peak.
    let streams: usize = lo
        .objects
        .values()
        .map(|o| match o {
            Object::Stream(s) => s.content.len() + 64,
            _ => 64,
        })
        .sum();
    let table = lo.objects.len() * 20;
    let spliced = raw.file_bytes() + (lo.objects.len() + raw.len()) * 8;
    let mut out = Vec::with_capacity(streams + table.max(spliced) + 4096);
    // `raw::splice` reads and rewrites a classic cross-reference table.
    lo.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    lo.save_to(&mut out)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    drop(lo);
    let out = raw::splice(out, &raw)?;
    crate::pdf::checkpoint(opts, "pdf.id+save")?;
    Ok(Emitted {
        bytes: out,
        warnings,
    })
}

/// One chunk's content streams, in page order, what the structure tree
/// needs of its pages, and its warnings.
type Chunk = Result<(Vec<lopdf::Stream>, tags::Events, Vec<String>), PdfError>;

/// The content streams of one chunk of pages (the first being page
/// `first`, from 0), compressed.
fn contents(first: usize, pages: &[Page], structure: &[StructElem], glyphs: &Glyphs) -> Chunk {
    let mut warnings = Vec::new();
    let mut buf = Vec::with_capacity(1 << 16);
    let mut streams = Vec::with_capacity(pages.len());
    let mut events = tags::Events::default();
    let mut page_events = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        buf.clear();
        page_events.clear();
        let no = first + i + 1;
        page_content(
            p,
            no,
            structure,
            glyphs,
            &mut buf,
            &mut page_events,
            &mut warnings,
        );
        events.push_page(&page_events);
        // The buffer is reused: the stream gets the compressed bytes, or a
        // copy where compressing does not pay.
        streams.push(match deflate(&buf)? {
            Some(z) => flate_stream(z),
            None => lopdf::Stream::new(Dictionary::new(), buf.clone()),
        });
    }
    Ok((streams, events, warnings))
}

/// The object id of the document catalog (the trailer's /Root).
pub(super) fn catalog_id(lo: &lopdf::Document) -> Result<ObjectId, PdfError> {
    lo.trailer
        .get(b"Root")
        .and_then(|o| o.as_reference())
        .map_err(lo_err)
}

pub(super) fn lo_err(e: lopdf::Error) -> PdfError {
    PdfError::Write(e.to_string())
}

/// Compresses every stream not yet compressed (fast zlib level; tiny
/// streams stay as they are), except metadata streams: XMP stays readable
/// to tools that do not parse PDF (ISO 19005-2 6.6.2.1 and XMP Part 3).
fn compress_streams<'a>(objects: impl Iterator<Item = &'a mut Object>) -> Result<(), PdfError> {
    for o in objects {
        if let Object::Stream(s) = o {
            compress(s)?;
        }
    }
    Ok(())
}

fn compress(s: &mut lopdf::Stream) -> Result<(), PdfError> {
    if s.dict.get(b"Filter").is_ok()
        || matches!(s.dict.get(b"Type"), Ok(Object::Name(n)) if n == b"Metadata")
    {
        return Ok(());
    }
    if let Some(z) = deflate(&s.content)? {
        s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        s.set_content(z);
    }
    Ok(())
}

/// `bytes` compressed (see `zlib`), or None where that does not pay: tiny
/// streams, or output no shorter than the input.
fn deflate(bytes: &[u8]) -> Result<Option<Vec<u8>>, PdfError> {
    if bytes.len() <= 64 {
        return Ok(None);
    }
    let z = zlib(&[bytes]).map_err(|e| PdfError::Write(e.to_string()))?;
    Ok((z.len() < bytes.len()).then_some(z))
}

/// `parts`, one after the other, as one zlib stream at the fast level every
/// stream of the file uses (page content, fonts, object streams).
pub(super) fn zlib(parts: &[&[u8]]) -> std::io::Result<Vec<u8>> {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let mut enc =
        flate2::write::ZlibEncoder::new(Vec::with_capacity(len / 3), flate2::Compression::new(2));
    for p in parts {
        enc.write_all(p)?;
    }
    enc.finish()
}

/// A stream of bytes `deflate` compressed.
fn flate_stream(z: Vec<u8>) -> lopdf::Stream {
    // /Length first, then /Filter, as `compress` leaves a stream.
    let mut s = lopdf::Stream::new(Dictionary::new(), z);
    s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::doc::{Meta, Rgb};
    use crate::pdf::fonts::fonts;

    /// One page with a text run and a rectangle filled in `fill`.
    fn one_page(fill: Rgb) -> Document<'static> {
        let items = vec![
            Item::Rect {
                x: 50.0,
                y: 50.0,
                w: 100.0,
                h: 20.0,
                color: fill,
            },
            Item::Text {
                x: 50.0,
                y: 100.0,
                font: FontKind::Regular,
                size: 10.0,
                color: Rgb(0.0, 0.0, 0.0),
                text: "Hello".into(),
                actual: None,
            },
        ];
        Document {
            fonts: fonts().expect("fonts"),
            pages: vec![Page {
                width: 595.28,
                height: 841.89,
                items,
                decorated: false,
            }],
            anchors: BTreeMap::new(),
            structure: Vec::new(),
            outline: Vec::new(),
            meta: Meta::default(),
        }
    }

    #[test]
    fn emit_returns_warnings_instead_of_dropping_them() {
        let opts = PdfOptions::default();
        let sound = emit(&one_page(Rgb(0.5, 0.5, 0.5)), &opts).expect("pdf");
        assert!(sound.bytes.starts_with(b"%PDF-1.7"));
        assert_eq!(sound.warnings, Vec::<String>::new());
        // A colour channel above 1.0 is clamped, and the warning says so.
        let doc = one_page(Rgb(1.5, 0.0, 0.0));
        let out = emit(&doc, &opts).expect("pdf");
        assert!(out.bytes.starts_with(b"%PDF-1.7"));
        assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
        assert!(
            out.warnings[0].starts_with("page 1: colour (1.5, 0, 0)")
                && out.warnings[0].contains("clamped"),
            "{:?}",
            out.warnings
        );
        // Pure: the same document gives the same bytes and warnings again,
        // and so does the consuming entry point the export uses.
        assert_eq!(emit(&doc, &opts).expect("pdf"), out);
        assert_eq!(emit_owned(doc, &opts).expect("pdf"), out);
    }

    #[test]
    fn a_document_without_pages_is_an_error() {
        let mut doc = one_page(Rgb(0.0, 0.0, 0.0));
        doc.pages.clear();
        let err = emit(&doc, &PdfOptions::default()).expect_err("no pages");
        assert_eq!(err.code(), "pdf.write");
    }
}
