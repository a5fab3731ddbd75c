//! PDF/A-2b (ISO 19005-2, level B) of the bundled example's PDF, checked
//! from the file: the clauses a validator would test that our writer can
//! get wrong. No veraPDF runs here (none can be installed); qpdf checks the
//! syntax. Clauses: 6.1.2 header and binary comment, 6.1.3 trailer /ID, no
//! encryption and nothing after %%EOF (the trailer being the dictionary of
//! the one cross-reference stream), 6.2.3 output intent, 6.2.11.4.1 embedded fonts, 6.3.2
//! annotation flags, 6.5.1 actions (no JavaScript, no Launch), 6.6.2.1
//! metadata stream, 6.6.4 PDF/A identification, and the Info dictionary's
//! equivalence with the XMP properties.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::Command;

use lopdf::{Dictionary, Document, Object};
use quick_xml::events::Event;

use techfile::export::{export, ExportFormat, ExportOptions};

use crate::common::run_cli;
use crate::pdf_text::{have, info, qpdf_check_file};

const EXAMPLE: &str = "examples/ecg-arrhythmia/techfile.json";

fn example_pdf(opts: &ExportOptions) -> Vec<u8> {
    let tf = techfile::example::example().expect("example parses");
    export(&tf, ExportFormat::Pdf, opts).expect("pdf")
}

fn load(pdf: &[u8]) -> Document {
    Document::load_mem(pdf).expect("lopdf reads the file")
}

fn catalog(doc: &Document) -> &Dictionary {
    let id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .expect("Root");
    doc.get_dictionary(id).expect("catalog")
}

/// `o`, or the object it refers to.
fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).expect("referenced object"),
        o => o,
    }
}

fn name<'a>(d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    d.get(key).ok()?.as_name().ok()
}

/// The text of each XMP property, by qualified name (`dc:title`): for a
/// property holding an rdf:Alt or rdf:Seq, the text of its (first) rdf:li.
fn xmp_properties(xml: &str) -> BTreeMap<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<(String, String, bool)> = Vec::new(); // name, text, has children
    let mut out = BTreeMap::new();
    loop {
        match reader
            .read_event()
            .expect("the XMP packet is well-formed XML")
        {
            Event::Start(e) => {
                if let Some(top) = stack.last_mut() {
                    top.2 = true;
                }
                let n = e.name().as_ref().to_string();
                stack.push((n, String::new(), false));
            }
            Event::Empty(e) => {
                if let Some(top) = stack.last_mut() {
                    top.2 = true;
                }
                let _ = e;
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.1.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref().expect("character reference") {
                    Some(c) => c.to_string(),
                    None => match &*r {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => panic!("unknown entity &{other};"),
                    },
                };
                if let Some(top) = stack.last_mut() {
                    top.1.push_str(&s);
                }
            }
            Event::End(_) => {
                let (n, text, has_children) = stack.pop().expect("balanced");
                if has_children {
                    continue;
                }
                // The property: the nearest element outside the rdf: and x: wrappers.
                let prop = std::iter::once(&n)
                    .chain(stack.iter().rev().map(|(n, _, _)| n))
                    .find(|n| !n.starts_with("rdf:") && !n.starts_with("x:"))
                    .cloned();
                if let Some(p) = prop {
                    out.entry(p).or_insert(text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed elements");
    out
}

/// The catalog's /Metadata stream: its dictionary and its bytes.
fn metadata(doc: &Document) -> (Dictionary, Vec<u8>) {
    let o = catalog(doc)
        .get(b"Metadata")
        .expect("catalog has /Metadata");
    let s = deref(doc, o).as_stream().expect("/Metadata is a stream");
    (s.dict.clone(), s.content.clone())
}

/// PDF date `D:YYYYMMDDHHmmSSZ` -> XMP `YYYY-MM-DDTHH:mm:SSZ` (the form the
/// example's document date takes).
fn pdf_to_xmp_date(d: &str) -> String {
    let d = d.strip_prefix("D:").expect("PDF date");
    format!(
        "{}-{}-{}T{}:{}:{}{}",
        &d[..4],
        &d[4..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14],
        &d[14..]
    )
}

#[test]
fn the_metadata_stream_is_uncompressed_xmp_equal_to_the_info_dictionary() {
    let pdf = example_pdf(&ExportOptions::default());
    let doc = load(&pdf);
    let (dict, bytes) = metadata(&doc);
    // 6.6.2.1: a metadata stream, readable without PDF filters.
    assert_eq!(name(&dict, b"Type"), Some(&b"Metadata"[..]));
    assert_eq!(name(&dict, b"Subtype"), Some(&b"XML"[..]));
    assert!(
        dict.get(b"Filter").is_err(),
        "metadata stream is compressed"
    );
    let xml = String::from_utf8(bytes).expect("XMP is UTF-8");
    assert!(
        xml.starts_with("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"),
        "{xml}"
    );
    assert!(xml.trim_end().ends_with("<?xpacket end=\"w\"?>"), "{xml}");
    assert!(!xml.contains("bytes=") && !xml.contains("encoding="));
    let xmp = xmp_properties(&xml);
    // 6.6.4: PDF/A-2, level B.
    assert_eq!(xmp["pdfaid:part"], "2");
    assert_eq!(xmp["pdfaid:conformance"], "B");
    // The Info dictionary's entries and their XMP analogues are equal.
    let info = info(&doc);
    let get = |k: &[u8]| info.get(k).cloned();
    assert!(!get(b"Title").unwrap_or_default().is_empty());
    let pairs: [(&[u8], &str); 6] = [
        (b"Title", "dc:title"),
        (b"Author", "dc:creator"),
        (b"Subject", "dc:description"),
        (b"Keywords", "pdf:Keywords"),
        (b"Producer", "pdf:Producer"),
        (b"Creator", "xmp:CreatorTool"),
    ];
    for (key, prop) in pairs {
        let k = String::from_utf8_lossy(key);
        let v = get(key).unwrap_or_else(|| panic!("Info has no /{k}"));
        assert_eq!(xmp.get(prop), Some(&v), "/{k} and {prop}");
    }
    let created = get(b"CreationDate").expect("the example has a date");
    assert_eq!(get(b"ModDate").as_ref(), Some(&created));
    assert_eq!(xmp["xmp:CreateDate"], pdf_to_xmp_date(&created));
    assert_eq!(xmp["xmp:ModifyDate"], pdf_to_xmp_date(&created));
    // No /Trapped (PDF/A allows only True or False; we say nothing).
    assert!(get(b"Trapped").is_none());
}

#[test]
fn the_output_intent_is_pdfa_with_the_shipped_srgb_profile() {
    let doc = load(&example_pdf(&ExportOptions::default()));
    let intents = catalog(&doc)
        .get(b"OutputIntents")
        .map(|o| deref(&doc, o))
        .and_then(Object::as_array)
        .expect("/OutputIntents array");
    assert_eq!(intents.len(), 1);
    let oi = deref(&doc, &intents[0])
        .as_dict()
        .expect("intent dictionary");
    assert_eq!(name(oi, b"Type"), Some(&b"OutputIntent"[..]));
    assert_eq!(name(oi, b"S"), Some(&b"GTS_PDFA1"[..]));
    for key in [&b"OutputConditionIdentifier"[..], b"Info"] {
        assert_eq!(
            oi.get(key).and_then(Object::as_str).ok(),
            Some(&b"sRGB IEC61966-2.1"[..])
        );
    }
    let profile = deref(&doc, oi.get(b"DestOutputProfile").expect("profile"))
        .as_stream()
        .expect("profile stream");
    assert_eq!(
        profile.dict.get(b"N").and_then(Object::as_i64).ok(),
        Some(3)
    );
    let bytes = if profile.dict.get(b"Filter").is_ok() {
        profile.decompressed_content().expect("inflates")
    } else {
        profile.content.clone()
    };
    let shipped = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/icc/sRGB.icc"))
        .expect("shipped profile");
    assert!(bytes == shipped, "the profile is not assets/icc/sRGB.icc");
}

/// Every dictionary of the object graph (stream dictionaries included),
/// nested ones too.
fn all_dicts(doc: &Document) -> Vec<&Dictionary> {
    fn walk<'a>(o: &'a Object, out: &mut Vec<&'a Dictionary>) {
        match o {
            Object::Dictionary(d) => {
                out.push(d);
                d.iter().for_each(|(_, v)| walk(v, out));
            }
            Object::Stream(s) => {
                out.push(&s.dict);
                s.dict.iter().for_each(|(_, v)| walk(v, out));
            }
            Object::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = vec![&doc.trailer];
    doc.trailer.iter().for_each(|(_, v)| walk(v, &mut out));
    doc.objects.values().for_each(|o| walk(o, &mut out));
    out
}

#[test]
fn fonts_are_embedded_and_annotations_print_and_run_no_script() {
    let doc = load(&example_pdf(&ExportOptions::default()));
    let dicts = all_dicts(&doc);
    // 6.2.11.4.1: every font program embedded.
    let descriptors: Vec<_> = dicts
        .iter()
        .filter(|d| name(d, b"Type") == Some(b"FontDescriptor"))
        .collect();
    assert!(!descriptors.is_empty());
    for d in &descriptors {
        assert!(
            d.get(b"FontFile2").is_ok() || d.get(b"FontFile3").is_ok(),
            "font not embedded: {:?}",
            d.get(b"FontName")
        );
    }
    // 6.2.11.3.2: TrueType CIDFonts name their CIDToGIDMap.
    for d in dicts
        .iter()
        .filter(|d| name(d, b"Subtype") == Some(b"CIDFontType2"))
    {
        assert!(d.get(b"CIDToGIDMap").is_ok());
    }
    // 6.3.2 and 6.5.1: every annotation prints (and is not hidden), and its
    // action is a web link or a jump.
    let mut annots = 0;
    for page in doc.get_pages().values() {
        let pd = doc.get_dictionary(*page).expect("page");
        let Ok(list) = pd.get(b"Annots") else {
            continue;
        };
        for a in deref(&doc, list).as_array().expect("Annots array") {
            let a = deref(&doc, a).as_dict().expect("annotation");
            annots += 1;
            let f = a.get(b"F").and_then(Object::as_i64).expect("/F");
            assert_eq!(f & 4, 4, "Print flag");
            assert_eq!(f & (1 | 2 | 32 | 256), 0, "hidden or no-view flags");
            let action = deref(&doc, a.get(b"A").expect("/A"))
                .as_dict()
                .expect("action");
            let s = name(action, b"S").expect("/S");
            assert!(
                s == b"URI" || s == b"GoTo",
                "{}",
                String::from_utf8_lossy(s)
            );
        }
    }
    assert!(annots > 0, "the example has links");
    // 6.5: no JavaScript, no Launch, no additional actions anywhere.
    for d in &dicts {
        for key in [&b"JS"[..], b"JavaScript", b"AA"] {
            assert!(d.get(key).is_err(), "/{}", String::from_utf8_lossy(key));
        }
        if let Some(s) = name(d, b"S") {
            assert!(
                ![&b"JavaScript"[..], b"Launch", b"ImportData", b"ResetForm"].contains(&s),
                "action {}",
                String::from_utf8_lossy(s)
            );
        }
    }
}

#[test]
fn header_binary_comment_trailer_id_and_no_encryption() {
    let pdf = example_pdf(&ExportOptions::default());
    // 6.1.2: `%PDF-1.7`, EOL, then `%` and at least four bytes above 127.
    assert!(pdf.starts_with(b"%PDF-1.7\n%"), "{:?}", &pdf[..16]);
    let comment = &pdf[10..];
    let high = comment.iter().take_while(|b| **b > 127).count();
    assert!(high >= 4, "binary comment: {:?}", &pdf[..16]);
    assert!(matches!(comment[high], b'\n' | b'\r'));
    // 6.1.3: /ID of two strings, no /Encrypt.
    let doc = load(&pdf);
    assert!(doc.trailer.get(b"Encrypt").is_err(), "encrypted");
    let id = doc
        .trailer
        .get(b"ID")
        .and_then(Object::as_array)
        .expect("/ID");
    assert_eq!(id.len(), 2);
    for part in id {
        assert_eq!(part.as_str().expect("string").len(), 16);
    }
}

/// The structure elements and links are packed into compressed object
/// streams and the file has one cross-reference stream (ISO 32000-1 7.5.7,
/// 7.5.8; PDF 1.5, which PDF/A-2 allows and PDF/A-1 did not). 6.1.3 holds
/// for it: the stream's dictionary, which is the trailer, has /ID and no
/// /Encrypt, and nothing follows the end-of-file marker.
#[test]
fn one_cross_reference_stream_is_the_trailer_and_nothing_follows_eof() {
    let pdf = example_pdf(&ExportOptions::default());
    assert!(pdf.ends_with(b"%%EOF"), "data after %%EOF");
    let find = |needle: &[u8]| pdf.windows(needle.len()).rposition(|w| w == needle);
    let sx = find(b"startxref\n").expect("startxref");
    let at: usize = String::from_utf8_lossy(&pdf[sx + 10..])
        .lines()
        .next()
        .and_then(|l| l.trim().parse().ok())
        .expect("the cross-reference offset");
    let head = String::from_utf8_lossy(&pdf[at..(at + 300).min(pdf.len())]).into_owned();
    let dict = head.split_once("obj\n").expect("an object").1;
    assert!(dict.starts_with("<</Type/XRef/Size "), "{head}");
    let dict = &dict[..dict.find(">>\nstream").expect("a stream")];
    for key in ["/Root ", "/Info ", "/ID[", "/W[1 "] {
        assert!(dict.contains(key), "{key} missing in {dict}");
    }
    assert!(
        !dict.contains("/Encrypt") && !dict.contains("/Prev"),
        "{dict}"
    );
    // No classic table, no trailer keyword; the elements are compressed.
    let count = |needle: &[u8]| pdf.windows(needle.len()).filter(|w| *w == needle).count();
    assert_eq!(count(b"\nxref\n") + count(b"\ntrailer"), 0);
    assert!(count(b"/Type/ObjStm") > 5);
    assert_eq!(count(b"/StructElem") + count(b"/S/TD/P"), 0);
    // Read back, the tree and the links are there (see pdf_tags, pdf_xref).
    let doc = load(&pdf);
    assert!(catalog(&doc).get(b"StructTreeRoot").is_ok());
}

#[test]
fn qpdf_finds_no_error_and_shows_the_metadata_stream_unfiltered() {
    if !have("qpdf") {
        assert!(
            std::env::var_os("CI").is_none(),
            "qpdf is required on CI for the PDF/A checks"
        );
        eprintln!("SKIP: qpdf not installed; PDF/A syntax check not run");
        return;
    }
    let pdf = example_pdf(&ExportOptions::default());
    let mut f = tempfile::NamedTempFile::new().expect("temp");
    f.write_all(&pdf).expect("write");
    let text = qpdf_check_file(f.path());
    assert!(text.contains("File is not encrypted"), "{text}");
    // qpdf reads the catalog's /Metadata the same way.
    let doc = load(&pdf);
    let md = match catalog(&doc).get(b"Metadata").expect("/Metadata") {
        Object::Reference((n, g)) => format!("{n},{g}"),
        o => panic!("/Metadata is not a reference: {o:?}"),
    };
    let out = Command::new("qpdf")
        .arg(format!("--show-object={md}"))
        .arg("--raw-stream-data")
        .arg(f.path())
        .output()
        .expect("qpdf runs");
    let raw = String::from_utf8_lossy(&out.stdout);
    assert!(raw.contains("<pdfaid:part>2</pdfaid:part>"), "{raw}");
}

#[test]
fn two_exports_are_byte_identical() {
    let a = example_pdf(&ExportOptions::default());
    let b = example_pdf(&ExportOptions::default());
    assert!(a == b, "PDF/A exports differ");
}

#[test]
fn no_pdfa_writes_the_plain_file() {
    let dir = tempfile::tempdir().expect("dir");
    let plain = dir.path().join("plain.pdf");
    let pdfa = dir.path().join("pdfa.pdf");
    for (out, extra) in [(&plain, Some("--no-pdfa")), (&pdfa, None)] {
        let mut args = vec![
            "export".to_string(),
            EXAMPLE.into(),
            "--format".into(),
            "pdf".into(),
            "-o".into(),
            out.to_string_lossy().into_owned(),
        ];
        args.extend(extra.map(String::from));
        run_cli(&args).expect_code(0);
    }
    let plain = std::fs::read(&plain).expect("plain pdf");
    let pdfa = std::fs::read(&pdfa).expect("pdf/a");
    let doc = load(&plain);
    let cat = catalog(&doc);
    assert!(cat.get(b"Metadata").is_err(), "plain file has /Metadata");
    assert!(
        cat.get(b"OutputIntents").is_err(),
        "plain file has /OutputIntents"
    );
    assert!(plain.starts_with(b"%PDF-1.7"));
    // The CLI's default is PDF/A.
    let doc = load(&pdfa);
    assert!(catalog(&doc).get(b"Metadata").is_ok());
    assert!(catalog(&doc).get(b"OutputIntents").is_ok());
    // The library's switch does the same.
    let doc = load(&example_pdf(&ExportOptions {
        pdfa: false,
        ..ExportOptions::default()
    }));
    assert!(catalog(&doc).get(b"Metadata").is_err());
    assert!(catalog(&doc).get(b"OutputIntents").is_err());
}
