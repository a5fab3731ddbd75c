//! The PDF engine's fonts: the DejaVu family shipped in `assets/fonts/`
//! with Droid Sans Fallback for what DejaVu lacks (CJK ideographs, kana),
//! glyph advance measurement for line breaking, the fallback chain that keeps
//! every Unicode character visible, and subsetting for embedding. It does not
//! lay out text or write PDF objects.

use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The faces the engine uses. The discriminant is the index into [`Fonts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FontKind {
    Regular = 0,
    Bold = 1,
    Italic = 2,
    BoldItalic = 3,
    Mono = 4,
    /// Characters none of the DejaVu faces has (never chosen by style).
    Fallback = 5,
}

pub const FONT_COUNT: usize = 6;

impl FontKind {
    pub const ALL: [FontKind; FONT_COUNT] = [
        FontKind::Regular,
        FontKind::Bold,
        FontKind::Italic,
        FontKind::BoldItalic,
        FontKind::Mono,
        FontKind::Fallback,
    ];

    pub fn from_style(bold: bool, italic: bool, mono: bool) -> FontKind {
        match (mono, bold, italic) {
            (true, _, _) => FontKind::Mono,
            (false, true, true) => FontKind::BoldItalic,
            (false, true, false) => FontKind::Bold,
            (false, false, true) => FontKind::Italic,
            (false, false, false) => FontKind::Regular,
        }
    }

    /// PDF resource name; fixed so that output never depends on a global id counter.
    pub fn resource_name(self) -> &'static str {
        ["F1", "F2", "F3", "F4", "F5", "F6"][self as usize]
    }

    /// PostScript name of the face, embedded as /BaseFont.
    pub fn postscript_name(self) -> &'static str {
        [
            "DejaVuSans",
            "DejaVuSans-Bold",
            "DejaVuSans-Oblique",
            "DejaVuSans-BoldOblique",
            "DejaVuSansMono",
            "DroidSansFallbackFull",
        ][self as usize]
    }
}

static FONT_BYTES: [&[u8]; FONT_COUNT] = [
    include_bytes!("../../assets/fonts/DejaVuSans.ttf"),
    include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../../assets/fonts/DejaVuSans-Oblique.ttf"),
    include_bytes!("../../assets/fonts/DejaVuSans-BoldOblique.ttf"),
    include_bytes!("../../assets/fonts/DejaVuSansMono.ttf"),
    include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf"),
];

/// The character drawn when no face has a glyph for the input character.
pub const REPLACEMENT: char = '\u{FFFD}';

/// One parsed face with a precomputed advance table for the common range.
pub struct Face {
    pub kind: FontKind,
    pub bytes: &'static [u8],
    face: ttf_parser::Face<'static>,
    pub units_per_em: u16,
    pub ascender: i16,
    pub descender: i16,
    pub bbox: [i16; 4],
    pub italic_angle: f32,
    pub weight: u16,
    /// Advance (in 1/1000 em, truncated like printpdf's /W) of U+0000..U+0800; -1 = no glyph.
    table: Vec<i32>,
}

const TABLE_LEN: usize = 0x800;

impl Face {
    fn load(kind: FontKind) -> Option<Face> {
        let bytes = FONT_BYTES[kind as usize];
        let face = ttf_parser::Face::parse(bytes, 0).ok()?;
        let upem = face.units_per_em();
        let bbox = face.global_bounding_box();
        let mut f = Face {
            kind,
            bytes,
            units_per_em: upem,
            ascender: face.ascender(),
            descender: face.descender(),
            bbox: [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max],
            italic_angle: face.italic_angle(),
            weight: face.weight().to_number(),
            face,
            table: Vec::new(),
        };
        let mut table = vec![-1i32; TABLE_LEN];
        for (cp, slot) in table.iter_mut().enumerate() {
            if let Some(c) = char::from_u32(cp as u32) {
                if let Some(w) = f.lookup_advance(c) {
                    *slot = w;
                }
            }
        }
        f.table = table;
        Some(f)
    }

    fn lookup_advance(&self, c: char) -> Option<i32> {
        let gid = self.face.glyph_index(c)?;
        if gid.0 == 0 {
            return None;
        }
        let adv = self.face.glyph_hor_advance(gid).unwrap_or(0);
        Some(scale_to_milli(adv, self.units_per_em))
    }

    /// Advance of `c` in 1/1000 em, or `None` when the face has no glyph for it.
    #[inline]
    pub fn advance(&self, c: char) -> Option<i32> {
        let cp = c as usize;
        if cp < TABLE_LEN {
            let w = self.table[cp];
            if w >= 0 {
                Some(w)
            } else {
                None
            }
        } else {
            self.lookup_advance(c)
        }
    }

    pub fn glyph_id(&self, c: char) -> Option<u16> {
        self.face.glyph_index(c).map(|g| g.0).filter(|g| *g != 0)
    }

    pub fn raw_advance(&self, gid: u16) -> u16 {
        self.face
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .unwrap_or(0)
    }
}

/// Same rounding as printpdf's `/W` widths, so what we measure is what viewers advance.
fn scale_to_milli(adv: u16, upem: u16) -> i32 {
    let upem = if upem == 0 { 1000.0 } else { f32::from(upem) };
    (f32::from(adv) * 1000.0 / upem) as i32
}

pub struct Fonts {
    faces: Vec<Face>,
}

static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();

/// The shipped fonts, parsed once per process. `None` only if a shipped file is corrupt.
pub fn fonts() -> Option<&'static Fonts> {
    FONTS
        .get_or_init(|| {
            let faces = FontKind::ALL
                .iter()
                .map(|k| Face::load(*k))
                .collect::<Option<Vec<_>>>()?;
            Some(Fonts { faces })
        })
        .as_ref()
}

impl Fonts {
    pub fn face(&self, kind: FontKind) -> &Face {
        &self.faces[kind as usize]
    }

    /// The face and character actually drawn for `c` requested in `kind`:
    /// the requested face, else the regular face, else the fallback face
    /// (CJK and more), else the replacement glyph.
    #[inline]
    pub fn resolve(&self, kind: FontKind, c: char) -> (FontKind, char, i32) {
        if let Some(w) = self.face(kind).advance(c) {
            return (kind, c, w);
        }
        if kind != FontKind::Regular {
            if let Some(w) = self.face(FontKind::Regular).advance(c) {
                return (FontKind::Regular, c, w);
            }
        }
        if let Some(w) = self.face(FontKind::Fallback).advance(c) {
            return (FontKind::Fallback, c, w);
        }
        let w = self
            .face(FontKind::Regular)
            .advance(REPLACEMENT)
            .unwrap_or(1000);
        (FontKind::Regular, REPLACEMENT, w)
    }

    /// Width in points of `text` drawn in `kind` at `size`, fallbacks included.
    pub fn width(&self, kind: FontKind, size: f32, text: &str) -> f32 {
        let mut milli: i64 = 0;
        for c in text.chars() {
            milli += i64::from(self.resolve(kind, c).2);
        }
        milli as f32 * size / 1000.0
    }
}

/// Replace characters that must not reach a content stream: tabs become
/// spaces, other control characters become the replacement glyph.
pub fn clean_char(c: char) -> char {
    match c {
        '\t' => ' ',
        '\u{A0}' => ' ',
        c if c.is_control() => REPLACEMENT,
        c => c,
    }
}

/// A face cut down to the characters one document uses.
pub struct Subset {
    pub bytes: Vec<u8>,
    /// Character -> glyph id in the subset font.
    pub char_to_gid: Vec<(char, u16)>,
    /// Glyph id in the subset -> advance in font units.
    pub widths: Vec<(u16, u16)>,
}

/// Subset `kind` to `chars` (every char must have a glyph in it; others are skipped).
pub fn subset(face: &Face, chars: &BTreeSet<char>) -> Result<Subset, subsetter::Error> {
    let mut pairs: Vec<(char, u16)> = Vec::with_capacity(chars.len());
    for c in chars {
        if let Some(g) = face.glyph_id(*c) {
            pairs.push((*c, g));
        }
    }
    let mut gids: Vec<u16> = pairs.iter().map(|p| p.1).collect();
    gids.sort_unstable();
    gids.dedup();
    let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&gids);
    let bytes = subsetter::subset(face.bytes, 0, &remapper)?;
    let mut char_to_gid = Vec::with_capacity(pairs.len());
    let mut widths = Vec::with_capacity(gids.len() + 1);
    widths.push((0u16, face.raw_advance(0)));
    for (c, g) in &pairs {
        if let Some(new) = remapper.get(*g) {
            char_to_gid.push((*c, new));
        }
    }
    for g in &gids {
        if let Some(new) = remapper.get(*g) {
            widths.push((new, face.raw_advance(*g)));
        }
    }
    widths.sort_unstable();
    widths.dedup();
    Ok(Subset {
        bytes,
        char_to_gid,
        widths,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_faces_load_and_measure() {
        let f = fonts().expect("shipped fonts parse");
        for k in FontKind::ALL {
            let probe = if k == FontKind::Fallback { '漢' } else { 'A' };
            assert!(f.face(k).advance(probe).is_some(), "{k:?} has {probe}");
        }
        // Monospace: every ASCII letter has the same advance.
        let m = f.face(FontKind::Mono);
        assert_eq!(m.advance('i'), m.advance('W'));
        assert!(f.width(FontKind::Regular, 10.0, "WWW") > f.width(FontKind::Regular, 10.0, "iii"));
    }

    #[test]
    fn missing_glyphs_fall_back_then_replace() {
        let f = fonts().expect("fonts");
        // CJK is not in DejaVu: the fallback face draws it.
        for ch in ['漢', 'か', '中'] {
            let (k, c, w) = f.resolve(FontKind::Bold, ch);
            assert_eq!((k, c), (FontKind::Fallback, ch));
            assert!(w > 0);
        }
        // In no face at all (a private-use code point): the replacement
        // glyph is drawn, never nothing.
        let (k, c, w) = f.resolve(FontKind::Regular, '\u{F0001}');
        assert_eq!((k, c), (FontKind::Regular, REPLACEMENT));
        assert!(w > 0);
        // A character in Sans but not in Sans Mono falls back to Sans.
        let (k, c, _) = f.resolve(FontKind::Mono, 'ﬁ');
        assert!(c == 'ﬁ' || c == REPLACEMENT);
        assert!(k == FontKind::Regular || k == FontKind::Mono);
    }

    #[test]
    fn subset_is_small_and_maps_chars() {
        let f = fonts().expect("fonts");
        let chars: BTreeSet<char> = "Hello, wörld".chars().collect();
        let s = subset(f.face(FontKind::Regular), &chars).expect("subset");
        assert!(s.bytes.len() < 60_000, "subset is {} bytes", s.bytes.len());
        assert_eq!(s.char_to_gid.len(), chars.len());
        assert!(ttf_parser::Face::parse(&s.bytes, 0).is_ok());
    }
}
