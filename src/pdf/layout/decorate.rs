//! Page furniture: the running header (document id, title) and footer
//! (version and date, "Page X of Y") on every decorated page, once all pages
//! exist. It does not lay out any content.

use super::{fit_text, Flow, Item, GREY, MARGIN_X, RULE};
use crate::pdf::fonts::{clean_char, FontKind};

impl Flow<'_> {
    /// Header (document id, title) and footer (version, "Page X of Y") on
    /// every decorated page.
    pub fn decorate(&mut self, left_head: &str, right_head: &str, left_foot: &str) {
        let total = self.pages.len();
        let fonts = self.fonts;
        for (i, page) in self.pages.iter_mut().enumerate() {
            if !page.decorated {
                continue;
            }
            let size = 8.0;
            let w = page.width;
            let top = page.height - 38.0;
            let avail = w - 2.0 * MARGIN_X;
            let lh = fit_text(fonts, FontKind::Bold, size, left_head, avail * 0.4);
            let lw = fonts.width(FontKind::Bold, size, &lh);
            let rh = fit_text(
                fonts,
                FontKind::Regular,
                size,
                right_head,
                avail - lw - 16.0,
            );
            let rw = fonts.width(FontKind::Regular, size, &rh);
            // The page furniture is an artifact, not content (tagged PDF).
            let mut items = vec![
                Item::Tag(None),
                Item::Text {
                    x: MARGIN_X,
                    y: top,
                    font: FontKind::Bold,
                    size,
                    color: GREY,
                    text: lh.into(),
                    actual: None,
                },
                Item::Text {
                    x: w - MARGIN_X - rw,
                    y: top,
                    font: FontKind::Regular,
                    size,
                    color: GREY,
                    text: rh.into(),
                    actual: None,
                },
                Item::Line {
                    x1: MARGIN_X,
                    y1: top - 5.0,
                    x2: w - MARGIN_X,
                    y2: top - 5.0,
                    width: 0.5,
                    color: RULE,
                },
                Item::Line {
                    x1: MARGIN_X,
                    y1: 46.0,
                    x2: w - MARGIN_X,
                    y2: 46.0,
                    width: 0.5,
                    color: RULE,
                },
            ];
            let lf = fit_text(fonts, FontKind::Regular, size, left_foot, avail * 0.6);
            items.push(Item::Text {
                x: MARGIN_X,
                y: 34.0,
                font: FontKind::Regular,
                size,
                color: GREY,
                text: lf.into(),
                actual: None,
            });
            let pn = format!("Page {} of {}", i + 1, total);
            let pw = fonts.width(FontKind::Regular, size, &pn);
            items.push(Item::Text {
                x: w - MARGIN_X - pw,
                y: 34.0,
                font: FontKind::Regular,
                size,
                color: GREY,
                text: pn.into(),
                actual: None,
            });
            // Clean the strings through the fallback chain like any other text.
            for it in items.iter_mut() {
                if let Item::Text { text, font, .. } = it {
                    let cleaned: String = text
                        .chars()
                        .map(|c| fonts.resolve(*font, clean_char(c)))
                        .map(|(_, c, _)| c)
                        .collect();
                    *text = cleaned.into();
                }
            }
            page.items.extend(items);
        }
    }
}
