//! Escaping of user text for Markdown output. It owns the rule that no user
//! value can change the document's structure: plain fields are escaped inline
//! (`escape_inline`), Markdown-bodied fields are embedded with their headings
//! shifted below the enclosing heading and raw HTML neutralised
//! (`embed_markdown`).

/// Escapes a plain user value for any inline position, table cells included:
/// Markdown punctuation is backslash-escaped, `<`/`>`/`&` become entities
/// (no raw HTML), and line breaks become spaces (a newline would end a table
/// row or a list item).
pub fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut at_start = true;
    for ch in s.chars() {
        match ch {
            '\r' => {}
            '\n' | '\t' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' | '{' | '}' => {
                out.push('\\');
                out.push(ch);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '+' | '-' | '=' if at_start => {
                out.push('\\');
                out.push(ch);
            }
            _ => out.push(ch),
        }
        if at_start && !ch.is_whitespace() {
            at_start = false;
            // "1." or "1)" at the start would open an ordered list.
            if ch.is_ascii_digit() {
                at_start = false;
            }
        }
    }
    escape_ordered_list_marker(out)
}

/// `12. text` at the start of a value would become an ordered list.
fn escape_ordered_list_marker(s: String) -> String {
    let trimmed = s.trim_start();
    let digits = trimmed.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        let rest = &trimmed[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")" {
            let lead = s.len() - trimmed.len();
            let mut out = String::with_capacity(s.len() + 1);
            out.push_str(&s[..lead + digits]);
            out.push('\\');
            out.push_str(&s[lead + digits..]);
            return out;
        }
    }
    s
}

/// Embeds a Markdown body written by the user under a heading of level
/// `base_level`: its ATX headings are shifted down by `base_level` (capped at
/// 6) so they nest under the enclosing section, setext underlines cannot turn
/// the previous line into a top-level heading, and raw HTML outside code is
/// neutralised. Code blocks and code spans are kept as written.
///
/// The body cannot reach past its own end either: a code fence it leaves
/// open is closed, an open list or block quote is ended with a blank line,
/// and its footnote labels are prefixed with `scope` (when given) so two
/// bodies using `[^1]` keep one note each.
pub fn embed_markdown(body: &str, base_level: usize, scope: Option<&str>) -> String {
    // CommonMark replaces U+0000 with U+FFFD when it parses; done here first,
    // so that the byte offsets pulldown-cmark reports are offsets into the
    // text this function walks (each NUL shifted them by two bytes, and a
    // setext heading after NULs escaped its chapter; found by fuzzing).
    let sanitized;
    let body = if body.contains('\0') {
        sanitized = body.replace('\0', "\u{FFFD}");
        sanitized.as_str()
    } else {
        body
    };
    // Which lines are code is pulldown-cmark's decision, not a guess from
    // the line's first characters (a tab-indented "```" or "```a`b" is no fence).
    let code = code_block_ranges(body);
    let mut out = String::with_capacity(body.len() + 16);
    let mut prev_blank = true;
    let mut offset = 0;
    for raw in body.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches('\n').trim_end_matches('\r');
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if code
            .iter()
            .any(|r| r.start < start + line.len().max(1) && start < r.end)
        {
            out.push_str(line);
            out.push('\n');
            prev_blank = trimmed.is_empty();
            continue;
        }
        if indent < 4 {
            let first = trimmed.chars().next();
            if first == Some('#') {
                let hashes = trimmed.chars().take_while(|&c| c == '#').count();
                let rest = &trimmed[hashes..];
                // CommonMark: the hashes end at a space or a tab (`##\tTitle` is a heading).
                if hashes <= 6 && (rest.is_empty() || rest.starts_with([' ', '\t'])) {
                    let level = (hashes + base_level).min(6);
                    out.push_str(&"#".repeat(level));
                    out.push_str(&neutralise_html(rest));
                    out.push('\n');
                    prev_blank = false;
                    continue;
                }
            }
            // A setext underline would promote the previous line to a heading
            // of level 1 or 2; make it a literal line instead.
            if !prev_blank
                && !trimmed.is_empty()
                && (trimmed.chars().all(|c| c == '=' || c == ' ')
                    || (trimmed.chars().all(|c| c == '-' || c == ' ')
                        && trimmed.chars().filter(|&c| c == '-').count() < 3))
            {
                out.push('\\');
                out.push_str(trimmed);
                out.push('\n');
                continue;
            }
            if !prev_blank && trimmed.chars().all(|c| c == '-' || c == ' ') && !trimmed.is_empty() {
                // "---" under text: keep it a thematic break, not a setext heading.
                out.push('\n');
            }
        }
        out.push_str(&neutralise_html(line));
        out.push('\n');
        prev_blank = trimmed.is_empty();
    }
    let mut out = strip_raw_html(out);
    if let Some(scope) = scope {
        out = scope_footnotes(&out, scope);
    }
    close_open_blocks(out)
}

/// A code fence that its text never closes: everything after it, to the end
/// of the text (or of the list item or quote holding it), is code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenFence {
    /// 1-based line of the opening fence.
    pub line: usize,
    /// The fence character, '`' or '~'.
    pub ch: char,
    /// How many of them open it (a closing fence needs at least as many).
    pub len: usize,
    /// Inside a block quote, list item or footnote: the container's end
    /// closes it, so it cannot swallow what follows the text.
    pub nested: bool,
}

impl OpenFence {
    /// The line that closes it.
    pub fn closing(&self) -> String {
        std::iter::repeat_n(self.ch, self.len).collect()
    }
}

/// The fenced code blocks of `text` left open at its end, as pulldown-cmark
/// parses it (so a tab-indented "```" or "```a`b" is no fence, and "````"
/// is not closed by "```").
pub fn unclosed_fences(text: &str) -> Vec<OpenFence> {
    use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
    let mut out = Vec::new();
    let mut depth = 0usize;
    for (ev, r) in crate::markdown::parser(text).into_offset_iter() {
        match ev {
            Event::Start(Tag::BlockQuote(_) | Tag::Item | Tag::FootnoteDefinition(_)) => depth += 1,
            Event::End(TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1)
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                let src = text[r.clone()].trim_end_matches(['\n', '\r']);
                let first = src.lines().next().unwrap_or("");
                let Some(at) = first.find(['`', '~']) else {
                    continue;
                };
                let ch = if first[at..].starts_with('`') {
                    '`'
                } else {
                    '~'
                };
                let len = first[at..].chars().take_while(|&c| c == ch).count();
                let nested = depth > 0;
                let closed = src.contains('\n')
                    && src.lines().last().is_some_and(|last| {
                        let last = last.trim_start_matches(|c: char| {
                            c == ' ' || c == '\t' || (nested && c == '>')
                        });
                        let run = last.chars().take_while(|&c| c == ch).count();
                        run >= len && last[run..].trim().is_empty()
                    });
                if !closed {
                    out.push(OpenFence {
                        line: 1 + text[..r.start].matches('\n').count(),
                        ch,
                        len,
                        nested,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// Byte ranges of the code blocks (fenced and indented) of `text`.
fn code_block_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    use pulldown_cmark::{Event, Tag};
    crate::markdown::parser(text)
        .into_offset_iter()
        .filter_map(|(ev, r)| matches!(ev, Event::Start(Tag::CodeBlock(_))).then_some(r))
        .collect()
}

/// Raw HTML the line pass left (whatever the reason: a construct it does
/// not model) is neutralised where pulldown-cmark finds it, until none is
/// left. Each round removes at least one `<`, so it ends.
fn strip_raw_html(mut text: String) -> String {
    use pulldown_cmark::Event;
    loop {
        let mut at: Vec<usize> = Vec::new();
        for (ev, r) in crate::markdown::parser(&text).into_offset_iter() {
            if let Event::Html(_) | Event::InlineHtml(_) = ev {
                at.extend(text[r.clone()].match_indices('<').map(|(i, _)| r.start + i));
            }
        }
        if at.is_empty() {
            return text;
        }
        at.sort_unstable();
        at.dedup();
        for i in at.into_iter().rev() {
            text.replace_range(i..i + 1, "&lt;");
        }
    }
}

/// Prefixes every footnote label of `text` (references and definitions, as
/// pulldown-cmark finds them, so never inside code) with `scope-`.
fn scope_footnotes(text: &str, scope: &str) -> String {
    use pulldown_cmark::{Event, Tag};
    let mut at: Vec<usize> = Vec::new();
    for (ev, r) in crate::markdown::parser(text).into_offset_iter() {
        if let Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)) = ev {
            if let Some(i) = text[r.clone()].find("[^") {
                at.push(r.start + i + 2);
            }
        }
    }
    if at.is_empty() {
        return text.to_string();
    }
    at.sort_unstable();
    at.dedup();
    let prefix = format!("{scope}-");
    let mut out = text.to_string();
    for i in at.into_iter().rev() {
        out.insert_str(i, &prefix);
    }
    out
}

/// Closes what the text leaves open at its end, so the template text after
/// it starts a block of its own: an open top-level code fence gets its
/// closing fence, and an open list or block quote a blank line.
fn close_open_blocks(mut text: String) -> String {
    use pulldown_cmark::{Event, Tag};
    if let Some(f) = unclosed_fences(&text).into_iter().find(|f| !f.nested) {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&f.closing());
        text.push('\n');
        return text;
    }
    let mut depth = 0usize;
    let mut last_top: Option<bool> = None;
    for ev in crate::markdown::parser(&text) {
        match ev {
            Event::Start(t) => {
                if depth == 0 {
                    last_top = Some(matches!(
                        t,
                        Tag::List(_) | Tag::BlockQuote(_) | Tag::HtmlBlock
                    ));
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ if depth == 0 => last_top = Some(false),
            _ => {}
        }
    }
    if last_top == Some(true) && !text.ends_with("\n\n") {
        text.push('\n');
    }
    text
}

/// Replaces `<` outside code spans with `&lt;`, so no raw HTML (or HTML
/// comment) survives from user text.
fn neutralise_html(line: &str) -> String {
    if !line.contains('<') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let bytes: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut code_run: Option<usize> = None;
    while i < bytes.len() {
        let c = bytes[i];
        if c == '`' {
            let run = bytes[i..].iter().take_while(|&&x| x == '`').count();
            match code_run {
                None => {
                    // Opens a code span only if a closing run of the same length follows.
                    // A closer is a run of exactly `run` backticks: "``" is
                    // not closed by "```" (nor by the first two of them).
                    if has_run_of(&bytes[i + run..], run) {
                        code_run = Some(run);
                    }
                }
                Some(r) if r == run => code_run = None,
                Some(_) => {}
            }
            for _ in 0..run {
                out.push('`');
            }
            i += run;
            continue;
        }
        if c == '<' && code_run.is_none() {
            out.push_str("&lt;");
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// Whether `chars` holds a run of exactly `n` backticks.
fn has_run_of(chars: &[char], n: usize) -> bool {
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '`' {
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            if run == n {
                return true;
            }
            i += run;
        } else {
            i += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    #[test]
    fn nul_bytes_do_not_let_a_heading_escape_its_level() {
        // Found by the chapter_markdown fuzz target: `##<tab>` opens a
        // heading as `## ` does, but only the space was shifted, so the
        // heading stayed at chapter level and left its chapter (the NULs
        // were replaced, as CommonMark does, before the offsets are used).
        let body = "Text.\n\n##\t\0\0\0## Export\n\n#\tTabbed\n\n```bash\nx\n```\n\nAfter.\n";
        let out = embed_markdown(body, 2, None);
        for line in out.lines().filter(|l| l.starts_with('#')) {
            let hashes = line.chars().take_while(|&c| c == '#').count();
            assert!(hashes > 2, "{line:?} in\n{out}");
        }
        assert!(out.contains("```bash\nx\n```"), "{out}");
        assert!(!out.contains('\0'));
    }

    use super::*;

    #[test]
    fn inline_escape_neutralises_structure() {
        assert_eq!(escape_inline("a|b"), "a\\|b");
        assert_eq!(escape_inline("# title"), "\\# title");
        assert_eq!(escape_inline("*x* _y_"), "\\*x\\* \\_y\\_");
        assert_eq!(escape_inline("<script>"), "&lt;script&gt;");
        assert_eq!(escape_inline("- item"), "\\- item");
        assert_eq!(escape_inline("1. first"), "1\\. first");
        assert_eq!(escape_inline("line1\nline2"), "line1 line2");
        assert_eq!(escape_inline("a - b"), "a - b");
        assert_eq!(escape_inline("v1.2"), "v1.2");
    }

    #[test]
    fn embedded_markdown_headings_nest_and_html_is_inert() {
        let body = "# Top\ntext <b>bold</b> `a<b`\n\n```\n<raw>\n# not heading\n```\n";
        let out = embed_markdown(body, 2, None);
        assert!(out.starts_with("### Top\n"), "{out}");
        assert!(out.contains("text &lt;b>bold&lt;/b> `a<b`"), "{out}");
        assert!(out.contains("<raw>\n# not heading\n"), "{out}");
    }

    #[test]
    fn setext_and_unclosed_fence_cannot_escape() {
        let out = embed_markdown("Title\n===\n", 2, None);
        assert!(!out.contains("\n===\n"), "{out}");
        let out = embed_markdown("```\ncode", 2, None);
        assert!(out.ends_with("```\n"), "{out}");
    }

    #[test]
    fn unclosed_fences_follow_commonmark() {
        assert!(unclosed_fences("```\ncode\n```\n").is_empty());
        assert!(unclosed_fences("\t```\nindented code\n").is_empty());
        assert!(unclosed_fences("```a`b\nparagraph\n").is_empty());
        let f = unclosed_fences("text\n\n````\n```\n");
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].line, f[0].ch, f[0].len, f[0].nested),
            (3, '`', 4, false)
        );
        let f = unclosed_fences("> ~~~\n> code\n");
        assert_eq!(f.len(), 1);
        assert!(f[0].nested);
        assert!(unclosed_fences("> ~~~\n> code\n> ~~~\n").is_empty());
    }

    #[test]
    fn open_blocks_are_closed_by_their_own_kind() {
        assert!(embed_markdown("~~~~\ncode\n~~~\n", 2, None).ends_with("~~~\n~~~~\n"));
        // A fence nested in a list item ends with the item: a closing fence
        // at column 0 would open a new one instead.
        let out = embed_markdown("- item\n\n  ```\n  code\n", 2, None);
        assert!(!out.contains("\n```\n"), "{out:?}");
        assert!(out.ends_with("\n\n"), "{out:?}");
        let out = embed_markdown("> quote\n", 2, None);
        assert_eq!(out, "> quote\n\n");
        assert_eq!(embed_markdown("text\n", 2, None), "text\n");
    }

    #[test]
    fn footnote_labels_get_the_scope_outside_code() {
        let out = embed_markdown(
            "A[^1] `[^1]`\n\n    [^1]: code\n\n[^1]: note\n",
            2,
            Some("s"),
        );
        assert_eq!(out, "A[^s-1] `[^1]`\n\n    [^1]: code\n\n[^s-1]: note\n");
    }
}
