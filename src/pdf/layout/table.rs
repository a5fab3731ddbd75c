//! Table drawing: the header row repeated on every page, zebra rows kept
//! whole unless taller than a page, cells aligned per column, and the height
//! a table must start with. Sizes and widths come from `table_plan`; it does
//! not choose them.

use std::ops::Range;

use super::table_plan::TablePlan;
use super::{break_lines, Flow, LineBox, CELL_LEADING, HEADING, HEAD_BG, PAD, RULE, TEXT, ZEBRA};
use crate::pdf::parse::{Align, Span, TableData};

impl Flow<'_> {
    /// Height of a table's header row and first row, as `plan` sets them:
    /// what must stand on a page together.
    pub(super) fn table_start_height(&self, t: &TableData, plan: &TablePlan) -> f32 {
        let lead = plan.size * CELL_LEADING;
        let row_h = |cells: &[Vec<Span>]| -> f32 {
            let lines = cells
                .iter()
                .zip(&plan.widths)
                .map(|(cell, w)| break_lines(self.fonts, cell, plan.size, w - 2.0 * PAD).len())
                .max()
                .unwrap_or(1)
                .max(1);
            lines as f32 * lead + 2.0 * PAD
        };
        let head = if t.head.iter().any(|c| !c.is_empty()) {
            row_h(&bold_cells(&t.head))
        } else {
            0.0
        };
        head + t.rows.first().map(|r| row_h(r)).unwrap_or(0.0)
    }

    /// A GFM table at `x`, `w` wide (or on a landscape page when its plan
    /// says so): wrapped cells, header row repeated on every page, rows kept
    /// whole unless taller than a page.
    pub fn table(&mut self, t: &TableData, x: f32, w: f32) {
        let fonts = self.fonts;
        let key = t as *const TableData as usize;
        let plan = match self.planned.take() {
            Some((k, p)) if k == key => p,
            _ => match self.plan_table(t, w) {
                Some(p) => p,
                None => return,
            },
        };
        let start_h = self.table_start_height(t, &plan);
        let TablePlan {
            ncols,
            landscape,
            size,
            widths,
        } = plan;
        let table_w: f32 = widths.iter().sum();
        if landscape {
            // Continue on a landscape page (one a heading just opened for it).
            if !self.landscape {
                self.new_page(true, true);
            }
        } else if self.landscape && !self.fresh() {
            self.new_page(false, true);
        }
        let x = if landscape { self.left() } else { x };
        let lead = size * CELL_LEADING;

        let layout_row = |cells: &[Vec<Span>]| -> Vec<Vec<LineBox>> {
            (0..ncols)
                .map(|c| {
                    let empty: Vec<Span> = Vec::new();
                    let cell = cells.get(c).unwrap_or(&empty);
                    break_lines(fonts, cell, size, widths[c] - 2.0 * PAD)
                })
                .collect()
        };
        let head_cells = bold_cells(&t.head);
        let head_lines = layout_row(&head_cells);
        let has_head = t.head.iter().any(|c| !c.is_empty());
        let head_h = if has_head {
            head_lines.iter().map(|l| l.len()).max().unwrap_or(1) as f32 * lead + 2.0 * PAD
        } else {
            0.0
        };
        let columns = Columns {
            x,
            widths: &widths,
            aligns: &t.aligns,
            size,
            lead,
        };
        let empty_row: Vec<Vec<Span>> = Vec::new();

        // The header row is tagged once (TR of TH); where it is drawn again
        // on the next page it is an artifact.
        let header_tagged = std::cell::Cell::new(false);
        let draw_header = |flow: &mut Flow| {
            if !has_head {
                return;
            }
            let y = flow.y;
            flow.rect(x, y - head_h, table_w, head_h, HEAD_BG);
            let again = header_tagged.replace(true);
            let th: Option<Vec<u32>> = if again {
                flow.elem_pause();
                None
            } else {
                flow.elem_begin("TR", None);
                Some((0..ncols).map(|_| flow.elem_new("TH", None)).collect())
            };
            flow.draw_cells(
                &columns,
                &head_lines,
                &head_cells,
                y - PAD,
                0..usize::MAX,
                th.as_deref(),
            );
            if again {
                flow.elem_resume();
            } else {
                flow.elem_leave();
            }
            flow.hline(x, x + table_w, y - head_h, 0.8, HEADING);
            flow.y -= head_h;
        };

        let capacity = self.top() - self.bottom();
        self.ensure(start_h.min(capacity));
        draw_header(self);
        let row_lines: Vec<Vec<Vec<LineBox>>> = t
            .rows
            .iter()
            .map(|row| layout_row(if row.is_empty() { &empty_row } else { row }))
            .collect();
        // A row is as many lines as its fullest cell (one at least).
        let line_count =
            |lines: &[Vec<LineBox>]| lines.iter().map(|l| l.len()).max().unwrap_or(1).max(1);
        let row_height = |lines: &[Vec<LineBox>]| line_count(lines) as f32 * lead + 2.0 * PAD;
        // A landscape table ends its pages (the text after it is portrait):
        // its rows are spread evenly over the pages it needs, so that its
        // last page is not left with a row or two.
        let breaks = if landscape {
            let heights: Vec<f32> = row_lines.iter().map(|l| row_height(l)).collect();
            balanced_breaks(&heights, self.y - self.bottom(), capacity - head_h)
        } else {
            Vec::new()
        };
        let mut next_break = breaks.iter().copied().peekable();
        for (ri, (row, lines)) in t.rows.iter().zip(row_lines).enumerate() {
            let row = if row.is_empty() { &empty_row } else { row };
            let tr = self.elem_new("TR", None);
            let nlines = line_count(&lines);
            let row_h = row_height(&lines);
            if next_break.next_if_eq(&ri).is_some() && !self.fresh() {
                let l = self.landscape;
                self.new_page(l, true);
                draw_header(self);
            } else if self.y - row_h < self.bottom() {
                let room = capacity - head_h;
                if row_h <= room || self.y - self.bottom() < lead * 3.0 + 2.0 * PAD {
                    let l = self.landscape;
                    self.new_page(l, true);
                    draw_header(self);
                }
            }
            // Draw the row, splitting across pages only when taller than a page.
            let mut from = 0usize;
            let mut cells_of_row: Vec<u32> = Vec::new();
            while from < nlines {
                let fit = (((self.y - self.bottom() - 2.0 * PAD) / lead)
                    .floor()
                    .max(0.0)) as usize;
                let take = if fit == 0 { 1 } else { fit.min(nlines - from) };
                let h = take as f32 * lead + 2.0 * PAD;
                let y = self.y;
                if ri % 2 == 1 {
                    self.rect(x, y - h, table_w, h, ZEBRA);
                }
                self.elem_enter(tr);
                if from == 0 {
                    cells_of_row = (0..ncols).map(|_| self.elem_new("TD", None)).collect();
                }
                self.draw_cells(
                    &columns,
                    &lines,
                    row,
                    y - PAD,
                    from..from + take,
                    Some(&cells_of_row),
                );
                self.elem_leave();
                self.hline(x, x + table_w, y - h, 0.4, RULE);
                self.y -= h;
                from += take;
                if from < nlines {
                    let l = self.landscape;
                    self.new_page(l, true);
                    draw_header(self);
                }
            }
        }
        if landscape {
            self.pending_portrait = true;
        }
    }

    /// Lines `rows` of each cell of one row, from `top` down.
    fn draw_cells(
        &mut self,
        columns: &Columns,
        lines: &[Vec<LineBox>],
        cells: &[Vec<Span>],
        top: f32,
        rows: Range<usize>,
        elems: Option<&[u32]>,
    ) {
        let Columns {
            x,
            widths,
            aligns,
            size,
            lead,
        } = *columns;
        let mut cx = x;
        let empty: Vec<Span> = Vec::new();
        for (c, cell_lines) in lines.iter().enumerate() {
            let cw = widths[c];
            let spans = cells.get(c).unwrap_or(&empty);
            let align = aligns.get(c).copied().unwrap_or(Align::Left);
            let mut y = top;
            let elem = elems.and_then(|e| e.get(c)).copied();
            if let Some(e) = elem {
                self.elem_enter(e);
            }
            for line in cell_lines.iter().take(rows.end).skip(rows.start) {
                let lx = match align {
                    Align::Left => cx + PAD,
                    Align::Right => cx + cw - PAD - line.width,
                    Align::Center => cx + (cw - line.width) / 2.0,
                };
                let base = y - size * 1.05;
                self.draw_line_at(line, spans, lx, base, size, TEXT);
                y -= lead;
            }
            if elem.is_some() {
                self.elem_leave();
            }
            cx += cw;
        }
    }
}

/// The rows before which a table of rows `heights` tall starts a new page
/// when its pages are filled evenly: as many pages as filling each page
/// full would take (`first` is the room on the page it starts on, `room`
/// on each further page), but each page filled to the same height at most,
/// the smallest with which that many pages still hold every row. Empty
/// when filling full leaves the last page at least half full, when a row
/// is taller than a page (it is split, and no evening helps) or when the
/// table fits on its first page.
pub(super) fn balanced_breaks(heights: &[f32], first: f32, room: f32) -> Vec<usize> {
    // Greedy filling with each page at most `cap` high.
    let fill = |cap: f32| -> (Vec<usize>, f32) {
        let mut breaks = Vec::new();
        let mut avail = first.min(cap);
        let mut used = 0.0f32;
        for (i, h) in heights.iter().enumerate() {
            if used + h > avail + 0.01 && used > 0.0 {
                breaks.push(i);
                avail = cap;
                used = 0.0;
            }
            used += h;
        }
        (breaks, used)
    };
    let tallest = heights.iter().copied().fold(0.0f32, f32::max);
    if heights.is_empty() || tallest > room || room <= 0.0 {
        return Vec::new();
    }
    let (full, last) = fill(room);
    if full.is_empty() || last >= room * 0.5 {
        return Vec::new();
    }
    let pages = full.len();
    // Fewer pages never come from a lower cap, so the lowest cap that
    // keeps the page count is found by bisection.
    let (mut lo, mut hi) = (tallest, room);
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        if fill(mid).0.len() == pages {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    fill(hi).0
}

/// Where a table's columns stand and how their lines are set.
#[derive(Clone, Copy)]
struct Columns<'t> {
    x: f32,
    widths: &'t [f32],
    aligns: &'t [Align],
    size: f32,
    lead: f32,
}

/// The cells with every span bold (a header row).
fn bold_cells(cells: &[Vec<Span>]) -> Vec<Vec<Span>> {
    cells
        .iter()
        .map(|cell| {
            cell.iter()
                .map(|s| {
                    let mut s = s.clone();
                    s.style.bold = true;
                    s
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::balanced_breaks;

    #[test]
    fn a_table_that_would_leave_a_row_alone_is_spread_evenly() {
        // 21 rows of 10 on pages of 100: filling full gives 10, 10, 1.
        let rows = vec![10.0; 21];
        let breaks = balanced_breaks(&rows, 100.0, 100.0);
        assert_eq!(breaks.len(), 2, "still three pages: {breaks:?}");
        let sizes: Vec<usize> = [0]
            .iter()
            .chain(&breaks)
            .zip(breaks.iter().chain(&[rows.len()]))
            .map(|(a, b)| b - a)
            .collect();
        assert_eq!(sizes, vec![7, 7, 7]);
    }

    #[test]
    fn no_evening_when_the_last_page_is_half_full_or_the_table_fits() {
        assert!(balanced_breaks(&[10.0; 15], 100.0, 100.0).is_empty());
        assert!(balanced_breaks(&[10.0; 8], 100.0, 100.0).is_empty());
        // A row taller than a page is split; evening cannot help.
        assert!(balanced_breaks(&[10.0, 150.0, 10.0], 100.0, 100.0).is_empty());
    }

    #[test]
    fn the_first_page_room_counts() {
        // 30 on the first page, then 100 a page: 14 rows of 10 fill 3, 10
        // and 1; evened, the first page keeps its 3 and the others get 6
        // and 5.
        let breaks = balanced_breaks(&[10.0; 14], 30.0, 100.0);
        assert_eq!(breaks, vec![3, 9]);
    }
}
