//! Cross-references: every identifier the document defines (a hazard, a
//! risk control, a document id, an SBOM component, a vulnerability, an AI
//! system, a clause, a GSPR row: the templates mark each definition with a
//! link titled `"anchor"`, see `parse::ANCHOR_TITLE`) becomes a link target,
//! and every other mention of it in a paragraph, list or table links to it.
//! Mentions are found as whole words by one Aho-Corasick automaton over all
//! defined texts (leftmost-longest, so `STR-CSA-008` is not taken for a
//! shorter id inside it), in one pass over the text; headings and code are
//! left as they are. Identifiers, defined or mentioned, are marked so that
//! the line breaker keeps them whole where it can.

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, MatchKind};

use super::parse::{Block, LinkTarget, Span, Style};

/// Links the mentions of every defined identifier in `blocks` to its
/// definition. The first definition of a text wins.
pub fn link_mentions(blocks: &mut [Block]) {
    let mut defs: Vec<(String, String)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    visit_mut(blocks, &mut |spans| {
        for s in spans.iter() {
            if let Some(anchor) = &s.style.anchor {
                let text = s.text.trim();
                if text.chars().count() >= 3 && seen.insert(text.to_string()) {
                    defs.push((text.to_string(), anchor.to_string()));
                }
            }
        }
    });
    if defs.is_empty() {
        return;
    }
    let Ok(ac) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(defs.iter().map(|(t, _)| t.as_str()))
    else {
        return;
    };
    visit_mut(blocks, &mut |spans| {
        if spans.iter().any(|s| plain(s) && ac.is_match(&s.text)) {
            *spans = link_spans(std::mem::take(spans), &ac, &defs);
        }
    });
}

/// Text that may hold a mention: not a link, an anchor or a page number.
fn plain(s: &Span) -> bool {
    s.style.link.is_none() && s.style.anchor.is_none() && !s.style.page_ref
}

fn link_spans(spans: Vec<Span>, ac: &AhoCorasick, defs: &[(String, String)]) -> Vec<Span> {
    let mut out = Vec::with_capacity(spans.len() + 2);
    for s in spans {
        if !plain(&s) {
            out.push(s);
            continue;
        }
        let text = s.text.as_str();
        let mut at = 0;
        for m in ac.find_iter(text) {
            if !whole_word(text, m.start(), m.end()) {
                continue;
            }
            if m.start() > at {
                out.push(Span {
                    text: text[at..m.start()].to_string(),
                    style: s.style.clone(),
                });
            }
            out.push(Span {
                text: text[m.start()..m.end()].to_string(),
                style: Style {
                    link: Some(Box::new(LinkTarget::Internal(
                        defs[m.pattern().as_usize()].1.clone(),
                    ))),
                    ident: true,
                    ..s.style.clone()
                },
            });
            at = m.end();
        }
        if at == 0 {
            out.push(s);
        } else if at < text.len() {
            out.push(Span {
                text: text[at..].to_string(),
                style: s.style,
            });
        }
    }
    out
}

/// Characters that continue an identifier: a match next to one is part of
/// a longer word (`HAZ-011` is not a mention of `HAZ-01`).
fn continues(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '@' | '%' | '+' | '#')
}

/// Whether `text[start..end]` stands as a word of its own: no identifier
/// character before or after it; a `.` or `:` after it only when it ends
/// a sentence or a label (not followed by a letter or digit).
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    if before.is_some_and(|c| continues(c) || matches!(c, '.' | ':')) {
        return false;
    }
    let mut after = text[end..].chars();
    match after.next() {
        None => true,
        Some(c) if continues(c) => false,
        Some('.' | ':') => !after.next().is_some_and(char::is_alphanumeric),
        Some(_) => true,
    }
}

/// Every run of spans a reader sees as text: paragraphs, list items,
/// quotes, table cells, footnotes; not headings (the outline), code or
/// heat maps.
fn visit_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Span>)) {
    for b in blocks {
        match b {
            Block::Paragraph(spans) => f(spans),
            Block::List { items, .. } => items.iter_mut().for_each(|i| visit_mut(i, f)),
            Block::Quote(inner) | Block::FootnoteDef { blocks: inner, .. } => visit_mut(inner, f),
            Block::Table(t) => t
                .head
                .iter_mut()
                .chain(t.rows.iter_mut().flatten())
                .for_each(&mut *f),
            Block::Heading { .. }
            | Block::Code(_)
            | Block::Rule
            | Block::Heatmap(_)
            | Block::Anchor(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;

    fn links(mut b: Vec<Block>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        visit_mut(&mut b, &mut |spans| {
            for s in spans {
                if let Some(LinkTarget::Internal(a)) = s.style.link.as_deref() {
                    out.push((s.text.clone(), a.clone()));
                }
            }
        });
        out
    }

    #[test]
    fn mentions_link_to_the_definition_as_whole_words_only() {
        let md = "| ID | Hazard |\n|---|---|\n| [HAZ-01](#hazard-haz-01 \"anchor\") | Missed VF |\n\n\
                  See HAZ-01, not HAZ-011 or xHAZ-01; HAZ-01.\n\n- HAZ-01: in a list\n\n# HAZ-01 in a heading\n";
        let mut b = parse(md);
        let got = links(b.clone());
        assert_eq!(
            got,
            vec![("HAZ-01".to_string(), "hazard-haz-01".to_string()); 3],
            "{got:?}"
        );
        // The definition is an anchor, not a link, and an identifier.
        let mut def = None;
        visit_mut(&mut b, &mut |spans| {
            for s in spans.iter() {
                if s.style.anchor.is_some() {
                    def = Some(s.clone());
                }
            }
        });
        let def = def.expect("the definition");
        assert_eq!(def.text, "HAZ-01");
        assert!(def.style.link.is_none() && def.style.ident);
    }

    #[test]
    fn the_longest_identifier_wins_and_existing_links_stay() {
        let md =
            "[STR-CSA-008](#doc-str-csa-008 \"anchor\") and [STR-CSA-00](#doc-x \"anchor\")\n\n\
                  Cites STR-CSA-008 and [a link](#elsewhere) naming STR-CSA-00 plainly.\n";
        let got = links(parse(md));
        assert_eq!(
            got,
            [
                ("STR-CSA-008".to_string(), "doc-str-csa-008".to_string()),
                ("a link".to_string(), "elsewhere".to_string()),
                ("STR-CSA-00".to_string(), "doc-x".to_string()),
            ]
        );
    }

    #[test]
    fn a_document_without_definitions_is_unchanged() {
        let md = "Plain HAZ-01 text.\n";
        assert!(links(parse(md)).is_empty());
    }
}
