//! Merging: the documents printpdf made of the page chunks, joined in order
//! into the first one (content streams moved, resources shared, fonts only a
//! later chunk used copied over). It does not write pages itself.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId};

use super::lo_err;
use crate::pdf::PdfError;

/// Copy `obj` and everything it references from `from` into `to`.
fn deep_copy(
    obj: &Object,
    from: &lopdf::Document,
    to: &mut lopdf::Document,
    map: &mut BTreeMap<ObjectId, ObjectId>,
) -> Object {
    match obj {
        Object::Reference(r) => {
            if let Some(n) = map.get(r) {
                return Object::Reference(*n);
            }
            let new_id = to.new_object_id();
            map.insert(*r, new_id);
            let copied = match from.objects.get(r) {
                Some(o) => deep_copy(o, from, to, map),
                None => Object::Null,
            };
            to.objects.insert(new_id, copied);
            Object::Reference(new_id)
        }
        Object::Array(a) => Object::Array(a.iter().map(|o| deep_copy(o, from, to, map)).collect()),
        Object::Dictionary(d) => {
            let mut nd = Dictionary::new();
            for (k, v) in d.iter() {
                nd.set(k.clone(), deep_copy(v, from, to, map));
            }
            Object::Dictionary(nd)
        }
        Object::Stream(st) => {
            let mut nd = Dictionary::new();
            for (k, v) in st.dict.iter() {
                nd.set(k.clone(), deep_copy(v, from, to, map));
            }
            let mut ns = lopdf::Stream::new(nd, st.content.clone());
            ns.allows_compression = st.allows_compression;
            Object::Stream(ns)
        }
        o => o.clone(),
    }
}

/// Append the pages of `b` (made with the same fonts) to `a`: content streams
/// move over, pages use `a`'s resources, fonts only `b` used are copied.
pub(super) fn merge_pages(a: &mut lopdf::Document, mut b: lopdf::Document) -> Result<(), PdfError> {
    let a_pages: Vec<ObjectId> = a.get_pages().into_values().collect();
    let b_pages: Vec<ObjectId> = b.get_pages().into_values().collect();
    let first = *a_pages
        .first()
        .ok_or_else(|| PdfError::Write("no pages".into()))?;
    let first_dict = a.get_dictionary(first).map_err(lo_err)?;
    let resources = first_dict.get(b"Resources").map_err(lo_err)?.clone();
    let pages_id = first_dict
        .get(b"Parent")
        .and_then(|p| p.as_reference())
        .map_err(lo_err)?;
    // Fonts of b missing from a's font dictionary.
    let font_dict_of = |doc: &lopdf::Document, page: ObjectId| -> Option<ObjectId> {
        let res = doc.get_dictionary(page).ok()?.get(b"Resources").ok()?;
        let res = match res {
            Object::Reference(r) => doc.get_dictionary(*r).ok()?,
            Object::Dictionary(d) => d,
            _ => return None,
        };
        res.get(b"Font").ok()?.as_reference().ok()
    };
    if let (Some(af), Some(bf)) = (
        font_dict_of(a, first),
        b_pages.first().and_then(|p| font_dict_of(&b, *p)),
    ) {
        let b_fonts = b.get_dictionary(bf).map_err(lo_err)?.clone();
        let mut map = BTreeMap::new();
        let mut missing = Vec::new();
        {
            let a_fonts = a.get_dictionary(af).map_err(lo_err)?;
            for (k, v) in b_fonts.iter() {
                if !a_fonts.has(k) {
                    missing.push((k.clone(), v.clone()));
                }
            }
        }
        for (k, v) in missing {
            let copied = deep_copy(&v, &b, a, &mut map);
            if let Ok(Object::Dictionary(d)) = a.get_object_mut(af) {
                d.set(k, copied);
            }
        }
    }
    let mut kids: Vec<Object> = a_pages.iter().map(|p| Object::Reference(*p)).collect();
    for pid in b_pages {
        let pd = b.get_dictionary(pid).map_err(lo_err)?.clone();
        let mut np = Dictionary::new();
        np.set("Type", Object::Name(b"Page".to_vec()));
        for key in [b"MediaBox".as_slice(), b"TrimBox", b"CropBox"] {
            if let Ok(v) = pd.get(key) {
                np.set(key.to_vec(), v.clone());
            }
        }
        np.set("Parent", pages_id);
        np.set("Resources", resources.clone());
        if let Ok(cref) = pd.get(b"Contents").and_then(|c| c.as_reference()) {
            if let Some(content) = b.objects.remove(&cref) {
                let id = a.add_object(content);
                np.set("Contents", id);
            }
        }
        np.set("Annots", Object::Array(Vec::new()));
        let id = a.add_object(np);
        kids.push(Object::Reference(id));
    }
    let count = kids.len() as i64;
    if let Ok(Object::Dictionary(pages)) = a.get_object_mut(pages_id) {
        pages.set("Kids", Object::Array(kids));
        pages.set("Count", count);
    }
    Ok(())
}
