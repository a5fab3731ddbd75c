//! Standard designations in text: `EN 62304:2006+A1:2015`,
//! `EN ISO 14971:2019/A11:2021`, `IEC 81001-5-1:2021`, `ISO/IEC 23894:2023`,
//! and whether a citation names the edition the register holds.
//!
//! The matcher is conservative, so that a finding is a real inconsistency:
//! a citation is compared only with register entries of the same standard
//! number (part included: `62366-1` is not `62366-2`), only when it is dated
//! (an undated reference means the edition in force), and corrigenda never
//! count. A European citation (`EN ...`) must name the register's European
//! edition with its amendments; an international one (`IEC ...`, `ISO ...`)
//! may name the international edition the European one adopts (`adopts`, or
//! the European designation without its European-only A11, A12, ...
//! amendments).

/// A parsed dated or undated designation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Designation {
    /// The first publisher is EN (a European standard).
    pub european: bool,
    /// The number with its part, e.g. `62366-1`.
    pub number: String,
    pub year: Option<u16>,
    /// Amendments (not corrigenda), in the order written.
    pub amendments: Vec<Amendment>,
}

/// An amendment: `A1:2015`, `AMD1:2015`, `A11:2021`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amendment {
    pub number: u16,
    pub year: Option<u16>,
}

/// A designation found in a text: its byte range and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited<'a> {
    pub text: &'a str,
    pub designation: Designation,
}

const PUBLISHERS: &[&str] = &[
    "EN", "ISO", "IEC", "TR", "TS", "PAS", "AAMI", "ANSI", "CEN", "CLC", "IEEE", "UL", "DIN", "BS",
    "ASTM",
];

/// Every designation in `text`, in order.
pub fn scan(text: &str) -> Vec<Cited<'_>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let at_word = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if at_word && b[i].is_ascii_uppercase() {
            if let Some((designation, end)) = parse_at(b, i) {
                out.push(Cited {
                    text: &text[i..end],
                    designation,
                });
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// `s` as one designation (surrounding space allowed), if it is one.
pub fn parse(s: &str) -> Option<Designation> {
    let t = s.trim();
    let (d, end) = parse_at(t.as_bytes(), 0)?;
    (end == t.len()).then_some(d)
}

fn word(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < b.len() && b[j].is_ascii_alphabetic() {
        j += 1;
    }
    j
}

fn digits(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    j
}

fn num(b: &[u8], from: usize, to: usize) -> Option<u16> {
    std::str::from_utf8(&b[from..to]).ok()?.parse().ok()
}

/// `:YYYY` at `i`: the year and the end.
fn year_at(b: &[u8], i: usize) -> Option<(u16, usize)> {
    if b.get(i) != Some(&b':') {
        return None;
    }
    let e = digits(b, i + 1);
    (e - (i + 1) == 4).then(|| num(b, i + 1, e).map(|y| (y, e)))?
}

fn parse_at(b: &[u8], start: usize) -> Option<(Designation, usize)> {
    // Publishers: `EN`, `EN ISO`, `ISO/IEC`, `IEC TR`, `ANSI/AAMI` ...
    let mut i = start;
    let mut first: Option<&[u8]> = None;
    loop {
        let e = word(b, i);
        let w = &b[i..e];
        if w.is_empty() || !PUBLISHERS.iter().any(|p| p.as_bytes() == w) {
            return None;
        }
        first.get_or_insert(w);
        i = e;
        match b.get(i) {
            Some(b'/') if b.get(i + 1).is_some_and(|c| c.is_ascii_uppercase()) => i += 1,
            Some(b' ') => {
                i += 1;
                let e = word(b, i);
                if !PUBLISHERS.iter().any(|p| p.as_bytes() == &b[i..e]) {
                    break;
                }
            }
            _ => return None,
        }
    }
    // The number and its parts: 62366-1, 81001-5-1; AAMI's EC57, TIR57.
    let letters = word(b, i);
    if letters - i > 4 || !b[i..letters].iter().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let e = digits(b, letters);
    if e - letters < 2 || (letters == i && e - i < 3) {
        return None;
    }
    let mut end = e;
    while b.get(end) == Some(&b'-') && b.get(end + 1).is_some_and(|c| c.is_ascii_digit()) {
        end = digits(b, end + 1);
    }
    if b.get(end).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let number = String::from_utf8_lossy(&b[i..end]).into_owned();
    let mut d = Designation {
        european: first == Some(b"EN".as_slice()),
        number,
        year: None,
        amendments: Vec::new(),
    };
    let Some((y, e)) = year_at(b, end) else {
        return Some((d, end));
    };
    d.year = Some(y);
    end = e;
    // Amendments and corrigenda: `/A11:2021`, `+A1:2015`, `+AMD1:2015`,
    // `/Amd 1:2020`, `/AC:2018`.
    loop {
        let mut j = end;
        if !matches!(b.get(j), Some(b'/' | b'+')) {
            break;
        }
        j += 1;
        while b.get(j) == Some(&b' ') {
            j += 1;
        }
        let we = word(b, j);
        let kind = b[j..we].to_ascii_uppercase();
        let corrigendum = match kind.as_slice() {
            b"A" | b"AMD" => false,
            b"AC" | b"COR" => true,
            _ => break,
        };
        let mut k = we;
        if matches!(b.get(k), Some(b' ' | b'.')) && b.get(k + 1).is_some_and(|c| c.is_ascii_digit())
        {
            k += 1;
        }
        let ne = digits(b, k);
        let number = if ne > k { num(b, k, ne) } else { None };
        if number.is_none() && !corrigendum {
            break;
        }
        let (year, ye) = match year_at(b, ne) {
            Some((y, e)) => (Some(y), e),
            None => (None, ne),
        };
        if !corrigendum {
            d.amendments.push(Amendment {
                number: number.unwrap_or(0),
                year,
            });
        }
        end = ye;
    }
    Some((d, end))
}

/// Whether the dated citation `cited` names the edition of a register entry
/// whose designations (its own, then the one it adopts) are `forms`.
pub fn same_edition(cited: &Designation, forms: &[Designation]) -> bool {
    let european: Vec<&Designation> = forms.iter().filter(|f| f.european).collect();
    let candidates: Vec<Designation> = if cited.european && !european.is_empty() {
        european.into_iter().cloned().collect()
    } else {
        forms
            .iter()
            .map(|f| {
                let mut f = f.clone();
                if f.european && !cited.european {
                    // A11, A12, ...: European-only amendments (Annex Z).
                    f.amendments.retain(|a| a.number < 11);
                }
                f
            })
            .collect()
    };
    candidates.iter().any(|f| {
        f.year == cited.year
            && f.amendments.len() == cited.amendments.len()
            && cited.amendments.iter().all(|a| {
                f.amendments.iter().any(|b| {
                    a.number == b.number
                        && (a.year.is_none() || b.year.is_none() || a.year == b.year)
                })
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Designation {
        parse(s).unwrap_or_else(|| panic!("{s} parses"))
    }

    #[test]
    fn parses_the_usual_designations() {
        let x = d("EN 62304:2006+A1:2015");
        assert!(x.european);
        assert_eq!(x.number, "62304");
        assert_eq!(x.year, Some(2006));
        assert_eq!(
            x.amendments,
            vec![Amendment {
                number: 1,
                year: Some(2015)
            }]
        );
        let x = d("EN ISO 13485:2016/AC:2018/A11:2021");
        assert_eq!(x.amendments.len(), 1, "the corrigendum does not count");
        assert_eq!(x.amendments[0].number, 11);
        assert_eq!(d("IEC 81001-5-1:2021").number, "81001-5-1");
        assert_eq!(d("ISO/IEC 23894:2023").number, "23894");
        assert!(!d("ISO/IEC 23894:2023").european);
        assert_eq!(d("IEC 62304:2006/Amd 1:2015").amendments[0].number, 1);
        assert_eq!(d("IEC 62304:2006+AMD1:2015").amendments[0].number, 1);
        assert_eq!(d("IEC TR 60601-4-5:2021").number, "60601-4-5");
        assert_eq!(d("IEC 62304").year, None);
        assert_eq!(d("ANSI/AAMI EC57:2012").number, "EC57");
        assert_eq!(d("AAMI TIR34971:2023").number, "TIR34971");
        for not in [
            "",
            "62304:2006",
            "XYZ 62304:2006",
            "ISO 12",
            "EN ISO",
            "ISO 14971x",
            "EN Annex 1",
            "IEC Ed2",
        ] {
            assert!(parse(not).is_none(), "{not}");
        }
    }

    #[test]
    fn scans_citations_in_prose() {
        let t = "Design follows IEC 62304:2006/A1:2015 and EN ISO 13485:2016. Risk: \
                 ISO 14971 (undated), class B per IEC 62304 §4.3; 2,000 patients; \
                 MDR Annex I 17.2; IEC 81001-5-1:2021.";
        let c: Vec<&str> = scan(t).iter().map(|c| c.text).collect();
        assert_eq!(
            c,
            vec![
                "IEC 62304:2006/A1:2015",
                "EN ISO 13485:2016",
                "ISO 14971",
                "IEC 62304",
                "IEC 81001-5-1:2021"
            ]
        );
        // Inside a word or an identifier, nothing is a designation.
        assert!(scan("SRS-CSA-003 v3.2, XISO 14971:2019, ENISO 1234:2000").is_empty());
    }

    #[test]
    fn editions_match_conservatively() {
        let en62304 = [d("EN 62304:2006+A1:2015"), d("IEC 62304:2006+AMD1:2015")];
        // Positives: the same standard, another year or other amendments.
        for bad in [
            "IEC 62304:2006",
            "EN 62304:2006",
            "IEC 62304:2015",
            "EN 62304:2006/A2:2021",
            "EN 62304:2006+A1:2016",
        ] {
            assert!(!same_edition(&d(bad), &en62304), "{bad} should differ");
        }
        // Negatives: the same edition written another way.
        for good in [
            "EN 62304:2006+A1:2015",
            "EN 62304:2006/A1:2015",
            "IEC 62304:2006/A1:2015",
            "IEC 62304:2006/Amd 1:2015",
            "IEC 62304:2006+AMD1:2015",
            "EN 62304:2006/AC:2008/A1:2015",
        ] {
            assert!(same_edition(&d(good), &en62304), "{good} should match");
        }
        // EN-only amendments (A11) and the adopted international edition.
        let en14971 = [d("EN ISO 14971:2019/A11:2021")];
        assert!(same_edition(&d("ISO 14971:2019"), &en14971));
        assert!(!same_edition(&d("EN ISO 14971:2019"), &en14971));
        assert!(!same_edition(&d("ISO 14971:2007"), &en14971));
        let en82304 = [d("EN IEC 82304-1:2017"), d("IEC 82304-1:2016")];
        assert!(same_edition(&d("IEC 82304-1:2016"), &en82304));
        assert!(same_edition(&d("EN IEC 82304-1:2017"), &en82304));
        assert!(!same_edition(&d("EN IEC 82304-1:2016"), &en82304));
    }
}
