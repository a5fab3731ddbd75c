//! IPC commands of the Chapters view: the clause catalogue a chapter's tags
//! are picked from, the live preview of a chapter's Markdown, and what a
//! `[[...]]` reference can name in the open project (the editor's
//! completion, from `techfile::refs::targets`).
//!
//! The preview goes the export's way: `[[...]]` references resolved against
//! the open project (`techfile::refs`), the body embedded as a chapter's body
//! is (`markdown::embed_markdown` at level 2: headings shifted, raw HTML
//! neutralised), parsed with the library's pulldown-cmark options, written
//! as HTML and then sanitised with ammonia before it reaches the web view,
//! which shows it with `innerHTML`. The sanitiser is the guarantee; the
//! neutralising of raw HTML only keeps the preview faithful to the export.

use serde::Serialize;
use tauri::State;
use techfile::model::clauses::{self, Framework};
use techfile::TechFile;

use crate::error::IpcError;
use crate::AppState;

/// One clause of the catalogue, as the clause picker lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseItem {
    pub id: &'static str,
    pub parent: Option<&'static str>,
    /// The framework keyword (`mdr-annex-ii`, `aia-annex-iv`, ...).
    pub framework: &'static str,
    /// The framework's name as a reader knows it.
    pub framework_title: &'static str,
    pub title: &'static str,
    pub required: bool,
    /// Whether the framework applies to the open project
    /// (`coverage::applicable`); every clause when no project is given.
    pub applicable: bool,
}

/// The whole catalogue in its order, each clause marked applicable or not
/// for `tf`.
pub fn catalogue(tf: Option<&TechFile>) -> Vec<ClauseItem> {
    let applicable: Option<Vec<Framework>> = tf.map(techfile::coverage::applicable);
    clauses::CLAUSES
        .iter()
        .map(|c| ClauseItem {
            id: c.id,
            parent: c.parent,
            framework: c.framework.as_str(),
            framework_title: c.framework.title(),
            title: c.title,
            required: c.required,
            applicable: applicable
                .as_ref()
                .is_none_or(|fs| fs.contains(&c.framework)),
        })
        .collect()
}

/// The preview of a chapter body: references resolved against `tf` when
/// given, rendered as the export renders a chapter body, sanitised.
pub fn preview_html(markdown: &str, tf: Option<&TechFile>) -> String {
    let body = match tf {
        Some(tf) if markdown.contains("[[") => {
            techfile::refs::Resolver::new(tf).substitute(markdown)
        }
        _ => markdown.to_string(),
    };
    let embedded = techfile::markdown::embed_markdown(&body, 2, Some("preview"));
    let mut html = String::with_capacity(embedded.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, techfile::markdown::parser(&embedded));
    sanitize(&html)
}

/// Removes everything from `html` that could run code or reach out of the
/// web view: scripts, event handler attributes, `javascript:` and other
/// non-web URLs, styles, forms, frames. Links keep `href` (http, https,
/// mailto and in-page `#...`) and get `rel="noopener noreferrer"`.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .clean(html)
        .to_string()
}

#[tauri::command]
pub async fn clause_catalogue(state: State<'_, AppState>) -> Result<Vec<ClauseItem>, IpcError> {
    // Without an open project, the whole catalogue (nothing is filtered).
    Ok(state
        .with_session(|s| Ok(catalogue(Some(s.techfile()))))
        .unwrap_or_else(|_| catalogue(None)))
}

#[tauri::command]
pub async fn render_chapter_preview(
    state: State<'_, AppState>,
    markdown: String,
) -> Result<String, IpcError> {
    Ok(state
        .with_session(|s| Ok(preview_html(&markdown, Some(s.techfile()))))
        .unwrap_or_else(|_| preview_html(&markdown, None)))
}

/// Everything a `[[...]]` reference can name in the open project and
/// resolves now, as the library lists it; empty without a project.
#[tauri::command]
pub async fn reference_targets(
    state: State<'_, AppState>,
) -> Result<Vec<techfile::refs::Target>, IpcError> {
    Ok(state
        .with_session(|s| Ok(techfile::refs::targets(s.techfile())))
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The inside of every tag of `html` (`a href="..."`, `/p`).
    fn tags(html: &str) -> Vec<&str> {
        html.split('<')
            .skip(1)
            .filter_map(|t| t.split_once('>').map(|(tag, _)| tag))
            .collect()
    }

    /// Whether a tag carries an event handler attribute (`onerror=`, `onclick=`).
    fn has_handler(tag: &str) -> bool {
        tag.split_whitespace().skip(1).any(|attr| {
            let name = attr.split('=').next().unwrap_or("").to_ascii_lowercase();
            name.starts_with("on")
        })
    }

    #[test]
    fn the_preview_renders_markdown_under_a_chapter_heading() {
        let html = preview_html(
            "# Scope\n\nSome **bold** and *italic* text.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            None,
        );
        // Headings nest under the chapter's own (level 2), as in the export.
        assert!(html.contains("<h3>Scope</h3>"), "{html}");
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(html.contains("<em>italic</em>"), "{html}");
        assert!(html.contains("<li>one</li>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_stripped() {
        let md = "Hello <script>alert(1)</script>\n\n\
                  <img src=x onerror=\"alert(2)\">\n\n\
                  [click](javascript:alert(3)) and [ok](https://example.org/)\n\n\
                  <a href=\"javascript:alert(4)\" onclick=\"alert(5)\">raw</a>\n";
        let html = preview_html(md, None);
        // Raw HTML may stay as visible text (escaped); no tag may be active.
        for tag in tags(&html) {
            assert!(!tag.starts_with("script"), "{tag} in {html}");
            assert!(!tag.starts_with("img"), "{tag} in {html}");
            assert!(!has_handler(tag), "{tag} in {html}");
            assert!(!tag.contains("javascript:"), "{tag} in {html}");
        }
        assert!(
            html.contains("<a rel=\"noopener noreferrer\">click</a>"),
            "{html}"
        );
        // The safe link stays, made inert towards its opener.
        assert!(
            html.contains("<a href=\"https://example.org/\" rel=\"noopener noreferrer\">ok</a>"),
            "{html}"
        );
    }

    #[test]
    fn the_sanitiser_itself_strips_active_content() {
        // What the Markdown path neutralises anyway must also not survive
        // the sanitiser on its own: it is the guarantee.
        let dirty = "<p>x<script>alert(1)</script></p>\
                     <img src=\"x\" onerror=\"alert(2)\">\
                     <a href=\"javascript:alert(3)\">j</a>\
                     <a href=\"JaVaScRiPt:alert(4)\">k</a>\
                     <iframe src=\"https://evil.example\"></iframe>\
                     <p style=\"background:url(x)\" onmouseover=\"alert(5)\">s</p>\
                     <a href=\"#document-register\">in page</a>";
        let clean = sanitize(dirty);
        assert!(!clean.contains("alert(1)"), "{clean}");
        for tag in tags(&clean) {
            let lower = tag.to_ascii_lowercase();
            for bad in ["script", "iframe", "style=", "javascript:"] {
                assert!(!lower.contains(bad), "{bad} in {clean}");
            }
            assert!(!has_handler(tag), "{tag} in {clean}");
        }
        assert!(clean.contains("<img src=\"x\">"), "{clean}");
        assert!(clean.contains("href=\"#document-register\""), "{clean}");
    }

    #[test]
    fn references_resolve_against_the_project() {
        let tf = techfile::example::example().expect("example");
        let html = preview_html("Trade name: [[device.trade_name]].", Some(&tf));
        assert!(html.contains(tf.device.trade_name.trim()), "{html}");
        assert!(!html.contains("[["), "{html}");
        // Without a project the reference stays as written.
        assert!(preview_html("[[device.trade_name]]", None).contains("[[device.trade_name]]"));
    }

    #[test]
    fn the_catalogue_lists_every_clause_and_marks_the_applicable_ones() {
        let all = catalogue(None);
        assert_eq!(all.len(), clauses::CLAUSES.len());
        assert!(all.iter().all(|c| c.applicable));
        let tf = techfile::example::example().expect("example");
        let marked = catalogue(Some(&tf));
        let mdr = marked
            .iter()
            .find(|c| c.id == "MDR-II-3")
            .expect("MDR-II-3");
        assert!(mdr.applicable);
        assert_eq!(mdr.framework, "mdr-annex-ii");
        // The example is an MDR device: the IVDR's clauses do not apply.
        assert!(marked
            .iter()
            .filter(|c| c.framework.starts_with("ivdr"))
            .all(|c| !c.applicable));
        assert!(marked.iter().any(|c| c.framework.starts_with("ivdr")));
    }
}
