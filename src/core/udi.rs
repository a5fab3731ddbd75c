//! Identity checks a notified-body reviewer runs on the identifiers of a
//! technical file: Basic UDI-DI, UDI-DI, EUDAMED SRN, notified-body number and
//! EMDN code (MDR Annex VI Part C, Art. 27-31, Art. 26; IVDR likewise).
//!
//! Every check returns `Ok` (for UDI identifiers: the issuing entity whose form
//! matched) or an [`IdProblem`]: one sentence saying what is wrong and what was
//! expected and, where it can be computed, the corrected identifier.
//!
//! Sources the algorithms and forms follow (each function cites its own):
//! - GS1 GMN check character pair: GS1 General Specifications, GMN (AI 8013)
//!   "check character pair" (mod 1021 over GS1 AI encodable character set 82,
//!   split over two characters of a 32-character subset), as implemented and
//!   test-vectored by GS1's own helper libraries, github.com/gs1/gmn-helpers
//!   (`js/gmn.js`, `js/gmn.test.js`).
//! - GTIN check digit: GS1 General Specifications, standard mod-10 check digit
//!   (weights 3,1,3,... from the right).
//! - HIBCC: HIBC Supplier Labeling Standard primary data structure and its
//!   modulus-43 check character (hibcc.org "Primary Product Identification
//!   Data Structure Formatter"); HIBC Basic UDI-DI (`++`, LIC, model
//!   identifier, two check characters "calculated using Mod 1021 and Mod 32")
//!   as published on the EUDAMED help page "Basic UDI-DI generators depending
//!   on Issuing Entity" (example `++A999MODELIDENTIFIER11S8`).
//! - IFA: "IFA Coding System - Specification Unique Device Identification
//!   (UDI)" (v2.5) for PPN (`11`), HPC (`13`), Master UDI-DI (`MA`) and Basic
//!   UDI-DI (`PP`), and "IFA-Info Check Digit Calculations PZN PPN UDI" for
//!   the mod-97 (and PZN mod-11) check digits; also the IFA Basic UDI-DI sheet
//!   on health.ec.europa.eu (`md_ifa_basic_udi-di_en_0.pdf`).
//! - ICCBBA: ISBT 128 Standard Technical Specification (ST-001) data
//!   structures 034 (Processor Product Identification Code, `=/`) and 017
//!   (container manufacturer and catalogue number, `=)`); checked for shape
//!   only. The ICCBBA Basic UDI-DI (ICCBBA ST-017) could not be confirmed, so
//!   it is not accepted by [`basic_udi_di`].
//! - SRN: EUDAMED actor registration, `CC-TT-NNNNNNNNN` (MDR Art. 31).
//! - Notified-body number: the four-digit identification number the
//!   Commission assigns in NANDO (MDR Art. 43).
//! - EMDN: category letter, two-digit group, one to five two-digit type
//!   levels, at most 13 characters (MDCG 2021-12 and the EMDN structure
//!   notes of the Commission's EMDN platform).

use std::fmt;

/// The issuing entity whose identifier form an input matched (Commission
/// Implementing Decision (EU) 2019/939 designates GS1, HIBCC, ICCBBA and IFA).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issuer {
    /// GS1 AISBL: GTIN (UDI-DI), GMN (Basic UDI-DI).
    Gs1,
    /// Health Industry Business Communications Council: HIBC forms.
    Hibcc,
    /// Informationsstelle fuer Arzneispezialitaeten (IFA GmbH): PPN, HPC.
    Ifa,
    /// ICCBBA: ISBT 128.
    Iccbba,
}

impl Issuer {
    /// The issuing entity's usual short name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Issuer::Gs1 => "GS1",
            Issuer::Hibcc => "HIBCC",
            Issuer::Ifa => "IFA",
            Issuer::Iccbba => "ICCBBA",
        }
    }
}

impl fmt::Display for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What is wrong with an identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdProblem {
    /// One sentence: what is wrong and what was expected, e.g. "the GS1 GMN check character pair of `4260765ECGCSA01` is `NG`, not `RA`".
    pub message: String,
    /// The corrected identifier where it can be computed (e.g. body + right check chars).
    pub corrected: Option<String>,
    /// The identifier has none of the forms checked here but may have one
    /// that is not (an ICCBBA Basic UDI-DI): unverified rather than wrong.
    pub unverified: bool,
}

impl IdProblem {
    fn new(message: String) -> Self {
        IdProblem {
            message,
            corrected: None,
            unverified: false,
        }
    }

    fn fix(message: String, corrected: String) -> Self {
        IdProblem {
            message,
            corrected: Some(corrected),
            unverified: false,
        }
    }
}

impl fmt::Display for IdProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for IdProblem {}

// ---------------------------------------------------------------------------
// Character sets and tables
// ---------------------------------------------------------------------------

/// GS1 AI encodable character set 82 (GS1 General Specifications, figure
/// "GS1 AI encodable character set 82"); a character's value is its place.
const CSET82: &[u8; 82] =
    b"!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

/// The 32-character subset the GMN check character pair is drawn from
/// (GS1 General Specifications; gs1/gmn-helpers `cset32`).
const CSET32: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// Descending primes weighting the GMN characters, aligned to the right
/// (GS1 General Specifications; gs1/gmn-helpers `weights`).
const GMN_WEIGHTS: [u32; 23] = [
    83, 79, 73, 71, 67, 61, 59, 53, 47, 43, 41, 37, 31, 29, 23, 19, 17, 13, 11, 7, 5, 3, 2,
];

/// HIBC modulus-43 character set (HIBC Supplier Labeling Standard; the Code 39
/// set): a character's value is its place.
const HIBC_SET: &[u8; 43] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%";

/// EMDN category letters (E, I and O are not used).
const EMDN_CATEGORIES: &[u8] = b"ABCDFGHJKLMNPQRSTUVWXYZ";

/// EUDAMED actor types that receive an SRN (MDR Art. 31): code and role.
const SRN_ACTOR_TYPES: [(&str, &str); 4] = [
    ("MF", "manufacturer"),
    ("AR", "authorised representative"),
    ("PR", "system/procedure pack producer"),
    ("IM", "importer"),
];

/// The expected SRN form, as the messages name it.
const SRN_FORM: &str = "`CC-TT-NNNNNNNNN` (two-letter country code, actor type MF, AR, PR or IM, nine digits, e.g. `DE-MF-000012345`)";

// ---------------------------------------------------------------------------
// Small, panic-free helpers
// ---------------------------------------------------------------------------

/// The input as messages show it: in backticks, control characters escaped,
/// cut after 48 characters so that hostile input cannot flood a report.
fn show(s: &str) -> String {
    const MAX: usize = 48;
    let mut out = String::from("`");
    for (i, c) in s.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('`');
    out
}

/// One character as messages show it.
fn show_char(c: char) -> String {
    if c == ' ' {
        "a space".to_string()
    } else if c.is_whitespace() || c.is_control() {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("`{c}`")
    }
}

/// The first character (1-based position) that `ok` rejects.
fn first_bad(s: &str, ok: impl Fn(char) -> bool) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|&(_, c)| !ok(c))
        .map(|(i, c)| (i + 1, c))
}

/// Splits the last `k` bytes off `s`; `(s, "")` if `s` is shorter or the cut
/// is not on a character boundary (callers check for ASCII first).
fn split_tail(s: &str, k: usize) -> (&str, &str) {
    match s.len().checked_sub(k) {
        Some(cut) => match (s.get(..cut), s.get(cut..)) {
            (Some(head), Some(tail)) => (head, tail),
            _ => (s, ""),
        },
        None => (s, ""),
    }
}

/// The byte range `a..b` of `s`, or `""` when out of range.
fn part(s: &str, a: usize, b: usize) -> &str {
    s.get(a..b).unwrap_or("")
}

fn is_upper_alnum(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit()
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn cset82_value(b: u8) -> Option<u32> {
    CSET82
        .iter()
        .position(|&c| c == b)
        .and_then(|p| u32::try_from(p).ok())
}

fn hibc_value(b: u8) -> Option<u32> {
    HIBC_SET
        .iter()
        .position(|&c| c == b)
        .and_then(|p| u32::try_from(p).ok())
}

// ---------------------------------------------------------------------------
// Check-character algorithms
// ---------------------------------------------------------------------------

/// The two check characters of a GS1 GMN body (GCP + model reference), or
/// `None` when `body` is empty, longer than 23 characters, or has a character
/// outside GS1 AI encodable character set 82.
///
/// GS1 General Specifications (GMN, AI 8013): each character's value in
/// character set 82 is multiplied by the descending primes 83 … 2, aligned so
/// that the last character gets 2; the sum mod 1021 is split into two 5-bit
/// values, each mapped to `23456789ABCDEFGHJKLMNPQRSTUVWXYZ`. Test vectors:
/// gs1/gmn-helpers (`1987654Ad4X4bL5ttr2310c` -> `2K`). The HIBC Basic
/// UDI-DI uses the same pair over its whole body including `++`.
#[must_use]
pub fn gmn_check_pair(body: &str) -> Option<String> {
    let b = body.as_bytes();
    if b.is_empty() || b.len() > GMN_WEIGHTS.len() {
        return None;
    }
    let offset = GMN_WEIGHTS.len() - b.len();
    let mut sum: u32 = 0;
    for (i, &c) in b.iter().enumerate() {
        let v = cset82_value(c)?;
        let w = *GMN_WEIGHTS.get(offset + i)?;
        sum += v * w;
    }
    let sum = sum % 1021;
    let hi = *CSET32.get((sum / 32) as usize)?;
    let lo = *CSET32.get((sum % 32) as usize)?;
    Some([char::from(hi), char::from(lo)].iter().collect())
}

/// The mod-10 check digit of a GTIN body (the GTIN without its last digit:
/// 7, 11, 12 or 13 digits), or `None` for any other input.
///
/// GS1 General Specifications, "standard check digit calculation for GS1 data
/// structures": weights 3 and 1 alternate from the rightmost body digit
/// (which gets 3); the check digit brings the sum up to a multiple of ten.
#[must_use]
pub fn gtin_check_digit(body: &str) -> Option<u8> {
    if !matches!(body.len(), 7 | 11 | 12 | 13) || !all_digits(body) {
        return None;
    }
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                d * 3
            } else {
                d
            }
        })
        .sum();
    u8::try_from((10 - sum % 10) % 10).ok()
}

/// The HIBC modulus-43 check character of `data` (everything before the
/// check character, starting with the `+` flag), or `None` when `data` is
/// empty or has a character outside `0-9A-Z-. $/+%`.
///
/// HIBC Supplier Labeling Standard: sum the values of all characters
/// (0-9 = 0-9, A-Z = 10-35, `-` 36, `.` 37, space 38, `$` 39, `/` 40,
/// `+` 41, `%` 42), take it mod 43 and map back. A space check character is
/// printed as `_` under the bar code (hibcc.org).
#[must_use]
pub fn hibcc_check_char(data: &str) -> Option<char> {
    if data.is_empty() {
        return None;
    }
    let mut sum: u32 = 0;
    for b in data.bytes() {
        sum = (sum + hibc_value(b)?) % 43;
    }
    HIBC_SET.get(sum as usize).map(|&c| char::from(c))
}

/// The two IFA mod-97 check digits of an IFA code body: a PPN (`11` + PZN),
/// HPC (`13` …), Master UDI-DI (`MA` …) or Basic UDI-DI (`PP` …) without its
/// two check digits. `None` when `body` is empty, longer than 26 characters or
/// has a character outside `0-9A-Z.-`.
///
/// IFA "Check Digit Calculations PZN PPN UDI": each character's ASCII value
/// is weighted 2, 3, 4, … from the left, the products are summed and the sum
/// mod 97 is written as two digits (`1103752864` -> `14`,
/// `PP12345ABCD.12345678.90` -> `04`).
#[must_use]
pub fn ppn_check_digits(body: &str) -> Option<String> {
    if body.is_empty()
        || body.len() > 26
        || !body
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return None;
    }
    let sum: u32 = body
        .bytes()
        .zip(2u32..)
        .map(|(b, w)| u32::from(b) * w)
        .sum();
    Some(format!("{:02}", sum % 97))
}

/// The mod-11 check digit of a PZN from its first seven digits, or `None`
/// when the input is not seven digits or the remainder is 10 (such PZNs are
/// never issued).
///
/// IFA "Check Digit Calculations PZN PPN UDI": digits weighted 1 … 7 from the
/// left, sum mod 11 (`2758089` -> `9`).
#[must_use]
pub fn pzn_check_digit(first7: &str) -> Option<u8> {
    if first7.len() != 7 || !all_digits(first7) {
        return None;
    }
    let sum: u32 = first7
        .bytes()
        .zip(1u32..)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    match sum % 11 {
        10 => None,
        d => u8::try_from(d).ok(),
    }
}

// ---------------------------------------------------------------------------
// Form checks (inputs already trimmed)
// ---------------------------------------------------------------------------

/// GS1 GMN as Basic UDI-DI: GS1 Company Prefix (at least the first five
/// characters are digits), model reference from character set 82, 8 to 25
/// characters in all including the check pair (GS1 General Specifications;
/// gs1/gmn-helpers `_formatChecks`).
fn check_gmn(s: &str) -> Result<(), IdProblem> {
    let n = s.chars().count();
    if !(8..=25).contains(&n) {
        return Err(IdProblem::new(format!(
            "a GS1 GMN (Basic UDI-DI) has 8 to 25 characters (GS1 Company Prefix, model reference, two check characters), but {} has {n}",
            show(s)
        )));
    }
    if let Some((pos, c)) = first_bad(s, |c| c.is_ascii_digit()).filter(|&(pos, _)| pos <= 5) {
        return Err(IdProblem::new(format!(
            "a GS1 GMN starts with the GS1 Company Prefix, so its first five characters are digits, but {} has {} at position {pos}",
            show(s),
            show_char(c)
        )));
    }
    let body_chars = n - 2;
    if let Some((pos, c)) = first_bad(s, |c| c.is_ascii() && cset82_value(c as u8).is_some())
        .filter(|&(pos, _)| pos <= body_chars)
    {
        return Err(IdProblem::new(format!(
            "{} has {} at position {pos}, which is outside the GS1 AI encodable character set 82 allowed in a GMN",
            show(s),
            show_char(c)
        )));
    }
    // The body is ASCII from here on; the pair may still be anything.
    let body: String = s.chars().take(body_chars).collect();
    let pair: String = s.chars().skip(body_chars).collect();
    let Some(expected) = gmn_check_pair(&body) else {
        return Err(IdProblem::new(format!(
            "the GS1 GMN check character pair of {} cannot be computed",
            show(&body)
        )));
    };
    if pair == expected {
        return Ok(());
    }
    // A "pair" that cannot be a mistyped pair (not even in upper case) is
    // more likely missing: then the whole input is the body.
    let unfixable = pair
        .chars()
        .any(|c| !c.is_ascii() || !CSET32.contains(&(c.to_ascii_uppercase() as u8)));
    if unfixable && n <= GMN_WEIGHTS.len() {
        if let Some(p) = gmn_check_pair(s) {
            return Err(IdProblem::fix(
                format!(
                    "{} ends in {}, which is not a GS1 GMN check character pair (check characters come from 23456789ABCDEFGHJKLMNPQRSTUVWXYZ), so the pair seems missing: with it the GMN is `{s}{p}`",
                    show(s),
                    show(&pair)
                ),
                format!("{s}{p}"),
            ));
        }
    }
    Err(IdProblem::fix(
        format!(
            "the GS1 GMN check character pair of {} is `{expected}`, not {}",
            show(&body),
            show(&pair)
        ),
        format!("{body}{expected}"),
    ))
}

/// HIBC Basic UDI-DI: `++`, the 4-character LIC (first a letter), a model
/// identifier of 1 to 17 upper-case letters or digits, two check characters
/// computed as for the GMN (mod 1021, mod 32) over everything before them
/// (EUDAMED help "Basic UDI-DI generators depending on Issuing Entity").
fn check_hibc_basic(s: &str) -> Result<(), IdProblem> {
    const FORM: &str = "an HIBC Basic UDI-DI is `++`, the 4-character Labeler Identification Code (first a letter), a model identifier of 1 to 17 upper-case letters or digits and 2 check characters";
    if let Some((pos, c)) = first_bad(s, |c| c.is_ascii_graphic()) {
        return Err(IdProblem::new(format!(
            "{} has {} at position {pos}; {FORM}",
            show(s),
            show_char(c)
        )));
    }
    let n = s.len();
    if !(9..=25).contains(&n) {
        return Err(IdProblem::new(format!(
            "{FORM} (9 to 25 characters), but {} has {n}",
            show(s)
        )));
    }
    let (body, pair) = split_tail(s, 2);
    let lic = part(s, 2, 6);
    let model = part(s, 6, n - 2);
    if !lic.starts_with(|c: char| c.is_ascii_uppercase()) || !lic.chars().all(is_upper_alnum) {
        return Err(IdProblem::new(format!(
            "{} has the Labeler Identification Code {}, but a LIC is a letter followed by three upper-case letters or digits",
            show(s),
            show(lic)
        )));
    }
    if let Some((pos, c)) = first_bad(model, is_upper_alnum) {
        return Err(IdProblem::new(format!(
            "{} has {} at position {} of its model identifier; {FORM}",
            show(s),
            show_char(c),
            pos
        )));
    }
    let Some(expected) = gmn_check_pair(body) else {
        return Err(IdProblem::new(format!(
            "the HIBC Basic UDI-DI check characters of {} cannot be computed",
            show(body)
        )));
    };
    if pair == expected {
        Ok(())
    } else {
        Err(IdProblem::fix(
            format!(
                "the HIBC Basic UDI-DI check character pair of {} is `{expected}`, not {}",
                show(body),
                show(pair)
            ),
            format!("{body}{expected}"),
        ))
    }
}

/// IFA Basic UDI-DI: `PP`, the 5-digit IFA manufacturer code (CIN), a device
/// group code of 1 to 16 characters `0-9A-Z.`, two mod-97 check digits;
/// 10 to 25 characters (IFA UDI specification, chapter 3.5).
fn check_ifa_basic(s: &str) -> Result<(), IdProblem> {
    const FORM: &str = "an IFA Basic UDI-DI is `PP`, the 5-digit IFA manufacturer code, a device group code of 1 to 16 characters (0-9, A-Z, `.`) and 2 check digits";
    if let Some((pos, c)) = first_bad(s, |c| is_upper_alnum(c) || c == '.') {
        return Err(IdProblem::new(format!(
            "{} has {} at position {pos}; {FORM}",
            show(s),
            show_char(c)
        )));
    }
    let n = s.len();
    if !(10..=25).contains(&n) {
        return Err(IdProblem::new(format!(
            "{FORM} (10 to 25 characters), but {} has {n}",
            show(s)
        )));
    }
    let cin = part(s, 2, 7);
    if !all_digits(cin) {
        return Err(IdProblem::new(format!(
            "{} has the manufacturer code {}, but the IFA manufacturer code of a Basic UDI-DI is five digits",
            show(s),
            show(cin)
        )));
    }
    ifa_mod97(s, "IFA Basic UDI-DI")
}

/// Compares the last two characters of an IFA code with its mod-97 check
/// digits (IFA "Check Digit Calculations PZN PPN UDI").
fn ifa_mod97(s: &str, what: &str) -> Result<(), IdProblem> {
    let (body, check) = split_tail(s, 2);
    let Some(expected) = ppn_check_digits(body) else {
        return Err(IdProblem::new(format!(
            "the {what} check digits of {} cannot be computed; IFA codes use only 0-9, A-Z, `.` and `-`",
            show(body)
        )));
    };
    if check == expected {
        Ok(())
    } else {
        Err(IdProblem::fix(
            format!(
                "the {what} check digits of {} are `{expected}`, not {}",
                show(body),
                show(check)
            ),
            format!("{body}{expected}"),
        ))
    }
}

/// IFA UDI-DI forms carried under data identifier `9N` (IFA UDI
/// specification, chapters 3.2 and 3.4):
/// - PPN: `11` + 8-digit PZN + 2 check digits (12 digits); the PZN's own
///   mod-11 check digit is verified too;
/// - HPC: `13` + 5-character CIN + part number (up to 18 characters
///   `0-9A-Z.-`) + packaging level index + 2 check digits (11-28 characters;
///   HPCs from spec 1.04 have no packaging level index, so it is not
///   checked separately);
/// - Master UDI-DI: `MA` + 5-character CIN + device group code (1-19
///   characters `0-9A-Z.-`) + 2 check digits (10-28 characters).
fn check_ifa_di(s: &str) -> Result<(), IdProblem> {
    let n = s.chars().count();
    if s.starts_with("11") {
        if !all_digits(s) || n != 12 {
            return Err(IdProblem::new(format!(
                "an IFA PPN is `11`, the 8-digit PZN and 2 check digits (12 digits), but {} is not",
                show(s)
            )));
        }
        let pzn = part(s, 2, 10);
        let (pzn7, pzn_check) = split_tail(pzn, 1);
        match pzn_check_digit(pzn7) {
            None => {
                return Err(IdProblem::new(format!(
                    "the PZN `{pzn}` in PPN {} is not a valid PZN (its mod-11 remainder is 10, which IFA never issues)",
                    show(s)
                )))
            }
            Some(d) if pzn_check != d.to_string() => {
                return Err(IdProblem::new(format!(
                    "the PZN `{pzn}` in PPN {} ends in `{pzn_check}`, but its mod-11 check digit is `{d}`",
                    show(s)
                )))
            }
            Some(_) => {}
        }
        return ifa_mod97(s, "IFA PPN");
    }
    let (what, form, min, max) = if s.starts_with("13") {
        (
            "IFA HPC",
            "an IFA HPC is `13`, the 5-character IFA manufacturer code, the part number (0-9, A-Z, `.`, `-`), the packaging level index and 2 check digits",
            11,
            28,
        )
    } else if s.starts_with("MA") {
        (
            "IFA Master UDI-DI",
            "an IFA Master UDI-DI is `MA`, the 5-character IFA manufacturer code, a device group code (0-9, A-Z, `.`, `-`) and 2 check digits",
            10,
            28,
        )
    } else {
        return Err(IdProblem::new(format!(
            "{} does not start with an IFA UDI-DI code: `11` (PPN), `13` (HPC) or `MA` (Master UDI-DI)",
            show(s)
        )));
    };
    if let Some((pos, c)) = first_bad(s, |c| is_upper_alnum(c) || c == '.' || c == '-') {
        return Err(IdProblem::new(format!(
            "{} has {} at position {pos}; {form}",
            show(s),
            show_char(c)
        )));
    }
    if !(min..=max).contains(&n) {
        return Err(IdProblem::new(format!(
            "{form} ({min} to {max} characters), but {} has {n}",
            show(s)
        )));
    }
    let cin = part(s, 2, 7);
    if !cin.chars().all(is_upper_alnum) {
        return Err(IdProblem::new(format!(
            "{} has the manufacturer code {}, but the IFA manufacturer code (CIN) is five letters or digits",
            show(s),
            show(cin)
        )));
    }
    ifa_mod97(s, what)
}

/// GTIN-8, -12, -13 or -14 with its mod-10 check digit (GS1 General
/// Specifications). Returns the number of digits.
fn check_gtin(s: &str) -> Result<usize, IdProblem> {
    if let Some((pos, c)) = first_bad(s, |c| c.is_ascii_digit()) {
        return Err(IdProblem::new(format!(
            "a GTIN (GS1 UDI-DI) contains digits only, but {} has {} at position {pos}",
            show(s),
            show_char(c)
        )));
    }
    let n = s.len();
    if !matches!(n, 8 | 12 | 13 | 14) {
        return Err(IdProblem::new(format!(
            "a GTIN (GS1 UDI-DI) has 8, 12, 13 or 14 digits, but {} has {n}",
            show(s)
        )));
    }
    let (body, check) = split_tail(s, 1);
    let Some(expected) = gtin_check_digit(body) else {
        return Err(IdProblem::new(format!(
            "the GTIN check digit of {} cannot be computed",
            show(body)
        )));
    };
    if check == expected.to_string() {
        Ok(n)
    } else {
        Err(IdProblem::fix(
            format!(
                "the GTIN-{n} check digit of {} is `{expected}`, not {}",
                show(body),
                show(check)
            ),
            format!("{body}{expected}"),
        ))
    }
}

/// Why a text does not have a shape, in one sentence.
#[derive(Debug)]
struct ShapeError(String);

impl std::fmt::Display for ShapeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The shape of an HIBC primary data structure: `+`, LIC (a letter and three
/// upper-case letters or digits), product or catalogue number (1-18 upper-case
/// letters or digits), unit of measure digit, check character; 8-25
/// characters (HIBC Supplier Labeling Standard). `Err` gives the reason.
fn hibc_primary_shape(s: &str) -> Result<(), ShapeError> {
    const FORM: &str = "an HIBC UDI-DI is `+`, the 4-character Labeler Identification Code (first a letter), a product or catalogue number of 1 to 18 upper-case letters or digits, a unit-of-measure digit and the modulus-43 check character";
    if let Some((pos, c)) = first_bad(s, |c| c.is_ascii_graphic() || c == ' ') {
        return Err(ShapeError(format!(
            "{} has {} at position {pos}; {FORM}",
            show(s),
            show_char(c)
        )));
    }
    let n = s.len();
    if !(8..=25).contains(&n) {
        return Err(ShapeError(format!(
            "{FORM} (8 to 25 characters), but {} has {n}",
            show(s)
        )));
    }
    let lic = part(s, 1, 5);
    if !lic.starts_with(|c: char| c.is_ascii_uppercase()) || !lic.chars().all(is_upper_alnum) {
        return Err(ShapeError(format!(
            "{} has the Labeler Identification Code {}, but a LIC is a letter followed by three upper-case letters or digits",
            show(s),
            show(lic)
        )));
    }
    let pcn = part(s, 5, n - 2);
    if let Some((pos, c)) = first_bad(pcn, is_upper_alnum) {
        return Err(ShapeError(format!(
            "{} has {} at position {} of its product or catalogue number; {FORM}",
            show(s),
            show_char(c),
            pos
        )));
    }
    let um = part(s, n - 2, n - 1);
    if !all_digits(um) {
        return Err(ShapeError(format!(
            "{} has {} where the unit-of-measure digit belongs; {FORM}",
            show(s),
            show(um)
        )));
    }
    let check = part(s, n - 1, n);
    if check != "_" && hibcc_check_char(check).is_none() {
        return Err(ShapeError(format!(
            "{} ends in {}, which is not an HIBC check character (0-9, A-Z, `-`, `.`, space, `$`, `/`, `+`, `%`)",
            show(s),
            show(check)
        )));
    }
    Ok(())
}

/// HIBC UDI-DI (primary data structure) with its modulus-43 check character.
fn check_hibc_primary(s: &str) -> Result<(), IdProblem> {
    if s.contains('/') {
        return Err(IdProblem::new(format!(
            "{} contains `/`, so it looks like a concatenated HIBC primary and secondary data structure; the UDI-DI is the primary data structure alone (`+`, LIC, product number, unit of measure, check character)",
            show(s)
        )));
    }
    if let Err(reason) = hibc_primary_shape(s) {
        if let Some(cc) = hibcc_check_char(s) {
            let candidate = format!("{s}{cc}");
            if hibc_primary_shape(&candidate).is_ok() {
                let shown = if cc == ' ' {
                    "a space (printed `_`)".to_string()
                } else {
                    format!("`{cc}`")
                };
                return Err(IdProblem::fix(
                    format!(
                        "{} appears to lack its HIBC modulus-43 check character, which would be {shown}",
                        show(s)
                    ),
                    candidate,
                ));
            }
        }
        return Err(IdProblem::new(reason.0));
    }
    let (body, check) = split_tail(s, 1);
    let supplied = if check == "_" { " " } else { check };
    let Some(expected) = hibcc_check_char(body) else {
        return Err(IdProblem::new(format!(
            "the HIBC check character of {} cannot be computed",
            show(body)
        )));
    };
    if supplied == expected.to_string() {
        return Ok(());
    }
    let shown = if expected == ' ' {
        "a space (printed `_`)".to_string()
    } else {
        format!("`{expected}`")
    };
    Err(IdProblem::fix(
        format!(
            "the HIBC check character of {} is {shown}, not {}",
            show(body),
            show(check)
        ),
        format!("{body}{expected}"),
    ))
}

/// ICCBBA UDI-DI, shape only (ISBT 128 ST-001): `=/` + 16 upper-case letters
/// or digits (Processor Product Identification Code, data structure 034:
/// FIN(P), product code, Product Description Code) or, for blood containers,
/// `=)` + 10 (data structure 017). Other `=`/`&` data identifiers carry
/// production or other data, not a device identifier.
fn check_isbt(s: &str) -> Result<(), IdProblem> {
    const FORM: &str = "an ICCBBA UDI-DI is `=/` followed by 16 upper-case letters or digits (ISBT 128 data structure 034) or, for blood containers, `=)` followed by 10 (data structure 017)";
    let (rest, len) = if let Some(rest) = s.strip_prefix("=/") {
        (rest, 16)
    } else if let Some(rest) = s.strip_prefix("=)") {
        (rest, 10)
    } else {
        let di: String = s.chars().take(2).collect();
        return Err(IdProblem::new(format!(
            "{} starts with the ISBT 128 data identifier {}, which does not carry a device identifier; {FORM}",
            show(s),
            show(&di)
        )));
    };
    if rest.chars().count() == len && rest.chars().all(is_upper_alnum) {
        Ok(())
    } else {
        Err(IdProblem::new(format!("{FORM}, but {} is not", show(s))))
    }
}

/// Puts a data identifier the input carried back in front of a correction.
fn keep_prefix(prefix: &str, mut e: IdProblem) -> IdProblem {
    e.corrected = e.corrected.map(|c| format!("{prefix}{c}"));
    e
}

/// Tries the exact check on the trimmed input, then, if that fails, whether
/// the input would pass without inner whitespace or in upper case, so that the
/// problem can carry the corrected identifier.
fn with_retries(
    s: &str,
    exact: fn(&str) -> Result<Issuer, IdProblem>,
) -> Result<Issuer, IdProblem> {
    let t = s.trim();
    let err = match exact(t) {
        Ok(issuer) => return Ok(issuer),
        Err(e) => e,
    };
    if t.chars().any(char::is_whitespace) {
        let squeezed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        if let Ok(issuer) = exact(&squeezed) {
            return Err(IdProblem::fix(
                format!(
                    "{} contains whitespace, which is not part of an identifier; without it, it is the valid {} identifier {}",
                    show(t),
                    issuer,
                    show(&squeezed)
                ),
                squeezed,
            ));
        }
    }
    if t.chars().any(|c| c.is_ascii_lowercase()) {
        let upper = t.to_ascii_uppercase();
        if let Ok(issuer) = exact(&upper) {
            return Err(IdProblem::fix(
                format!(
                    "{} is valid only in upper case, as the {} identifier {}",
                    show(t),
                    issuer,
                    show(&upper)
                ),
                upper,
            ));
        }
    }
    Err(err)
}

fn basic_exact(t: &str) -> Result<Issuer, IdProblem> {
    if t.is_empty() {
        return Err(IdProblem::new(
            "the Basic UDI-DI is empty; expected a GS1 GMN, an HIBC Basic UDI-DI (`++`…) or an IFA Basic UDI-DI (`PP`…)".to_string(),
        ));
    }
    if let Some(rest) = t.strip_prefix("(8013)") {
        return match check_gmn(rest) {
            Ok(()) => Err(IdProblem::fix(
                format!(
                    "the GS1 Application Identifier `(8013)` is not part of the Basic UDI-DI, which is {}",
                    show(rest)
                ),
                rest.to_string(),
            )),
            Err(e) => Err(e),
        };
    }
    if t.starts_with("++") {
        return check_hibc_basic(t).map(|()| Issuer::Hibcc);
    }
    if t.starts_with('+') {
        return Err(IdProblem::new(format!(
            "{} has the form of an HIBC UDI-DI (primary data structure), not of a Basic UDI-DI; an HIBC Basic UDI-DI starts with `++`",
            show(t)
        )));
    }
    if t.starts_with("PP") {
        return check_ifa_basic(t).map(|()| Issuer::Ifa);
    }
    if t.starts_with("B-") {
        return Err(IdProblem::new(format!(
            "{} has the form of a EUDAMED DI (`B-`…, assigned by EUDAMED to legacy devices), not of a Basic UDI-DI from an issuing entity",
            show(t)
        )));
    }
    if t.starts_with('=') || t.starts_with('&') {
        return Err(IdProblem::new(format!(
            "{} is an ISBT 128 data structure (a UDI-DI or production data), not a Basic UDI-DI; the ICCBBA Basic UDI-DI form is not checked here, so verify it against ICCBBA ST-017",
            show(t)
        )));
    }
    if t.starts_with(|c: char| c.is_ascii_digit()) {
        let gmn = check_gmn(t);
        if gmn.is_ok() {
            return Ok(Issuer::Gs1);
        }
        if all_digits(t) {
            if let Ok(n) = check_gtin(t) {
                return Err(IdProblem::new(format!(
                    "{} is a GTIN-{n}, i.e. a UDI-DI, not a Basic UDI-DI (a GS1 Basic UDI-DI is a GMN)",
                    show(t)
                )));
            }
        }
        if (t.starts_with("11") || t.starts_with("13")) && check_ifa_di(t).is_ok() {
            return Err(IdProblem::new(format!(
                "{} is an IFA PPN or HPC, i.e. a UDI-DI, not a Basic UDI-DI (an IFA Basic UDI-DI starts with `PP`)",
                show(t)
            )));
        }
        return gmn.map(|()| Issuer::Gs1);
    }
    if t.starts_with("MA") && check_ifa_di(t).is_ok() {
        return Err(IdProblem::new(format!(
            "{} is an IFA Master UDI-DI, not a Basic UDI-DI (an IFA Basic UDI-DI starts with `PP`)",
            show(t)
        )));
    }
    Err(IdProblem {
        unverified: true,
        ..IdProblem::new(format!(
            "{} matches no Basic UDI-DI form checked here: a GS1 GMN starts with the digits of a GS1 Company Prefix, an HIBC Basic UDI-DI with `++`, an IFA Basic UDI-DI with `PP`; an ICCBBA Basic UDI-DI is not checked, so verify it against ICCBBA ST-017",
            show(t)
        ))
    })
}

fn udi_exact(t: &str) -> Result<Issuer, IdProblem> {
    if t.is_empty() {
        return Err(IdProblem::new(
            "the UDI-DI is empty; expected a GTIN, an HIBC (`+`…), IFA (`11`…, `13`…) or ICCBBA (`=/`…) device identifier".to_string(),
        ));
    }
    if let Some(rest) = t.strip_prefix("(01)") {
        let n = check_gtin(rest).map_err(|e| keep_prefix("(01)", e))?;
        if n == 14 {
            return Ok(Issuer::Gs1);
        }
        let padded = format!("{rest:0>14}");
        return Err(IdProblem::fix(
            format!(
                "the GS1 Application Identifier `(01)` carries a GTIN as 14 digits, so {} is written `(01){padded}`",
                show(rest)
            ),
            format!("(01){padded}"),
        ));
    }
    for di in ["(9N)", "9N"] {
        if let Some(rest) = t.strip_prefix(di) {
            return check_ifa_di(rest)
                .map(|()| Issuer::Ifa)
                .map_err(|e| keep_prefix(di, e));
        }
    }
    if t.starts_with("++") {
        return Err(IdProblem::new(format!(
            "{} has the form of an HIBC Basic UDI-DI (`++`…), not of a UDI-DI; an HIBC UDI-DI starts with a single `+`",
            show(t)
        )));
    }
    if t.starts_with('+') {
        return check_hibc_primary(t).map(|()| Issuer::Hibcc);
    }
    if t.starts_with('=') || t.starts_with('&') {
        return check_isbt(t).map(|()| Issuer::Iccbba);
    }
    if t.starts_with("PP") {
        return Err(IdProblem::new(format!(
            "{} has the form of an IFA Basic UDI-DI (`PP`…), not of a UDI-DI; an IFA UDI-DI is a PPN (`11`…) or HPC (`13`…)",
            show(t)
        )));
    }
    if t.starts_with("MA") {
        return check_ifa_di(t).map(|()| Issuer::Ifa);
    }
    if all_digits(t) {
        let n = t.len();
        let ifa_too = (n == 12 && t.starts_with("11")) || (n == 14 && t.starts_with("13"));
        if !ifa_too {
            return check_gtin(t).map(|_| Issuer::Gs1);
        }
        if check_gtin(t).is_ok() {
            return Ok(Issuer::Gs1);
        }
        if check_ifa_di(t).is_ok() {
            return Ok(Issuer::Ifa);
        }
        let (body, _) = split_tail(t, 1);
        let (ifa_body, _) = split_tail(t, 2);
        let gtin_cd = gtin_check_digit(body).map_or_else(String::new, |d| d.to_string());
        let ifa_cd = ppn_check_digits(ifa_body).unwrap_or_default();
        let ifa_name = if n == 12 { "PPN" } else { "HPC" };
        return Err(IdProblem::new(format!(
            "{} is neither a valid GTIN-{n} (its check digit would be `{gtin_cd}`) nor a valid IFA {ifa_name} (its check digits would be `{ifa_cd}`; an IFA code can be marked with the prefix `(9N)`)",
            show(t)
        )));
    }
    if t.starts_with("13") {
        return check_ifa_di(t).map(|()| Issuer::Ifa);
    }
    if t.starts_with(|c: char| c.is_ascii_digit()) {
        if check_gmn(t).is_ok() {
            return Err(IdProblem::new(format!(
                "{} is a GS1 GMN, i.e. a Basic UDI-DI, not a UDI-DI (a GS1 UDI-DI is a GTIN)",
                show(t)
            )));
        }
        return check_gtin(t).map(|_| Issuer::Gs1);
    }
    Err(IdProblem::new(format!(
        "{} matches no UDI-DI form: a GTIN (8, 12, 13 or 14 digits), HIBC (`+`…), IFA PPN or HPC (`11`…, `13`…) or ICCBBA (`=/`…)",
        show(t)
    )))
}

// ---------------------------------------------------------------------------
// Public checks
// ---------------------------------------------------------------------------

/// Checks a Basic UDI-DI (MDR Annex VI Part C; MDCG 2019-1) and returns
/// the issuing entity whose form matched. Surrounding whitespace is ignored.
///
/// Accepted forms:
/// - GS1 GMN: GS1 Company Prefix (first five characters digits), model
///   reference from GS1 AI encodable character set 82, check character pair
///   (mod 1021 / 32); 8-25 characters (GS1 General Specifications, AI 8013;
///   gs1/gmn-helpers).
/// - HIBCC: `++` + LIC + model identifier (1-17 upper-case letters or
///   digits) + 2 check characters computed as for the GMN over the whole
///   body (EUDAMED help, "Basic UDI-DI generators depending on Issuing
///   Entity", example `++A999MODELIDENTIFIER11S8`).
/// - IFA: `PP` + 5-digit manufacturer code + device group code (1-16 of
///   `0-9A-Z.`) + 2 mod-97 check digits; 10-25 characters (IFA UDI
///   specification 3.5, example `PP12345ABCD.12345678.9004`).
///
/// Not accepted: the ICCBBA Basic UDI-DI (its form in ICCBBA ST-017 could not
/// be confirmed; such inputs are reported as not checked), EUDAMED DIs
/// (`B-`…), and UDI-DIs given in place of a Basic UDI-DI (reported as such).
/// A failed check suggests the corrected identifier when the check characters
/// are wrong, or when the input passes without inner whitespace, in upper
/// case, or without a `(8013)` prefix.
///
/// # Errors
///
/// An [`IdProblem`] when `s` matches none of the accepted forms or its check
/// characters are wrong.
pub fn basic_udi_di(s: &str) -> Result<Issuer, IdProblem> {
    with_retries(s, basic_exact)
}

/// Checks a UDI-DI (MDR Annex VI Part C) and returns the issuing entity
/// whose form matched. Surrounding whitespace is ignored.
///
/// Accepted forms:
/// - GS1: GTIN-8, -12, -13 or -14 with its mod-10 check digit (GS1 General
///   Specifications), also written `(01)` + 14 digits.
/// - HIBCC: `+` + LIC (letter + 3 letters/digits) + product or catalogue
///   number (1-18) + unit-of-measure digit + modulus-43 check character (a
///   space check character may be written `_`) (HIBC Supplier Labeling
///   Standard).
/// - IFA: PPN `11` + PZN + 2 check digits (PZN mod 11 and PPN mod 97), HPC
///   `13` …, Master UDI-DI `MA` … (mod 97), optionally prefixed by the data
///   identifier `(9N)` or `9N` (IFA UDI specification 3.2, 3.4).
/// - ICCBBA: `=/` + 16 or `=)` + 10 upper-case letters or digits, shape only
///   (ISBT 128 data structures 034 and 017).
///
/// All-digit inputs are GTINs, except that 12 digits starting `11` and 14
/// digits starting `13` are also tried as IFA PPN and HPC: the GTIN reading is
/// tried first, then the IFA one; `(9N)` forces the IFA reading.
///
/// # Errors
///
/// An [`IdProblem`] when `s` matches none of the accepted forms or its check
/// character(s) are wrong.
pub fn udi_di(s: &str) -> Result<Issuer, IdProblem> {
    with_retries(s, udi_exact)
}

fn srn_exact(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 15
        && part(t, 0, 2).chars().all(|c| c.is_ascii_uppercase())
        && b.get(2) == Some(&b'-')
        && SRN_ACTOR_TYPES
            .iter()
            .any(|(code, _)| part(t, 3, 5) == *code)
        && b.get(5) == Some(&b'-')
        && all_digits(part(t, 6, 15))
}

/// Checks a EUDAMED Single Registration Number (MDR Art. 31; EUDAMED actor
/// registration): `CC-TT-NNNNNNNNN`, i.e. a two-letter (ISO 3166-1 alpha-2)
/// country code, the actor type `MF` (manufacturer), `AR` (authorised
/// representative), `PR` (system/procedure pack producer) or `IM` (importer),
/// and nine digits, e.g. `DE-MF-000012345`. Surrounding whitespace is ignored.
/// The country code is checked for shape only, not against the ISO list.
/// Lower case, missing or other separators and dropped leading zeros are
/// reported with the corrected SRN.
///
/// # Errors
///
/// An [`IdProblem`] naming the expected form when `s` is not an SRN in it.
pub fn srn(s: &str) -> Result<(), IdProblem> {
    let t = s.trim();
    if srn_exact(t) {
        return Ok(());
    }
    if t.is_empty() {
        return Err(IdProblem::new(format!(
            "the SRN is empty; expected the EUDAMED form {SRN_FORM}"
        )));
    }
    let norm: String = t
        .chars()
        .filter(|&c| !(c == '-' || c == '_' || c.is_whitespace()))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if norm.len() == 13 && norm.is_ascii() {
        let canonical = format!(
            "{}-{}-{}",
            part(&norm, 0, 2),
            part(&norm, 2, 4),
            part(&norm, 4, 13)
        );
        if srn_exact(&canonical) {
            return Err(IdProblem::fix(
                format!(
                    "{} is not written in the EUDAMED SRN form `CC-TT-NNNNNNNNN`; it reads {}",
                    show(t),
                    show(&canonical)
                ),
                canonical,
            ));
        }
    }
    let upper = t.to_ascii_uppercase();
    let parts: Vec<&str> = upper.split('-').collect();
    let [country, actor, number] = parts.as_slice() else {
        return Err(IdProblem::new(format!(
            "{} is not an SRN; expected {SRN_FORM}",
            show(t)
        )));
    };
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(IdProblem::new(format!(
            "{} does not start with a two-letter country code; expected {SRN_FORM}",
            show(t)
        )));
    }
    if !SRN_ACTOR_TYPES.iter().any(|(code, _)| actor == code) {
        return Err(IdProblem::new(format!(
            "{} has the actor type {}, but an SRN's actor type is MF (manufacturer), AR (authorised representative), PR (system/procedure pack producer) or IM (importer)",
            show(t),
            show(actor)
        )));
    }
    if all_digits(number) && number.len() < 9 {
        let canonical = format!("{country}-{actor}-{number:0>9}");
        return Err(IdProblem::fix(
            format!(
                "the number part of an SRN has nine digits with leading zeros, so {} reads {}",
                show(t),
                show(&canonical)
            ),
            canonical,
        ));
    }
    Err(IdProblem::new(format!(
        "{} does not end in nine digits; expected {SRN_FORM}",
        show(t)
    )))
}

/// Checks a notified-body identification number: the four digits the
/// Commission assigns in NANDO (MDR Art. 43), written with leading zeros, e.g.
/// `0123`. Also accepted: `NB 0123` and `NB0123`. Surrounding whitespace is
/// ignored. A CE-marking form (`CE 0123`), other separators or lower case,
/// and numbers that lost their leading zeros (`123`) are reported with the
/// corrected number; the number is not looked up in NANDO.
///
/// # Errors
///
/// An [`IdProblem`] when `s` is not a notified-body number in an accepted form.
pub fn nb_number(s: &str) -> Result<(), IdProblem> {
    let t = s.trim();
    let four = |x: &str| x.len() == 4 && all_digits(x);
    if four(t) {
        return Ok(());
    }
    if let Some(rest) = t.strip_prefix("NB") {
        if four(rest.strip_prefix(' ').unwrap_or(rest)) {
            return Ok(());
        }
    }
    if t.is_empty() {
        return Err(IdProblem::new(
            "the notified body number is empty; expected the four-digit NANDO identification number, e.g. `0123`".to_string(),
        ));
    }
    let upper = t.to_ascii_uppercase();
    let (prefix, rest) = if let Some(r) = upper.strip_prefix("CE") {
        ("CE", r)
    } else if let Some(r) = upper.strip_prefix("NB") {
        ("NB", r)
    } else {
        ("", upper.as_str())
    };
    let digits = rest.trim_start_matches([' ', '-', '.', ':']);
    if all_digits(digits) && digits.len() <= 4 {
        let padded = format!("{digits:0>4}");
        let message = if prefix == "CE" {
            format!(
                "{} is a CE marking with the notified body number; the number itself is `{padded}`",
                show(t)
            )
        } else if digits.len() < 4 {
            format!(
                "NANDO notified body numbers have four digits with leading zeros, so {} reads `{padded}`",
                show(t)
            )
        } else {
            format!(
                "{} is not written as a notified body number; write `{padded}` (or `NB {padded}`)",
                show(t)
            )
        };
        return Err(IdProblem::fix(message, padded));
    }
    Err(IdProblem::new(format!(
        "{} is not a notified body number; expected the four-digit NANDO identification number, e.g. `0123` (or `NB 0123`)",
        show(t)
    )))
}

/// Why `t` is not an EMDN code in canonical form, or `None` if it is.
fn emdn_reason(t: &str) -> Option<String> {
    let mut chars = t.chars();
    let Some(first) = chars.next() else {
        return Some("the EMDN code is empty; expected a category letter followed by two-digit levels, e.g. `Z12040192`".to_string());
    };
    let rest = chars.as_str();
    if !first.is_ascii_uppercase() {
        return Some(format!(
            "an EMDN code starts with its category letter, but {} starts with {}",
            show(t),
            show_char(first)
        ));
    }
    if !EMDN_CATEGORIES.contains(&(first as u8)) {
        return Some(format!(
            "{} starts with `{first}`, which is not an EMDN category (A, B, C, D, F, G, H, J, K, L, M, N, P, Q, R, S, T, U, V, W, X, Y, Z)",
            show(t)
        ));
    }
    if let Some((pos, c)) = first_bad(rest, |c| c.is_ascii_digit()) {
        return Some(format!(
            "after its category letter an EMDN code has digits only, but {} has {} at position {}",
            show(t),
            show_char(c),
            pos + 1
        ));
    }
    let n = rest.len();
    if n == 0 {
        return Some(format!(
            "{} is only an EMDN category; a device is coded with the most specific term below it (the letter followed by two-digit levels, e.g. `Z12040192`)",
            show(t)
        ));
    }
    if n % 2 == 1 {
        return Some(format!(
            "{} has {n} digits after the category letter, but EMDN levels (group, then one to five type levels) have two digits each",
            show(t)
        ));
    }
    if n > 12 {
        return Some(format!(
            "{} has {n} digits after the category letter, but an EMDN code has at most 12 (a two-digit group and up to five two-digit type levels)",
            show(t)
        ));
    }
    None
}

/// Checks the form of an EMDN code (MDR Art. 26; MDCG 2021-12): a category
/// letter (A-D, F-H, J-N, P-Z; E, I and O are not used), a two-digit group
/// and up to five two-digit type levels, at most 13 characters, e.g.
/// `Z12040192`. Group-level codes (`Z12`) are accepted; a bare category
/// letter is not. Surrounding whitespace is ignored; lower case and inner
/// spaces, dots or hyphens are reported with the corrected code. The code is
/// not looked up in the nomenclature, so whether it exists or is terminal is
/// not checked.
///
/// # Errors
///
/// An [`IdProblem`] when `s` does not have the EMDN code structure.
pub fn emdn_code(s: &str) -> Result<(), IdProblem> {
    let t = s.trim();
    let Some(reason) = emdn_reason(t) else {
        return Ok(());
    };
    let norm: String = t
        .chars()
        .filter(|&c| !(c == ' ' || c == '.' || c == '-' || c.is_whitespace()))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if norm != t && emdn_reason(&norm).is_none() {
        return Err(IdProblem::fix(
            format!(
                "{} is not written as an EMDN code, which is upper case without separators: {}",
                show(t),
                show(&norm)
            ),
            norm,
        ));
    }
    Err(IdProblem::new(reason))
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(body: &str) -> String {
        gmn_check_pair(body).unwrap_or_default()
    }

    fn problem<T: fmt::Debug>(r: Result<T, IdProblem>) -> IdProblem {
        match r {
            Ok(v) => IdProblem::new(format!("unexpectedly Ok({v:?})")),
            Err(e) => e,
        }
    }

    // --- GMN check pair: GS1 gmn-helpers js/gmn.test.js vectors -----------

    #[test]
    fn gmn_pair_gs1_vectors() {
        // "UsingExampleFromGenSpecs"
        assert_eq!(pair("1987654Ad4X4bL5ttr2310c"), "2K");
        // "Shortest" / "Longest"
        assert_eq!(pair("12345A"), "NJ");
        assert_eq!(pair("12345678901234567890123"), "NT");
        // the brief's vector
        assert_eq!(pair("4260765ECGCSA01"), "NG");
        // GS1 China worked examples (Basic UDI check character algorithm)
        assert_eq!(pair("6901234GS1-China1234567"), "EH");
        assert_eq!(pair("6901234GS1-China123"), "5R");
    }

    #[test]
    fn gmn_full_gs1_vectors_verify() {
        let valid = [
            "1987654Ad4X4bL5ttr2310c2K",
            "12345ANJ",
            "12345678901234567890123NT",
            // AllCSET82
            "12345_ABCDEFGHIJKLMCP",
            "12345_NOPQRSTUVWXYZDN",
            "12345_abcdefghijklmN3",
            "12345_nopqrstuvwxyzP2",
            "12345_!\"%&'()*+,-./LC",
            "12345_0123456789:;<=>?62",
            // AllCSET32
            "7907665Bm8v2AB",
            "97850l6KZm0yCD",
            "225803106GSpEF",
            "149512464PM+GH",
            "62577B8fRG7HJK",
            "515942070CYxLM",
            "390800494sP6NP",
            "386830132uO+QR",
            "53395376X1:nST",
            "957813138Sb6UV",
            "530790no0qOgWX",
            "62185314IvwmYZ",
            "23956qk1&dB!23",
            "794394895ic045",
            "57453Uq3qA<H67",
            "0881063PhHvY89",
            // Minimum / maximum intermediate sum
            "00000!HV",
            "99999zzzzzzzzzzzzzzzzzzT2",
            // GCP + model components
            "12345Ad4X4bL5ttr2310c66",
            "123456789012Ad4X4bL5ttr3R",
            "12345678901234567890123NT",
        ];
        for v in valid {
            assert_eq!(basic_udi_di(v), Ok(Issuer::Gs1), "{v}");
        }
    }

    #[test]
    fn gmn_gs1_invalid_vectors() {
        for v in [
            "1987654Ad4X4bL5ttr2310cXK",  // InvalidCheck1
            "1987654Ad4X4bL5ttr2310c2X",  // InvalidCheck2
            "X987654Ad4X4bL5ttr2310c2K",  // First5NotNumericAtStart
            "1987X54Ad4X4bL5ttr2310c2K",  // First5NotNumericAtEnd
            "198765£Ad4X4bL5ttr2310c2K",  // InvalidCharacterNearStart
            "1987654Ad4X4bL5ttr2310£2K",  // InvalidCharacterAtEndModel
            "1987654Ad4X4bL5ttr2310cxK",  // InvalidCharacterAtCheck1
            "1987654Ad4X4bL5ttr2310c2x",  // InvalidCharacterAtCheck2
            "12345XX",                    // TooShort
            "123456789012345678901234XX", // TooLong
        ] {
            assert!(basic_udi_di(v).is_err(), "{v}");
        }
        let e = problem(basic_udi_di("1987654Ad4X4bL5ttr2310cXK"));
        assert_eq!(e.corrected.as_deref(), Some("1987654Ad4X4bL5ttr2310c2K"));
    }

    #[test]
    fn gmn_brief_vector_rejected_with_correction() {
        let e = problem(basic_udi_di("4260765ECGCSA01RA"));
        assert_eq!(
            e.message,
            "the GS1 GMN check character pair of `4260765ECGCSA01` is `NG`, not `RA`"
        );
        assert_eq!(e.corrected.as_deref(), Some("4260765ECGCSA01NG"));
        assert_eq!(basic_udi_di("4260765ECGCSA01NG"), Ok(Issuer::Gs1));
    }

    #[test]
    fn gmn_check_pair_rejects_bad_bodies() {
        assert_eq!(gmn_check_pair(""), None);
        assert_eq!(gmn_check_pair("123456789012345678901234"), None); // 24
        assert_eq!(gmn_check_pair("1987654Ad4X4bL5ttr2310£"), None);
        assert_eq!(gmn_check_pair("12345 A"), None); // space not in set 82
        assert_eq!(gmn_check_pair("12345#"), None);
    }

    #[test]
    fn gmn_missing_pair_is_explained() {
        let e = problem(basic_udi_di("1987654Ad4X4bL5ttr2310c"));
        assert!(
            e.message.contains("1987654Ad4X4bL5ttr2310c2K"),
            "{}",
            e.message
        );
        assert_eq!(e.corrected.as_deref(), Some("1987654Ad4X4bL5ttr2310c2K"));
        // a lower-case pair is a mistyped pair, not a missing one
        let e = problem(basic_udi_di("1987654Ad4X4bL5ttr2310c2k"));
        assert_eq!(e.corrected.as_deref(), Some("1987654Ad4X4bL5ttr2310c2K"));
    }

    #[test]
    fn gtin_given_as_basic_udi_di() {
        let e = problem(basic_udi_di("4006381333931"));
        assert!(e.message.contains("GTIN-13"), "{}", e.message);
        assert_eq!(e.corrected, None);
    }

    #[test]
    fn gmn_ai_prefix_and_whitespace() {
        let e = problem(basic_udi_di("(8013)1987654Ad4X4bL5ttr2310c2K"));
        assert_eq!(e.corrected.as_deref(), Some("1987654Ad4X4bL5ttr2310c2K"));
        assert_eq!(basic_udi_di("  4260765ECGCSA01NG\n"), Ok(Issuer::Gs1));
        let e = problem(basic_udi_di("4260765 ECGCSA01NG"));
        assert_eq!(e.corrected.as_deref(), Some("4260765ECGCSA01NG"));
    }

    // --- HIBC Basic UDI-DI ---------------------------------------------------

    #[test]
    fn hibc_basic_udi_di() {
        assert_eq!(basic_udi_di("++A999MODELIDENTIFIER11S8"), Ok(Issuer::Hibcc));
        let e = problem(basic_udi_di("++A999MODELIDENTIFIER11S9"));
        assert_eq!(e.corrected.as_deref(), Some("++A999MODELIDENTIFIER11S8"));
        assert!(basic_udi_di("++9999MODEL12").is_err()); // LIC starts with a digit
        assert!(basic_udi_di("++A999MODELIDENTIFIER1234S8").is_err()); // too long
        let e = problem(basic_udi_di("+A123ABCDEFGHI1234567891E"));
        assert!(e.message.contains("`++`"), "{}", e.message);
    }

    // --- IFA Basic UDI-DI ------------------------------------------------------

    #[test]
    fn ifa_basic_udi_di() {
        assert_eq!(basic_udi_di("PP12345ABCD.12345678.9004"), Ok(Issuer::Ifa));
        assert_eq!(basic_udi_di("PP12345MAX1612"), Ok(Issuer::Ifa));
        let e = problem(basic_udi_di("PP12345ABCD.12345678.9005"));
        assert_eq!(
            e.message,
            "the IFA Basic UDI-DI check digits of `PP12345ABCD.12345678.90` are `04`, not `05`"
        );
        assert_eq!(e.corrected.as_deref(), Some("PP12345ABCD.12345678.9004"));
        assert!(basic_udi_di("PPA2345MAX1612").is_err()); // CIN not digits
        assert!(basic_udi_di("PP12345MAX-1612").is_err()); // `-` not allowed in BUDI
        let e = problem(basic_udi_di("pp12345max1612"));
        assert_eq!(e.corrected.as_deref(), Some("PP12345MAX1612"));
    }

    #[test]
    fn other_forms_given_as_basic_udi_di() {
        assert!(basic_udi_di("111234567842").is_err()); // PPN
        assert!(basic_udi_di("B-1234ABC").is_err()); // EUDAMED DI
        let e = problem(basic_udi_di("=/A9999XYZ100T0944"));
        assert!(e.message.contains("ST-017"), "{}", e.message);
        assert!(basic_udi_di("MA12345MAX1900").is_err());
        assert!(basic_udi_di("HELLO").is_err());
    }

    // --- GTIN --------------------------------------------------------------

    #[test]
    fn gtin_check_digits() {
        assert_eq!(gtin_check_digit("400638133393"), Some(1));
        assert_eq!(gtin_check_digit("0950110153000"), Some(3));
        assert_eq!(gtin_check_digit("9638507"), Some(4));
        assert_eq!(gtin_check_digit("03600029145"), Some(2));
        assert_eq!(gtin_check_digit(""), None);
        assert_eq!(gtin_check_digit("12345"), None);
        assert_eq!(gtin_check_digit("40063813339a"), None);
        assert_eq!(gtin_check_digit("４００６３８１３３３９３"), None);
    }

    #[test]
    fn gtin_udi_di() {
        for v in [
            "4006381333931",
            "96385074",
            "09501101530003",
            "036000291452",
        ] {
            assert_eq!(udi_di(v), Ok(Issuer::Gs1), "{v}");
        }
        let e = problem(udi_di("4006381333932"));
        assert_eq!(
            e.message,
            "the GTIN-13 check digit of `400638133393` is `1`, not `2`"
        );
        assert_eq!(e.corrected.as_deref(), Some("4006381333931"));
        assert!(udi_di("40063813339").is_err()); // 11 digits
        assert_eq!(udi_di("(01)09501101530003"), Ok(Issuer::Gs1));
        let e = problem(udi_di("(01)4006381333931"));
        assert_eq!(e.corrected.as_deref(), Some("(01)04006381333931"));
        let e = problem(udi_di("4006 3813 3393 1"));
        assert_eq!(e.corrected.as_deref(), Some("4006381333931"));
    }

    #[test]
    fn gmn_given_as_udi_di() {
        let e = problem(udi_di("4260765ECGCSA01NG"));
        assert!(e.message.contains("Basic UDI-DI"), "{}", e.message);
    }

    // --- HIBC UDI-DI -------------------------------------------------------------

    #[test]
    fn hibcc_check_chars() {
        assert_eq!(hibcc_check_char("+BLUEUNICORN7"), Some('N'));
        assert_eq!(hibcc_check_char("+A123ABCDEFGHI1234567891"), Some('E'));
        assert_eq!(hibcc_check_char(""), None);
        assert_eq!(hibcc_check_char("+a123"), None);
        assert_eq!(hibcc_check_char("+Ä123"), None);
    }

    #[test]
    fn hibcc_udi_di() {
        assert_eq!(udi_di("+BLUEUNICORN7N"), Ok(Issuer::Hibcc));
        assert_eq!(udi_di("+A123ABCDEFGHI1234567891E"), Ok(Issuer::Hibcc));
        let e = problem(udi_di("+BLUEUNICORN7X"));
        assert_eq!(
            e.message,
            "the HIBC check character of `+BLUEUNICORN7` is `N`, not `X`"
        );
        assert_eq!(e.corrected.as_deref(), Some("+BLUEUNICORN7N"));
        let e = problem(udi_di("+BLUEUNICORN7"));
        assert_eq!(e.corrected.as_deref(), Some("+BLUEUNICORN7N"));
        assert!(udi_di("+1LUEUNICORN7N").is_err()); // LIC must start with a letter
        assert!(udi_di("+A123BJC5D6E71/$$52001510X3").is_err()); // concatenated
        let e = problem(udi_di("++A999MODELIDENTIFIER11S8"));
        assert!(e.message.contains("Basic UDI-DI"), "{}", e.message);
        let e = problem(udi_di("+blueunicorn7n"));
        assert_eq!(e.corrected.as_deref(), Some("+BLUEUNICORN7N"));
    }

    #[test]
    fn hibcc_space_check_char_written_as_underscore() {
        // Find a body whose check character is a space; write it as `_`.
        let mut found = false;
        for pcn in (b'A'..=b'Z').flat_map(|a| (b'A'..=b'Z').map(move |b| [a, b])) {
            let body = format!("+A123{}{}1", char::from(pcn[0]), char::from(pcn[1]));
            if hibcc_check_char(&body) == Some(' ') {
                assert_eq!(udi_di(&format!("{body}_")), Ok(Issuer::Hibcc));
                assert!(udi_di(&format!("{body} ")).is_err());
                found = true;
                break;
            }
        }
        assert!(found);
    }

    // --- IFA UDI-DI ---------------------------------------------------------------

    #[test]
    fn ppn_and_pzn_check_digits() {
        assert_eq!(ppn_check_digits("1112345678").as_deref(), Some("42"));
        assert_eq!(ppn_check_digits("1103752864").as_deref(), Some("14"));
        assert_eq!(
            ppn_check_digits("PP12345ABCD.12345678.90").as_deref(),
            Some("04")
        );
        assert_eq!(ppn_check_digits("MA12345MAX19").as_deref(), Some("00"));
        assert_eq!(ppn_check_digits(""), None);
        assert_eq!(ppn_check_digits("11abc"), None);
        assert_eq!(ppn_check_digits(&"1".repeat(27)), None);
        assert_eq!(pzn_check_digit("2758089"), Some(9));
        assert_eq!(pzn_check_digit("1234567"), Some(8));
        assert_eq!(pzn_check_digit("0375286"), Some(4));
        assert_eq!(pzn_check_digit("123456"), None);
    }

    #[test]
    fn ifa_udi_di() {
        for v in [
            "111234567842",
            "110375286414",
            "(9N)111234567842",
            "9N110375286414",
            "1312345MAX18076",
            "1312345ABCD12345678056",
            "1312345MED777094",
            "1312345MED777227",
            "MA12345MAX1900",
            "MA12345ABCD.1234563",
            "13123451234079", // 14-digit HPC that is not a valid GTIN-14
        ] {
            assert_eq!(udi_di(v), Ok(Issuer::Ifa), "{v}");
        }
        let e = problem(udi_di("(9N)111234567843"));
        assert_eq!(
            e.message,
            "the IFA PPN check digits of `1112345678` are `42`, not `43`"
        );
        assert_eq!(e.corrected.as_deref(), Some("(9N)111234567842"));
        // PZN with a wrong mod-11 digit inside an otherwise consistent PPN
        let body = "1112345679";
        let bad = format!("{body}{}", ppn_check_digits(body).unwrap_or_default());
        let e = problem(udi_di(&format!("(9N){bad}")));
        assert!(e.message.contains("mod-11"), "{}", e.message);
        // ambiguous all-digit form failing both readings
        let e = problem(udi_di("111234567843"));
        assert!(
            e.message.contains("GTIN-12") && e.message.contains("PPN"),
            "{}",
            e.message
        );
        let e = problem(udi_di("1312345MAX18077"));
        assert_eq!(e.corrected.as_deref(), Some("1312345MAX18076"));
        assert!(udi_di("PP12345MAX1612").is_err()); // Basic UDI-DI, not UDI-DI
        assert!(udi_di("(9N)141234567890").is_err()); // unknown PRA code
    }

    #[test]
    fn gtin_reading_wins_for_valid_gtin() {
        // 14 digits starting `13` with a valid GTIN-14 check digit
        assert_eq!(udi_di("13123451234078"), Ok(Issuer::Gs1));
    }

    // --- ICCBBA ------------------------------------------------------------------

    #[test]
    fn iccbba_udi_di() {
        assert_eq!(udi_di("=/A9999XYZ100T0944"), Ok(Issuer::Iccbba));
        assert_eq!(udi_di("=)1234567890"), Ok(Issuer::Iccbba));
        assert!(udi_di("=/A9999").is_err());
        let e = problem(udi_di("=/a9999xyz100t0944"));
        assert_eq!(e.corrected.as_deref(), Some("=/A9999XYZ100T0944"));
        let e = problem(udi_di("&)1234567890"));
        assert!(
            e.message.contains("does not carry a device identifier"),
            "{}",
            e.message
        );
        assert!(udi_di("=<A9999").is_err());
    }

    // --- SRN -----------------------------------------------------------------------

    #[test]
    fn srn_forms() {
        for v in [
            "DE-MF-000012345",
            "NL-IM-000000123",
            "IE-AR-000004321",
            "FR-PR-123456789",
            " DE-MF-000012345 ",
        ] {
            assert_eq!(srn(v), Ok(()), "{v}");
        }
        let e = problem(srn("de-mf-000012345"));
        assert_eq!(e.corrected.as_deref(), Some("DE-MF-000012345"));
        let e = problem(srn("DEMF000012345"));
        assert_eq!(e.corrected.as_deref(), Some("DE-MF-000012345"));
        let e = problem(srn("DE MF 000012345"));
        assert_eq!(e.corrected.as_deref(), Some("DE-MF-000012345"));
        let e = problem(srn("DE-XX-000012345"));
        assert!(e.message.contains("actor type"), "{}", e.message);
        assert_eq!(e.corrected, None);
        let e = problem(srn("DE-MF-12345"));
        assert_eq!(e.corrected.as_deref(), Some("DE-MF-000012345"));
        assert!(srn("DE-MF-0000123456").is_err());
        assert!(srn("D1-MF-000012345").is_err());
        let e = problem(srn("hello"));
        assert!(e.message.contains("CC-TT-NNNNNNNNN"), "{}", e.message);
    }

    // --- notified body number ----------------------------------------------------

    #[test]
    fn nb_numbers() {
        for v in ["0123", "2797", "NB 0123", "NB0123", " 0197 "] {
            assert_eq!(nb_number(v), Ok(()), "{v}");
        }
        let e = problem(nb_number("CE 0123"));
        assert_eq!(e.corrected.as_deref(), Some("0123"));
        let e = problem(nb_number("123"));
        assert_eq!(e.corrected.as_deref(), Some("0123"));
        let e = problem(nb_number("nb-0123"));
        assert_eq!(e.corrected.as_deref(), Some("0123"));
        assert!(nb_number("01234").is_err());
        assert!(nb_number("abcd").is_err());
        assert!(nb_number("").is_err());
    }

    // --- EMDN ---------------------------------------------------------------------

    #[test]
    fn emdn_codes() {
        for v in [
            "Z12040192",
            "Z12",
            "W0101",
            "A0101010101",
            "C010101010101",
            "P0901",
        ] {
            assert_eq!(emdn_code(v), Ok(()), "{v}");
        }
        let e = problem(emdn_code("z12040192"));
        assert_eq!(e.corrected.as_deref(), Some("Z12040192"));
        let e = problem(emdn_code("Z 12 04 01 92"));
        assert_eq!(e.corrected.as_deref(), Some("Z12040192"));
        assert!(emdn_code("E12").is_err()); // no category E
        assert!(emdn_code("Z1204019").is_err()); // odd digits
        assert!(emdn_code("Z").is_err()); // category only
        assert!(emdn_code("Z12040192010203").is_err()); // 14 digits
        assert!(emdn_code("12040192").is_err());
        assert!(emdn_code("Z12O4").is_err());
    }

    // --- hostile input -------------------------------------------------------------

    fn all_checks(s: &str) {
        let results = [
            basic_udi_di(s).err(),
            udi_di(s).err(),
            srn(s).err(),
            nb_number(s).err(),
            emdn_code(s).err(),
        ];
        for p in results.into_iter().flatten() {
            assert!(!p.message.is_empty());
            assert!(p.message.chars().count() < 600, "{}", p.message);
        }
        let _ = gmn_check_pair(s);
        let _ = gtin_check_digit(s);
        let _ = hibcc_check_char(s);
        let _ = ppn_check_digits(s);
        let _ = pzn_check_digit(s);
    }

    #[test]
    fn hostile_inputs_never_panic() {
        let long_a = "A".repeat(100_000);
        let long_1 = "1".repeat(100_000);
        let long_plus = "+".repeat(10_000);
        let long_mixed = "é1+".repeat(20_000);
        let fixed = [
            "",
            " ",
            "\t\n",
            "\u{0}",
            "é",
            "日本語",
            "🙂🙂",
            "+",
            "++",
            "+++",
            "=",
            "&",
            "=/",
            "=)",
            "PP",
            "P",
            "11",
            "13",
            "MA",
            "(01)",
            "(9N)",
            "9N",
            "B-",
            "(8013)",
            "NB",
            "CE",
            "-",
            "--",
            "---",
            "Z",
            "é12",
            "Zé",
            "1é",
            "12345é",
            "+Aé",
            "++Aé",
            "PPé",
            "11é",
            "13é",
            "MAé",
            "DE-MF-é",
            "ÄÖ-MF-000012345",
            "DE-MF-00001234é",
            "1\u{301}",
            "+A123ABC1\u{0}",
            "\u{FEFF}4006381333931",
            "４００６３８１３３３９３１",
            "4260765ECGCSA01R\u{0}",
            "++A999MODELIDENTIFIER11S\u{0}",
            "_",
            "+A123ABC1_",
            &long_a,
            &long_1,
            &long_plus,
            &long_mixed,
        ];
        for s in fixed {
            all_checks(s);
        }
    }

    #[test]
    fn pseudo_random_inputs_never_panic() {
        let pool: Vec<char> =
            "0123456789ABCDEFGHJKLMNPQRSTUVWXYZabcxyz+=&/)-._ (){}!\"%'*,:;<>?$éß日🙂\u{0}\u{301}"
                .chars()
                .collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..4000 {
            let len = (next() % 32) as usize;
            let s: String = (0..len)
                .map(|_| {
                    pool.get((next() as usize) % pool.len())
                        .copied()
                        .unwrap_or('x')
                })
                .collect();
            all_checks(&s);
            for prefix in [
                "+", "++", "PP", "11", "13", "MA", "=/", "(01)", "(9N)", "DE-MF-",
            ] {
                all_checks(&format!("{prefix}{s}"));
            }
        }
    }

    #[test]
    fn computed_check_characters_always_validate() {
        let mut state: u64 = 42;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            state >> 33
        };
        for _ in 0..500 {
            // GMN
            let model_len = 1 + (next() % 16) as usize;
            let mut body = format!("{:07}", next() % 10_000_000);
            for _ in 0..model_len {
                body.push(
                    CSET82
                        .get((next() % 82) as usize)
                        .map_or('0', |&b| char::from(b)),
                );
            }
            let full = format!("{body}{}", pair(&body));
            assert_eq!(basic_udi_di(&full), Ok(Issuer::Gs1), "{full}");
            // GTIN-13
            let body = format!("{:012}", next() % 1_000_000_000_000);
            let cd = gtin_check_digit(&body)
                .map(|d| d.to_string())
                .unwrap_or_default();
            assert_eq!(udi_di(&format!("{body}{cd}")), Ok(Issuer::Gs1));
            // IFA Basic UDI-DI
            let body = format!("PP{:05}G{:04}", next() % 100_000, next() % 10_000);
            let cc = ppn_check_digits(&body).unwrap_or_default();
            assert_eq!(basic_udi_di(&format!("{body}{cc}")), Ok(Issuer::Ifa));
        }
    }

    #[test]
    fn display_and_issuer_names() {
        assert_eq!(Issuer::Gs1.to_string(), "GS1");
        assert_eq!(Issuer::Hibcc.name(), "HIBCC");
        assert_eq!(Issuer::Ifa.name(), "IFA");
        assert_eq!(Issuer::Iccbba.name(), "ICCBBA");
        let e = problem(udi_di("4006381333932"));
        assert_eq!(e.to_string(), e.message);
    }

    #[test]
    fn long_input_message_is_cut() {
        let e = problem(udi_di(&"9".repeat(10_000)));
        assert!(e.message.contains('…'));
        assert!(e.message.len() < 400);
    }
}
