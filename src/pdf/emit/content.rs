//! Content: one laid-out page -> the bytes of its content stream, written
//! directly as PDF operators (ISO 32000-1 8 and 9): graphics under text,
//! colour, line width and font set only when they change, coordinates
//! rounded to 1/100 pt, colours to 1/1000. Text is shown as the glyph ids of
//! the embedded subset (`<gid…> Tj`, two bytes per glyph: the fonts are
//! Identity-H Type0 fonts). Each text item sits in a marked-content
//! sequence: `/<role> <</MCID n>> BDC` for the structure element its
//! `Item::Tag` names (MCIDs counted per page in item order, as
//! `tags::write_structure` counts them), `/Artifact BMC` for the rest.
//!
//! This was printpdf's op translation until session 9: building one `Op`
//! value per operator and having printpdf format it cost two thirds of the
//! stress export (allocation and float formatting); printpdf still makes the
//! document shell and the font objects (see `emit`). It does not embed
//! fonts or write PDF objects.

use std::collections::BTreeMap;

use super::raw::Body;
use crate::pdf::doc::{Item, Page, Rgb, StructElem};
use crate::pdf::fonts::{FontKind, FONT_COUNT};

/// Character -> glyph id of one embedded subset: a table for the Basic
/// Multilingual Plane up to the highest character drawn, a map beyond.
#[derive(Default)]
pub(super) struct GlyphMap {
    dense: Vec<u16>,
    sparse: BTreeMap<char, u16>,
}

/// Characters at or above this go to the sparse map (a dense table up to
/// it is 128 KiB per face at most).
const DENSE_LIMIT: u32 = 0x1_0000;

impl GlyphMap {
    pub fn new(char_to_gid: &[(char, u16)]) -> GlyphMap {
        let top = char_to_gid
            .iter()
            .map(|(c, _)| *c as u32)
            .filter(|c| *c < DENSE_LIMIT)
            .max()
            .map_or(0, |c| c as usize + 1);
        let mut m = GlyphMap {
            dense: vec![0; top],
            sparse: BTreeMap::new(),
        };
        for (c, g) in char_to_gid {
            match m.dense.get_mut(*c as usize) {
                Some(slot) => *slot = *g,
                None => {
                    m.sparse.insert(*c, *g);
                }
            }
        }
        m
    }

    /// The glyph of `c`; 0 (.notdef) for a character the subset lacks.
    pub fn gid(&self, c: char) -> u16 {
        match self.dense.get(c as usize) {
            Some(g) => *g,
            None => self.sparse.get(&c).copied().unwrap_or(0),
        }
    }
}

/// The glyph maps of the faces, by `FontKind` index.
pub(super) type Glyphs = [GlyphMap; FONT_COUNT];

/// A colour operator's operands; a channel outside 0–1 is clamped and
/// reported in `warnings`.
fn colour(w: &mut Body, c: Rgb, op: &[u8], page: usize, warnings: &mut Vec<String>) {
    let mut out_of_range = false;
    for (i, v) in [c.0, c.1, c.2].into_iter().enumerate() {
        if !(0.0..=1.0).contains(&v) {
            out_of_range = true;
        }
        if i > 0 {
            w.raw(b" ");
        }
        w.decimal(v.clamp(0.0, 1.0), 3);
    }
    w.raw(b" ").raw(op).raw(b"\n");
    if out_of_range {
        warnings.push(format!(
            "page {page}: colour ({}, {}, {}) is outside 0-1 and was clamped",
            c.0, c.1, c.2
        ));
    }
}

/// Appends the content stream of `page` (number `page_no`, from 1, for
/// warnings) to `out`, and to `events` what the structure tree needs of the
/// page, in item order (see `tags::Events`): each element a marker names,
/// and the element of each MCID.
pub(super) fn page_content(
    page: &Page,
    page_no: usize,
    structure: &[StructElem],
    glyphs: &Glyphs,
    out: &mut Vec<u8>,
    events: &mut Vec<u32>,
    warnings: &mut Vec<String>,
) {
    let mut w = Body::new(out);
    let mut fill: Option<Rgb> = None;
    let mut stroke: Option<Rgb> = None;
    let mut thickness: Option<f32> = None;
    // Graphics first so that backgrounds lie under the text.
    for it in &page.items {
        match it {
            Item::Rect {
                x,
                y,
                w: width,
                h,
                color: c,
            } => {
                if fill != Some(*c) {
                    colour(&mut w, *c, b"rg", page_no, warnings);
                    fill = Some(*c);
                }
                w.real(*x).raw(b" ").real(*y).raw(b" ").real(*width);
                w.raw(b" ").real(*h).raw(b" re f\n");
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
                    colour(&mut w, *c, b"RG", page_no, warnings);
                    stroke = Some(*c);
                }
                if thickness != Some(*width) {
                    w.real(*width).raw(b" w\n");
                    thickness = Some(*width);
                }
                w.real(*x1).raw(b" ").real(*y1).raw(b" m ");
                w.real(*x2).raw(b" ").real(*y2).raw(b" l S\n");
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
    let mut gids: Vec<u8> = Vec::new();
    for it in &page.items {
        if let Item::Tag(t) = it {
            tag = *t;
            if let Some(e) = t.filter(|e| (*e as usize) < structure.len()) {
                events.push(super::tags::place_event(e));
            }
            continue;
        }
        let Item::Text {
            x,
            y,
            font,
            size,
            color: c,
            text,
            actual,
        } = it
        else {
            continue;
        };
        if text.is_empty() {
            continue;
        }
        if !in_text {
            w.raw(b"BT\n");
            in_text = true;
        }
        if cur_font != Some((*font, *size)) {
            w.name(font.resource_name().as_bytes())
                .raw(b" ")
                .real(*size)
                .raw(b" Tf\n");
            cur_font = Some((*font, *size));
        }
        if fill != Some(*c) {
            colour(&mut w, *c, b"rg", page_no, warnings);
            fill = Some(*c);
        }
        let tag = tag.filter(|e| (*e as usize) < structure.len());
        if open != Some(tag) {
            if open.is_some() {
                w.raw(b"EMC\n");
            }
            match tag.and_then(|e| Some((e, structure.get(e as usize)?))) {
                Some((e, elem)) => {
                    events.push(super::tags::mcid_event(e));
                    w.name(elem.role.as_bytes()).raw(b" <</MCID ").int(mcid);
                    w.raw(b">> BDC\n");
                    mcid += 1;
                }
                None => {
                    w.raw(b"/Artifact BMC\n");
                }
            }
            open = Some(tag);
        }
        // `/Span <</ActualText …>> BDC`: what text extraction reads for
        // the glyphs up to the next `EMC` (ISO 32000-1 14.9.4).
        if let Some(a) = actual {
            w.raw(b"/Span <</ActualText ").text(a).raw(b">> BDC\n");
        }
        w.raw(b"1 0 0 1 ").real(*x).raw(b" ").real(*y).raw(b" Tm\n");
        let map = &glyphs[*font as usize];
        gids.clear();
        for ch in text.chars() {
            gids.extend_from_slice(&map.gid(ch).to_be_bytes());
        }
        w.raw(b"<").hex(&gids).raw(b"> Tj\n");
        if actual.is_some() {
            w.raw(b"EMC\n");
        }
    }
    if open.is_some() {
        w.raw(b"EMC\n");
    }
    if in_text {
        w.raw(b"ET\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(x: f32, y: f32, s: &str, actual: Option<&str>) -> Item {
        Item::Text {
            x,
            y,
            font: FontKind::Regular,
            size: 10.0,
            color: Rgb(0.0, 0.0, 0.0),
            text: s.into(),
            actual: actual.map(Into::into),
        }
    }

    fn content(items: Vec<Item>, structure: &[StructElem]) -> (String, Vec<String>) {
        let page = Page {
            width: 100.0,
            height: 100.0,
            items,
            decorated: false,
        };
        let mut glyphs: Glyphs = Default::default();
        glyphs[FontKind::Regular as usize] = GlyphMap::new(&[('A', 3), ('B', 0x1234), ('😀', 9)]);
        let (mut out, mut warnings) = (Vec::new(), Vec::new());
        page_content(
            &page,
            1,
            structure,
            &glyphs,
            &mut out,
            &mut Vec::new(),
            &mut warnings,
        );
        (String::from_utf8(out).expect("ascii"), warnings)
    }

    #[test]
    fn operators_graphics_under_text_and_glyph_ids() {
        let structure = [StructElem {
            role: "P",
            parent: None,
            alt: None,
        }];
        let items = vec![
            Item::Tag(Some(0)),
            text(10.0, 20.555, "AB😀?", None),
            Item::Rect {
                x: 1.0,
                y: 2.0,
                w: 3.25,
                h: 4.0,
                color: Rgb(0.5, 0.125, 1.0),
            },
            Item::Tag(None),
            text(-1.5, 3.0, "A", Some("A-1")),
        ];
        let (s, warnings) = content(items, &structure);
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(
            s,
            "0.5 0.125 1 rg\n1 2 3.25 4 re f\n\
             BT\n/F1 10 Tf\n0 0 0 rg\n/P <</MCID 0>> BDC\n\
             1 0 0 1 10 20.56 Tm\n<000312340009" /* '?' is not in the subset */
                .to_string()
                + "0000> Tj\n\
             EMC\n/Artifact BMC\n\
             /Span <</ActualText <FEFF0041002D0031>>> BDC\n\
             1 0 0 1 -1.5 3 Tm\n<0003> Tj\nEMC\nEMC\nET\n"
        );
    }

    #[test]
    fn state_is_set_only_when_it_changes_and_bad_colours_are_reported() {
        let line = |c: Rgb, width: f32| Item::Line {
            x1: 0.0,
            y1: 0.0,
            x2: 10.0,
            y2: 0.0,
            width,
            color: c,
        };
        let items = vec![
            line(Rgb(0.0, 0.0, 0.0), 0.5),
            line(Rgb(0.0, 0.0, 0.0), 0.5),
            line(Rgb(1.5, 0.0, 0.0), 1.0),
        ];
        let (s, warnings) = content(items, &[]);
        assert_eq!(
            s,
            "0 0 0 RG\n0.5 w\n0 0 m 10 0 l S\n0 0 m 10 0 l S\n\
             1 0 0 RG\n1 w\n0 0 m 10 0 l S\n"
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("page 1") && warnings[0].contains("clamped"));
    }

    #[test]
    fn glyph_map_dense_and_sparse() {
        let m = GlyphMap::new(&[('a', 1), ('\u{10400}', 7)]);
        assert_eq!(
            (m.gid('a'), m.gid('\u{10400}'), m.gid('b'), m.gid('z')),
            (1, 7, 0, 0)
        );
        assert_eq!(m.dense.len(), 'a' as usize + 1);
    }
}
