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
use crate::pdf::doc::{Item, Page, StructElem};

enum Kid {
    Elem(usize),
    Mcr { page: usize, mcid: i64 },
}

/// Writes the structure tree of `pages` (drawn with `structure`) into `lo`,
/// whose page objects are `page_ids` in page order: the elements, the
/// parent tree and the tree root as raw objects (`raw`), the catalog and
/// page entries in `lo`.
pub(super) fn write_structure(
    lo: &mut lopdf::Document,
    pages: &[Page],
    structure: &[StructElem],
    page_ids: &[ObjectId],
    raw: &mut RawObjects,
) -> Result<(), PdfError> {
    if structure.is_empty() {
        return Ok(());
    }
    let n = structure.len();
    let mut kids: Vec<Vec<Kid>> = (0..n).map(|_| Vec::new()).collect();
    let mut top: Vec<usize> = Vec::new();
    let mut placed = vec![false; n];
    // An element goes under its parent the first time its text (or a
    // marker) appears: reading order is the order of the page items.
    fn place(
        e: usize,
        structure: &[StructElem],
        placed: &mut [bool],
        kids: &mut [Vec<Kid>],
        top: &mut Vec<usize>,
    ) {
        if placed[e] {
            return;
        }
        placed[e] = true;
        match structure[e]
            .parent
            .map(|p| p as usize)
            .filter(|p| *p < structure.len())
        {
            Some(p) => {
                place(p, structure, placed, kids, top);
                kids[p].push(Kid::Elem(e));
            }
            None => top.push(e),
        }
    }
    let mut parents_of_page: Vec<Vec<usize>> = Vec::with_capacity(pages.len());
    for (pi, page) in pages.iter().enumerate() {
        let mut tag: Option<usize> = None;
        let mut mcid = 0i64;
        let mut parents = Vec::new();
        // As `ops::page_ops` draws them: one MCID per run of text items of
        // the same element.
        let mut open: Option<Option<usize>> = None;
        for it in &page.items {
            match it {
                Item::Tag(t) => {
                    tag = t.map(|e| e as usize).filter(|e| *e < n);
                    if let Some(e) = tag {
                        place(e, structure, &mut placed, &mut kids, &mut top);
                    }
                }
                Item::Text { text, .. } if !text.is_empty() && open != Some(tag) => {
                    if let Some(e) = tag {
                        kids[e].push(Kid::Mcr { page: pi, mcid });
                        parents.push(e);
                        mcid += 1;
                    }
                    open = Some(tag);
                }
                _ => {}
            }
        }
        parents_of_page.push(parents);
    }
    // Elements that never came to stand anywhere (no marker) still belong
    // to the tree, at the end of their parent.
    for e in 0..n {
        place(e, structure, &mut placed, &mut kids, &mut top);
    }

    // Ids reserved in the lopdf document, the objects written raw.
    let root_id = lo.new_object_id();
    let doc_id = lo.new_object_id();
    let tree_id = lo.new_object_id();
    let ids: Vec<ObjectId> = (0..n).map(|_| lo.new_object_id()).collect();
    for (e, elem) in structure.iter().enumerate() {
        // The page of the element's first content: its MCIDs there are
        // plain integers, others references with their page (14.7.4.2).
        let home = kids[e].iter().find_map(|k| match k {
            Kid::Mcr { page, .. } => page_ids.get(*page).copied(),
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
            let present = kids[e].iter().filter(|k| match k {
                Kid::Mcr { page, .. } => page_ids.get(*page).is_some(),
                Kid::Elem(_) => true,
            });
            b.list(present, |b, k| match k {
                Kid::Elem(c) => {
                    b.reference(ids[*c].0);
                }
                Kid::Mcr { page, mcid } => {
                    let pg = page_ids[*page];
                    if Some(pg) == home {
                        b.int(*mcid);
                    } else {
                        b.raw(b"<</Type/MCR/Pg ")
                            .reference(pg.0)
                            .raw(b"/MCID ")
                            .int(*mcid)
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
    let marked = parents_of_page.len().min(page_ids.len());
    for (pi, pg) in page_ids.iter().take(marked).enumerate() {
        if let Ok(Object::Dictionary(pd)) = lo.get_object_mut(*pg) {
            pd.set("StructParents", Object::Integer(pi as i64));
        }
    }
    raw.push(tree_id.0, |b| {
        b.raw(b"<</Nums[");
        for (pi, parents) in parents_of_page.iter().take(marked).enumerate() {
            b.raw(b"\n").int(pi as i64).list(parents, |b, e| {
                b.reference(ids[*e].0);
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
            .int(pages.len() as i64)
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
