//! Line breaking: styled spans -> lines of positioned, measured fragments,
//! by the glyph advances of the shipped faces (fallbacks included), with
//! breaks at spaces and after '-' or '/', and words longer than a line cut
//! between characters. Also fitting one string to a width with an ellipsis
//! and cutting code by characters. It owns no page state and draws nothing.

use crate::pdf::fonts::{clean_char, FontKind, Fonts};
use crate::pdf::parse::Span;

/// A positioned, measured fragment of a line.
#[derive(Debug, Clone)]
pub struct Frag {
    pub x: f32,
    pub w: f32,
    pub font: FontKind,
    pub size: f32,
    pub rise: f32,
    pub text: String,
    pub span: usize,
}

#[derive(Debug, Clone, Default)]
pub struct LineBox {
    pub frags: Vec<Frag>,
    pub width: f32,
}

impl LineBox {
    /// Appends `text` at `x`, `w` wide, in the face, size and span of `f`;
    /// joins it to the last fragment when it continues that one seamlessly
    /// in the same style and span, or (`after_space`) across one space.
    fn push_frag(&mut self, x: f32, w: f32, f: &Frag, text: String, after_space: bool) {
        if let Some(last) = self.frags.last_mut() {
            let gap = x - (last.x + last.w);
            let same = last.font == f.font
                && last.size == f.size
                && last.rise == f.rise
                && last.span == f.span;
            let seamless = gap.abs() < 0.01;
            if same && (seamless || (after_space && gap > 0.0)) {
                if !seamless {
                    last.text.push(' ');
                }
                last.text.push_str(&text);
                last.w = x + w - last.x;
                self.width = last.x + last.w;
                return;
            }
        }
        self.frags.push(Frag {
            x,
            w,
            font: f.font,
            size: f.size,
            rise: f.rise,
            text,
            span: f.span,
        });
        self.width = x + w;
    }
}

/// Breaks styled spans into lines no wider than `width`, by measured
/// advances: push the spans in order, then `finish`. A word goes on the
/// current line when it fits, else opens the next; a word may also break
/// after '-' or '/'; one wider than a line is cut between characters,
/// never dropped. A span of just "\n" is a hard line break.
pub struct LineBreaker<'a> {
    fonts: &'a Fonts,
    size: f32,
    width: f32,
    /// The lines finished so far.
    lines: Vec<LineBox>,
    /// The line being filled, and where its last word ends.
    current: LineBox,
    x: f32,
    /// The space owed before the next word on this line (0 at a line
    /// start), and the span it came from.
    space: f32,
    space_span: usize,
    /// The word being gathered: fragments with x relative to its start.
    word: Vec<Frag>,
    word_w: f32,
    /// The index the next span pushed gets in the fragments.
    next_span: usize,
}

impl<'a> LineBreaker<'a> {
    pub fn new(fonts: &'a Fonts, size: f32, width: f32) -> LineBreaker<'a> {
        LineBreaker {
            fonts,
            size,
            width: width.max(1.0),
            lines: Vec::new(),
            current: LineBox::default(),
            x: 0.0,
            space: 0.0,
            space_span: usize::MAX,
            word: Vec::new(),
            word_w: 0.0,
            next_span: 0,
        }
    }

    /// Adds the next span; fragments name it by how many spans came before.
    pub fn push(&mut self, span: &Span) {
        let si = self.next_span;
        self.next_span += 1;
        if span.text == "\n" {
            self.place_word();
            self.break_line();
            self.space = 0.0;
            return;
        }
        let st = &span.style;
        let want = FontKind::from_style(st.bold, st.italic, st.mono);
        let size = self.size;
        let (fsize, rise) = if st.sup {
            (size * 0.7, size * 0.35)
        } else if st.mono {
            (size * 0.92, 0.0)
        } else {
            (size, 0.0)
        };
        for raw in span.text.chars() {
            let c = clean_char(raw);
            // A no-break space is drawn as a space but joins its words.
            if c.is_whitespace() && raw != '\u{a0}' {
                self.place_word();
                if !self.current.frags.is_empty() && self.space == 0.0 {
                    let (_, _, adv) = self.fonts.resolve(want, ' ');
                    self.space = adv as f32 * fsize / 1000.0;
                    self.space_span = si;
                }
                continue;
            }
            let (font, ch, adv) = self.fonts.resolve(want, c);
            let cw = adv as f32 * fsize / 1000.0;
            match self.word.last_mut() {
                Some(f) if f.font == font && f.span == si => {
                    f.text.push(ch);
                    f.w += cw;
                }
                _ => self.word.push(Frag {
                    x: self.word_w,
                    w: cw,
                    font,
                    size: fsize,
                    rise,
                    text: ch.to_string(),
                    span: si,
                }),
            }
            self.word_w += cw;
            // Allow a break after a hyphen or slash inside a word (URLs,
            // purls, compounds), but not inside an identifier (it breaks
            // only when it is wider than a line, `cut_word`) nor in an
            // exponent (`10` `-6`).
            if (ch == '-' || ch == '/') && self.word_w > cw + 0.01 && !st.ident && !st.sup {
                self.place_word();
            }
        }
    }

    /// The lines: at least one, empty when nothing was pushed.
    pub fn finish(mut self) -> Vec<LineBox> {
        self.place_word();
        if !self.current.frags.is_empty() || self.lines.is_empty() {
            self.lines.push(self.current);
        }
        self.lines
    }

    fn break_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.current));
        self.x = 0.0;
    }

    /// Puts the gathered word on this line, or the next when it does not fit.
    fn place_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        if !self.current.frags.is_empty() && self.x + self.space + self.word_w > self.width + 0.01 {
            self.break_line();
        }
        if self.word_w > self.width + 0.01 && self.current.frags.is_empty() {
            self.cut_word();
        } else {
            let space = if self.current.frags.is_empty() {
                0.0
            } else {
                self.space
            };
            let start = self.x + space;
            let mut word = std::mem::take(&mut self.word);
            for (i, mut f) in word.drain(..).enumerate() {
                let after_space = i == 0 && space > 0.0 && self.space_span == f.span;
                let text = std::mem::take(&mut f.text);
                self.current
                    .push_frag(start + f.x, f.w, &f, text, after_space);
            }
            self.word = word;
            self.x = start + self.word_w;
            self.current.width = self.x;
        }
        self.word_w = 0.0;
        self.space = 0.0;
    }

    /// Sets a word wider than a line on as many lines as it takes, cut
    /// between characters.
    fn cut_word(&mut self) {
        let limit = self.width + 0.01;
        let mut word = std::mem::take(&mut self.word);
        for f in word.drain(..) {
            let mut cur = String::new();
            let mut cur_w = 0.0;
            // Where the piece could end after a '-' or '/': (byte, width).
            let mut soft: Option<(usize, f32)> = None;
            for c in f.text.chars() {
                let (_, _, adv) = self.fonts.resolve(f.font, c);
                let cw = adv as f32 * f.size / 1000.0;
                if self.x + cur_w + cw > limit && (self.x + cur_w > 0.0) {
                    // Cut after the last hyphen or slash that fits, else here.
                    let (head, head_w) = match soft.take() {
                        Some((at, w)) if at < cur.len() => {
                            let rest = cur.split_off(at);
                            (std::mem::replace(&mut cur, rest), w)
                        }
                        _ => (std::mem::take(&mut cur), cur_w),
                    };
                    if !head.is_empty() {
                        self.current.push_frag(self.x, head_w, &f, head, false);
                    }
                    self.break_line();
                    cur_w -= head_w;
                }
                cur.push(c);
                cur_w += cw;
                if c == '-' || c == '/' {
                    soft = Some((cur.len(), cur_w));
                }
            }
            if !cur.is_empty() {
                self.current.push_frag(self.x, cur_w, &f, cur, false);
                self.x += cur_w;
            }
        }
        self.word = word;
    }
}

/// Break styled spans into lines no wider than `width` (see `LineBreaker`).
pub fn break_lines(fonts: &Fonts, spans: &[Span], size: f32, width: f32) -> Vec<LineBox> {
    let mut breaker = LineBreaker::new(fonts, size, width);
    for span in spans {
        breaker.push(span);
    }
    breaker.finish()
}

/// Cut `text` to fit `max` points, ending in an ellipsis when cut.
pub fn fit_text(fonts: &Fonts, font: FontKind, size: f32, text: &str, max: f32) -> String {
    if fonts.width(font, size, text) <= max {
        return text.to_string();
    }
    let ell = fonts.width(font, size, "…");
    let mut out = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        let cw = fonts.width(font, size, c.encode_utf8(&mut [0u8; 4]));
        if w + cw + ell > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}
/// Cut a line of code into pieces that fit `width`, by characters.
pub(super) fn chunk_chars(fonts: &Fonts, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        let (_, _, adv) = fonts.resolve(FontKind::Mono, clean_char(c));
        let cw = adv as f32 * size / 1000.0;
        if w + cw > width && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            w = 0.0;
        }
        cur.push(c);
        w += cw;
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::fonts;

    #[test]
    fn lines_never_exceed_width_and_keep_every_char() {
        let f = fonts().expect("fonts");
        let text = "The quick brown fox jumps over the lazy dog. ".repeat(20)
            + "supercalifragilisticexpialidocious-and-a-very-long-token-without-spaces-0123456789abcdef0123456789";
        let spans = [Span::plain(text.clone())];
        let lines = break_lines(f, &spans, 10.0, 200.0);
        assert!(lines.len() > 5);
        for l in &lines {
            assert!(l.width <= 200.5, "line too wide: {}", l.width);
        }
        let joined: String = lines
            .iter()
            .map(|l| l.frags.iter().map(|f| f.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(squash(&joined), squash(&text));
    }

    #[test]
    fn styled_runs_keep_their_fonts() {
        let f = fonts().expect("fonts");
        let spans = crate::pdf::parse::parse("plain **bold** *it* `code`");
        let crate::pdf::parse::Block::Paragraph(sp) = &spans[0] else {
            panic!("paragraph expected")
        };
        let lines = break_lines(f, sp, 10.0, 400.0);
        let kinds: Vec<FontKind> = lines[0].frags.iter().map(|f| f.font).collect();
        assert!(kinds.contains(&FontKind::Bold));
        assert!(kinds.contains(&FontKind::Italic));
        assert!(kinds.contains(&FontKind::Mono));
    }

    /// The text of each line, fragments joined without separators.
    fn texts(lines: &[LineBox]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.frags.iter().map(|f| f.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn line_breaker_joins_a_span_into_one_fragment_and_keeps_span_indices() {
        let f = fonts().expect("fonts");
        let mut b = LineBreaker::new(f, 10.0, 400.0);
        b.push(&Span::plain("one two "));
        b.push(&Span::bold("three"));
        b.push(&Span::plain(" four"));
        let lines = b.finish();
        assert_eq!(lines.len(), 1);
        let frags = &lines[0].frags;
        let got: Vec<(&str, usize)> = frags.iter().map(|f| (f.text.as_str(), f.span)).collect();
        assert_eq!(got, [("one two", 0), ("three", 1), ("four", 2)]);
        assert_eq!(frags[1].font, FontKind::Bold);
        // "three" stands one space after "one two"; the line ends where "four" does.
        let space = f.width(FontKind::Regular, 10.0, " ");
        let x = f.width(FontKind::Regular, 10.0, "one two") + space;
        assert!((frags[1].x - x).abs() < 0.01, "{} != {x}", frags[1].x);
        let last = &frags[2];
        assert!((lines[0].width - (last.x + last.w)).abs() < 0.01);
    }

    #[test]
    fn line_breaker_breaks_at_spaces_hard_breaks_and_after_hyphens() {
        let f = fonts().expect("fonts");
        let w = f.width(FontKind::Regular, 10.0, "alpha beta");
        let mut b = LineBreaker::new(f, 10.0, w);
        b.push(&Span::plain("alpha beta gamma "));
        b.push(&Span::plain("\n"));
        b.push(&Span::plain(" delta-epsilon"));
        let lines = b.finish();
        assert_eq!(texts(&lines), ["alpha beta", "gamma", "delta-", "epsilon"]);
        // No line starts with the space owed before its first word.
        for l in &lines {
            assert_eq!(l.frags[0].x, 0.0, "{:?}", l.frags[0].text);
        }
    }

    #[test]
    fn line_breaker_cuts_a_word_wider_than_the_line_and_gives_one_empty_line_for_nothing() {
        let f = fonts().expect("fonts");
        let word = "abcdefghijklmnopqrstuvwxyz";
        let w = f.width(FontKind::Regular, 10.0, "abcdefgh");
        let mut b = LineBreaker::new(f, 10.0, w);
        b.push(&Span::plain(word));
        let lines = b.finish();
        assert_eq!(texts(&lines), ["abcdefgh", "ijklmnop", "qrstuvwx", "yz"]);
        assert!(lines.iter().all(|l| l.width <= w + 0.01));
        let empty = LineBreaker::new(f, 10.0, w).finish();
        assert_eq!(empty.len(), 1);
        assert!(empty[0].frags.is_empty());
    }
}
