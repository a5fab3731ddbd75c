//! Navigation: link annotations (web and mail links, jumps to anchors) and
//! the nested outline with chapters open, written against the final page
//! objects. It does not decide where anchors or headings stand (see `layout`).

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId};

use super::r2;
use super::raw::RawObjects;
use super::{catalog_id, text_string};
use crate::pdf::doc::OutlineItem;
use crate::pdf::doc::{Item, Page};
use crate::pdf::parse::LinkTarget;
use crate::pdf::PdfError;

/// How far above an anchor (or a heading) a jump lands, in points: the
/// line stays in view under the viewer's top edge.
fn jump_height(top: f32) -> f32 {
    r2(top + 12.0)
}

/// A jump to `top` (a point a little above it) on page `page`, the left
/// edge and zoom left as they are: links and outline entries share it.
fn destination(page: ObjectId, top: f32) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Integer(0),
        Object::Real(jump_height(top)),
        Object::Null,
    ])
}

/// What a link does.
enum LinkAction<'a> {
    /// Opens a web or mail address.
    Uri(&'a str),
    /// Goes to a page, at the anchor's height.
    GoTo(ObjectId, f32),
}

/// Link annotations (URI and GoTo actions only, never JavaScript or
/// Launch: ISO 19005-2 6.5.1) written against the final page objects, as
/// raw objects (`raw`) that each page's /Annots refers to.
pub(super) fn add_links(
    lo: &mut lopdf::Document,
    pages: &[Page],
    anchors: &BTreeMap<String, (usize, f32)>,
    page_ids: &[ObjectId],
    raw: &mut RawObjects,
) -> Result<(), PdfError> {
    for (pi, page) in pages.iter().enumerate() {
        let Some(pid) = page_ids.get(pi) else {
            continue;
        };
        let mut annots = Vec::new();
        for it in &page.items {
            let Item::Link { x, y, w, h, target } = it else {
                continue;
            };
            // Nothing for a link that does not click.
            let action = match target {
                LinkTarget::External(url) => target
                    .is_clickable()
                    .then_some(LinkAction::Uri(url.as_str())),
                LinkTarget::Internal(id) => anchors
                    .get(id)
                    .and_then(|(p, top)| Some(LinkAction::GoTo(*page_ids.get(*p)?, *top))),
            };
            let Some(action) = action else {
                continue;
            };
            let id = lo.new_object_id();
            raw.push(id.0, |b| {
                // Print flag (bit 3): PDF/A-2 6.3.2 asks it of every annotation.
                b.raw(b"<</Type/Annot/Subtype/Link/F 4/Rect")
                    .list([*x, *y, *x + *w, *y + *h], |b, v| {
                        b.real(v);
                    })
                    .raw(b"/Border[0 0 0]/A<<");
                match action {
                    LinkAction::Uri(url) => {
                        b.raw(b"/S/URI/URI").literal(url.as_bytes());
                    }
                    LinkAction::GoTo(pg, top) => {
                        b.raw(b"/S/GoTo/D[")
                            .reference(pg.0)
                            .raw(b"/XYZ 0 ")
                            .real(jump_height(top))
                            .raw(b" null]");
                    }
                }
                b.raw(b">>>>");
            });
            annots.push(Object::Reference(id));
        }
        if annots.is_empty() {
            continue;
        }
        if let Ok(Object::Dictionary(pd)) = lo.get_object_mut(*pid) {
            pd.set("Annots", Object::Array(annots));
        }
    }
    Ok(())
}

pub(super) fn write_outline(
    lo: &mut lopdf::Document,
    items: &[OutlineItem],
    page_ids: &[ObjectId],
) -> Result<(), PdfError> {
    let root_id = lo.new_object_id();
    let ids: Vec<ObjectId> = items.iter().map(|_| lo.new_object_id()).collect();
    // Parent of each item: the nearest earlier item of a lower level.
    let mut parent: Vec<Option<usize>> = vec![None; items.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if items[top].level >= it.level {
                stack.pop();
            } else {
                break;
            }
        }
        parent[i] = stack.last().copied();
        stack.push(i);
    }
    let mut children: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for (i, p) in parent.iter().enumerate() {
        children.entry(*p).or_default().push(i);
    }
    // Visible descendants: chapters (level 1) are open, deeper levels closed.
    let open = |i: usize| items[i].level <= 1;
    let mut visible = vec![0i64; items.len()];
    for i in (0..items.len()).rev() {
        if let Some(p) = parent[i] {
            if open(p) {
                visible[p] += 1 + if open(i) { visible[i] } else { 0 };
            }
        }
    }
    for (i, it) in items.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text_string(&it.title));
        d.set("Parent", parent[i].map(|p| ids[p]).unwrap_or(root_id));
        let siblings = &children[&parent[i]];
        let pos = siblings.iter().position(|s| *s == i).unwrap_or(0);
        if pos > 0 {
            d.set("Prev", ids[siblings[pos - 1]]);
        }
        if let Some(n) = siblings.get(pos + 1) {
            d.set("Next", ids[*n]);
        }
        if let Some(kids) = children.get(&Some(i)) {
            if let (Some(f), Some(l)) = (kids.first(), kids.last()) {
                d.set("First", ids[*f]);
                d.set("Last", ids[*l]);
                // Chapters open, deeper levels closed.
                let count = if open(i) {
                    visible[i]
                } else {
                    -(kids.len() as i64)
                };
                d.set("Count", count);
            }
        }
        if let Some(pid) = page_ids.get(it.page) {
            d.set("Dest", destination(*pid, it.y));
        }
        lo.objects.insert(ids[i], Object::Dictionary(d));
    }
    let top = children.get(&None).cloned().unwrap_or_default();
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(f), Some(l)) = (top.first(), top.last()) {
        root.set("First", ids[*f]);
        root.set("Last", ids[*l]);
    }
    let total: i64 = top
        .iter()
        .map(|t| 1 + if open(*t) { visible[*t] } else { 0 })
        .sum();
    root.set("Count", total);
    lo.objects.insert(root_id, Object::Dictionary(root));
    if let Ok(Object::Dictionary(cat)) = lo.get_object_mut(catalog_id(lo)?) {
        cat.set("Outlines", root_id);
        cat.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    Ok(())
}
