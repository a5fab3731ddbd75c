//! Emit: laid-out pages -> PDF bytes through printpdf's low-level ops, then
//! lopdf for what printpdf does not do (nested outline, clean Info
//! dictionary, content-derived /ID, fast compression). Owns font subsetting
//! for embedding and everything that makes the bytes deterministic; it makes
//! no layout decisions.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Color, FontId, FontMetrics, FontType, Line, LinePoint, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFont, PdfFontHandle, PdfFontMetricsStub, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem,
    TextMatrix,
};
use sha2::{Digest, Sha256};

use super::fonts::{subset, FontKind, Fonts, FONT_COUNT};
use super::layout::{Item, Page, Rgb};
use super::parse::LinkTarget;
use super::PdfError;

/// Document metadata for the Info dictionary.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: String,
    /// PDF date string `D:YYYYMMDD000000Z`, from the document, never the clock.
    pub date: Option<String>,
}

/// One entry of the nested outline, in document order.
#[derive(Debug, Clone)]
pub struct OutlineItem {
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y: f32,
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

fn rect(x: f32, y: f32, w: f32, h: f32, mode: Option<PaintMode>) -> Rect {
    Rect {
        x: Pt(x),
        y: Pt(y),
        width: Pt(w),
        height: Pt(h),
        mode,
        winding_order: None,
    }
}

/// Round to 1/100 pt: shorter content streams, identical output for equal input.
fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn page_ops(page: Page) -> Vec<Op> {
    let mut ops = Vec::with_capacity(page.items.len() * 3 + 8);
    let mut fill: Option<Rgb> = None;
    let mut stroke: Option<Rgb> = None;
    let mut thickness: Option<f32> = None;
    // Graphics first so that backgrounds lie under the text.
    for it in &page.items {
        match it {
            Item::Rect {
                x,
                y,
                w,
                h,
                color: c,
            } => {
                if fill != Some(*c) {
                    ops.push(Op::SetFillColor { col: color(*c) });
                    fill = Some(*c);
                }
                ops.push(Op::DrawRectangle {
                    rectangle: rect(r2(*x), r2(*y), r2(*w), r2(*h), Some(PaintMode::Fill)),
                });
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color: c,
            } => {
                if stroke != Some(*c) {
                    ops.push(Op::SetOutlineColor { col: color(*c) });
                    stroke = Some(*c);
                }
                if thickness != Some(*width) {
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    thickness = Some(*width);
                }
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: Point {
                                    x: Pt(r2(*x1)),
                                    y: Pt(r2(*y1)),
                                },
                                bezier: false,
                            },
                            LinePoint {
                                p: Point {
                                    x: Pt(r2(*x2)),
                                    y: Pt(r2(*y2)),
                                },
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
            _ => {}
        }
    }
    let mut in_text = false;
    let mut cur_font: Option<(FontKind, f32)> = None;
    for it in page.items {
        if let Item::Text {
            x,
            y,
            font,
            size,
            color: c,
            text,
        } = it
        {
            if text.is_empty() {
                continue;
            }
            if !in_text {
                ops.push(Op::StartTextSection);
                in_text = true;
            }
            if cur_font != Some((font, size)) {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(FontId(font.resource_name().to_string())),
                    size: Pt(size),
                });
                cur_font = Some((font, size));
            }
            if fill != Some(c) {
                ops.push(Op::SetFillColor { col: color(c) });
                fill = Some(c);
            }
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(r2(x)), Pt(r2(y))),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(text)],
            });
        }
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    ops
}

fn subset_tag(bytes: &[u8]) -> String {
    let h = Sha256::digest(bytes);
    h.iter().take(6).map(|b| (b'A' + b % 26) as char).collect()
}

/// What the /W array and ToUnicode map of one embedded face must cover.
struct FontTables {
    kind: FontKind,
    units_per_em: u16,
    char_to_gid: Vec<(char, u16)>,
    widths: Vec<(u16, u16)>,
}

fn embed_font(
    fonts: &Fonts,
    kind: FontKind,
    chars: &BTreeSet<char>,
) -> Result<(PdfFont, FontTables), PdfError> {
    let face = fonts.face(kind);
    let sub = subset(face, chars).map_err(|e| PdfError::Font(format!("{kind:?}: {e}")))?;
    let tag = subset_tag(&sub.bytes);
    let tables = FontTables {
        kind,
        units_per_em: face.units_per_em,
        char_to_gid: sub.char_to_gid.clone(),
        widths: sub.widths.clone(),
    };
    let parsed = ParsedFont {
        original_bytes: sub.bytes,
        font_index: 0,
        font_name: Some(format!("{}+{}", tag, kind.postscript_name())),
        codepoint_to_glyph: sub
            .char_to_gid
            .iter()
            .map(|(c, g)| (*c as u32, *g))
            .collect(),
        glyph_widths: sub.widths.iter().copied().collect(),
        units_per_em: face.units_per_em,
        font_metrics: FontMetrics {
            ascent: face.ascender,
            descent: face.descender,
        },
        font_type: FontType::TrueType,
        pdf_font_metrics: PdfFontMetricsStub {
            units_per_em: face.units_per_em,
            x_min: face.bbox[0],
            y_min: face.bbox[1],
            x_max: face.bbox[2],
            y_max: face.bbox[3],
            caret_slope_rise: if face.italic_angle != 0.0 { 1000 } else { 1 },
            caret_slope_run: if face.italic_angle != 0.0 {
                (1000.0 * (face.italic_angle.to_radians()).tan()).round() as i16
            } else {
                0
            },
            us_weight_class: face.weight,
        },
    };
    Ok((PdfFont::new(parsed), tables))
}

fn text_string(s: &str) -> Object {
    // PDF text string: UTF-16BE with BOM (any Unicode survives).
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

pub fn emit(
    fonts: &Fonts,
    pages: Vec<Page>,
    anchors: &BTreeMap<String, (usize, f32)>,
    outline: &[OutlineItem],
    meta: &Meta,
) -> Result<Vec<u8>, PdfError> {
    let mut t = std::time::Instant::now();
    // 1. Fonts: subset each face to the characters this document draws.
    let mut used: [BTreeSet<char>; FONT_COUNT] = Default::default();
    for p in &pages {
        for it in &p.items {
            if let Item::Text { font, text, .. } = it {
                used[*font as usize].extend(text.chars());
            }
        }
    }
    let mut font_map: BTreeMap<FontId, PdfFont> = BTreeMap::new();
    let mut tables: Vec<FontTables> = Vec::new();
    for kind in FontKind::ALL {
        let chars = &used[kind as usize];
        if chars.is_empty() {
            continue;
        }
        let (f, t) = embed_font(fonts, kind, chars)?;
        font_map.insert(FontId(kind.resource_name().to_string()), f);
        tables.push(t);
    }

    crate::util::stage("pdf.fonts", &mut t);
    // 2. Pages as printpdf ops (its op translation dominates the run time).
    // Links are written after the chunks below are merged, so they are kept
    // aside here; the pages' text moves into the ops.
    let link_pages: Vec<Page> = pages
        .iter()
        .map(|p| Page {
            width: p.width,
            height: p.height,
            decorated: p.decorated,
            items: p
                .items
                .iter()
                .filter(|i| matches!(i, Item::Link { .. }))
                .cloned()
                .collect(),
        })
        .collect();
    // Pages go to printpdf in fixed chunks; two workers turn each chunk into
    // ops, let printpdf serialise it and compress its streams, so the
    // uncompressed ops and streams of only two chunks are alive at a time.
    // The chunks then move into the first one's document in order: the
    // result does not depend on which worker took which chunk.
    const CHUNK: usize = 48;
    let mut chunks: Vec<std::sync::Mutex<Vec<Page>>> = Vec::new();
    let mut pages = pages.into_iter().peekable();
    while pages.peek().is_some() {
        chunks.push(std::sync::Mutex::new(pages.by_ref().take(CHUNK).collect()));
    }
    let to_lopdf = |pages: Vec<Page>| -> Result<lopdf::Document, PdfError> {
        let pdf_pages: Vec<PdfPage> = pages
            .into_iter()
            .map(|p| {
                let (w, h) = (p.width, p.height);
                let mut pp = PdfPage::new(printpdf::Mm(0.0), printpdf::Mm(0.0), page_ops(p));
                let r = rect(0.0, 0.0, w, h, None);
                pp.media_box = r.clone();
                pp.trim_box = r.clone();
                pp.crop_box = r;
                pp
            })
            .collect();
        let mut doc = PdfDocument::new("");
        doc.resources.fonts.map = font_map.clone();
        doc.with_pages(pdf_pages);
        let opts = PdfSaveOptions {
            optimize: false,
            subset_fonts: false,
            secure: true,
            image_optimization: None,
        };
        let mut warnings = Vec::new();
        let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
        drop(doc);
        compress_streams(lo.objects.values_mut())?;
        Ok(lo)
    };
    let done: Vec<std::sync::Mutex<Option<Result<lopdf::Document, PdfError>>>> =
        chunks.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || loop {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(chunk) = chunks.get(i) else { break };
        let pages = std::mem::take(&mut *chunk.lock().unwrap_or_else(|e| e.into_inner()));
        let r = to_lopdf(pages);
        *done[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
    };
    std::thread::scope(|sc| {
        let helper = sc.spawn(work);
        work();
        let _ = helper.join();
    });
    let mut docs = done
        .into_iter()
        .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()));
    let mut lo = match docs.next().flatten() {
        Some(r) => r?,
        None => return Err(PdfError::Write("no pages".into())),
    };
    for d in docs {
        let d = d.ok_or_else(|| PdfError::Write("serialisation thread failed".into()))??;
        merge_pages(&mut lo, d)?;
    }
    crate::util::stage("pdf.ops+serialise", &mut t);
    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    add_links(&mut lo, &link_pages, anchors, &page_ids)?;
    write_font_tables(&mut lo, &tables, page_ids.first().copied())?;
    lo.version = "1.7".to_string();

    // 3. Info dictionary from the document: no clock, no /GTS_PDFXVersion.
    let mut info = Dictionary::new();
    info.set("Title", text_string(&meta.title));
    info.set("Author", text_string(&meta.author));
    info.set("Subject", text_string(&meta.subject));
    if !meta.keywords.is_empty() {
        info.set("Keywords", text_string(&meta.keywords));
    }
    info.set("Creator", text_string("Techfile"));
    info.set(
        "Producer",
        text_string("Techfile PDF engine (printpdf 0.12, lopdf)"),
    );
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
    if !outline.is_empty() {
        write_outline(&mut lo, outline, &page_ids)?;
    }
    let cat_id = lo
        .trailer
        .get(b"Root")
        .and_then(|o| o.as_reference())
        .map_err(lo_err)?;
    if let Ok(Object::Dictionary(cat)) = lo.get_object_mut(cat_id) {
        cat.set("Lang", Object::string_literal("en"));
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", Object::Boolean(true));
        cat.set("ViewerPreferences", Object::Dictionary(prefs));
    }

    // 5. Compress every stream, fast.
    crate::util::stage("pdf.links+outline", &mut t);
    compress_streams(lo.objects.values_mut())?;
    crate::util::stage("pdf.compress", &mut t);

    // 6. /ID from the content, so equal input gives equal bytes.
    let mut h = Sha256::new();
    for (id, obj) in &lo.objects {
        h.update(id.0.to_be_bytes());
        if let Object::Stream(s) = obj {
            h.update(&s.content);
        }
    }
    h.update(meta.title.as_bytes());
    h.update(meta.date.clone().unwrap_or_default().as_bytes());
    let digest = h.finalize();
    let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));

    let mut out = Vec::with_capacity(1 << 20);
    lo.save_to(&mut out)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    crate::util::stage("pdf.id+save", &mut t);
    Ok(out)
}

fn lo_err(e: lopdf::Error) -> PdfError {
    PdfError::Write(e.to_string())
}

/// Copy `obj` and everything it references from `from` into `to`.
fn deep_copy(
    obj: &Object,
    from: &lopdf::Document,
    to: &mut lopdf::Document,
    map: &mut BTreeMap<ObjectId, ObjectId>,
) -> Object {
    match obj {
        Object::Reference(r) => {
            if let Some(n) = map.get(r) {
                return Object::Reference(*n);
            }
            let new_id = to.new_object_id();
            map.insert(*r, new_id);
            let copied = match from.objects.get(r) {
                Some(o) => deep_copy(o, from, to, map),
                None => Object::Null,
            };
            to.objects.insert(new_id, copied);
            Object::Reference(new_id)
        }
        Object::Array(a) => Object::Array(a.iter().map(|o| deep_copy(o, from, to, map)).collect()),
        Object::Dictionary(d) => {
            let mut nd = Dictionary::new();
            for (k, v) in d.iter() {
                nd.set(k.clone(), deep_copy(v, from, to, map));
            }
            Object::Dictionary(nd)
        }
        Object::Stream(st) => {
            let mut nd = Dictionary::new();
            for (k, v) in st.dict.iter() {
                nd.set(k.clone(), deep_copy(v, from, to, map));
            }
            let mut ns = lopdf::Stream::new(nd, st.content.clone());
            ns.allows_compression = st.allows_compression;
            Object::Stream(ns)
        }
        o => o.clone(),
    }
}

/// Append the pages of `b` (made with the same fonts) to `a`: content streams
/// move over, pages use `a`'s resources, fonts only `b` used are copied.
fn merge_pages(a: &mut lopdf::Document, mut b: lopdf::Document) -> Result<(), PdfError> {
    let a_pages: Vec<ObjectId> = a.get_pages().into_values().collect();
    let b_pages: Vec<ObjectId> = b.get_pages().into_values().collect();
    let first = *a_pages
        .first()
        .ok_or_else(|| PdfError::Write("no pages".into()))?;
    let first_dict = a.get_dictionary(first).map_err(lo_err)?;
    let resources = first_dict.get(b"Resources").map_err(lo_err)?.clone();
    let pages_id = first_dict
        .get(b"Parent")
        .and_then(|p| p.as_reference())
        .map_err(lo_err)?;
    // Fonts of b missing from a's font dictionary.
    let font_dict_of = |doc: &lopdf::Document, page: ObjectId| -> Option<ObjectId> {
        let res = doc.get_dictionary(page).ok()?.get(b"Resources").ok()?;
        let res = match res {
            Object::Reference(r) => doc.get_dictionary(*r).ok()?,
            Object::Dictionary(d) => d,
            _ => return None,
        };
        res.get(b"Font").ok()?.as_reference().ok()
    };
    if let (Some(af), Some(bf)) = (
        font_dict_of(a, first),
        b_pages.first().and_then(|p| font_dict_of(&b, *p)),
    ) {
        let b_fonts = b.get_dictionary(bf).map_err(lo_err)?.clone();
        let mut map = BTreeMap::new();
        let mut missing = Vec::new();
        {
            let a_fonts = a.get_dictionary(af).map_err(lo_err)?;
            for (k, v) in b_fonts.iter() {
                if !a_fonts.has(k) {
                    missing.push((k.clone(), v.clone()));
                }
            }
        }
        for (k, v) in missing {
            let copied = deep_copy(&v, &b, a, &mut map);
            if let Ok(Object::Dictionary(d)) = a.get_object_mut(af) {
                d.set(k, copied);
            }
        }
    }
    let mut kids: Vec<Object> = a_pages.iter().map(|p| Object::Reference(*p)).collect();
    for pid in b_pages {
        let pd = b.get_dictionary(pid).map_err(lo_err)?.clone();
        let mut np = Dictionary::new();
        np.set("Type", Object::Name(b"Page".to_vec()));
        for key in [b"MediaBox".as_slice(), b"TrimBox", b"CropBox"] {
            if let Ok(v) = pd.get(key) {
                np.set(key.to_vec(), v.clone());
            }
        }
        np.set("Parent", pages_id);
        np.set("Resources", resources.clone());
        if let Ok(cref) = pd.get(b"Contents").and_then(|c| c.as_reference()) {
            if let Some(content) = b.objects.remove(&cref) {
                let id = a.add_object(content);
                np.set("Contents", id);
            }
        }
        np.set("Annots", Object::Array(Vec::new()));
        let id = a.add_object(np);
        kids.push(Object::Reference(id));
    }
    let count = kids.len() as i64;
    if let Ok(Object::Dictionary(pages)) = a.get_object_mut(pages_id) {
        pages.set("Kids", Object::Array(kids));
        pages.set("Count", count);
    }
    Ok(())
}

/// Each half wrote /W and ToUnicode for the glyphs of its own pages only;
/// write both for every glyph of each subset, so widths and text extraction
/// are right on every page (a missing /W entry means a 1000-unit advance).
fn write_font_tables(
    lo: &mut lopdf::Document,
    tables: &[FontTables],
    first_page: Option<ObjectId>,
) -> Result<(), PdfError> {
    let Some(first) = first_page else {
        return Ok(());
    };
    let res = lo
        .get_dictionary(first)
        .and_then(|d| d.get(b"Resources"))
        .map_err(lo_err)?
        .clone();
    let res = match res {
        Object::Reference(r) => lo.get_dictionary(r).map_err(lo_err)?.clone(),
        Object::Dictionary(d) => d,
        _ => return Err(PdfError::Write("page resources".into())),
    };
    let font_dict_id = res
        .get(b"Font")
        .and_then(|f| f.as_reference())
        .map_err(lo_err)?;
    let font_dict = lo.get_dictionary(font_dict_id).map_err(lo_err)?.clone();
    for t in tables {
        let Ok(type0_id) = font_dict
            .get(t.kind.resource_name().as_bytes())
            .and_then(|f| f.as_reference())
        else {
            continue;
        };
        let type0 = lo.get_dictionary(type0_id).map_err(lo_err)?.clone();
        // /W: runs of consecutive glyph ids.
        let upem = f32::from(t.units_per_em.max(1));
        let mut w: Vec<Object> = Vec::new();
        let mut run: Vec<Object> = Vec::new();
        let mut run_start = 0u16;
        let mut prev: Option<u16> = None;
        for (gid, adv) in &t.widths {
            let v = Object::Integer((f32::from(*adv) * 1000.0 / upem) as i64);
            match prev {
                Some(p) if *gid == p + 1 => run.push(v),
                _ => {
                    if !run.is_empty() {
                        w.push(Object::Integer(i64::from(run_start)));
                        w.push(Object::Array(std::mem::take(&mut run)));
                    }
                    run_start = *gid;
                    run.push(v);
                }
            }
            prev = Some(*gid);
        }
        if !run.is_empty() {
            w.push(Object::Integer(i64::from(run_start)));
            w.push(Object::Array(run));
        }
        let desc = type0
            .get(b"DescendantFonts")
            .and_then(|d| d.as_array())
            .map_err(lo_err)?
            .first()
            .cloned();
        match desc {
            Some(Object::Reference(r)) => {
                if let Ok(Object::Dictionary(d)) = lo.get_object_mut(r) {
                    d.set("W", Object::Array(w));
                }
            }
            Some(Object::Dictionary(mut d)) => {
                d.set("W", Object::Array(w));
                if let Ok(Object::Dictionary(t0)) = lo.get_object_mut(type0_id) {
                    t0.set(
                        "DescendantFonts",
                        Object::Array(vec![Object::Dictionary(d)]),
                    );
                }
            }
            _ => {}
        }
        // ToUnicode: every glyph of the subset back to its character.
        let mut by_gid: Vec<(u16, char)> = t.char_to_gid.iter().map(|(c, g)| (*g, *c)).collect();
        by_gid.sort_unstable();
        by_gid.dedup_by_key(|e| e.0);
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        for chunk in by_gid.chunks(100) {
            cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
            for (g, c) in chunk {
                let mut units = [0u16; 2];
                let hex: String = c
                    .encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                cmap.push_str(&format!("<{g:04X}> <{hex}>\n"));
            }
            cmap.push_str("endbfchar\n");
        }
        cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        let stream = lopdf::Stream::new(Dictionary::new(), cmap.into_bytes());
        let id = lo.add_object(stream);
        if let Ok(Object::Dictionary(t0)) = lo.get_object_mut(type0_id) {
            t0.set("ToUnicode", id);
        }
    }
    Ok(())
}

/// Link annotations (URI and GoTo) written against the final page objects.
fn add_links(
    lo: &mut lopdf::Document,
    pages: &[Page],
    anchors: &BTreeMap<String, (usize, f32)>,
    page_ids: &[ObjectId],
) -> Result<(), PdfError> {
    for (pi, page) in pages.iter().enumerate() {
        let mut annots = Vec::new();
        for it in &page.items {
            let Item::Link { x, y, w, h, target } = it else {
                continue;
            };
            let mut action = Dictionary::new();
            match target {
                LinkTarget::External(url) => {
                    // Only web and mail links become clickable (see `is_clickable`).
                    if !target.is_clickable() {
                        continue;
                    }
                    action.set("S", Object::Name(b"URI".to_vec()));
                    action.set("URI", Object::string_literal(url.as_bytes().to_vec()));
                }
                LinkTarget::Internal(id) => {
                    let Some((p, top)) = anchors.get(id) else {
                        continue;
                    };
                    let Some(pid) = page_ids.get(*p) else {
                        continue;
                    };
                    action.set("S", Object::Name(b"GoTo".to_vec()));
                    action.set(
                        "D",
                        Object::Array(vec![
                            Object::Reference(*pid),
                            Object::Name(b"XYZ".to_vec()),
                            Object::Integer(0),
                            Object::Real(r2(*top + 12.0)),
                            Object::Null,
                        ]),
                    );
                }
            }
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"Annot".to_vec()));
            d.set("Subtype", Object::Name(b"Link".to_vec()));
            d.set(
                "Rect",
                Object::Array(
                    [*x, *y, *x + *w, *y + *h]
                        .iter()
                        .map(|v| Object::Real(r2(*v)))
                        .collect(),
                ),
            );
            d.set(
                "Border",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Integer(0),
                    Object::Integer(0),
                ]),
            );
            d.set("A", Object::Dictionary(action));
            annots.push(Object::Dictionary(d));
        }
        if annots.is_empty() {
            continue;
        }
        let Some(pid) = page_ids.get(pi) else {
            continue;
        };
        if let Ok(Object::Dictionary(pd)) = lo.get_object_mut(*pid) {
            pd.set("Annots", Object::Array(annots));
        }
    }
    Ok(())
}

/// Compresses every stream not yet compressed (fast zlib level; tiny
/// streams stay as they are).
fn compress_streams<'a>(objects: impl Iterator<Item = &'a mut Object>) -> Result<(), PdfError> {
    for o in objects {
        let Object::Stream(s) = o else { continue };
        if s.dict.get(b"Filter").is_ok() || s.content.len() <= 64 {
            continue;
        }
        let mut enc = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(s.content.len() / 3),
            flate2::Compression::new(2),
        );
        enc.write_all(&s.content)
            .map_err(|e| PdfError::Write(e.to_string()))?;
        let z = enc.finish().map_err(|e| PdfError::Write(e.to_string()))?;
        if z.len() < s.content.len() {
            s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            s.set_content(z);
        }
    }
    Ok(())
}

fn write_outline(
    lo: &mut lopdf::Document,
    items: &[OutlineItem],
    page_ids: &[ObjectId],
) -> Result<(), PdfError> {
    let root_id = lo.new_object_id();
    let ids: Vec<ObjectId> = items.iter().map(|_| lo.new_object_id()).collect();
    // Parent of each item: the nearest earlier item of a lower level.
    let mut parent: Vec<Option<usize>> = vec![None; items.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if items[top].level >= it.level {
                stack.pop();
            } else {
                break;
            }
        }
        parent[i] = stack.last().copied();
        stack.push(i);
    }
    let mut children: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for (i, p) in parent.iter().enumerate() {
        children.entry(*p).or_default().push(i);
    }
    // Visible descendants: chapters (level 1) are open, deeper levels closed.
    let open = |i: usize| items[i].level <= 1;
    let mut visible = vec![0i64; items.len()];
    for i in (0..items.len()).rev() {
        if let Some(p) = parent[i] {
            if open(p) {
                visible[p] += 1 + if open(i) { visible[i] } else { 0 };
            }
        }
    }
    for (i, it) in items.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text_string(&it.title));
        d.set("Parent", parent[i].map(|p| ids[p]).unwrap_or(root_id));
        let siblings = &children[&parent[i]];
        let pos = siblings.iter().position(|s| *s == i).unwrap_or(0);
        if pos > 0 {
            d.set("Prev", ids[siblings[pos - 1]]);
        }
        if let Some(n) = siblings.get(pos + 1) {
            d.set("Next", ids[*n]);
        }
        if let Some(kids) = children.get(&Some(i)) {
            if let (Some(f), Some(l)) = (kids.first(), kids.last()) {
                d.set("First", ids[*f]);
                d.set("Last", ids[*l]);
                // Chapters open, deeper levels closed.
                let count = if open(i) {
                    visible[i]
                } else {
                    -(kids.len() as i64)
                };
                d.set("Count", count);
            }
        }
        if let Some(pid) = page_ids.get(it.page) {
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(*pid),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Integer(0),
                    Object::Real(r2(it.y + 12.0)),
                    Object::Null,
                ]),
            );
        }
        lo.objects.insert(ids[i], Object::Dictionary(d));
    }
    let top = children.get(&None).cloned().unwrap_or_default();
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(f), Some(l)) = (top.first(), top.last()) {
        root.set("First", ids[*f]);
        root.set("Last", ids[*l]);
    }
    let total: i64 = top
        .iter()
        .map(|t| 1 + if open(*t) { visible[*t] } else { 0 })
        .sum();
    root.set("Count", total);
    lo.objects.insert(root_id, Object::Dictionary(root));
    let cat_id = lo
        .trailer
        .get(b"Root")
        .and_then(|o| o.as_reference())
        .map_err(|e| PdfError::Write(e.to_string()))?;
    if let Ok(Object::Dictionary(cat)) = lo.get_object_mut(cat_id) {
        cat.set("Outlines", root_id);
        cat.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    Ok(())
}
