//! Shared by the PDF tests: the text of each page, extracted with poppler's
//! `pdftotext`, and `qpdf --check` (both installed by
//! `scripts/install-deps.sh`; a test without them says SKIP and passes).

use std::io::Write;
use std::process::Command;

/// The bundled example and its Markdown as the PDF path renders it (no
/// Markdown front matter: the PDF engine draws its own).
pub fn example_markdown() -> (techfile::TechFile, String) {
    let tf = techfile::example::example().expect("example loads");
    let md = techfile::render::markdown(
        &tf,
        &techfile::render::RenderOptions {
            front_matter: false,
            ..techfile::render::RenderOptions::default()
        },
    )
    .expect("markdown");
    (tf, md)
}

/// The example's PDF made through the real path (model -> Markdown -> PDF).
pub fn example_pdf() -> (techfile::TechFile, String, Vec<u8>) {
    let (tf, md) = example_markdown();
    let pdf = techfile::pdf::render_pdf(&tf, &md).expect("pdf");
    (tf, md, pdf)
}

/// The example laid out, not yet emitted: its pages, anchors and structure.
pub fn example_layout() -> (
    techfile::TechFile,
    String,
    techfile::pdf::doc::Document<'static>,
) {
    let (tf, md) = example_markdown();
    let front = techfile::pdf::FrontMatter::from_model(&tf);
    let doc =
        techfile::pdf::layout(&front, &md, &techfile::pdf::PdfOptions::default()).expect("layout");
    (tf, md, doc)
}

/// The bytes of a laid-out document.
pub fn emitted(doc: &techfile::pdf::doc::Document) -> Vec<u8> {
    techfile::pdf::emit::emit(doc, &techfile::pdf::PdfOptions::default())
        .expect("emit")
        .bytes
}

pub fn have(bin: &str) -> bool {
    Command::new(bin).arg("-v").output().is_ok()
}

/// Text of each page (pdftotext, reading order), or None without poppler.
pub fn pages_text(pdf: &[u8], layout: bool) -> Option<Vec<String>> {
    if !have("pdftotext") {
        eprintln!("SKIP: pdftotext (poppler-utils) not installed");
        return None;
    }
    let mut f = tempfile::NamedTempFile::new().expect("temp file");
    f.write_all(pdf).expect("write pdf");
    let mut cmd = Command::new("pdftotext");
    if layout {
        cmd.arg("-layout");
    }
    let out = cmd.arg(f.path()).arg("-").output().expect("run pdftotext");
    assert!(out.status.success(), "pdftotext failed");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Some(pages)
}

/// `qpdf --check` finds no error and prints no warning (skipped without qpdf).
pub fn assert_qpdf_clean(pdf: &[u8]) {
    if !have("qpdf") {
        eprintln!("SKIP: qpdf not installed");
        return;
    }
    let mut f = tempfile::NamedTempFile::new().expect("temp");
    f.write_all(pdf).expect("write");
    qpdf_check_file(f.path());
}

/// `qpdf --check` on the file at `path` finds no error and prints no
/// warning; its report (qpdf must be installed).
pub fn qpdf_check_file(path: &std::path::Path) -> String {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .expect("qpdf");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "qpdf --check failed: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("No syntax or stream encoding errors"),
        "{text}"
    );
    assert!(
        out.stderr.is_empty(),
        "qpdf warnings: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// One numbered line of the contents: "1.2.3  Title . . . . 42".
pub struct TocEntry {
    pub number: String,
    pub title: String,
    pub page: usize,
}

/// The numbered entries, with dot leaders, of the contents pages `toc`
/// (`-layout` text). The continuation line of a wrapped title is not an
/// entry; nor is a numbered line of another page (a revision table).
pub fn toc_entries<'a>(toc: impl IntoIterator<Item = &'a String>) -> Vec<TocEntry> {
    let mut out = Vec::new();
    for line in toc.into_iter().flat_map(|p| p.lines()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            continue;
        };
        let numbered = first.chars().all(|c| c.is_ascii_digit() || c == '.')
            && !first.ends_with('.')
            && first.starts_with(|c: char| c.is_ascii_digit());
        let Ok(page) = last.parse::<usize>() else {
            continue;
        };
        if !numbered || words.len() < 3 || !(line.contains(". .") || line.contains("..")) {
            continue;
        }
        let title = words[1..words.len() - 1]
            .join(" ")
            .trim_end_matches(['.', ' '])
            .to_string();
        out.push(TocEntry {
            number: first.to_string(),
            title,
            page,
        });
    }
    out
}

/// The Info dictionary's text strings by key (UTF-16BE with its byte order
/// mark, or PDFDocEncoding read as UTF-8).
pub fn info(doc: &lopdf::Document) -> std::collections::BTreeMap<Vec<u8>, String> {
    let id = doc
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .expect("Info");
    let dict = doc.get_dictionary(id).expect("Info dict");
    dict.iter()
        .filter_map(|(k, v)| {
            let b = v.as_str().ok()?;
            let text = match b.strip_prefix(&[0xFE, 0xFF]) {
                Some(be) => String::from_utf16_lossy(
                    &be.chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                        .collect::<Vec<_>>(),
                ),
                None => String::from_utf8_lossy(b).into_owned(),
            };
            Some((k.clone(), text))
        })
        .collect()
}
