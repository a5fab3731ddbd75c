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
pub fn embed_markdown(body: &str, base_level: usize) -> String {
    let mut out = String::with_capacity(body.len() + 16);
    let mut fence: Option<(char, usize)> = None;
    let mut prev_blank = true;
    for raw in body.lines() {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some((fc, flen)) = fence {
            out.push_str(line);
            out.push('\n');
            let run = trimmed.chars().take_while(|&c| c == fc).count();
            if run >= flen && trimmed[run..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        if indent < 4 {
            let first = trimmed.chars().next();
            if let Some(c @ ('`' | '~')) = first {
                let run = trimmed.chars().take_while(|&x| x == c).count();
                if run >= 3 {
                    fence = Some((c, run));
                    out.push_str(line);
                    out.push('\n');
                    prev_blank = false;
                    continue;
                }
            }
            if first == Some('#') {
                let hashes = trimmed.chars().take_while(|&c| c == '#').count();
                let rest = &trimmed[hashes..];
                if hashes <= 6 && (rest.is_empty() || rest.starts_with(' ')) {
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
        if indent >= 4 && prev_blank {
            // Indented code block: shown literally already.
            out.push_str(line);
        } else {
            out.push_str(&neutralise_html(line));
        }
        out.push('\n');
        prev_blank = trimmed.is_empty();
    }
    if fence.is_some() {
        // An unclosed fence would swallow the rest of the document.
        out.push_str("```\n");
    }
    out
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
                    let rest: String = bytes[i + run..].iter().collect();
                    let closer = "`".repeat(run);
                    if rest.contains(&closer) {
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

#[cfg(test)]
mod tests {
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
        let out = embed_markdown(body, 2);
        assert!(out.starts_with("### Top\n"), "{out}");
        assert!(out.contains("text &lt;b>bold&lt;/b> `a<b`"), "{out}");
        assert!(out.contains("<raw>\n# not heading\n"), "{out}");
    }

    #[test]
    fn setext_and_unclosed_fence_cannot_escape() {
        let out = embed_markdown("Title\n===\n", 2);
        assert!(!out.contains("\n===\n"), "{out}");
        let out = embed_markdown("```\ncode", 2);
        assert!(out.ends_with("```\n"), "{out}");
    }
}
