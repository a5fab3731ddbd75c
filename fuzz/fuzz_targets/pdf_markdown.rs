//! Markdown -> PDF: the body Markdown `export --format pdf` hands to the PDF
//! engine (`pdf::layout`, then `pdf::emit`), with the example's front matter.
//! Any Markdown must lay out and emit; the bytes must be a PDF.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use techfile::pdf::{self, FrontMatter, PdfOptions};

fuzz_target!(|data: &[u8]| {
    static FRONT: OnceLock<FrontMatter> = OnceLock::new();
    let front = FRONT.get_or_init(|| FrontMatter::from_model(&techfile_fuzz::example()));
    let Ok(md) = std::str::from_utf8(data) else {
        return;
    };
    let opts = PdfOptions::default();
    let doc = pdf::layout(front, md, &opts).expect("any Markdown lays out");
    let out = pdf::emit(&doc, &opts).expect("any laid-out document emits");
    assert!(out.bytes.starts_with(b"%PDF-"), "not a PDF");
});
