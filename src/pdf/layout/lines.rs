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

/// Break styled spans into lines no wider than `width`, by measured advances.
/// Words longer than a line are cut between characters, never dropped.
pub fn break_lines(fonts: &Fonts, spans: &[Span], size: f32, width: f32) -> Vec<LineBox> {
    let width = width.max(1.0);
    let mut lines: Vec<LineBox> = Vec::new();
    let mut line = LineBox::default();
    let mut x = 0.0f32;
    let mut pending_space = 0.0f32;
    let mut pending_space_span = usize::MAX;
    // The current word: fragments with x relative to the word start.
    let mut word: Vec<Frag> = Vec::new();
    let mut word_w = 0.0f32;

    #[allow(clippy::too_many_arguments)]
    fn place_word(
        fonts: &Fonts,
        lines: &mut Vec<LineBox>,
        line: &mut LineBox,
        x: &mut f32,
        pending_space: &mut f32,
        pending_space_span: usize,
        word: &mut Vec<Frag>,
        word_w: &mut f32,
        width: f32,
    ) {
        if word.is_empty() {
            return;
        }
        let space = if line.frags.is_empty() {
            0.0
        } else {
            *pending_space
        };
        if !line.frags.is_empty() && *x + space + *word_w > width + 0.01 {
            lines.push(std::mem::take(line));
            *x = 0.0;
        }
        let space = if line.frags.is_empty() {
            0.0
        } else {
            *pending_space
        };
        if *word_w > width + 0.01 && line.frags.is_empty() {
            // Cut the word between characters.
            for f in word.drain(..) {
                let mut cur = String::new();
                let mut cur_w = 0.0;
                for c in f.text.chars() {
                    let (_, _, adv) = fonts.resolve(f.font, c);
                    let cw = adv as f32 * f.size / 1000.0;
                    if *x + cur_w + cw > width + 0.01 && (*x + cur_w > 0.0) {
                        if !cur.is_empty() {
                            push_frag(line, *x, cur_w, &f, std::mem::take(&mut cur), false);
                        }
                        lines.push(std::mem::take(line));
                        *x = 0.0;
                        cur_w = 0.0;
                    }
                    cur.push(c);
                    cur_w += cw;
                }
                if !cur.is_empty() {
                    push_frag(line, *x, cur_w, &f, cur, false);
                    *x += cur_w;
                }
            }
            *word_w = 0.0;
            *pending_space = 0.0;
            return;
        }
        let mut first = true;
        let start = *x + space;
        for f in word.drain(..) {
            let merge_space = first && space > 0.0 && pending_space_span == f.span;
            let fx = start + f.x;
            let fw = f.w;
            let text = std::mem::take(&mut f.text.clone());
            push_frag(line, fx, fw, &f, text, merge_space);
            first = false;
        }
        *x = start + *word_w;
        line.width = *x;
        *word_w = 0.0;
        *pending_space = 0.0;
    }

    fn push_frag(line: &mut LineBox, x: f32, w: f32, f: &Frag, text: String, after_space: bool) {
        if let Some(last) = line.frags.last_mut() {
            let gap = x - (last.x + last.w);
            let same = last.font == f.font
                && last.size == f.size
                && last.rise == f.rise
                && last.span == f.span;
            if same && gap.abs() < 0.01 {
                last.text.push_str(&text);
                last.w = x + w - last.x;
                line.width = last.x + last.w;
                return;
            }
            if same && after_space && gap > 0.0 {
                last.text.push(' ');
                last.text.push_str(&text);
                last.w = x + w - last.x;
                line.width = last.x + last.w;
                return;
            }
        }
        line.frags.push(Frag {
            x,
            w,
            font: f.font,
            size: f.size,
            rise: f.rise,
            text,
            span: f.span,
        });
        line.width = x + w;
    }

    for (si, span) in spans.iter().enumerate() {
        if span.text == "\n" {
            place_word(
                fonts,
                &mut lines,
                &mut line,
                &mut x,
                &mut pending_space,
                pending_space_span,
                &mut word,
                &mut word_w,
                width,
            );
            lines.push(std::mem::take(&mut line));
            x = 0.0;
            pending_space = 0.0;
            continue;
        }
        let st = &span.style;
        let want = FontKind::from_style(st.bold, st.italic, st.mono);
        let (fsize, rise) = if st.sup {
            (size * 0.7, size * 0.35)
        } else if st.mono {
            (size * 0.92, 0.0)
        } else {
            (size, 0.0)
        };
        for raw in span.text.chars() {
            let c = clean_char(raw);
            if c.is_whitespace() {
                if !word.is_empty() {
                    place_word(
                        fonts,
                        &mut lines,
                        &mut line,
                        &mut x,
                        &mut pending_space,
                        pending_space_span,
                        &mut word,
                        &mut word_w,
                        width,
                    );
                }
                if !line.frags.is_empty() && pending_space == 0.0 {
                    let (_, _, adv) = fonts.resolve(want, ' ');
                    pending_space = adv as f32 * fsize / 1000.0;
                    pending_space_span = si;
                }
                continue;
            }
            let (font, ch, adv) = fonts.resolve(want, c);
            let cw = adv as f32 * fsize / 1000.0;
            match word.last_mut() {
                Some(f) if f.font == font && f.span == si => {
                    f.text.push(ch);
                    f.w += cw;
                }
                _ => word.push(Frag {
                    x: word_w,
                    w: cw,
                    font,
                    size: fsize,
                    rise,
                    text: ch.to_string(),
                    span: si,
                }),
            }
            word_w += cw;
            // Allow a break after a hyphen or slash inside a word (URLs, purls, compounds).
            if (ch == '-' || ch == '/') && word_w > cw + 0.01 {
                place_word(
                    fonts,
                    &mut lines,
                    &mut line,
                    &mut x,
                    &mut pending_space,
                    pending_space_span,
                    &mut word,
                    &mut word_w,
                    width,
                );
            }
        }
    }
    place_word(
        fonts,
        &mut lines,
        &mut line,
        &mut x,
        &mut pending_space,
        pending_space_span,
        &mut word,
        &mut word_w,
        width,
    );
    if !line.frags.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
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
}
