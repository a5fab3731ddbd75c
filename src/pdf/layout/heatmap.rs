//! Heat maps (the risk matrix): geometry shared by the height estimate and
//! the drawing, cells coloured by zone with their counts, axis labels and
//! the legend. It does not decide what keeps a heat map company on its page
//! (see `blocks`).

use super::{break_lines, fit_text, Flow, Item, LineBox, Rgb, GREY, HEADING, TEXT};
use crate::pdf::fonts::FontKind;
use crate::pdf::parse::{Heatmap, Span};

impl Flow<'_> {
    /// Column widths and broken column labels of a heat map `w` wide; the
    /// height estimate and the drawing share them.
    fn heatmap_geometry(&self, h: &Heatmap, w: f32) -> HeatmapGeometry {
        let fonts = self.fonts;
        let ncols = h.cols.len().max(1);
        let label_w = h
            .rows
            .iter()
            .map(|r| fonts.width(FontKind::Regular, HEATMAP_LABEL_SIZE, r))
            .fold(0.0f32, f32::max)
            .min(w * 0.3)
            + 8.0;
        let cell_w = ((w - label_w - 16.0) / ncols as f32).clamp(20.0, 68.0);
        let col_label_lines: Vec<Vec<LineBox>> = h
            .cols
            .iter()
            .map(|c| {
                break_lines(
                    fonts,
                    &[Span::plain(c.clone())],
                    HEATMAP_LABEL_SIZE,
                    cell_w - 4.0,
                )
            })
            .collect();
        let max_col_lines = col_label_lines.iter().map(|l| l.len()).max().unwrap_or(1);
        let height = 16.0
            + 12.0
            + h.rows.len() as f32 * 24.0
            + max_col_lines as f32 * HEATMAP_LABEL_SIZE * 1.25
            + 28.0;
        HeatmapGeometry {
            ncols,
            label_w,
            cell_w,
            col_label_lines,
            max_col_lines,
            height,
        }
    }

    pub(super) fn heatmap_height(&self, h: &Heatmap, w: f32) -> f32 {
        self.heatmap_geometry(h, w).height
    }

    pub(super) fn heatmap(&mut self, h: &Heatmap, x: f32, w: f32) {
        let fonts = self.fonts;
        let label_size = HEATMAP_LABEL_SIZE;
        let HeatmapGeometry {
            ncols,
            label_w,
            cell_w,
            col_label_lines,
            max_col_lines,
            height: total,
        } = self.heatmap_geometry(h, w);
        let cell_h = 24.0;
        self.ensure(total);
        let title = if h.title.is_empty() {
            "Risk matrix".to_string()
        } else {
            h.title.clone()
        };
        self.paragraph(&[Span::bold(title)], x, w, 10.0, HEADING);
        self.y -= 4.0;
        let y0 = self.y;
        let gx = x + 14.0 + label_w;
        self.text(x, y0 - 8.0, FontKind::Italic, label_size, GREY, "Severity");
        let y0 = y0 - 12.0;
        for (ri, row) in h.rows.iter().enumerate() {
            let ry = y0 - (ri as f32 + 1.0) * cell_h;
            let label = fit_text(fonts, FontKind::Regular, label_size, row, label_w - 4.0);
            let lw = fonts.width(FontKind::Regular, label_size, &label);
            self.text(
                gx - 4.0 - lw,
                ry + cell_h / 2.0 - 2.5,
                FontKind::Regular,
                label_size,
                TEXT,
                &label,
            );
            for ci in 0..h.cols.len() {
                let cx = gx + ci as f32 * cell_w;
                let zone = h
                    .zones
                    .get(ri)
                    .and_then(|z| z.get(ci))
                    .map(|s| s.to_ascii_lowercase())
                    .unwrap_or_default();
                let (color, letter) = ZONES
                    .iter()
                    .find(|z| z.0 == zone)
                    .map_or((Rgb(0.85, 0.85, 0.85), ""), |z| (z.3, z.1));
                self.rect(cx, ry, cell_w, cell_h, color);
                // The zone's letter in the corner: the matrix reads without colour.
                if !letter.is_empty() {
                    self.text(
                        cx + 2.5,
                        ry + cell_h - 7.5,
                        FontKind::Bold,
                        6.5,
                        Rgb(0.20, 0.20, 0.23),
                        letter,
                    );
                }
                let count = h
                    .counts
                    .get(ri)
                    .and_then(|r| r.get(ci))
                    .copied()
                    .unwrap_or(0);
                let s = count.to_string();
                // Zero stays readable on every zone colour, just lighter in weight.
                let (font, col) = if count == 0 {
                    (FontKind::Regular, Rgb(0.25, 0.25, 0.28))
                } else {
                    (FontKind::Bold, TEXT)
                };
                let cw = fonts.width(font, 10.0, &s);
                self.text(
                    cx + (cell_w - cw) / 2.0,
                    ry + cell_h / 2.0 - 3.5,
                    font,
                    10.0,
                    col,
                    &s,
                );
            }
        }
        // Grid lines over the cells.
        let rows = h.rows.len() as f32;
        for ri in 0..=h.rows.len() {
            let y = y0 - ri as f32 * cell_h;
            self.hline(gx, gx + ncols as f32 * cell_w, y, 0.8, Rgb(1.0, 1.0, 1.0));
        }
        for ci in 0..=h.cols.len() {
            let lx = gx + ci as f32 * cell_w;
            self.push(Item::Line {
                x1: lx,
                y1: y0,
                x2: lx,
                y2: y0 - rows * cell_h,
                width: 0.8,
                color: Rgb(1.0, 1.0, 1.0),
            });
        }
        let mut ly = y0 - rows * cell_h - label_size - 2.0;
        for line_i in 0..max_col_lines {
            for (ci, lines) in col_label_lines.iter().enumerate() {
                if let Some(l) = lines.get(line_i) {
                    let cx = gx + ci as f32 * cell_w + (cell_w - l.width) / 2.0;
                    for f in &l.frags {
                        self.push(Item::Text {
                            x: cx + f.x,
                            y: ly,
                            font: f.font,
                            size: f.size,
                            color: TEXT,
                            text: f.text.as_str().into(),
                            actual: None,
                        });
                    }
                }
            }
            ly -= label_size * 1.25;
        }
        let pw = fonts.width(FontKind::Italic, label_size, "Probability");
        self.text(
            gx + (ncols as f32 * cell_w - pw) / 2.0,
            ly - 1.0,
            FontKind::Italic,
            label_size,
            GREY,
            "Probability",
        );
        // Legend: swatch, letter, meaning.
        let mut lx = gx;
        let legend_y = ly - 14.0;
        for (_, letter, name, color) in ZONES {
            self.rect(lx, legend_y, 7.0, 7.0, color);
            let entry = format!("{letter} {name}");
            self.text(
                lx + 10.0,
                legend_y + 0.8,
                FontKind::Regular,
                label_size,
                TEXT,
                &entry,
            );
            lx += 18.0 + fonts.width(FontKind::Regular, label_size, &entry);
        }
        self.y = legend_y - 6.0;
    }
}
/// The zones of the matrix: name in the heat map's JSON, the letter its
/// cells show (as the Markdown's `2 (I)`), the legend's words, the colour.
const ZONES: [(&str, &str, &str, Rgb); 3] = [
    ("acceptable", "A", "acceptable", Rgb(0.56, 0.80, 0.47)),
    (
        "alarp",
        "I",
        "investigate further (ALARP)",
        Rgb(0.99, 0.78, 0.30),
    ),
    ("unacceptable", "U", "unacceptable", Rgb(0.89, 0.33, 0.29)),
];

/// Type size of a heat map's row and column labels.
const HEATMAP_LABEL_SIZE: f32 = 7.5;

/// What `heatmap_geometry` computes once for both measuring and drawing.
struct HeatmapGeometry {
    ncols: usize,
    label_w: f32,
    cell_w: f32,
    col_label_lines: Vec<Vec<LineBox>>,
    max_col_lines: usize,
    height: f32,
}

/// The alternative text of a heat map (its figure's `/Alt`): the title and
/// every cell that holds entries, so a screen reader hears what the colours
/// show.
pub(super) fn alt_text(h: &crate::pdf::parse::Heatmap) -> String {
    let mut cells = Vec::new();
    for (r, row) in h.rows.iter().enumerate() {
        for (c, col) in h.cols.iter().enumerate() {
            let n = h.counts.get(r).and_then(|v| v.get(c)).copied().unwrap_or(0);
            if n > 0 {
                let zone = h
                    .zones
                    .get(r)
                    .and_then(|v| v.get(c))
                    .map(|z| format!(", {z}"))
                    .unwrap_or_default();
                cells.push(format!("{row} x {col}: {n}{zone}"));
            }
        }
    }
    let title = if h.title.is_empty() {
        "Risk heat map"
    } else {
        h.title.as_str()
    };
    if cells.is_empty() {
        format!("{title}: no entries placed.")
    } else {
        format!(
            "{title} (severity x probability: entries): {}.",
            cells.join("; ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::fonts;

    #[test]
    fn cells_show_their_zone_letter_and_the_legend_explains_them() {
        let f = fonts().expect("fonts");
        let mut flow = Flow::new(f);
        flow.new_page(false, true);
        let h = Heatmap {
            title: "Before".into(),
            rows: vec!["High".into(), "Low".into()],
            cols: vec!["Rare".into(), "Often".into()],
            counts: vec![vec![1, 2], vec![3, 0]],
            zones: vec![
                vec!["alarp".into(), "unacceptable".into()],
                vec!["acceptable".into(), "Alarp".into()],
            ],
        };
        flow.heatmap(&h, 56.0, 480.0);
        let texts: Vec<&str> = flow.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(&**text),
                _ => None,
            })
            .collect();
        let count = |s: &str| texts.iter().filter(|t| **t == s).count();
        assert_eq!((count("A"), count("I"), count("U")), (1, 2, 1), "{texts:?}");
        for legend in [
            "A acceptable",
            "I investigate further (ALARP)",
            "U unacceptable",
        ] {
            assert_eq!(count(legend), 1, "{texts:?}");
        }
    }
}
