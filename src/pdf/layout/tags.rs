//! The layout half of the tagged PDF: the structure elements, opened and
//! closed as blocks are laid out, and `Item::Tag` markers in the page items
//! that say which element the text after them belongs to. A page break
//! re-opens the current element on the new page; the page furniture is
//! marked as an artifact. `emit::tags` turns elements and markers into the
//! structure tree and marked content.

use super::{Flow, Item};
use crate::pdf::doc::StructElem;

impl Flow<'_> {
    /// A new element under the open one, not yet entered.
    pub(super) fn elem_new(&mut self, role: &'static str, alt: Option<String>) -> u32 {
        let id = self.structure.len() as u32;
        self.structure.push(StructElem {
            role,
            parent: self.elem_stack.last().copied(),
            alt,
        });
        id
    }

    /// Text from here on belongs to `id` (made by `elem_new`).
    pub(super) fn elem_enter(&mut self, id: u32) {
        self.elem_stack.push(id);
        self.mark(Some(id));
    }

    /// Back to the element `id` was opened in.
    pub fn elem_leave(&mut self) {
        self.elem_stack.pop();
        let back = self.elem_stack.last().copied();
        self.mark(back);
    }

    /// `elem_new` and `elem_enter`.
    pub fn elem_begin(&mut self, role: &'static str, alt: Option<String>) -> u32 {
        let id = self.elem_new(role, alt);
        self.elem_enter(id);
        id
    }

    /// Text from here on is an artifact (a repeated table header) until
    /// `elem_resume`.
    pub(super) fn elem_pause(&mut self) {
        self.mark(None);
    }

    pub(super) fn elem_resume(&mut self) {
        let back = self.elem_stack.last().copied();
        self.mark(back);
    }

    fn mark(&mut self, tag: Option<u32>) {
        if self.pages.is_empty() {
            return;
        }
        // Two markers in a row: the later one is what counts.
        if let Some(page) = self.pages.last_mut() {
            if let Some(Item::Tag(t)) = page.items.last_mut() {
                *t = tag;
                return;
            }
        }
        self.push(Item::Tag(tag));
    }
}

/// The role of a heading of `level`.
pub(super) fn heading_role(level: u8) -> &'static str {
    match level {
        1 => "H1",
        2 => "H2",
        3 => "H3",
        4 => "H4",
        5 => "H5",
        _ => "H6",
    }
}
