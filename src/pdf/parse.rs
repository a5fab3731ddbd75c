//! Markdown -> the PDF engine's block tree. Owns the mapping from
//! pulldown-cmark events to blocks and styled spans, heading ids, footnote
//! numbering and the heat map convention; it does not measure or place
//! anything (see `layout`). Raw HTML is never interpreted: comments are
//! dropped, anything else is kept as literal text.

use std::collections::BTreeMap;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Tag, TagEnd};
use serde::Deserialize;

/// Where a link goes.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    External(String),
    /// An anchor in this document (heading id or footnote).
    Internal(String),
}

impl LinkTarget {
    /// Whether the PDF makes this a live link: anchors in the document and
    /// web or mail addresses; never `javascript:`, `file:` or other schemes.
    pub fn is_clickable(&self) -> bool {
        match self {
            LinkTarget::Internal(_) => true,
            LinkTarget::External(url) => {
                let lower = url.trim().to_ascii_lowercase();
                ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|p| lower.starts_with(p))
            }
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub mono: bool,
    pub strike: bool,
    /// Footnote reference, exponent or `^superscript^`: smaller and raised.
    pub sup: bool,
    /// An exponent (`tidy`): extracted in superscripts, "10⁻⁶" (`/ActualText`).
    pub exponent: bool,
    /// Boxed, as `anchor`: rare, and spans are most of the block tree.
    pub link: Option<Box<LinkTarget>>,
    /// A page-number placeholder: layout fills in the page of the link's
    /// anchor once the body is laid out (see `PAGE_TITLE`).
    pub page_ref: bool,
    /// This text defines the anchor: a link target where it stands (see
    /// `ANCHOR_TITLE`); mentions of the text elsewhere link here (`xref`).
    pub anchor: Option<Box<str>>,
    /// An identifier: broken inside only when it is wider than its line,
    /// and then extracted whole (`/ActualText`).
    pub ident: bool,
}

/// The link title that makes a link's text the definition of its anchor:
/// `[HAZ-01](#hazard-haz-01 "anchor")` stands as plain text where the
/// hazard is defined, a link target; `xref` then links every other mention
/// of `HAZ-01` to it.
pub const ANCHOR_TITLE: &str = "anchor";

/// The link title that asks for a page reference: in the PDF,
/// `[Risk file](#risk "page")` reads "Risk file (p. 12)", the page where
/// the anchor stands; the Markdown keeps it a plain link.
pub const PAGE_TITLE: &str = "page";

/// What a page reference reserves for its number until it is known (wide
/// enough for three digits); layout replaces it in the run `(p. 000)`.
pub const PAGE_PLACEHOLDER: &str = "000";

/// A run of text in one style. The text `"\n"` alone is a hard line break.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            style: Style::default(),
        }
    }
    pub fn bold(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            style: Style {
                bold: true,
                ..Style::default()
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableData {
    pub aligns: Vec<Align>,
    pub head: Vec<Vec<Span>>,
    pub rows: Vec<Vec<Vec<Span>>>,
}

/// The JSON of a `<!-- techfile:heatmap {...} -->` comment.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Heatmap {
    #[serde(default)]
    pub title: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    pub counts: Vec<Vec<u64>>,
    #[serde(default)]
    pub zones: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        spans: Vec<Span>,
        id: String,
    },
    Paragraph(Vec<Span>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Code(String),
    Rule,
    Table(TableData),
    Heatmap(Heatmap),
    FootnoteDef {
        number: u32,
        id: String,
        blocks: Vec<Block>,
    },
    /// A link target with nothing to show (the id of a heading `tidy` dropped).
    Anchor(String),
}

pub fn parse(markdown: &str) -> Vec<Block> {
    let mut p = Builder {
        // Read as it is needed (one event of lookahead): collected first,
        // the events of a long file were its largest allocation.
        events: crate::markdown::parser(markdown).peekable(),
        footnotes: BTreeMap::new(),
        ids: BTreeMap::new(),
        pending_heatmap: None,
        nested: 0,
        page_links: Vec::new(),
    };
    let mut blocks = p.blocks(None);
    super::xref::link_mentions(&mut blocks);
    blocks
}

/// GitHub-style anchor slug of a heading text.
pub fn slug(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if c == ' ' || c == '-' {
            s.push('-');
        } else if c == '_' {
            s.push('_');
        }
    }
    s
}

pub fn spans_text(spans: &[Span]) -> String {
    let mut s = String::new();
    for sp in spans {
        if sp.text == "\n" {
            s.push(' ');
        } else {
            s.push_str(&sp.text);
        }
    }
    s
}

struct Builder<'a> {
    events: std::iter::Peekable<pulldown_cmark::Parser<'a>>,
    footnotes: BTreeMap<String, u32>,
    ids: BTreeMap<String, u32>,
    pending_heatmap: Option<Heatmap>,
    /// How many block quotes, list items and footnotes hold the current
    /// block: a heading inside one is not a heading of the document.
    nested: usize,
    /// The style-stack depths of the open links that ask for a page.
    page_links: Vec<usize>,
}

/// How many quotes, list items and footnotes the PDF nests (see `blocks`).
pub const MAX_NESTING: usize = 16;

fn is_container(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_)
    )
}

fn is_container_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition
    )
}

fn is_inline_start(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_inline_event(e: &Event) -> bool {
    match e {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_)
        | Event::TaskListMarker(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_) => true,
        Event::Start(t) => is_inline_start(t),
        _ => false,
    }
}

impl<'a> Builder<'a> {
    /// The next event, not consumed.
    fn peek(&mut self) -> Option<Event<'a>> {
        self.events.peek().cloned()
    }

    /// Consumes the next event.
    fn advance(&mut self) {
        self.events.next();
    }

    fn footnote_number(&mut self, label: &str) -> u32 {
        let next = self.footnotes.len() as u32 + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    fn unique_id(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let n = self.ids.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{}-{}", base, *n - 1)
        }
    }

    fn push_block(&mut self, out: &mut Vec<Block>, b: Block) {
        if let Some(h) = self.pending_heatmap.take() {
            if matches!(b, Block::Table(_)) {
                out.push(Block::Heatmap(h));
                return;
            }
            out.push(Block::Heatmap(h));
        }
        out.push(b);
    }

    /// `blocks` inside a container (quote, list item, footnote).
    fn nested_blocks(&mut self, end: TagEnd) -> Vec<Block> {
        self.nested += 1;
        let inner = self.blocks(Some(end));
        self.nested -= 1;
        inner
    }

    /// Blocks until the matching end tag (or the end of input when `end` is None).
    /// At `MAX_NESTING` containers deep, further quotes, lists, items and
    /// footnotes open no new level: their content continues at this one
    /// (the parse, the layout and the tree's drop recurse per level, and the
    /// indentation would leave no width long before the stack runs out).
    fn blocks(&mut self, end: Option<TagEnd>) -> Vec<Block> {
        let mut out = Vec::new();
        // Containers opened at the depth limit and not closed yet.
        let mut flattened = 0usize;
        while let Some(ev) = self.peek() {
            if self.nested >= MAX_NESTING {
                match &ev {
                    Event::Start(t) if is_container(t) => {
                        flattened += 1;
                        self.advance();
                        continue;
                    }
                    Event::End(e) if flattened > 0 && is_container_end(e) => {
                        flattened -= 1;
                        self.advance();
                        continue;
                    }
                    _ => {}
                }
            }
            if let (Some(end), Event::End(e)) = (end, &ev) {
                if *e == end {
                    self.advance();
                    break;
                }
            }
            if is_inline_event(&ev) {
                // Tight list items carry inline events with no Paragraph around them.
                let spans = self.inlines_loose();
                if !spans.is_empty() {
                    self.push_block(&mut out, Block::Paragraph(spans));
                }
                continue;
            }
            self.advance();
            match ev {
                Event::Start(tag) => self.block_start(tag, &mut out),
                Event::Rule => self.push_block(&mut out, Block::Rule),
                Event::Html(h) => self.html_block(h.as_ref(), &mut out),
                _ => {}
            }
        }
        if let Some(h) = self.pending_heatmap.take() {
            out.push(Block::Heatmap(h));
        }
        out
    }

    fn html_block(&mut self, html: &str, out: &mut Vec<Block>) {
        let t = html.trim();
        if let Some(rest) = t.strip_prefix("<!--") {
            let body = rest.trim_end().trim_end_matches("-->").trim();
            if let Some(json) = body.strip_prefix("techfile:heatmap") {
                if let Ok(h) = serde_json::from_str::<Heatmap>(json.trim()) {
                    if h.counts.len() == h.rows.len()
                        && h.counts.iter().all(|r| r.len() == h.cols.len())
                    {
                        self.pending_heatmap = Some(h);
                    }
                }
            }
            return;
        }
        if !t.is_empty() {
            let spans = vec![Span {
                text: t.to_string(),
                style: Style {
                    mono: true,
                    ..Style::default()
                },
            }];
            self.push_block(out, Block::Paragraph(spans));
        }
    }

    fn block_start(&mut self, tag: Tag<'a>, out: &mut Vec<Block>) {
        match tag {
            Tag::Paragraph => {
                let spans = self.inlines(TagEnd::Paragraph);
                self.push_block(out, Block::Paragraph(spans));
            }
            Tag::Heading { level, .. } if self.nested > 0 => {
                // `> # X` or `- # X`: bold text of its quote or item, with no
                // number and no entry in the contents or the outline.
                let mut spans = self.inlines(TagEnd::Heading(level));
                for s in &mut spans {
                    s.style.bold = true;
                }
                self.push_block(out, Block::Paragraph(merge(spans)));
            }
            Tag::Heading { level, id, .. } => {
                let spans = self.inlines(TagEnd::Heading(level));
                let lvl = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                let base = match id {
                    Some(id) => id.to_string(),
                    None => slug(&spans_text(&spans)),
                };
                let id = self.unique_id(base);
                self.push_block(
                    out,
                    Block::Heading {
                        level: lvl,
                        spans,
                        id,
                    },
                );
            }
            Tag::BlockQuote(_) => {
                let inner = self.nested_blocks(TagEnd::BlockQuote(None));
                self.push_block(out, Block::Quote(inner));
            }
            Tag::CodeBlock(kind) => {
                let mut text = String::new();
                while let Some(ev) = self.peek() {
                    self.advance();
                    match ev {
                        Event::End(TagEnd::CodeBlock) => break,
                        Event::Text(t) => text.push_str(&t),
                        _ => {}
                    }
                }
                let _ = matches!(kind, CodeBlockKind::Fenced(_));
                if text.ends_with('\n') {
                    text.pop();
                }
                self.push_block(out, Block::Code(text));
            }
            Tag::List(start) => {
                let mut items = Vec::new();
                while let Some(ev) = self.peek() {
                    self.advance();
                    match ev {
                        Event::End(TagEnd::List(_)) => break,
                        Event::Start(Tag::Item) => {
                            items.push(self.nested_blocks(TagEnd::Item));
                        }
                        _ => {}
                    }
                }
                self.push_block(out, Block::List { start, items });
            }
            Tag::Table(aligns) => {
                let t = self.table(aligns);
                self.push_block(out, Block::Table(t));
            }
            Tag::FootnoteDefinition(label) => {
                let number = self.footnote_number(&label);
                let id = format!("fn-{}", label);
                let blocks = self.nested_blocks(TagEnd::FootnoteDefinition);
                self.push_block(out, Block::FootnoteDef { number, id, blocks });
            }
            Tag::HtmlBlock => {
                let mut html = String::new();
                while let Some(ev) = self.peek() {
                    self.advance();
                    match ev {
                        Event::End(TagEnd::HtmlBlock) => break,
                        Event::Html(t) | Event::Text(t) => html.push_str(&t),
                        _ => {}
                    }
                }
                self.html_block(&html, out);
            }
            Tag::Item => {
                // An item outside a list cannot happen; keep its content anyway.
                let inner = self.nested_blocks(TagEnd::Item);
                out.extend(inner);
            }
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell => {
                let end = tag.to_end();
                let inner = self.blocks(Some(end));
                out.extend(inner);
            }
            other => {
                // Inline tags are consumed by `inlines`; nothing else is left.
                let _ = other;
            }
        }
    }

    fn table(&mut self, aligns: Vec<Alignment>) -> TableData {
        let aligns = aligns
            .into_iter()
            .map(|a| match a {
                Alignment::Center => Align::Center,
                Alignment::Right => Align::Right,
                _ => Align::Left,
            })
            .collect();
        let mut head = Vec::new();
        let mut rows: Vec<Vec<Vec<Span>>> = Vec::new();
        let mut in_head = false;
        while let Some(ev) = self.peek() {
            self.advance();
            match ev {
                Event::End(TagEnd::Table) => break,
                // TableHead holds its cells directly (no TableRow).
                Event::Start(Tag::TableHead) => in_head = true,
                Event::End(TagEnd::TableHead) => in_head = false,
                Event::Start(Tag::TableRow) => rows.push(Vec::new()),
                Event::Start(Tag::TableCell) => {
                    let cell = self.inlines(TagEnd::TableCell);
                    if in_head {
                        head.push(cell);
                    } else if let Some(r) = rows.last_mut() {
                        r.push(cell);
                    }
                }
                _ => {}
            }
        }
        TableData { aligns, head, rows }
    }

    /// Inline events up to (and consuming) `end`.
    fn inlines(&mut self, end: TagEnd) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut stack: Vec<Style> = vec![Style::default()];
        while let Some(ev) = self.peek() {
            self.advance();
            if let Event::End(e) = &ev {
                if *e == end {
                    break;
                }
            }
            self.inline_event(ev, &mut stack, &mut spans);
        }
        merge(spans)
    }

    /// Inline events at block level (tight list items): up to the next block event.
    fn inlines_loose(&mut self) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut stack: Vec<Style> = vec![Style::default()];
        while let Some(ev) = self.peek() {
            if stack.len() == 1 && !is_inline_event(&ev) {
                break;
            }
            self.advance();
            self.inline_event(ev, &mut stack, &mut spans);
        }
        merge(spans)
    }

    fn inline_event(&mut self, ev: Event<'a>, stack: &mut Vec<Style>, spans: &mut Vec<Span>) {
        let cur = stack.last().cloned().unwrap_or_default();
        match ev {
            Event::Text(t) => spans.push(Span {
                text: t.to_string(),
                style: cur,
            }),
            Event::Code(t) => spans.push(Span {
                text: t.to_string(),
                style: Style { mono: true, ..cur },
            }),
            Event::InlineMath(t) | Event::DisplayMath(t) => spans.push(Span {
                text: t.to_string(),
                style: Style { mono: true, ..cur },
            }),
            // Literal text, never markup; comments vanish.
            Event::InlineHtml(t) | Event::Html(t) if !t.trim_start().starts_with("<!--") => spans
                .push(Span {
                    text: t.to_string(),
                    style: cur,
                }),
            Event::SoftBreak => spans.push(Span {
                text: " ".into(),
                style: cur,
            }),
            Event::HardBreak => spans.push(Span {
                text: "\n".into(),
                style: cur,
            }),
            Event::TaskListMarker(done) => spans.push(Span {
                text: if done { "\u{2611} " } else { "\u{2610} " }.into(),
                style: cur,
            }),
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(&label);
                spans.push(Span {
                    text: n.to_string(),
                    style: Style {
                        sup: true,
                        link: Some(Box::new(LinkTarget::Internal(format!("fn-{}", label)))),
                        ..cur
                    },
                });
            }
            Event::Start(tag) => {
                let next = match tag {
                    Tag::Emphasis => Style {
                        italic: true,
                        ..cur
                    },
                    Tag::Strong => Style { bold: true, ..cur },
                    // `^text^` (prose superscript), set like a footnote reference.
                    Tag::Superscript => Style { sup: true, ..cur },
                    Tag::Strikethrough => Style {
                        strike: true,
                        ..cur
                    },
                    Tag::Link {
                        dest_url, title, ..
                    } => {
                        let target = match dest_url.strip_prefix('#') {
                            Some(anchor) => LinkTarget::Internal(anchor.to_string()),
                            None => LinkTarget::External(dest_url.to_string()),
                        };
                        if title.as_ref() == PAGE_TITLE && matches!(target, LinkTarget::Internal(_))
                        {
                            self.page_links.push(stack.len() + 1);
                        }
                        match target {
                            LinkTarget::Internal(id) if title.as_ref() == ANCHOR_TITLE => Style {
                                anchor: Some(id.into()),
                                ident: true,
                                ..cur
                            },
                            target => Style {
                                link: Some(Box::new(target)),
                                ..cur
                            },
                        }
                    }
                    Tag::Image { .. } => {
                        spans.push(Span {
                            text: "[image: ".into(),
                            style: Style {
                                italic: true,
                                ..cur.clone()
                            },
                        });
                        Style {
                            italic: true,
                            ..cur
                        }
                    }
                    _ => cur,
                };
                stack.push(next);
            }
            Event::End(tag) => {
                let depth = stack.len();
                let closed = if depth > 1 { stack.pop() } else { None };
                if tag == TagEnd::Link && self.page_links.last() == Some(&depth) {
                    self.page_links.pop();
                    if let Some(link) = closed {
                        // One unbreakable run: the reference never splits
                        // from its number, nor the number from its bracket.
                        spans.push(Span {
                            text: format!("\u{a0}(p.\u{a0}{PAGE_PLACEHOLDER})"),
                            style: Style {
                                page_ref: true,
                                ..link
                            },
                        });
                    }
                }
                if tag == TagEnd::Image {
                    spans.push(Span {
                        text: "]".into(),
                        style: Style {
                            italic: true,
                            ..stack.last().cloned().unwrap_or_default()
                        },
                    });
                }
            }
            _ => {}
        }
    }
}

/// Join neighbouring spans of the same style (fewer runs to lay out and draw).
fn merge(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        if let Some(last) = out.last_mut() {
            if last.style == s.style && s.text != "\n" && last.text != "\n" {
                last.text.push_str(&s.text);
                continue;
            }
        }
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_slugs() {
        let b = parse("# Risk management\n\n## Scope {#scope}\n\n# Risk management\n");
        let ids: Vec<String> = b
            .iter()
            .filter_map(|b| match b {
                Block::Heading { id, .. } => Some(id.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(ids, ["risk-management", "scope", "risk-management-1"]);
    }

    #[test]
    fn table_head_cells_come_without_row() {
        let b = parse("| a | b |\n|---|--:|\n| 1 | 2 |\n| 3 | 4 |\n");
        match &b[0] {
            Block::Table(t) => {
                assert_eq!(t.head.len(), 2);
                assert_eq!(t.rows.len(), 2);
                assert_eq!(t.aligns[1], Align::Right);
                assert_eq!(t.rows[1][1][0].text, "4");
            }
            other => panic!("not a table: {other:?}"),
        }
    }

    #[test]
    fn tight_list_items_become_paragraphs() {
        let b = parse("- one **bold**\n- two\n  - nested\n");
        match &b[0] {
            Block::List { items, start } => {
                assert!(start.is_none());
                assert_eq!(items.len(), 2);
                assert!(matches!(items[0][0], Block::Paragraph(_)));
                assert!(matches!(items[1][1], Block::List { .. }));
            }
            other => panic!("not a list: {other:?}"),
        }
    }

    #[test]
    fn heatmap_comment_replaces_following_table() {
        let md = "<!-- techfile:heatmap {\"title\":\"Before\",\"rows\":[\"High\",\"Low\"],\"cols\":[\"Rare\",\"Often\"],\"counts\":[[1,2],[3,4]],\"zones\":[[\"alarp\",\"unacceptable\"],[\"acceptable\",\"alarp\"]]} -->\n| S | Rare | Often |\n|---|---|---|\n| High | 1 | 2 |\n| Low | 3 | 4 |\n\nAfter.\n";
        let b = parse(md);
        assert!(matches!(b[0], Block::Heatmap(_)), "{b:?}");
        assert!(matches!(b[1], Block::Paragraph(_)));
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn raw_html_is_literal_text() {
        let b = parse("Hello <b>world</b>\n\n<div>block</div>\n");
        let all = format!("{b:?}");
        assert!(all.contains("<b>"));
        assert!(all.contains("<div>block</div>"));
    }

    #[test]
    fn headings_in_quotes_and_items_are_bold_text() {
        let b = parse("> # Quoted\n\n- # Listed\n\n# Real\n");
        let heads: Vec<&Block> = b
            .iter()
            .filter(|b| matches!(b, Block::Heading { .. }))
            .collect();
        assert_eq!(heads.len(), 1, "{b:?}");
        match &b[0] {
            Block::Quote(inner) => {
                assert_eq!(inner[0], Block::Paragraph(vec![Span::bold("Quoted")]))
            }
            other => panic!("not a quote: {other:?}"),
        }
        match &b[1] {
            Block::List { items, .. } => {
                assert_eq!(items[0][0], Block::Paragraph(vec![Span::bold("Listed")]))
            }
            other => panic!("not a list: {other:?}"),
        }
    }

    #[test]
    fn footnotes_are_numbered_by_first_reference() {
        let b = parse("A[^x] B[^y] C[^x]\n\n[^y]: why\n[^x]: ex\n");
        let s = format!("{b:?}");
        assert!(s.contains("number: 2, id: \"fn-y\""), "{s}");
        assert!(s.contains("number: 1, id: \"fn-x\""), "{s}");
    }
}
