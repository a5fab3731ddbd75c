//! Table planning: type size, orientation (portrait, or landscape when wide
//! or when that takes clearly fewer pages) and column widths from the cells'
//! measured content. It draws nothing (see `table`).

use super::{break_lines, Flow, A4, CELL_LEADING, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAD};
use crate::pdf::fonts::{clean_char, FontKind};
use crate::pdf::parse::{Span, TableData};

impl Flow<'_> {
    /// Size, orientation and column widths of a table, from its content;
    /// `None` for a table without columns.
    pub(super) fn plan_table(&self, t: &TableData, w: f32) -> Option<TablePlan> {
        let fonts = self.fonts;
        let ncols = t
            .rows
            .iter()
            .map(|r| r.len())
            .chain(std::iter::once(t.head.len()))
            .max()
            .unwrap_or(0);
        if ncols == 0 {
            return None;
        }
        // Natural and minimum widths per column at size 1.
        let mut nat = vec![0.0f32; ncols];
        let mut minw = vec![0.0f32; ncols];
        // A short word stays whole; a long one may break after '-' or '/'
        // (see `break_lines`), so its widest piece is what cannot shrink.
        const SHORT_WORD: f32 = 7.0; // in em: about 60 pt at 8.5 pt
        let measure = |cell: &[Span], bold: bool, nat: &mut f32, minw: &mut f32| {
            let mut line = 0.0f32;
            let mut word = 0.0f32;
            let mut piece = 0.0f32;
            let mut widest_piece = 0.0f32;
            let end_word = |word: &mut f32, piece: &mut f32, widest: &mut f32, minw: &mut f32| {
                *widest = widest.max(*piece);
                let need = if *word <= SHORT_WORD { *word } else { *widest };
                *minw = minw.max(need);
                *word = 0.0;
                *piece = 0.0;
                *widest = 0.0;
            };
            for s in cell {
                if s.text == "\n" {
                    *nat = nat.max(line);
                    end_word(&mut word, &mut piece, &mut widest_piece, minw);
                    line = 0.0;
                    continue;
                }
                let k = FontKind::from_style(s.style.bold || bold, s.style.italic, s.style.mono);
                let scale = if s.style.mono { 0.92 } else { 1.0 };
                for c in s.text.chars() {
                    let (_, _, adv) = fonts.resolve(k, clean_char(c));
                    let cw = adv as f32 * scale / 1000.0;
                    line += cw;
                    if c.is_whitespace() {
                        end_word(&mut word, &mut piece, &mut widest_piece, minw);
                    } else {
                        word += cw;
                        piece += cw;
                        if (c == '-' || c == '/') && piece > cw {
                            widest_piece = widest_piece.max(piece);
                            piece = 0.0;
                        }
                    }
                }
            }
            *nat = nat.max(line);
            end_word(&mut word, &mut piece, &mut widest_piece, minw);
        };
        for (c, cell) in t.head.iter().enumerate() {
            measure(cell, true, &mut nat[c], &mut minw[c]);
        }
        // Each body cell's natural width, for the height estimate below.
        let mut cell_nat = vec![0.0f32; t.rows.len() * ncols];
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let mut n = 0.0f32;
                measure(cell, false, &mut n, &mut minw[c]);
                nat[c] = nat[c].max(n);
                cell_nat[r * ncols + c] = n;
            }
        }
        const WORD_CAP: f32 = 110.0;
        let min_sum = |size: f32| -> f32 {
            minw.iter()
                .map(|m| (m * size).min(WORD_CAP) + 2.0 * PAD)
                .sum()
        };
        let portrait_w = w;
        let landscape_w = A4.1 - 2.0 * MARGIN_X;
        let mut choice: Option<(bool, f32)> = None;
        for size in [8.5f32, 8.0, 7.5, PORTRAIT_MIN_SIZE] {
            if min_sum(size) <= portrait_w {
                choice = Some((false, size));
                break;
            }
        }
        if choice.is_none() {
            for size in [8.5f32, 8.0, 7.5, 7.0, 6.5] {
                if min_sum(size) <= landscape_w {
                    choice = Some((true, size));
                    break;
                }
            }
        }
        let (landscape, size) = choice.unwrap_or((true, 6.5));
        // A column's weight when widths are shared: its mean cell width, so
        // that prose columns wrap to similar heights and one long value does
        // not claim the width of a column.
        let mean_nat: Vec<f32> = (0..ncols)
            .map(|c| {
                let n = t.rows.len().max(1) as f32;
                (0..t.rows.len())
                    .map(|r| cell_nat[r * ncols + c])
                    .sum::<f32>()
                    / n
            })
            .collect();
        // ... and its typical width: what nine cells in ten need on one line.
        let p90_nat: Vec<f32> = (0..ncols)
            .map(|c| {
                let mut v: Vec<f32> = (0..t.rows.len()).map(|r| cell_nat[r * ncols + c]).collect();
                if v.is_empty() {
                    return 0.0;
                }
                let k = (v.len() * 9 / 10).min(v.len() - 1);
                *v.select_nth_unstable_by(k, f32::total_cmp).1
            })
            .collect();
        let widths_for = |landscape: bool, size: f32| -> Vec<f32> {
            let avail = if landscape { landscape_w } else { portrait_w };
            let mins: Vec<f32> = minw
                .iter()
                .map(|m| (m * size).min(WORD_CAP) + 2.0 * PAD)
                .collect();
            let maxs: Vec<f32> = nat
                .iter()
                .zip(&mins)
                .map(|(n, m)| (n * size + 2.0 * PAD + 0.5).max(*m))
                .collect();
            let weights: Vec<f32> = mean_nat
                .iter()
                .map(|n| n * size + 2.0 * PAD + 0.5)
                .collect();
            let typical: Vec<f32> = p90_nat
                .iter()
                .zip(mins.iter().zip(&maxs))
                .map(|(n, (lo, hi))| (n * size + 2.0 * PAD + 0.5).max(*lo).min(*hi))
                .collect();
            let (sum_max, sum_typ) = (maxs.iter().sum::<f32>(), typical.iter().sum::<f32>());
            if sum_max <= avail {
                column_widths(&mins, &maxs, &weights, avail)
            } else if sum_typ <= avail {
                // Nine rows in ten on one line; the rest of the width goes to
                // the columns whose long values still wrap.
                let lack = (sum_max - sum_typ).max(0.001);
                typical
                    .iter()
                    .zip(&maxs)
                    .map(|(t, m)| t + (avail - sum_typ) * (m - t) / lack)
                    .collect()
            } else {
                column_widths(&mins, &typical, &weights, avail)
            }
        };
        let widths = widths_for(landscape, size);
        // How many pages of `capacity` the body rows take at `widths`, `size`:
        // rows that fit their column unbroken take one line; the others are
        // broken for real, on an even sample of at most 256 rows.
        let step = t.rows.len().div_ceil(256).max(1);
        let pages = |widths: &[f32], size: f32, capacity: f32| -> f32 {
            let lead = size * CELL_LEADING;
            let mut h = 0.0f32;
            for r in (0..t.rows.len()).step_by(step) {
                let lines = (0..ncols)
                    .map(|c| {
                        let inner = widths[c] - 2.0 * PAD;
                        if cell_nat[r * ncols + c] * size <= inner {
                            1
                        } else {
                            let empty = Vec::new();
                            let cell = t.rows[r].get(c).unwrap_or(&empty);
                            break_lines(fonts, cell, size, inner).len().max(1)
                        }
                    })
                    .max()
                    .unwrap_or(1);
                h += lines as f32 * lead + 2.0 * PAD;
            }
            h * step as f32 / capacity
        };
        // A table too wide for portrait goes landscape only when it fills
        // most of a landscape page: a short one stays portrait at the
        // smallest size with columns narrower than their longest words (cut
        // between characters) rather than alone on a near-empty landscape
        // page between two half-empty portrait ones.
        if landscape && pages(&widths, size, A4.0 - MARGIN_TOP - MARGIN_BOTTOM) < LANDSCAPE_FILL {
            let size = PORTRAIT_MIN_SIZE;
            return Some(TablePlan {
                ncols,
                landscape: false,
                size,
                widths: widths_for(false, size),
            });
        }
        // A long table whose cells wrap a lot in portrait is set on landscape
        // pages when that takes clearly fewer pages (registers such as the
        // SBOM inventory: one line per row instead of three).
        if !landscape && min_sum(size) <= landscape_w {
            let portrait_pages = pages(&widths, size, A4.1 - MARGIN_TOP - MARGIN_BOTTOM);
            if portrait_pages > 1.0 {
                // Landscape must save a fifth of the pages; each smaller
                // size (down to 7.5 pt) a further tenth.
                let mut best: Option<(f32, f32, Vec<f32>)> = None;
                let mut bar = 0.8 * portrait_pages;
                for s in [size, 8.0, 7.5] {
                    if s > size || min_sum(s) > landscape_w {
                        continue;
                    }
                    let lw = widths_for(true, s);
                    let p = pages(&lw, s, A4.0 - MARGIN_TOP - MARGIN_BOTTOM);
                    if p < bar {
                        bar = 0.9 * p;
                        best = Some((s, p, lw));
                    }
                }
                if let Some((size, _, widths)) = best {
                    return Some(TablePlan {
                        ncols,
                        landscape: true,
                        size,
                        widths,
                    });
                }
            }
        }

        Some(TablePlan {
            ncols,
            landscape,
            size,
            widths,
        })
    }
}
/// Column widths from minimum and natural (widest cell) widths and weights:
/// all natural when they fit; else a column keeps its natural width when that
/// is no more than its share (equal or by weight), the others share the rest
/// by weight; then columns below their minimum take width from the others.
pub fn column_widths(mins: &[f32], maxs: &[f32], weights: &[f32], avail: f32) -> Vec<f32> {
    let n = mins.len();
    let sum_min: f32 = mins.iter().sum();
    let sum_max: f32 = maxs.iter().sum();
    if sum_max <= avail {
        let extra = avail - sum_max;
        return maxs
            .iter()
            .map(|m| m + extra * m / sum_max.max(1.0))
            .collect();
    }
    if sum_min >= avail {
        return mins.iter().map(|m| m * avail / sum_min.max(1.0)).collect();
    }
    let mut w = vec![0.0f32; n];
    let mut fixed = vec![false; n];
    // Fix columns whose natural width is below their fair share, repeatedly.
    loop {
        let rem: f32 = avail - (0..n).filter(|i| fixed[*i]).map(|i| w[i]).sum::<f32>();
        let weight: f32 = (0..n).filter(|i| !fixed[*i]).map(|i| weights[i]).sum();
        let open = (0..n).filter(|i| !fixed[*i]).count().max(1);
        let mut changed = false;
        for i in 0..n {
            // Narrower than its share: keep it on one line.
            let share = (rem / open as f32).max(rem * weights[i] / weight.max(0.001));
            if !fixed[i] && maxs[i] <= share {
                fixed[i] = true;
                w[i] = maxs[i];
                changed = true;
            }
        }
        if !changed {
            for i in 0..n {
                if !fixed[i] {
                    w[i] = rem * weights[i] / weight.max(0.001);
                }
            }
            break;
        }
    }
    // Raise columns below their minimum, taking the width from those above theirs.
    for _ in 0..n {
        let deficit: f32 = (0..n).map(|i| (mins[i] - w[i]).max(0.0)).sum();
        if deficit <= 0.01 {
            break;
        }
        let slack: f32 = (0..n).map(|i| (w[i] - mins[i]).max(0.0)).sum();
        if slack <= 0.0 {
            break;
        }
        let f = (deficit / slack).min(1.0);
        for i in 0..n {
            if w[i] < mins[i] {
                w[i] = mins[i];
            } else {
                w[i] -= (w[i] - mins[i]) * f;
            }
        }
    }
    w
}

/// The smallest type of a portrait table.
const PORTRAIT_MIN_SIZE: f32 = 7.0;

/// The share of a landscape page's body a table too wide for portrait must
/// fill to be set landscape.
const LANDSCAPE_FILL: f32 = 0.5;

/// A table's type size, orientation and column widths.
pub(super) struct TablePlan {
    pub(super) ncols: usize,
    pub(super) landscape: bool,
    pub(super) size: f32,
    pub(super) widths: Vec<f32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::fonts;
    use crate::pdf::parse::Align;

    fn table(cols: usize) -> TableData {
        let cell = |t: String| vec![Span::plain(t)];
        TableData {
            aligns: vec![Align::Left; cols],
            head: (0..cols).map(|c| cell(format!("Head{c}"))).collect(),
            rows: (0..40)
                .map(|r| {
                    (0..cols)
                        .map(|c| cell(format!("value{r}x{c}abc")))
                        .collect()
                })
                .collect(),
        }
    }

    #[test]
    fn wider_tables_get_smaller_type_then_landscape() {
        let f = fonts().expect("fonts");
        let flow = Flow::new(f);
        let w = A4.0 - 2.0 * MARGIN_X;
        let mut saw_smaller_portrait = false;
        let mut saw_landscape = false;
        let mut last_size = 9.0;
        for cols in 1..40 {
            let Some(p) = flow.plan_table(&table(cols), w) else {
                panic!("plan")
            };
            let avail = if p.landscape {
                A4.1 - 2.0 * MARGIN_X
            } else {
                w
            };
            let total: f32 = p.widths.iter().sum();
            assert!(total <= avail + 0.5, "{cols} columns: {total} > {avail}");
            assert!(p.size >= 6.5, "never below the minimum size");
            if p.landscape {
                saw_landscape = true;
            } else {
                assert!(
                    !saw_landscape,
                    "portrait again after landscape at {cols} columns"
                );
                assert!(p.size <= last_size, "size shrinks with more columns");
                last_size = p.size;
                if p.size < 8.5 {
                    saw_smaller_portrait = true;
                }
            }
        }
        assert!(saw_smaller_portrait && saw_landscape);
    }

    #[test]
    fn a_short_table_too_wide_for_portrait_stays_portrait_with_narrower_columns() {
        let f = fonts().expect("fonts");
        let flow = Flow::new(f);
        let w = A4.0 - 2.0 * MARGIN_X;
        let mut t = table(30);
        let long = flow.plan_table(&t, w).expect("plan");
        assert!(
            long.landscape,
            "40 rows of 30 columns fill a landscape page"
        );
        t.rows.truncate(1);
        let short = flow.plan_table(&t, w).expect("plan");
        assert!(!short.landscape, "one row does not get a landscape page");
        assert_eq!(short.size, PORTRAIT_MIN_SIZE);
        let total: f32 = short.widths.iter().sum();
        assert!(total <= w + 0.5, "{total} > {w}");
    }

    #[test]
    fn long_tables_that_wrap_a_lot_go_landscape_short_or_narrow_ones_do_not() {
        let f = fonts().expect("fonts");
        let flow = Flow::new(f);
        let w = A4.0 - 2.0 * MARGIN_X;
        let cell = |t: String| vec![Span::plain(t)];
        // Seven register columns whose values wrap in portrait but not in landscape.
        let register = |rows: usize| TableData {
            aligns: vec![Align::Left; 7],
            head: [
                "Component",
                "Version",
                "Type",
                "Supplier",
                "Licence",
                "Identifier",
                "Items",
            ]
            .iter()
            .map(|h| cell(h.to_string()))
            .collect(),
            rows: (0..rows)
                .map(|r| {
                    vec![
                        cell(format!("component-{r}")),
                        cell("1.2.3".into()),
                        cell("library".into()),
                        cell("The Example Open Source Software Foundation".into()),
                        cell("Apache-2.0 OR MIT".into()),
                        cell(format!(
                            "pkg:npm/%40example/component-{r}@1.2.3?type=module"
                        )),
                        cell("analysis-service".into()),
                    ]
                })
                .collect(),
        };
        let long = flow.plan_table(&register(400), w).expect("plan");
        assert!(long.landscape, "a long register that wraps goes landscape");
        assert!(long.size >= 7.5, "not below 7.5 pt for a register");
        let short = flow.plan_table(&register(5), w).expect("plan");
        assert!(
            !short.landscape,
            "a table shorter than a page stays portrait"
        );
        // Long but narrow: fits portrait on one line per row.
        let narrow = TableData {
            aligns: vec![Align::Left; 3],
            head: vec![cell("A".into()), cell("B".into()), cell("C".into())],
            rows: (0..400)
                .map(|r| {
                    vec![
                        cell(format!("c-{r}")),
                        cell("1.0".into()),
                        cell("MIT".into()),
                    ]
                })
                .collect(),
        };
        assert!(!flow.plan_table(&narrow, w).expect("plan").landscape);
    }

    #[test]
    fn column_widths_fill_the_width_and_respect_minimums() {
        // Short columns keep their natural width; the prose column takes the rest.
        let w = column_widths(
            &[20.0, 30.0, 40.0],
            &[25.0, 35.0, 900.0],
            &[25.0, 35.0, 900.0],
            400.0,
        );
        assert_eq!(w[0], 25.0);
        assert_eq!(w[1], 35.0);
        assert!((w.iter().sum::<f32>() - 400.0).abs() < 0.01);
        // Everything fits: natural widths grow to the full width.
        let w = column_widths(&[10.0, 10.0], &[50.0, 150.0], &[50.0, 150.0], 400.0);
        assert!((w[0] - 100.0).abs() < 0.01 && (w[1] - 300.0).abs() < 0.01);
        // Two prose columns: none below its minimum.
        let w = column_widths(&[80.0, 20.0], &[100.0, 2000.0], &[100.0, 2000.0], 300.0);
        assert!(w[0] >= 80.0 && w[1] >= 20.0);
        assert!((w.iter().sum::<f32>() - 300.0).abs() < 0.01);
    }
}
