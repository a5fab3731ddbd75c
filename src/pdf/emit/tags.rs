//! The emit half of the tagged PDF (ISO 32000-1 14.7, 14.8): the structure
//! tree from the layout's elements and `Item::Tag` markers. Each text item
//! a marker gives an element to was drawn as marked content with the next
//! MCID of its page (`ops::page_ops`); here every element becomes a
//! `StructElem` whose kids, in reading order (the Markdown's), are its child
//! elements and its marked-content references, under one `Document`
//! element. Each page gets `/StructParents`, the `ParentTree` maps its
//! MCIDs back to their elements, and the catalog gets `/StructTreeRoot` and
//! `/MarkInfo <</Marked true>>`.

use lopdf::{Dictionary, Object, ObjectId};

use super::raw::RawObjects;
use super::{catalog_id, PdfError};
use crate::pdf::doc::StructElem;

/// Marks an MCID event (the rest of the word is the element).
const MCID: u32 = 1 << 31;

/// The event of a marker naming element `e`: text from here on is `e`'s.
pub(super) fn place_event(e: u32) -> u32 {
    e & !MCID
}

/// The event of the page's next MCID, which belongs to element `e`.
pub(super) fn mcid_event(e: u32) -> u32 {
    e | MCID
}

/// What the structure tree needs of the pages, recorded while their content
/// streams are written (`content::page_content`), so that the pages
/// themselves can be freed before the tree is: per page, in item order, each
/// element a marker names (`place_event`) and the element of each MCID
/// (`mcid_event`; the page's MCIDs count from 0 in this order).
#[derive(Default)]
pub(super) struct Events {
    data: Vec<u32>,
    /// Where each page's events end in `data`.
    ends: Vec<usize>,
}

impl Events {
    /// Adds the next page's events.
    pub fn push_page(&mut self, events: &[u32]) {
        self.data.extend_from_slice(events);
        self.ends.push(self.data.len());
    }

    /// Adds the pages of `other` after these.
    pub fn append(&mut self, other: Events) {
        let base = self.data.len();
        self.data.extend_from_slice(&other.data);
        self.ends.extend(other.ends.iter().map(|e| e + base));
    }

    /// How many pages.
    pub fn pages(&self) -> usize {
        self.ends.len()
    }

    /// Each page's events, in page order.
    fn each_page(&self) -> impl Iterator<Item = &[u32]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(self.ends.iter()).map(|(a, b)| &self.data[a..*b])
    }
}

#[derive(Clone, Copy)]
enum Kid {
    Elem(u32),
    Mcr { page: u32, mcid: u32 },
}

/// Walks the tree in reading order, telling `kid` each kid of each element
/// (`Some(parent)`) and of the document (`None`) in order. An element goes
/// under its parent the first time its text (or a marker) appears: reading
/// order is the order of the page items. Elements that never come to stand
/// anywhere (no marker) still belong to the tree, at the end of their
/// parent.
fn walk(structure: &[StructElem], events: &Events, mut kid: impl FnMut(Option<usize>, Kid)) {
    fn place(
        e: usize,
        structure: &[StructElem],
        placed: &mut [bool],
        kid: &mut impl FnMut(Option<usize>, Kid),
    ) {
        if placed[e] {
            return;
        }
        placed[e] = true;
        let parent = structure[e]
            .parent
            .map(|p| p as usize)
            .filter(|p| *p < structure.len());
        if let Some(p) = parent {
            place(p, structure, placed, kid);
        }
        kid(parent, Kid::Elem(e as u32));
    }
    let n = structure.len();
    let mut placed = vec![false; n];
    for (pi, page) in events.each_page().enumerate() {
        let mut mcid = 0u32;
        for &ev in page {
            let e = (ev & !MCID) as usize;
            if e >= n {
                continue;
            }
            if ev & MCID == 0 {
                place(e, structure, &mut placed, &mut kid);
            } else {
                kid(
                    Some(e),
                    Kid::Mcr {
                        page: pi as u32,
                        mcid,
                    },
                );
                mcid += 1;
            }
        }
    }
    for e in 0..n {
        place(e, structure, &mut placed, &mut kid);
    }
}

/// Writes the structure tree of the pages recorded in `events` (drawn with
/// `structure`) into `lo`, whose page objects are `page_ids` in page order:
/// the elements, the parent tree and the tree root as raw objects (`raw`),
/// the catalog and page entries in `lo`.
pub(super) fn write_structure(
    lo: &mut lopdf::Document,
    events: &Events,
    structure: &[StructElem],
    page_ids: &[ObjectId],
    raw: &mut RawObjects,
) -> Result<(), PdfError> {
    if structure.is_empty() {
        return Ok(());
    }
    let n = structure.len();
    if n >= MCID as usize {
        return Err(PdfError::Write(format!(
            "{n} structure elements: more than a tagged PDF of this engine can hold"
        )));
    }
    // Each element's kids, in one array (by element, in reading order):
    // counted in a first walk, placed in a second. A vector per element
    // was 13 MiB of the stress export's peak.
    let mut start = vec![0usize; n + 1];
    let mut top: Vec<usize> = Vec::new();
    walk(structure, events, |owner, k| match owner {
        Some(p) => start[p + 1] += 1,
        None => {
            if let Kid::Elem(e) = k {
                top.push(e as usize);
            }
        }
    });
    for e in 0..n {
        start[e + 1] += start[e];
    }
    let mut kids = vec![Kid::Elem(0); start[n]];
    let mut next = start.clone();
    walk(structure, events, |owner, k| {
        if let Some(p) = owner {
            kids[next[p]] = k;
            next[p] += 1;
        }
    });
    drop(next);
    let kids_of = |e: usize| &kids[start[e]..start[e + 1]];

    // Ids reserved in the lopdf document, the objects written raw.
    let root_id = lo.new_object_id();
    let doc_id = lo.new_object_id();
    let tree_id = lo.new_object_id();
    let ids: Vec<ObjectId> = (0..n).map(|_| lo.new_object_id()).collect();
    for (e, elem) in structure.iter().enumerate() {
        // The page of the element's first content: its MCIDs there are
        // plain integers, others references with their page (14.7.4.2).
        let home = kids_of(e).iter().find_map(|k| match k {
            Kid::Mcr { page, .. } => page_ids.get(*page as usize).copied(),
            Kid::Elem(_) => None,
        });
        let parent = elem
            .parent
            .map(|p| p as usize)
            .filter(|p| *p < n)
            .map_or(doc_id, |p| ids[p]);
        raw.push(ids[e].0, |b| {
            b.raw(b"<<").name(b"S").name(elem.role.as_bytes());
            b.raw(b"/P ").reference(parent.0);
            if let Some(pg) = home {
                b.raw(b"/Pg ").reference(pg.0);
            }
            b.raw(b"/K");
            // Kids on a page that is not there (none are) are left out.
            let present = kids_of(e).iter().filter(|k| match k {
                Kid::Mcr { page, .. } => page_ids.get(*page as usize).is_some(),
                Kid::Elem(_) => true,
            });
            b.list(present, |b, k| match k {
                Kid::Elem(c) => {
                    b.reference(ids[*c as usize].0);
                }
                Kid::Mcr { page, mcid } => {
                    let pg = page_ids[*page as usize];
                    if Some(pg) == home {
                        b.int(i64::from(*mcid));
                    } else {
                        b.raw(b"<</Type/MCR/Pg ")
                            .reference(pg.0)
                            .raw(b"/MCID ")
                            .int(i64::from(*mcid))
                            .raw(b">>");
                    }
                }
            });
            if let Some(alt) = &elem.alt {
                b.raw(b"/Alt").text(alt);
            }
            b.raw(b">>");
        });
    }
    raw.push(doc_id.0, |b| {
        b.raw(b"<</Type/StructElem/S/Document/P ")
            .reference(root_id.0)
            .raw(b"/K")
            .list(&top, |b, e| {
                b.reference(ids[*e].0);
            })
            .raw(b">>");
    });

    // Each page's MCIDs map back to their elements under the page's index.
    let marked = events.pages().min(page_ids.len());
    for (pi, pg) in page_ids.iter().take(marked).enumerate() {
        if let Ok(Object::Dictionary(pd)) = lo.get_object_mut(*pg) {
            pd.set("StructParents", Object::Integer(pi as i64));
        }
    }
    raw.push(tree_id.0, |b| {
        b.raw(b"<</Nums[");
        for (pi, page) in events.each_page().take(marked).enumerate() {
            let parents = page
                .iter()
                .filter(|ev| **ev & MCID != 0)
                .map(|ev| (ev & !MCID) as usize)
                .filter(|e| *e < n);
            b.raw(b"\n").int(pi as i64).list(parents, |b, e| {
                b.reference(ids[e].0);
            });
        }
        b.raw(b"]>>");
    });
    raw.push(root_id.0, |b| {
        b.raw(b"<</Type/StructTreeRoot/K ")
            .reference(doc_id.0)
            .raw(b"/ParentTree ")
            .reference(tree_id.0)
            .raw(b"/ParentTreeNextKey ")
            .int(events.pages() as i64)
            .raw(b">>");
    });

    let cat = catalog_id(lo)?;
    if let Ok(Object::Dictionary(c)) = lo.get_object_mut(cat) {
        c.set("StructTreeRoot", Object::Reference(root_id));
        let mut mark = Dictionary::new();
        mark.set("Marked", Object::Boolean(true));
        c.set("MarkInfo", Object::Dictionary(mark));
    }
    Ok(())
}
