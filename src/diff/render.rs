//! A diff as text (the terminal), Markdown (a change notification, and
//! through the PDF engine a PDF), or JSON (for tools). Deterministic: the
//! same two projects give the same bytes.

use super::{Change, Detail, Diff, Entry};
use crate::markdown::escape_inline;

/// Texts longer than this, or with a line break, are set on lines of their
/// own instead of inline.
const INLINE: usize = 70;

fn mark(c: Change) -> &'static str {
    match c {
        Change::Added => "+",
        Change::Removed => "-",
        Change::Changed => "~",
    }
}

fn word(c: Change) -> &'static str {
    match c {
        Change::Added => "Added",
        Change::Removed => "Removed",
        Change::Changed => "Changed",
    }
}

/// The diff for a terminal: the summary, then each section's entries
/// marked `+` (added), `-` (removed), `~` (changed).
pub fn text(d: &Diff) -> String {
    let mut s = String::new();
    for line in &d.summary {
        s.push_str(line);
        s.push('\n');
    }
    for sec in &d.sections {
        s.push('\n');
        s.push_str(&sec.title);
        s.push('\n');
        for e in &sec.entries {
            s.push_str(&format!("  {} {}", mark(e.change), e.subject));
            if let ([one], true) = (e.details.as_slice(), detail_is_the_entry(e)) {
                s.push_str(": ");
                s.push_str(&text_change(one, "      "));
                s.push('\n');
                continue;
            }
            s.push('\n');
            for det in &e.details {
                let head = if det.field.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", det.field)
                };
                s.push_str(&format!(
                    "      {} {head}{}\n",
                    mark(det.change),
                    text_change(det, "          ")
                ));
            }
        }
    }
    s
}

/// A plain field's entry carries its one detail with no field name.
fn detail_is_the_entry(e: &Entry) -> bool {
    e.details.len() == 1 && e.details[0].field.is_empty()
}

fn text_change(d: &Detail, indent: &str) -> String {
    if !d.added.is_empty() || !d.removed.is_empty() {
        let mut parts = Vec::new();
        if !d.added.is_empty() {
            parts.push(format!("added {}", d.added.join(", ")));
        }
        if !d.removed.is_empty() {
            parts.push(format!("removed {}", d.removed.join(", ")));
        }
        return parts.join("; ");
    }
    let long = |s: &str| s.chars().count() > INLINE || s.contains('\n');
    match d.change {
        Change::Added => block_or_inline(&d.new, long(&d.new), indent),
        Change::Removed => block_or_inline(&d.old, long(&d.old), indent),
        Change::Changed if long(&d.old) || long(&d.new) => format!(
            "\n{indent}was: {}\n{indent}now: {}",
            one_line(&d.old),
            one_line(&d.new)
        ),
        Change::Changed => format!("{} → {}", quoted(&d.old), quoted(&d.new)),
    }
}

fn block_or_inline(s: &str, long: bool, indent: &str) -> String {
    if long {
        format!("\n{indent}{}", one_line(s))
    } else {
        quoted(s)
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn quoted(s: &str) -> String {
    if s.is_empty() {
        "(empty)".into()
    } else {
        format!("“{s}”")
    }
}

/// The diff as Markdown: a title, the summary as a list, then one section
/// per part with its entries as a list; long texts as quotations.
pub fn markdown(d: &Diff) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "# Changes to {} from version {} to version {}\n\n",
        escape_inline(&d.new.document_id),
        escape_inline(&d.old.version),
        escape_inline(&d.new.version)
    ));
    s.push_str("## Summary\n\n");
    let (head, rest) = d
        .summary
        .split_first()
        .map_or(("", &[][..]), |(h, r)| (h.as_str(), r));
    s.push_str(&escape_inline(head));
    s.push_str("\n\n");
    for line in rest {
        s.push_str(&format!("- {}\n", escape_inline(line)));
    }
    for sec in &d.sections {
        s.push_str(&format!("\n## {}\n\n", escape_inline(&sec.title)));
        for e in &sec.entries {
            let path = format!("`{}`", e.path.replace('`', "'"));
            if detail_is_the_entry(e) {
                s.push_str(&format!(
                    "- **{}** {} ({path}): {}\n",
                    word(e.change),
                    escape_inline(&e.subject),
                    md_change(&e.details[0], "  ")
                ));
                continue;
            }
            s.push_str(&format!(
                "- **{}** {} ({path})\n",
                word(e.change),
                escape_inline(&e.subject)
            ));
            for det in &e.details {
                let field = if det.field.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", escape_inline(&det.field))
                };
                s.push_str(&format!(
                    "  - *{}* {field}{}\n",
                    word(det.change).to_lowercase(),
                    md_change(det, "    ")
                ));
            }
        }
    }
    s
}

fn md_change(d: &Detail, indent: &str) -> String {
    if !d.added.is_empty() || !d.removed.is_empty() {
        let mut parts = Vec::new();
        if !d.added.is_empty() {
            parts.push(format!("added {}", code_list(&d.added)));
        }
        if !d.removed.is_empty() {
            parts.push(format!("removed {}", code_list(&d.removed)));
        }
        return parts.join("; ");
    }
    let long = |s: &str| s.chars().count() > INLINE || s.contains('\n');
    let quote = |s: &str| format!("\n\n{indent}> {}\n", escape_inline(&one_line(s)));
    match d.change {
        Change::Added if long(&d.new) => quote(&d.new),
        Change::Added => md_quoted(&d.new),
        Change::Removed if long(&d.old) => quote(&d.old),
        Change::Removed => md_quoted(&d.old),
        Change::Changed if long(&d.old) || long(&d.new) => format!(
            "\n\n{indent}> *Was:* {}\n\n{indent}> *Now:* {}\n",
            escape_inline(&one_line(&d.old)),
            escape_inline(&one_line(&d.new))
        ),
        Change::Changed => format!("{} → {}", md_quoted(&d.old), md_quoted(&d.new)),
    }
}

fn md_quoted(s: &str) -> String {
    if s.is_empty() {
        "*(empty)*".into()
    } else {
        format!("“{}”", escape_inline(s))
    }
}

fn code_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("“{}”", escape_inline(i)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The diff as pretty JSON: `old`, `new`, `summary`, `sections` (see the
/// types in `diff`).
pub fn json(d: &Diff) -> String {
    let mut s = serde_json::to_string_pretty(d).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// The diff as a PDF (the Markdown through the PDF engine, without a
/// cover): titled, dated and keyed like the newer version's file.
pub fn pdf(d: &Diff, new: &crate::model::TechFile) -> Result<Vec<u8>, crate::pdf::PdfError> {
    let md = markdown(d);
    let mut front = crate::pdf::FrontMatter::from_model(new);
    front.compact = true;
    if let Some(h) = md.lines().find_map(|l| l.strip_prefix("# ")) {
        front.title = h.trim().replace('\\', "");
    }
    crate::pdf::render_with_front(&front, &md)
}
