//! PDF/A-2b (ISO 19005-2, level B): the XMP metadata packet that mirrors
//! the Info dictionary (6.6.2.1, 6.6.4), the sRGB output intent (6.2.3) and
//! the binary header comment (6.1.2). It writes no page content and decides
//! no metadata: the values come from the Info dictionary `emit` builds.

use lopdf::{Dictionary, Object, Stream, StringFormat};

use super::{catalog_id, lo_err};
use crate::pdf::PdfError;

/// The sRGB profile of the output intent (ICC Profiles Free, Zlib licence;
/// assets/icc/LICENSE-sRGB.txt): ICC v2, device class `mntr`, colour space
/// `RGB `, as 6.2.3 asks of a DestOutputProfile.
pub(super) const SRGB_ICC: &[u8] = include_bytes!("../../../assets/icc/sRGB.icc");

/// The output condition the profile describes.
const SRGB_NAME: &str = "sRGB IEC61966-2.1";

/// The Info dictionary's text entries, as written there, and its date (the
/// PDF date string of both CreationDate and ModDate).
pub(super) struct InfoText<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// `None` when the Info dictionary has no /Keywords.
    pub keywords: Option<&'a str>,
    pub creator: &'a str,
    pub producer: &'a str,
    pub date: Option<&'a str>,
}

/// Escapes `s` for XML element content. Carriage returns become `&#xD;`:
/// an XML parser would otherwise turn them into line feeds, and the value
/// would no longer equal the Info dictionary's.
pub(super) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether XML 1.0 allows `c` in a document at all (escaped or not): the
/// C0 controls other than tab, line feed and carriage return, and U+FFFE
/// and U+FFFF, it does not. Metadata text drops them, in the Info
/// dictionary as in the XMP packet, so the two stay equal.
pub(super) fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// A PDF date (`D:YYYYMMDDHHmmSSOHH'mm'`, ISO 32000-1 7.9.4; every part
/// after the year optional, `O` one of `Z`, `+`, `-`) as an XMP date
/// (`YYYY-MM-DDThh:mm:ss` plus `Z` or `+hh:mm`), the same instant written
/// the other way. Without a time zone the XMP date has none either. `None`
/// when `d` is not a PDF date.
pub(super) fn xmp_date(d: &str) -> Option<String> {
    let body = d.strip_prefix("D:").unwrap_or(d);
    let s = body.as_bytes();
    let digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(4..=14).contains(&digits) || !digits.is_multiple_of(2) {
        return None;
    }
    let num = |i: usize, default: u32| -> u32 {
        if i + 2 <= digits {
            u32::from(s[i] - b'0') * 10 + u32::from(s[i + 1] - b'0')
        } else {
            default
        }
    };
    let (month, day) = (num(4, 1), num(6, 1));
    let (hour, min, sec) = (num(8, 0), num(10, 0), num(12, 0));
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || min > 59 || sec > 59 {
        return None;
    }
    let rest = &s[digits..];
    let zone = match rest.first() {
        None => String::new(),
        // `Z`, optionally followed by `00'00'`.
        Some(b'Z') if rest[1..].iter().all(|b| b"0'".contains(b)) => "Z".to_string(),
        Some(sign @ (b'+' | b'-')) => {
            let hm: Vec<u8> = rest[1..].iter().copied().filter(|b| *b != b'\'').collect();
            if !(hm.len() == 2 || hm.len() == 4) || !hm.iter().all(u8::is_ascii_digit) {
                return None;
            }
            let h = &hm[..2];
            let m: &[u8] = if hm.len() == 4 { &hm[2..] } else { b"00" };
            format!(
                "{}{}{}:{}{}",
                *sign as char, h[0] as char, h[1] as char, m[0] as char, m[1] as char
            )
        }
        _ => return None,
    };
    Some(format!(
        "{}-{month:02}-{day:02}T{hour:02}:{min:02}:{sec:02}{zone}",
        &body[..4]
    ))
}

/// The XMP packet: PDF/A identification (part 2, level B; 6.6.4) and the
/// Info dictionary's entries as their XMP analogues, all in predefined
/// schemas (6.6.2.3: no extension schema needed; dc:title and
/// dc:description as language alternatives, dc:creator as a sequence of
/// one). UTF-8, no `bytes` or
/// `encoding` attribute in the header (6.6.2.1), writable trailer.
pub(super) fn xmp_packet(info: &InfoText) -> String {
    let mut x = String::with_capacity(2048);
    x.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str(
        "  <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n",
    );
    x.push_str("   <pdfaid:part>2</pdfaid:part>\n");
    x.push_str("   <pdfaid:conformance>B</pdfaid:conformance>\n");
    x.push_str("  </rdf:Description>\n");
    x.push_str(
        "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n",
    );
    x.push_str("   <dc:format>application/pdf</dc:format>\n");
    let alt = |x: &mut String, name: &str, v: &str| {
        x.push_str(&format!(
            "   <dc:{name}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:{name}>\n",
            xml_escape(v)
        ));
    };
    alt(&mut x, "title", info.title);
    x.push_str(&format!(
        "   <dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
        xml_escape(info.author)
    ));
    alt(&mut x, "description", info.subject);
    x.push_str("  </rdf:Description>\n");
    x.push_str("  <rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
    if let Some(k) = info.keywords {
        x.push_str(&format!(
            "   <pdf:Keywords>{}</pdf:Keywords>\n",
            xml_escape(k)
        ));
    }
    x.push_str(&format!(
        "   <pdf:Producer>{}</pdf:Producer>\n",
        xml_escape(info.producer)
    ));
    x.push_str("  </rdf:Description>\n");
    x.push_str("  <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
    x.push_str(&format!(
        "   <xmp:CreatorTool>{}</xmp:CreatorTool>\n",
        xml_escape(info.creator)
    ));
    if let Some(d) = info.date.and_then(xmp_date) {
        x.push_str(&format!("   <xmp:CreateDate>{d}</xmp:CreateDate>\n"));
        x.push_str(&format!("   <xmp:ModifyDate>{d}</xmp:ModifyDate>\n"));
    }
    x.push_str("  </rdf:Description>\n");
    x.push_str(" </rdf:RDF>\n");
    x.push_str("</x:xmpmeta>\n");
    x.push_str("<?xpacket end=\"w\"?>");
    x
}

/// Adds the XMP stream (uncompressed: `compress_streams` leaves /Metadata
/// streams alone) and the sRGB output intent to the catalog, and makes sure
/// the header's comment line has four bytes above 127.
pub(super) fn make_pdfa(lo: &mut lopdf::Document, info: &InfoText) -> Result<(), PdfError> {
    let mut md = Dictionary::new();
    md.set("Type", Object::Name(b"Metadata".to_vec()));
    md.set("Subtype", Object::Name(b"XML".to_vec()));
    let mut metadata = Stream::new(md, xmp_packet(info).into_bytes());
    metadata.allows_compression = false;
    let metadata_id = lo.add_object(metadata);

    let mut pd = Dictionary::new();
    pd.set("N", Object::Integer(3));
    let profile_id = lo.add_object(Stream::new(pd, SRGB_ICC.to_vec()));
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    let name = || Object::String(SRGB_NAME.as_bytes().to_vec(), StringFormat::Literal);
    intent.set("OutputConditionIdentifier", name());
    intent.set("Info", name());
    intent.set("DestOutputProfile", Object::Reference(profile_id));

    let cat = lo
        .get_object_mut(catalog_id(lo)?)
        .and_then(Object::as_dict_mut)
        .map_err(lo_err)?;
    cat.set("Metadata", Object::Reference(metadata_id));
    cat.set(
        "OutputIntents",
        Object::Array(vec![Object::Dictionary(intent)]),
    );
    if lo.binary_mark.len() < 4 || lo.binary_mark.iter().any(|b| *b < 128) {
        lo.binary_mark = vec![0xE2, 0xE3, 0xCF, 0xD3];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_special_characters_are_escaped() {
        assert_eq!(
            xml_escape(r#"R&D <b> "q" 'a'"#),
            "R&amp;D &lt;b&gt; &quot;q&quot; &apos;a&apos;"
        );
        assert_eq!(xml_escape("a\r\nb\tc — 漢字"), "a&#xD;\nb\tc — 漢字");
        assert!(!xml_char('\u{0}') && !xml_char('\u{7}') && !xml_char('\u{FFFF}'));
        assert!(xml_char('\t') && xml_char('é') && xml_char('🙂'));
    }

    #[test]
    fn pdf_dates_become_the_same_xmp_instant() {
        assert_eq!(
            xmp_date("D:20260115000000Z").as_deref(),
            Some("2026-01-15T00:00:00Z")
        );
        assert_eq!(
            xmp_date("D:20260115134501+01'00'").as_deref(),
            Some("2026-01-15T13:45:01+01:00")
        );
        assert_eq!(
            xmp_date("D:20260115134501-05'30").as_deref(),
            Some("2026-01-15T13:45:01-05:30")
        );
        assert_eq!(
            xmp_date("D:20260115134501+00'00'").as_deref(),
            Some("2026-01-15T13:45:01+00:00")
        );
        assert_eq!(xmp_date("D:2026").as_deref(), Some("2026-01-01T00:00:00"));
        for bad in [
            "",
            "D:",
            "D:202",
            "D:20261315",
            "D:2026011525",
            "2026-01-15",
            "D:20260115x",
        ] {
            assert_eq!(xmp_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_packet_is_well_formed_and_carries_the_identification() {
        let info = InfoText {
            title: "A <b> & \"c\"",
            author: "Maker & Co",
            subject: "S",
            keywords: None,
            creator: "Techfile",
            producer: "P",
            date: Some("D:20260115000000Z"),
        };
        let x = xmp_packet(&info);
        assert!(x.starts_with("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"));
        assert!(x.ends_with("<?xpacket end=\"w\"?>"));
        assert!(x.contains("<pdfaid:part>2</pdfaid:part>"));
        assert!(x.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
        assert!(x.contains(">A &lt;b&gt; &amp; &quot;c&quot;</rdf:li>"));
        assert!(x.contains("<xmp:CreateDate>2026-01-15T00:00:00Z</xmp:CreateDate>"));
        assert!(!x.contains("pdf:Keywords"));
        let mut r = quick_xml::Reader::from_str(&x);
        let mut depth = 0i32;
        loop {
            match r.read_event().expect("well-formed") {
                quick_xml::events::Event::Start(_) => depth += 1,
                quick_xml::events::Event::End(_) => depth -= 1,
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0);
        // No date: neither XMP date is written.
        let x = xmp_packet(&InfoText { date: None, ..info });
        assert!(!x.contains("xmp:CreateDate") && !x.contains("xmp:ModifyDate"));
    }
}
