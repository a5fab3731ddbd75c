//! Front matter: the document-control data the PDF shows (`FrontMatter`,
//! independent of the model), the cover page, the document-control page
//! (revision history, approvals), and what the front matter gives the rest
//! of the document: the running footer text and the Info metadata. It does
//! not lay out the contents (see `toc`) or the body (see `layout`).

use super::doc::{Meta, OutlineItem, Rgb};
use super::fonts::FontKind;
use super::layout::{Flow, GREY, HEADING, TEXT};
use super::parse::{Align, Span, TableData};

/// The document-control front matter the PDF shows, independent of the model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub document_id: String,
    pub title: String,
    pub version: String,
    /// ISO 8601 `YYYY-MM-DD`.
    pub date: String,
    pub device: String,
    pub manufacturer: String,
    pub risk_class: String,
    /// Release status of this version ("Released", "Draft").
    pub status: String,
    /// Confidentiality marking ("Confidential — for the notified body").
    pub confidentiality: String,
    /// The software release the file documents (`device.version`).
    pub software_version: String,
    /// The notified body: number and name ("0123 TÜV SÜD Product Service GmbH").
    pub notified_body: String,
    /// version, date, author, description
    pub revisions: Vec<[String; 4]>,
    /// name, role, date, meaning
    pub approvals: Vec<[String; 4]>,
    /// The acts whose documentation the file is, e.g. `MDR Annex II`,
    /// `MDR Annex III`, `AI Act Annex IV`: the PDF's keywords and the
    /// cover's note. The caller says which apply (`applicability`).
    pub acts: Vec<String>,
    /// A part exported on its own (`export --part X --format pdf`): no
    /// cover, document control or contents, the body from the first page.
    pub compact: bool,
}

impl FrontMatter {
    pub fn from_model(tf: &crate::model::TechFile) -> FrontMatter {
        let d = &tf.document;
        FrontMatter {
            document_id: d.document_id.clone(),
            title: d.title.clone(),
            version: d.version.clone(),
            date: d.date.clone(),
            device: tf.device.trade_name.clone(),
            manufacturer: tf.device.manufacturer.name.clone(),
            risk_class: tf
                .device
                .risk_class
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
            status: d.status.clone(),
            confidentiality: d.confidentiality.clone(),
            software_version: tf.device.version.clone(),
            notified_body: [
                tf.device.notified_body.trim(),
                tf.device.notified_body_name.trim(),
            ]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
            revisions: d
                .revisions
                .iter()
                .map(|r| {
                    [
                        r.version.clone(),
                        r.date.clone(),
                        r.author.clone(),
                        r.description.clone(),
                    ]
                })
                .collect(),
            approvals: d
                .approvals
                .iter()
                .map(|a| {
                    [
                        a.name.clone(),
                        a.role.clone(),
                        a.date.clone(),
                        a.meaning.clone(),
                    ]
                })
                .collect(),
            acts: Vec::new(),
            compact: false,
        }
    }

    /// The left footer of every decorated page: version and date.
    pub fn footer(&self) -> String {
        match (self.version.trim(), self.date.trim()) {
            ("", "") => String::new(),
            (v, "") => format!("Version {v}"),
            ("", d) => d.to_string(),
            (v, d) => format!("Version {v} · {d}"),
        }
    }

    /// The Info dictionary's metadata; its date is the document's, never the clock.
    pub fn meta(&self) -> Meta {
        Meta {
            title: self.title.clone(),
            author: self.manufacturer.clone(),
            subject: if self.device.is_empty() {
                "Technical documentation".to_string()
            } else {
                format!("Technical documentation of {}", self.device)
            },
            keywords: std::iter::once(self.document_id.as_str())
                .chain(self.acts.iter().map(String::as_str))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            date: pdf_date(&self.date),
        }
    }
}

/// `YYYY-MM-DD` -> PDF date, or `None` when the text is not such a date.
fn pdf_date(date: &str) -> Option<String> {
    let d = crate::date::parse(date.trim())?;
    Some(format!("D:{:04}{:02}{:02}000000Z", d.year, d.month, d.day))
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() {
        "—"
    } else {
        s
    }
}

/// The cover: title block, the document's key facts, the regulations line.
pub(super) fn cover(flow: &mut Flow, f: &FrontMatter) {
    flow.new_page(false, false);
    let (pw, ph) = flow.page_size();
    let x = flow.left();
    let w = flow.content_width();
    flow.rect(0.0, ph - 14.0, pw, 14.0, HEADING);
    flow.y = ph - 200.0;
    let kind = "TECHNICAL DOCUMENTATION";
    flow.text(x, flow.y, FontKind::Bold, 10.0, GREY, kind);
    flow.y -= 18.0;
    let title = if f.title.trim().is_empty() {
        "Technical file"
    } else {
        f.title.as_str()
    };
    flow.paragraph(&[Span::bold(title)], x, w, 26.0, HEADING);
    flow.y -= 8.0;
    if !f.device.trim().is_empty() {
        flow.paragraph(&[Span::plain(f.device.clone())], x, w, 16.0, TEXT);
    }
    if !f.manufacturer.trim().is_empty() {
        flow.paragraph(&[Span::plain(f.manufacturer.clone())], x, w, 12.0, GREY);
    }
    flow.y = ph - 440.0;
    let y = flow.y + 8.0;
    flow.hline(x, x + w, y, 0.8, HEADING);
    let rows = [
        ("Document ID", f.document_id.as_str()),
        ("Version", f.version.as_str()),
        ("Status", f.status.as_str()),
        ("Date", f.date.as_str()),
        ("Confidentiality", f.confidentiality.as_str()),
        ("Device", f.device.as_str()),
        ("Software version", f.software_version.as_str()),
        ("Manufacturer", f.manufacturer.as_str()),
        ("Risk class", f.risk_class.as_str()),
        ("Notified body", f.notified_body.as_str()),
    ];
    for (k, v) in rows {
        let top = flow.y;
        flow.text(x, top - 12.0, FontKind::Bold, 10.0, GREY, k);
        let spans = [Span::plain(or_dash(v).to_string())];
        flow.paragraph(&spans, x + 120.0, w - 120.0, 11.0, TEXT);
        flow.y -= 4.0;
    }
    let y = flow.y;
    flow.hline(x, x + w, y, 0.8, HEADING);
    let note = f.acts.join(" · ");
    flow.text(x, 60.0, FontKind::Regular, 8.5, GREY, &note);
    flow.rect(0.0, 0.0, pw, 6.0, Rgb(0.06, 0.20, 0.40));
}

/// The document-control page: revision history and approvals.
pub(super) fn document_control(flow: &mut Flow, f: &FrontMatter, outline: &mut Vec<OutlineItem>) {
    flow.new_page(false, true);
    front_heading(flow, "Document control", "document-control", outline);
    record_table(
        flow,
        "Revision history",
        ["Version", "Date", "Author", "Description"],
        &f.revisions,
        "No revisions recorded.",
    );
    flow.gap(14.0);
    record_table(
        flow,
        "Approvals",
        ["Name", "Role", "Date", "Meaning of signature"],
        &f.approvals,
        "No approvals recorded.",
    );
}

/// One titled table of the document-control page, or `none` when it has no rows.
fn record_table(flow: &mut Flow, title: &str, head: [&str; 4], rows: &[[String; 4]], none: &str) {
    sub_heading(flow, title);
    let table = TableData {
        aligns: vec![Align::Left; 4],
        head: head.iter().map(|h| vec![Span::plain(*h)]).collect(),
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| vec![Span::plain(c.clone())]).collect())
            .collect(),
    };
    if table.rows.is_empty() {
        body_text(flow, none);
    } else {
        let (x, w) = (flow.left(), flow.content_width());
        flow.table(&table, x, w);
    }
}

/// The heading of a front-matter page: anchored, ruled, in the outline.
pub(super) fn front_heading(
    flow: &mut Flow,
    title: &str,
    id: &str,
    outline: &mut Vec<OutlineItem>,
) {
    let page = flow.page_index();
    let y = flow.y;
    flow.anchor(id);
    let (x, w) = (flow.left(), flow.content_width());
    flow.paragraph(&[Span::bold(title)], x, w, 18.0, HEADING);
    let y2 = flow.y - 2.0;
    flow.hline(x, x + w, y2, 0.8, HEADING);
    flow.y -= 14.0;
    outline.push(OutlineItem {
        level: 1,
        title: title.to_string(),
        page,
        y,
    });
}

fn sub_heading(flow: &mut Flow, title: &str) {
    let (x, w) = (flow.left(), flow.content_width());
    flow.ensure(60.0);
    flow.paragraph(&[Span::bold(title)], x, w, 12.0, HEADING);
    flow.y -= 4.0;
}

/// A grey line of text standing in for empty content.
pub(super) fn body_text(flow: &mut Flow, text: &str) {
    let (x, w) = (flow.left(), flow.content_width());
    flow.paragraph(&[Span::plain(text)], x, w, 10.0, GREY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_come_only_from_valid_iso_dates() {
        assert_eq!(pdf_date("2026-01-15").as_deref(), Some("D:20260115000000Z"));
        assert_eq!(pdf_date("15.01.2026"), None);
        assert_eq!(pdf_date(""), None);
    }

    #[test]
    fn footer_names_what_is_known() {
        let f = |version: &str, date: &str| FrontMatter {
            version: version.into(),
            date: date.into(),
            ..FrontMatter::default()
        };
        assert_eq!(f("", "").footer(), "");
        assert_eq!(f("2", "").footer(), "Version 2");
        assert_eq!(f("", "2026-01-15").footer(), "2026-01-15");
        assert_eq!(f("2", "2026-01-15").footer(), "Version 2 · 2026-01-15");
    }
}
