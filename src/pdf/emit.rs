//! Emit: laid-out pages -> PDF bytes through printpdf's low-level ops, then
//! lopdf for what printpdf does not do (nested outline, clean Info
//! dictionary, content-derived /ID, fast compression). Owns font subsetting
//! for embedding and everything that makes the bytes deterministic; it makes
//! no layout decisions.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, Color, ColorArray, Destination, FontId, FontMetrics, FontType,
    HighlightingMode, Line, LinePoint, LinkAnnotation, Op, PaintMode, ParsedFont, PdfDocument,
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

fn page_ops(page: &Page, anchors: &BTreeMap<String, (usize, f32)>, npages: usize) -> Vec<Op> {
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
    for it in &page.items {
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
            if cur_font != Some((*font, *size)) {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(FontId(font.resource_name().to_string())),
                    size: Pt(*size),
                });
                cur_font = Some((*font, *size));
            }
            if fill != Some(*c) {
                ops.push(Op::SetFillColor { col: color(*c) });
                fill = Some(*c);
            }
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(r2(*x)), Pt(r2(*y))),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(text.clone())],
            });
        }
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    for it in &page.items {
        if let Item::Link { x, y, w, h, target } = it {
            let actions = match target {
                LinkTarget::External(url) => Actions::Uri(url.clone()),
                LinkTarget::Internal(id) => match anchors.get(id) {
                    Some((p, top)) if *p < npages => Actions::Goto(Destination::Xyz {
                        page: p + 1,
                        left: Some(0.0),
                        top: Some(r2(*top + 12.0)),
                        zoom: None,
                    }),
                    _ => continue,
                },
            };
            ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    rect(r2(*x), r2(*y), r2(*w), r2(*h), None),
                    actions,
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    Some(ColorArray::Transparent),
                    Some(HighlightingMode::Invert),
                ),
            });
        }
    }
    ops
}

fn subset_tag(bytes: &[u8]) -> String {
    let h = Sha256::digest(bytes);
    h.iter().take(6).map(|b| (b'A' + b % 26) as char).collect()
}

fn embed_font(fonts: &Fonts, kind: FontKind, chars: &BTreeSet<char>) -> Result<PdfFont, PdfError> {
    let face = fonts.face(kind);
    let sub = subset(face, chars).map_err(|e| PdfError::Font(format!("{kind:?}: {e}")))?;
    let tag = subset_tag(&sub.bytes);
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
    Ok(PdfFont::new(parsed))
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
    pages: &[Page],
    anchors: &BTreeMap<String, (usize, f32)>,
    outline: &[OutlineItem],
    meta: &Meta,
) -> Result<Vec<u8>, PdfError> {
    // 1. Fonts: subset each face to the characters this document draws.
    let mut used: [BTreeSet<char>; FONT_COUNT] = Default::default();
    for p in pages {
        for it in &p.items {
            if let Item::Text { font, text, .. } = it {
                used[*font as usize].extend(text.chars());
            }
        }
    }
    let mut doc = PdfDocument::new(&meta.title);
    for kind in FontKind::ALL {
        let chars = &used[kind as usize];
        if chars.is_empty() {
            continue;
        }
        let f = embed_font(fonts, kind, chars)?;
        doc.resources
            .fonts
            .map
            .insert(FontId(kind.resource_name().to_string()), f);
    }

    // 2. Pages as printpdf ops.
    let npages = pages.len();
    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .map(|p| {
            let mut pp = PdfPage::new(
                printpdf::Mm(0.0),
                printpdf::Mm(0.0),
                page_ops(p, anchors, npages),
            );
            let r = rect(0.0, 0.0, p.width, p.height, None);
            pp.media_box = r.clone();
            pp.trim_box = r.clone();
            pp.crop_box = r;
            pp
        })
        .collect();
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

    // 4. Nested outline.
    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    if !outline.is_empty() {
        write_outline(&mut lo, outline, &page_ids)?;
    }

    // 5. Compress every stream, fast.
    compress_streams(&mut lo)?;

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
    Ok(out)
}

fn compress_streams(lo: &mut lopdf::Document) -> Result<(), PdfError> {
    let mut streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.dict.get(b"Filter").is_err() && s.content.len() > 64 => Some(s),
            _ => None,
        })
        .collect();
    let work = |chunk: &mut [&mut lopdf::Stream]| -> Result<(), String> {
        for s in chunk.iter_mut() {
            let mut enc = flate2::write::ZlibEncoder::new(
                Vec::with_capacity(s.content.len() / 3),
                flate2::Compression::new(3),
            );
            enc.write_all(&s.content).map_err(|e| e.to_string())?;
            let z = enc.finish().map_err(|e| e.to_string())?;
            if z.len() < s.content.len() {
                s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                s.set_content(z);
            }
        }
        Ok(())
    };
    // Two halves on two threads: compression dominates serialisation time.
    let mid = streams.len() / 2;
    let (a, b) = streams.split_at_mut(mid);
    let (ra, rb) = std::thread::scope(|sc| {
        let hb = sc.spawn(|| work(b));
        let ra = work(a);
        let rb = hb
            .join()
            .unwrap_or_else(|_| Err("compression thread failed".into()));
        (ra, rb)
    });
    ra.and(rb).map_err(PdfError::Write)
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
