//! Ops: one laid-out page -> printpdf's content ops (graphics under text,
//! colour, width and font set only when they change, coordinates rounded to
//! 1/100 pt). It does not embed fonts or write PDF objects.

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, TextItem,
    TextMatrix,
};

use crate::pdf::doc::{Item, Page, Rgb, StructElem};
use crate::pdf::fonts::FontKind;

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

pub(super) fn rect(x: f32, y: f32, w: f32, h: f32, mode: Option<PaintMode>) -> Rect {
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
pub(super) fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// `/Span <</ActualText (…)>> BDC`: what text extraction reads for the
/// glyphs up to the next `EMC` (ISO 32000-1 14.9.4), as UTF-16BE with BOM.
fn actual_text(text: &str) -> Op {
    let data = super::utf16be(text);
    let mut map = std::collections::BTreeMap::new();
    map.insert(
        "ActualText".to_string(),
        printpdf::DictItem::String {
            data,
            literal: false,
        },
    );
    Op::BeginMarkedContentWithProperties {
        tag: "Span".into(),
        properties: printpdf::DictItem::Dict { map },
    }
}

/// The page's ops: graphics, then the text, each text item in a marked-
/// content sequence: `/<role> <</MCID n>> BDC` for the structure element
/// its `Item::Tag` names (MCIDs counted per page in item order, as
/// `tags::write_structure` counts them), `/Artifact BMC` for the rest.
pub(super) fn page_ops(page: &Page, structure: &[StructElem]) -> Vec<Op> {
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
    let mut tag: Option<u32> = None;
    let mut mcid: i64 = 0;
    // The marked-content sequence open now: one per run of text items of
    // the same element (or of artifacts).
    let mut open: Option<Option<u32>> = None;
    for it in &page.items {
        if let Item::Tag(t) = it {
            tag = *t;
            continue;
        }
        if let Item::Text {
            x,
            y,
            font,
            size,
            color: c,
            text,
            actual,
        } = it
        {
            let (x, y, font, size, c) = (*x, *y, *font, *size, *c);
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
            let tag = tag.filter(|e| (*e as usize) < structure.len());
            if open != Some(tag) {
                if open.is_some() {
                    ops.push(Op::EndMarkedContent);
                }
                match tag.and_then(|e| structure.get(e as usize)) {
                    Some(elem) => {
                        let mut map = std::collections::BTreeMap::new();
                        map.insert("MCID".to_string(), printpdf::DictItem::Int(mcid));
                        mcid += 1;
                        ops.push(Op::BeginMarkedContentWithProperties {
                            tag: elem.role.to_string(),
                            properties: printpdf::DictItem::Dict { map },
                        });
                    }
                    None => ops.push(Op::BeginMarkedContent {
                        tag: "Artifact".into(),
                    }),
                }
                open = Some(tag);
            }
            if let Some(a) = actual {
                ops.push(actual_text(a));
            }
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(r2(x)), Pt(r2(y))),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(text.clone())],
            });
            if actual.is_some() {
                ops.push(Op::EndMarkedContent);
            }
        }
    }
    if open.is_some() {
        ops.push(Op::EndMarkedContent);
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    ops
}
