//! Embedding: each face subset to the characters the document draws, handed
//! to printpdf, and afterwards the /W widths and ToUnicode map written for
//! every glyph of each subset (each chunk saw only its own pages' glyphs).
//! It does not choose which face draws a character (see `fonts`).

use std::collections::BTreeSet;

use lopdf::{Dictionary, Object, ObjectId};
use printpdf::{FontMetrics, FontType, ParsedFont, PdfFont, PdfFontMetricsStub};
use sha2::{Digest, Sha256};

use super::lo_err;
use crate::pdf::fonts::{subset, FontKind, Fonts};
use crate::pdf::PdfError;

fn subset_tag(bytes: &[u8]) -> String {
    let h = Sha256::digest(bytes);
    h.iter().take(6).map(|b| (b'A' + b % 26) as char).collect()
}

/// What the /W array and ToUnicode map of one embedded face must cover.
pub(super) struct FontTables {
    pub(super) kind: FontKind,
    units_per_em: u16,
    pub(super) char_to_gid: Vec<(char, u16)>,
    widths: Vec<(u16, u16)>,
}

pub(super) fn embed_font(
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

/// Each chunk wrote /W and ToUnicode for the glyphs of its own pages only;
/// write both for every glyph of each subset, so widths and text extraction
/// are right on every page (a missing /W entry means a 1000-unit advance).
pub(super) fn write_font_tables(
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
