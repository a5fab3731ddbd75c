//! Passes over the parsed block tree before layout, for what the Markdown
//! writes plainly and a printed page sets better: exponents (`10^-6`) as
//! superscripts, and a heading that only repeats its parent's title
//! dropped. It measures and places nothing (see `layout`) and does not
//! read Markdown (see `parse`).

use super::parse::{spans_text, Block, Span, Style};

/// Both passes, in order.
pub fn tidy(blocks: Vec<Block>) -> Vec<Block> {
    let mut blocks = drop_repeated_headings(blocks);
    exponents_in(&mut blocks);
    blocks
}

/// Drops a heading that stands directly under its parent (one level
/// deeper, nothing between them) and has the same title, case and spacing
/// aside: "3 Risk management" › "3.1 Risk management" reads as one
/// heading. Its content becomes the parent's own text, the headings under
/// it move up one level, and its id stays an anchor where the parent
/// stands, so links to it still land.
pub fn drop_repeated_headings(blocks: Vec<Block>) -> Vec<Block> {
    let norm = |spans: &[Span]| {
        spans_text(spans)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    // While inside a dropped heading's section: the level it had.
    let mut promoted: Option<u8> = None;
    for b in blocks {
        let Block::Heading { level, spans, id } = b else {
            out.push(b);
            continue;
        };
        if promoted.is_some_and(|p| level <= p) {
            promoted = None;
        }
        let repeats = match out.last() {
            Some(Block::Heading {
                level: parent,
                spans: parent_spans,
                ..
            }) => *parent + 1 == level && norm(parent_spans) == norm(&spans),
            _ => false,
        };
        if repeats && !norm(&spans).is_empty() {
            promoted = Some(level);
            out.push(Block::Anchor(id));
            continue;
        }
        let level = match promoted {
            Some(p) if level > p => level - 1,
            _ => level,
        };
        out.push(Block::Heading { level, spans, id });
    }
    out
}

/// Sets every exponent written `10^-6`, `10^−6` (U+2212), `10^6`,
/// `10^{-6}` or `m^{2}` in plain text as the base followed by a raised, smaller
/// exponent (`sup`, `exponent`): the caret and braces go; text extraction
/// reads the exponent in Unicode superscripts ("10⁻⁶", see
/// `superscript`). Code stays as written.
fn exponents_in(blocks: &mut [Block]) {
    for b in blocks {
        match b {
            Block::Paragraph(spans) | Block::Heading { spans, .. } => exponents(spans),
            Block::List { items, .. } => items.iter_mut().for_each(|i| exponents_in(i)),
            Block::Quote(inner) | Block::FootnoteDef { blocks: inner, .. } => exponents_in(inner),
            Block::Table(t) => t
                .head
                .iter_mut()
                .chain(t.rows.iter_mut().flatten())
                .for_each(exponents),
            Block::Code(_) | Block::Rule | Block::Heatmap(_) | Block::Anchor(_) => {}
        }
    }
}

/// Splits the spans of one paragraph or cell at their exponents.
pub fn exponents(spans: &mut Vec<Span>) {
    if !spans.iter().any(|s| s.text.contains('^')) {
        return;
    }
    let mut out = Vec::with_capacity(spans.len() + 2);
    for s in spans.drain(..) {
        if s.style.mono || s.style.sup || !s.text.contains('^') {
            out.push(s);
            continue;
        }
        let mut rest = s.text.as_str();
        while let Some((before, exp, after)) = next_exponent(rest) {
            if !before.is_empty() {
                out.push(Span {
                    text: before.to_string(),
                    style: s.style.clone(),
                });
            }
            out.push(Span {
                text: exp.to_string(),
                style: Style {
                    sup: true,
                    exponent: true,
                    ..s.style.clone()
                },
            });
            rest = after;
        }
        if !rest.is_empty() {
            out.push(Span {
                text: rest.to_string(),
                style: s.style.clone(),
            });
        }
    }
    *spans = out;
}

/// What text extraction reads for the exponent `exp`: its Unicode
/// superscript form ("⁻⁶" for `-6`, "²" for `2`) where every character has
/// one, else the written form with caret and braces (`^{ab}`).
pub fn superscript(exp: &str) -> String {
    let sup = |c: char| {
        Some(match c {
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            '9' => '⁹',
            '-' | '\u{2212}' => '⁻',
            '+' => '⁺',
            '=' => '⁼',
            '(' => '⁽',
            ')' => '⁾',
            'n' => 'ⁿ',
            'i' => 'ⁱ',
            _ => return None,
        })
    };
    exp.chars()
        .map(sup)
        .collect::<Option<String>>()
        .unwrap_or_else(|| format!("^{{{exp}}}"))
}

/// The first exponent in `text`: the text up to its caret (base included),
/// the exponent without caret and braces, and the text after it. An
/// exponent is a signed integer after a number (`10^-6`) or a braced group
/// of at most 12 characters without spaces after a letter or digit
/// (`10^{-6}`, `m^{2}`: the prose superscript; Markdown's own `^x^` is not
/// enabled, as it would read `10^6 to 10^4` as a superscript "6 to 10").
fn next_exponent(text: &str) -> Option<(&str, &str, &str)> {
    let mut from = 0;
    while let Some(k) = text[from..].find('^') {
        let caret = from + k;
        from = caret + 1;
        let before = text[..caret].chars().next_back();
        let tail = &text[caret + 1..];
        if !before.is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        if let Some(inner) = tail.strip_prefix('{') {
            if let Some(close) = inner.find('}') {
                let exp = &inner[..close];
                if !exp.is_empty()
                    && exp.chars().count() <= 12
                    && !exp.contains(char::is_whitespace)
                {
                    return Some((&text[..caret], exp, &inner[close + 1..]));
                }
            }
            continue;
        }
        if !before.is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        let sign = tail
            .chars()
            .next()
            .filter(|c| matches!(c, '-' | '+' | '\u{2212}'))
            .map_or(0, char::len_utf8);
        let digits = tail[sign..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(tail.len() - sign);
        if digits > 0 {
            let end = sign + digits;
            return Some((&text[..caret], &tail[..end], &tail[end..]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::parse::parse;

    fn para(md: &str) -> Vec<Span> {
        match tidy(parse(md)).into_iter().next() {
            Some(Block::Paragraph(spans)) => spans,
            other => panic!("not a paragraph: {other:?}"),
        }
    }

    #[test]
    fn exponents_read_in_superscripts_where_unicode_has_them() {
        assert_eq!(superscript("-6"), "⁻⁶");
        assert_eq!(superscript("\u{2212}12"), "⁻¹²");
        assert_eq!(superscript("2"), "²");
        assert_eq!(superscript("n+1"), "ⁿ⁺¹");
        assert_eq!(superscript("ab"), "^{ab}");
    }

    #[test]
    fn exponents_become_superscript_spans() {
        let spans = para("Less than 10^-6 per use");
        let sup: Vec<&str> = spans
            .iter()
            .filter(|s| s.style.sup)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(sup, ["-6"]);
        assert_eq!(spans[0].text, "Less than 10");
        assert_eq!(spans[2].text, " per use");
        for (md, exp) in [
            ("p < 10^\u{2212}6.", "\u{2212}6"),
            ("p < 10^{-6}.", "-6"),
            ("once in 10^6 to 10^4 uses", "6"),
            ("**bold 10^-3**", "-3"),
            ("an area in m^{2}", "2"),
        ] {
            let spans = para(md);
            let s = spans.iter().find(|s| s.style.sup).expect(md);
            assert_eq!(s.text, exp, "{md}");
            assert!(!spans_text(&spans).contains('^'), "{md}: {spans:?}");
        }
        // Two in one text, both raised.
        let spans = para("once in 10^6 to 10^4 uses");
        assert_eq!(spans.iter().filter(|s| s.style.sup).count(), 2, "{spans:?}");
        // No number before the caret, no exponent after it, or code: as written.
        for md in ["a^2 and x^-1", "10^ alone", "`10^-6`", "10^{a b}"] {
            let spans = para(md);
            assert!(spans.iter().all(|s| !s.style.sup), "{md}: {spans:?}");
        }
    }

    #[test]
    fn exponents_in_table_cells_too() {
        let b = tidy(parse("| p |\n|---|\n| 10^-2 |\n"));
        let Block::Table(t) = &b[0] else {
            panic!("table")
        };
        assert!(t.rows[0][0].iter().any(|s| s.style.sup && s.text == "-2"));
    }

    fn headings(blocks: &[Block]) -> Vec<(u8, String)> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, spans, .. } => Some((*level, spans_text(spans))),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_heading_repeating_its_parent_directly_under_it_is_dropped() {
        let md = "# Risk management\n\n## Risk management\n\nText.\n\n### Plan\n\n## Hazards\n\n# Post-market\n\nIntro.\n\n## Post-market\n\n# Other\n\n## other\n";
        let b = tidy(parse(md));
        assert_eq!(
            headings(&b),
            [
                (1, "Risk management".to_string()),
                (2, "Plan".to_string()),
                (2, "Hazards".to_string()),
                (1, "Post-market".to_string()),
                // Not directly under its parent: kept.
                (2, "Post-market".to_string()),
                (1, "Other".to_string()),
            ]
        );
        // The dropped heading's id is still an anchor, right after its parent.
        assert_eq!(b[1], Block::Anchor("risk-management-1".into()));
        assert!(b.contains(&Block::Anchor("other-1".into())));
    }
}
