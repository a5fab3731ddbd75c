//! Import of risk tables (CSV, XLSX and the other workbooks calamine reads)
//! into risk entries. It owns reading a file into a grid of cell texts,
//! finding the columns (canonical headers or a `Mapping`), and turning each
//! row into an entry. Every non-empty row becomes an entry or one more control
//! of the entry above it; what cannot be mapped becomes a warning naming the
//! row and column, never a dropped row. Cell text is trimmed.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::Path;

use super::compute;
use super::mapping::{column_letter, normalise_header, ColumnSpec, Mapping};
use super::model::{ControlType, RiskControl, RiskEntry, RiskPlan, ScaleLevel};
use super::table::{unneutralise, Field};
use super::RiskError;
use crate::diag::{ImportReport, ImportWarning, Location};
use crate::model::TechFile;

/// Risk tables larger than this are refused before parsing.
pub const MAX_TABLE_BYTES: u64 = 256 * 1024 * 1024;

/// Something an import could not map, located by sheet row (1-based, as a
/// spreadsheet shows it) and column (`K "Detection %"`).
fn warning(row: Option<usize>, column: Option<String>, message: String) -> ImportWarning {
    ImportWarning::new(
        "risk.table",
        &Location::row("", row, column.as_deref()),
        message,
    )
}

/// Entries read from a table, before they are merged into a project.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    pub entries: Vec<RiskEntry>,
    pub warnings: Vec<ImportWarning>,
}

/// Reads `file` (with an optional mapping file) and merges its entries into
/// `tf`: an entry whose id the project already has replaces it, the others
/// are appended in table order. `tf` is unchanged on error.
pub fn import_file(
    tf: &mut TechFile,
    file: &Path,
    mapping: Option<&Path>,
) -> Result<ImportReport, RiskError> {
    let mapping = match mapping {
        Some(m) => Mapping::load(m)?,
        None => Mapping::default(),
    };
    let bytes = read_limited(file, MAX_TABLE_BYTES)?;
    let imported = read_table(&bytes, file, &mapping, &tf.risk.plan)?;
    Ok(merge(tf, imported))
}

pub(crate) fn read_limited(file: &Path, max: u64) -> Result<Vec<u8>, RiskError> {
    crate::util::read_input(file, max).map_err(|e| match e {
        crate::util::ReadError::Io(error) => RiskError::Read {
            file: file.to_path_buf(),
            error,
        },
        crate::util::ReadError::TooLarge(size) => RiskError::TooLarge {
            file: file.to_path_buf(),
            size,
            max,
        },
    })
}

/// Merges imported entries into `tf` (see `import_file`).
pub fn merge(tf: &mut TechFile, imported: Imported) -> ImportReport {
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    for (i, e) in tf.risk.entries.iter().enumerate() {
        by_id.entry(e.id.clone()).or_insert(i);
    }
    let mut report = ImportReport {
        kind: "risks",
        imported: imported.entries.len(),
        warnings: imported.warnings,
        ..Default::default()
    };
    for e in imported.entries {
        // Each existing entry is replaced at most once, so duplicate ids in
        // the table stay visible as duplicates (a check finding).
        match by_id.remove(&e.id) {
            Some(i) if !e.id.is_empty() => {
                tf.risk.entries[i] = e;
                report.replaced += 1;
            }
            _ => tf.risk.entries.push(e),
        }
    }
    report
}

/// One sheet row: its 1-based number and its cell texts.
struct Row {
    number: usize,
    cells: Vec<String>,
}

/// Whether `bytes` look like a workbook (ZIP: xlsx/ods; OLE: xls).
fn is_workbook(bytes: &[u8], file: &Path) -> bool {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => true,
        "csv" | "tsv" | "txt" => false,
        _ => bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]),
    }
}

/// Reads a table's bytes into entries. `file` names the origin in errors and
/// picks the format by extension (content sniffed when it has none).
pub fn read_table(
    bytes: &[u8],
    file: &Path,
    mapping: &Mapping,
    plan: &RiskPlan,
) -> Result<Imported, RiskError> {
    let mut warnings = Vec::new();
    let (rows, sheet) = if is_workbook(bytes, file) {
        let (rows, sheet) = read_workbook(bytes, file, mapping, &mut warnings)?;
        (rows, Some(sheet))
    } else {
        (read_csv(bytes, file, mapping, &mut warnings)?, None)
    };
    let mut imported = rows_to_entries(rows, file, mapping, plan).map_err(|e| match e {
        RiskError::Table {
            file,
            sheet: None,
            row,
            column,
            message,
        } => RiskError::Table {
            file,
            sheet: sheet.clone(),
            row,
            column,
            message,
        },
        other => other,
    })?;
    warnings.append(&mut imported.warnings);
    // Every place in a workbook names its sheet.
    if let Some(sheet) = &sheet {
        for w in &mut warnings {
            w.location = if w.location.is_empty() {
                format!("sheet `{sheet}`")
            } else {
                format!("sheet `{sheet}`, {}", w.location)
            };
        }
    }
    imported.warnings = warnings;
    Ok(imported)
}

fn sniff_delimiter(text: &str, header_row: usize) -> u8 {
    let line = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .nth(header_row.saturating_sub(1))
        .unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in line.bytes() {
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if *d == c {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n)
        .map(|(d, _)| *d)
        .unwrap_or(b',')
}

fn read_csv(
    bytes: &[u8],
    file: &Path,
    mapping: &Mapping,
    warnings: &mut Vec<ImportWarning>,
) -> Result<Vec<Row>, RiskError> {
    let decoded = decode_text(bytes, file)?;
    let bytes: &[u8] = match &decoded {
        Some(text) => text.as_bytes(),
        None => bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes),
    };
    let delimiter = match &mapping.delimiter {
        Some(d) => d.as_bytes().first().copied().unwrap_or(b','),
        None => sniff_delimiter(
            &String::from_utf8_lossy(bytes),
            mapping.header_row.unwrap_or(1),
        ),
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for (i, rec) in rdr.byte_records().enumerate() {
        let number = i + 1;
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            RiskError::Table {
                file: file.to_path_buf(),
                sheet: None,
                row: Some(number),
                column: None,
                message: match line {
                    Some(l) => format!("line {l}: {e}"),
                    None => e.to_string(),
                },
            }
        })?;
        let mut cells = Vec::with_capacity(rec.len());
        for (j, field) in rec.iter().enumerate() {
            match std::str::from_utf8(field) {
                // Only CSV carries the `'` of `neutralise`; a workbook keeps
                // formula-like text as a text cell instead.
                Ok(s) => cells.push(unneutralise(s).to_string()),
                Err(_) => {
                    // Excel on Windows writes CSV in Windows-1252; keep the
                    // text readable and say so rather than refuse the file.
                    cells.push(field.iter().map(|&b| cp1252(b)).collect());
                    warnings.push(warning(
                        Some(number),
                        Some(column_letter(j)),
                        "not UTF-8; read as Windows-1252".into(),
                    ));
                }
            }
        }
        rows.push(Row { number, cells });
    }
    Ok(rows)
}

/// The text of a CSV file in UTF-16 (LE or BE, with or without a byte-order
/// mark), decoded; `None` for UTF-8 (and 8-bit) files, read as they are.
/// UTF-32 is refused by name. Excel's "Unicode text" is UTF-16 LE: read
/// bytewise, its NULs made every header unrecognisable ("no `hazard`
/// column").
fn decode_text(bytes: &[u8], file: &Path) -> Result<Option<String>, RiskError> {
    let refuse = |name: &str| RiskError::Table {
        file: file.to_path_buf(),
        sheet: None,
        row: None,
        column: None,
        message: format!("the file is {name}, which Techfile does not read; save it as UTF-8 CSV"),
    };
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return Err(refuse("UTF-32 LE"));
    }
    if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(refuse("UTF-32 BE"));
    }
    let encoding = if bytes.starts_with(&[0xFF, 0xFE]) {
        encoding_rs::UTF_16LE
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        encoding_rs::UTF_16BE
    } else {
        // No mark: text in UTF-16 has NUL as the high byte of almost every
        // ASCII character, at odd offsets (LE) or even ones (BE); UTF-8 and
        // 8-bit text have no NUL at all.
        let sample = &bytes[..bytes.len().min(4096) & !1];
        let pairs = sample.len() / 2;
        let nul_at = |parity: usize| {
            sample
                .iter()
                .skip(parity)
                .step_by(2)
                .filter(|&&b| b == 0)
                .count()
        };
        let (even, odd) = (nul_at(0), nul_at(1));
        if pairs >= 2 && odd * 10 >= pairs * 3 && even * 10 < pairs {
            encoding_rs::UTF_16LE
        } else if pairs >= 2 && even * 10 >= pairs * 3 && odd * 10 < pairs {
            encoding_rs::UTF_16BE
        } else {
            return Ok(None);
        }
    };
    // With its mark removed, if any; malformed pairs become U+FFFD.
    let (text, _) = encoding.decode_with_bom_removal(bytes);
    Ok(Some(text.into_owned()))
}

/// Windows-1252 byte to char (the 0x80-0x9F block differs from Latin-1).
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// The rows of the sheet the mapping names (else the first) and its name.
fn read_workbook(
    bytes: &[u8],
    file: &Path,
    mapping: &Mapping,
    warnings: &mut Vec<ImportWarning>,
) -> Result<(Vec<Row>, String), RiskError> {
    use calamine::{Data, Reader};
    let refuse = |message: String| RiskError::Workbook {
        file: file.to_path_buf(),
        message,
    };
    let zip = bytes.starts_with(b"PK\x03\x04");
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if !zip && !ole {
        return Err(refuse(not_a_workbook(bytes)));
    }
    if zip {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            refuse(format!(
                "the file starts like a ZIP archive (as XLSX and ODS files do) but is not one: {e}"
            ))
        })?;
        if archive.index_for_name("xl/workbook.xml").is_some() {
            // XLSX is read cell by cell with bounds; calamine's
            // worksheet_range would allocate the whole rectangle from A1 to
            // the last cell first (one cell at XFD1048576: 512 GiB).
            let mut x = calamine::Xlsx::new(Cursor::new(bytes))
                .map_err(|e| refuse(broken_part(bytes).unwrap_or_else(|| e.to_string())))?;
            let sheet = pick_sheet(x.sheet_names(), file, mapping)?;
            let rows = read_xlsx_sheet(&mut x, bytes, &sheet, file, warnings)?;
            return Ok((rows, sheet));
        }
    }
    // XLS, XLSB, ODS.
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        refuse(match e {
            calamine::Error::Msg(_) if zip => {
                "a ZIP archive that is no XLSX, XLSB or ODS workbook".into()
            }
            calamine::Error::Msg(_) => "an OLE file that is no XLS workbook".into(),
            e => e.to_string(),
        })
    })?;
    let sheet = pick_sheet(wb.sheet_names(), file, mapping)?;
    // Formula cells come with the value the spreadsheet cached at its last
    // save; that is the number the author saw, so it is what we import.
    let range = wb
        .worksheet_range(&sheet)
        .map_err(|e| refuse(format!("sheet `{sheet}`: {e}")))?;
    let Some((r0, c0)) = range.start() else {
        return Ok((Vec::new(), sheet));
    };
    let mut rows = Vec::with_capacity(range.height());
    for (i, r) in range.rows().enumerate() {
        let number = r0 as usize + i + 1;
        let mut cells = vec![String::new(); c0 as usize];
        for (j, cell) in r.iter().enumerate() {
            let text = match cell {
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                Data::Int(n) => n.to_string(),
                Data::Float(f) => format_number(*f),
                Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
                Data::DateTime(d) => d.to_string(),
                Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Error(e) => {
                    warnings.push(warning(
                        Some(number),
                        Some(column_letter(c0 as usize + j)),
                        format!("the cell holds the error {e}; read as text"),
                    ));
                    e.to_string()
                }
            };
            cells.push(text);
        }
        rows.push(Row { number, cells });
    }
    Ok((rows, sheet))
}

/// What a file given as a workbook is instead, for the error.
fn not_a_workbook(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(512)];
    let texty = head.starts_with(&[0xFF, 0xFE])
        || head.starts_with(&[0xFE, 0xFF])
        || std::str::from_utf8(head).is_ok_and(|t| !t.contains('\0'))
        || std::str::from_utf8(head).is_err_and(|e| e.valid_up_to() + 4 > head.len());
    if bytes.is_empty() {
        "the file is empty".into()
    } else if texty {
        "the file is text, not a workbook; if it is a CSV table, name it .csv".into()
    } else {
        let hex: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02X}")).collect();
        format!(
            "the file starts with the bytes {}, as no workbook does (XLSX, XLSM and ODS files are ZIP archives, XLS files OLE files)",
            hex.join(" ")
        )
    }
}

/// The first XML part of an XLSX archive that is not well-formed, with its
/// line and column: calamine's own message names no part.
fn broken_part(bytes: &[u8]) -> Option<String> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<String> = z
        .file_names()
        .flatten()
        .filter(|n| n.ends_with(".xml") || n.ends_with(".rels"))
        .map(|n| n.into_owned())
        .collect();
    for name in names {
        let text = zip_text(&mut z, &name)?;
        let mut reader = quick_xml::Reader::from_str(&text);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => {
                    let at = usize::try_from(reader.error_position()).unwrap_or(0);
                    let (line, column) = super::mapping::line_col_of(&text, at);
                    return Some(format!("{name}:{line}:{column}: {e}"));
                }
            }
        }
    }
    None
}

/// An archive member as text, if it is there and at most MAX_TABLE_BYTES.
fn zip_text(z: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    use std::io::Read;
    let entry = z.by_name(name).ok()?;
    let mut text = String::new();
    entry.take(MAX_TABLE_BYTES).read_to_string(&mut text).ok()?;
    Some(text)
}

/// The `r` attribute (`C7`) of the cell of `sheet` that comes after `last`
/// (0-based row and column of the last cell read; `None` for none yet) in
/// the sheet's XML: the cell calamine could not read. `None` when the
/// archive does not say.
fn cell_after(bytes: &[u8], sheet: &str, last: Option<(u32, u32)>) -> Option<String> {
    use quick_xml::events::Event;
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    // An attribute by its local name (`r:id` is `id`).
    let attr = |e: &quick_xml::events::BytesStart<'_>, key: &str| -> Option<String> {
        e.attributes().flatten().find_map(|a| {
            let k: &str = a.key.as_ref();
            (k.rsplit(':').next() == Some(key)).then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .unwrap_or_default()
            })
        })
    };
    // xl/workbook.xml: <sheet name="Risks" r:id="rId1"/>
    let workbook = zip_text(&mut z, "xl/workbook.xml")?;
    let mut reader = quick_xml::Reader::from_str(&workbook);
    let rid = loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "sheet"
                    && attr(&e, "name").as_deref() == Some(sheet) =>
            {
                break attr(&e, "id")?;
            }
            Event::Eof => return None,
            _ => {}
        }
    };
    // xl/_rels/workbook.xml.rels: <Relationship Id="rId1" Target="worksheets/sheet1.xml"/>
    let rels = zip_text(&mut z, "xl/_rels/workbook.xml.rels")?;
    let mut reader = quick_xml::Reader::from_str(&rels);
    let target = loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "Relationship"
                    && attr(&e, "Id").as_deref() == Some(rid.as_str()) =>
            {
                break attr(&e, "Target")?;
            }
            Event::Eof => return None,
            _ => {}
        }
    };
    let path = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("xl/{target}"),
    };
    let xml = zip_text(&mut z, &path)?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "c" => {
                let r = attr(&e, "r").unwrap_or_default();
                match (cell_position(&r), last) {
                    (Some(p), Some(l)) if p <= l => {}
                    _ => return Some(r).filter(|r| !r.is_empty()),
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// `C7` -> (6, 2): 0-based row and column.
fn cell_position(r: &str) -> Option<(u32, u32)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let col = letters.bytes().try_fold(0u32, |n, b| {
        n.checked_mul(26)?.checked_add(u32::from(b - b'A') + 1)
    })?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// The sheet the mapping names (any case), else the first.
fn pick_sheet(names: Vec<String>, file: &Path, mapping: &Mapping) -> Result<String, RiskError> {
    match &mapping.sheet {
        Some(s) => names
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(s.trim()))
            .cloned()
            .ok_or_else(|| RiskError::Sheet {
                file: file.to_path_buf(),
                sheet: s.clone(),
                available: names.join(", "),
            }),
        None => names.first().cloned().ok_or_else(|| RiskError::Workbook {
            file: file.to_path_buf(),
            message: "the workbook has no sheet".into(),
        }),
    }
}

/// Columns a risk table may use (A to IV); a filled cell beyond is refused.
const MAX_SHEET_COLUMNS: u32 = 256;
/// Filled cells a risk sheet may have.
const MAX_SHEET_CELLS: usize = 4_000_000;

/// Reads one XLSX sheet cell by cell into rows: memory grows with the filled
/// cells, never with the sheet's dimensions.
fn read_xlsx_sheet(
    x: &mut calamine::Xlsx<Cursor<&[u8]>>,
    bytes: &[u8],
    sheet: &str,
    file: &Path,
    warnings: &mut Vec<ImportWarning>,
) -> Result<Vec<Row>, RiskError> {
    use calamine::DataRef;
    let err = |message: String| RiskError::Workbook {
        file: file.to_path_buf(),
        message: format!("sheet `{sheet}`: {message}"),
    };
    let mut reader = x
        .worksheet_cells_reader(sheet)
        .map_err(|e| err(broken_part(bytes).unwrap_or_else(|| e.to_string())))?;
    let mut rows: std::collections::BTreeMap<u32, Vec<String>> = std::collections::BTreeMap::new();
    let mut filled = 0usize;
    let mut last: Option<(u32, u32)> = None;
    loop {
        let cell = match reader.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            // calamine's errors name no cell: find the one it was reading.
            Err(e) => {
                let at = match (cell_after(bytes, sheet, last), last) {
                    (Some(r), _) => format!("cell {r}"),
                    (None, Some((r, c))) => {
                        format!("the cell after {}{}", column_letter(c as usize), r + 1)
                    }
                    (None, None) => "its first cell".into(),
                };
                return Err(RiskError::Workbook {
                    file: file.to_path_buf(),
                    message: format!("sheet `{sheet}`, {at}: {e}"),
                });
            }
        };
        let (r, c) = cell.get_position();
        last = Some((r, c));
        let number = r as usize + 1;
        let text = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
            DataRef::SharedString(s) => s.to_string(),
            DataRef::Int(n) => n.to_string(),
            DataRef::Float(f) => format_number(*f),
            DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            DataRef::DateTime(d) => d.to_string(),
            DataRef::Error(e) => {
                warnings.push(warning(
                    Some(number),
                    Some(column_letter(c as usize)),
                    format!("the cell holds the error {e}; read as text"),
                ));
                e.to_string()
            }
        };
        if c >= MAX_SHEET_COLUMNS {
            return Err(err(format!(
                "cell {}{number} is filled, beyond column {}: a risk table has at most {MAX_SHEET_COLUMNS} columns",
                column_letter(c as usize),
                column_letter(MAX_SHEET_COLUMNS as usize - 1)
            )));
        }
        filled += 1;
        if filled > MAX_SHEET_CELLS {
            return Err(err(format!(
                "more than {MAX_SHEET_CELLS} filled cells; a risk table this large is refused"
            )));
        }
        let cells = rows.entry(r).or_default();
        if cells.len() <= c as usize {
            cells.resize(c as usize + 1, String::new());
        }
        cells[c as usize] = text;
    }
    Ok(rows
        .into_iter()
        .map(|(r, cells)| Row {
            number: r as usize + 1,
            cells,
        })
        .collect())
}

/// A spreadsheet number as text: integers without `.0`, others shortest.
fn format_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// The resolved columns of a table.
struct Columns {
    headers: Vec<String>,
    /// Field -> the 0-based columns it reads.
    fields: BTreeMap<Field, Vec<usize>>,
}

impl Columns {
    fn label(&self, c: usize) -> String {
        match self
            .headers
            .get(c)
            .map(|h| h.trim())
            .filter(|h| !h.is_empty())
        {
            Some(h) => format!(
                "{} \"{}\"",
                column_letter(c),
                h.split_whitespace().collect::<Vec<_>>().join(" ")
            ),
            None => column_letter(c),
        }
    }
}

fn resolve_columns(
    rows: &[Row],
    file: &Path,
    mapping: &Mapping,
    warnings: &mut Vec<ImportWarning>,
) -> Result<(Columns, usize), RiskError> {
    let header_idx = match mapping.header_row {
        Some(n) => rows
            .iter()
            .position(|r| r.number == n)
            .ok_or_else(|| RiskError::Table {
                file: file.to_path_buf(),
                sheet: None,
                row: Some(n),
                column: None,
                message: format!("header row {n} is empty or beyond the end of the table"),
            })?,
        None => rows
            .iter()
            .position(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
            .ok_or_else(|| RiskError::Table {
                file: file.to_path_buf(),
                sheet: None,
                row: None,
                column: None,
                message: "the table is empty".into(),
            })?,
    };
    let header = &rows[header_idx];
    let normalised: Vec<String> = header.cells.iter().map(|h| normalise_header(h)).collect();
    let find = |spec: &ColumnSpec| -> Option<usize> {
        match spec {
            ColumnSpec::Index(i) => Some(*i),
            ColumnSpec::Header(h, n) => normalised
                .iter()
                .enumerate()
                .filter(|(_, x)| *x == h)
                .map(|(i, _)| i)
                .nth(n - 1),
        }
    };
    let mut fields: BTreeMap<Field, Vec<usize>> = BTreeMap::new();
    let mut claimed: BTreeSet<usize> = BTreeSet::new();
    for (name, specs) in &mapping.columns {
        let Some(field) = Field::from_name(name) else {
            continue;
        };
        for s in specs.to_vec() {
            let col = ColumnSpec::parse(&s).and_then(|spec| find(&spec)).ok_or_else(|| RiskError::Table {
                file: file.to_path_buf(),
                sheet: None,
                row: Some(header.number),
                column: Some(s.clone()),
                message: format!(
                    "the mapping reads `{}` from column `{s}`, which the header row does not have; its columns are: {}",
                    field.name(),
                    header_list(&header.cells)
                ),
            })?;
            fields.entry(field).or_default().push(col);
            claimed.insert(col);
        }
    }
    let ignored: BTreeSet<String> = mapping.ignore.iter().map(|s| normalise_header(s)).collect();
    // Labels of unread columns, named from one copy of the header (a copy
    // per column made a wide header quadratic).
    let unread = Columns {
        headers: header.cells.clone(),
        fields: BTreeMap::new(),
    };
    for (c, h) in normalised.iter().enumerate() {
        if h.is_empty() || claimed.contains(&c) {
            continue;
        }
        match Field::from_header(h) {
            Some(Field::InitialRisk | Field::ResidualRisk) => {}
            Some(f) if !mapping.columns.contains_key(f.name()) && (f.takes_many_columns() || !fields.contains_key(&f)) => {
                fields.entry(f).or_default().push(c);
            }
            _ if ignored.contains(h) => {}
            _ => warnings.push(warning(Some(header.number), Some(unread.label(c)), "no field reads this column; its values are not imported (map it, or list it under `ignore`)".into())),
        }
    }
    if !fields.contains_key(&Field::Hazard) {
        return Err(RiskError::Table {
            file: file.to_path_buf(),
            sheet: None,
            row: Some(header.number),
            column: None,
            message: format!(
                "no `hazard` column; the header row has: {}. The canonical layout is id,hazard,sequence_of_events,hazardous_situation,harm,severity,probability,risk_controls,residual_severity,residual_probability; other layouts need --mapping",
                header_list(&header.cells)
            ),
        });
    }
    Ok((
        Columns {
            headers: header.cells.clone(),
            fields,
        },
        header_idx,
    ))
}

fn header_list(cells: &[String]) -> String {
    cells
        .iter()
        .filter(|c| !c.trim().is_empty())
        .map(|c| format!("`{}`", c.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads rows into entries (the part shared by every file format).
fn rows_to_entries(
    rows: Vec<Row>,
    file: &Path,
    mapping: &Mapping,
    plan: &RiskPlan,
) -> Result<Imported, RiskError> {
    let mut warnings = Vec::new();
    let (cols, header_idx) = resolve_columns(&rows, file, mapping, &mut warnings)?;
    let mut ctx = RowCtx {
        cols: &cols,
        mapping,
        plan,
        separators: mapping.separators(),
        warnings: &mut warnings,
        row: 0,
    };
    let mut entries: Vec<RiskEntry> = Vec::new();
    // The entry the last row produced.
    let mut last: Option<usize> = None;
    let mut generated = 0usize;
    for row in rows.into_iter().skip(header_idx + 1) {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        ctx.row = row.number;
        let (mut entry, control) = ctx.entry(&row.cells);
        let id_given = !entry.id.is_empty();
        if let (true, Some(li)) = (id_given, last) {
            // A row repeating the previous row's id and entry columns adds one
            // more control to that entry (the full layout). Different entry
            // columns make it an entry of its own: a duplicate id is a check
            // finding, not a reason to drop what the row says. The previous
            // entry's controls are set aside for the comparison rather than
            // cloned: an entry with thousands of control rows stays linear.
            if control.is_some() && entry.controls.is_empty() {
                let prev = &mut entries[li];
                let controls = std::mem::take(&mut prev.controls);
                let same = *prev == entry
                    || entry
                        == (RiskEntry {
                            id: entry.id.clone(),
                            ..Default::default()
                        });
                prev.controls = controls;
                if same {
                    if let Some(c) = control {
                        prev.controls.push(c);
                    }
                    continue;
                }
            }
        }
        if !id_given {
            generated += 1;
            let prefix = mapping.id_prefix.clone().unwrap_or_else(|| "R-".into());
            entry.id = format!("{prefix}{generated}");
            if let Some(c) = cols.fields.get(&Field::Id).and_then(|v| v.first()) {
                let label = cols.label(*c);
                ctx.warn(
                    Some(label),
                    format!("no id; the entry is given the id `{}`", entry.id),
                );
            }
        }
        if let Some(c) = control {
            entry.controls.push(c);
        }
        entries.push(entry);
        last = Some(entries.len() - 1);
    }
    Ok(Imported { entries, warnings })
}

struct RowCtx<'a> {
    cols: &'a Columns,
    mapping: &'a Mapping,
    plan: &'a RiskPlan,
    separators: Vec<String>,
    warnings: &'a mut Vec<ImportWarning>,
    row: usize,
}

impl RowCtx<'_> {
    fn warn(&mut self, column: Option<String>, message: String) {
        self.warnings.push(warning(Some(self.row), column, message));
    }

    /// The (column, text) pairs of `field` in this row, non-empty only.
    fn cells(&self, cells: &[String], field: Field) -> Vec<(usize, String)> {
        self.cols
            .fields
            .get(&field)
            .map(|cs| {
                cs.iter()
                    .filter_map(|&c| {
                        let t = cells.get(c).map(|s| s.trim()).unwrap_or("").to_string();
                        (!t.is_empty()).then_some((c, t))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn text(&self, cells: &[String], field: Field) -> String {
        self.cells(cells, field)
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn list(&self, cells: &[String], field: Field) -> Vec<String> {
        let mut out = Vec::new();
        for (_, t) in self.cells(cells, field) {
            out.extend(split_list(&t, &self.separators));
        }
        out
    }

    fn scale(&mut self, cells: &[String], field: Field, residual: bool) -> String {
        let (levels, table, what): (&[ScaleLevel], _, _) = match field {
            Field::Severity | Field::ResidualSeverity => (
                &self.plan.severity,
                &self.mapping.values.severity,
                "severity",
            ),
            _ => (
                &self.plan.probability,
                &self.mapping.values.probability,
                "probability",
            ),
        };
        let Some((c, raw)) = self.cells(cells, field).into_iter().next() else {
            return String::new();
        };
        let translated = lookup(table, &raw).unwrap_or(raw.as_str()).to_string();
        if let Some(i) = compute::level_index(levels, &translated) {
            return levels[i].name.clone();
        }
        if let Ok(n) = translated.parse::<usize>() {
            if (1..=levels.len()).contains(&n) {
                return levels[n - 1].name.clone();
            }
        }
        let label = self.cols.label(c);
        let names = levels
            .iter()
            .map(|l| l.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let kind = if residual {
            format!("residual {what}")
        } else {
            what.to_string()
        };
        self.warn(
            Some(label),
            format!(
                "{kind} `{raw}` is not a level of the plan ({names}) nor a level number 1-{}; kept as written (add it to [values.{what}] of the mapping)",
                levels.len()
            ),
        );
        raw
    }

    fn control_type(&mut self, cells: &[String], field: Field) -> Option<ControlType> {
        let (c, raw) = self.cells(cells, field).into_iter().next()?;
        let t = lookup(&self.mapping.values.control_type, &raw).unwrap_or(raw.as_str());
        let parsed = ControlType::parse(t);
        if parsed.is_none() {
            let label = self.cols.label(c);
            self.warn(
                Some(label),
                format!("`{raw}` is not a control type (inherent-safety, protective-measure, information-for-safety); the control is left without a type and the text is kept in the entry's notes"),
            );
        }
        parsed
    }

    /// The entry of a row, and the control its `control_*` columns describe.
    fn entry(&mut self, cells: &[String]) -> (RiskEntry, Option<RiskControl>) {
        let mut e = RiskEntry {
            id: self.text(cells, Field::Id),
            category: self.text(cells, Field::Category),
            hazard: self.text(cells, Field::Hazard),
            sequence_of_events: self.text(cells, Field::SequenceOfEvents),
            hazardous_situation: self.text(cells, Field::HazardousSituation),
            harm: self.text(cells, Field::Harm),
            severity: self.scale(cells, Field::Severity, false),
            p1: self.text(cells, Field::P1),
            p2: self.text(cells, Field::P2),
            probability: self.scale(cells, Field::Probability, false),
            controls: Vec::new(),
            residual_severity: self.scale(cells, Field::ResidualSeverity, true),
            residual_probability: self.scale(cells, Field::ResidualProbability, true),
            benefit_risk: self.text(cells, Field::BenefitRisk),
            links: super::model::RiskLinks {
                software_items: self.list(cells, Field::SoftwareItems),
                components: self.list(cells, Field::Components),
                vulnerabilities: self.list(cells, Field::Vulnerabilities),
                ai_systems: self.list(cells, Field::AiSystems),
                requirements: self.list(cells, Field::Requirements),
            },
            notes: String::new(),
        };
        let mut notes = self.notes(cells);
        for item in self.list(cells, Field::RiskControls) {
            e.controls.push(compact_control(&item));
        }
        let control =
            if Field::importable().any(|f| f.is_control() && !self.cells(cells, f).is_empty()) {
                let kind = self.control_type(cells, Field::ControlType);
                if kind.is_none() {
                    let raw = self.text(cells, Field::ControlType);
                    if !raw.is_empty() {
                        push_line(
                            &mut notes,
                            &format!("control {} type: {raw}", self.text(cells, Field::ControlId)),
                        );
                    }
                }
                Some(RiskControl {
                    id: self.text(cells, Field::ControlId),
                    description: self.text(cells, Field::ControlDescription),
                    kind,
                    implementation: self.text(cells, Field::ControlImplementation),
                    verification_implementation: super::model::Verification {
                        method: self.text(cells, Field::VerificationImplementation),
                        evidence: self.text(cells, Field::ImplementationEvidence),
                    },
                    verification_effectiveness: super::model::Verification {
                        method: self.text(cells, Field::VerificationEffectiveness),
                        evidence: self.text(cells, Field::EffectivenessEvidence),
                    },
                    release: self.text(cells, Field::ControlRelease),
                    new_risks: self.list(cells, Field::NewRisks),
                })
            } else {
                None
            };
        e.notes = notes;
        (e, control)
    }

    /// Notes: a single `notes` column as written; several columns as
    /// `header: value` lines so each value says where it came from.
    fn notes(&self, cells: &[String]) -> String {
        let Some(cs) = self.cols.fields.get(&Field::Notes) else {
            return String::new();
        };
        if cs.len() == 1 {
            return self.text(cells, Field::Notes);
        }
        let mut out = String::new();
        for (c, t) in self.cells(cells, Field::Notes) {
            let h = self
                .cols
                .headers
                .get(c)
                .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default();
            push_line(&mut out, &format!("{h}: {t}"));
        }
        out
    }
}

fn push_line(s: &mut String, line: &str) {
    if !s.is_empty() {
        s.push('\n');
    }
    s.push_str(line);
}

fn lookup<'a>(table: &'a BTreeMap<String, String>, raw: &str) -> Option<&'a str> {
    let r = raw.trim();
    table
        .iter()
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(r))
        .map(|(_, v)| v.as_str())
}

/// Splits a list cell on any of `seps`, trimming items and dropping empties.
pub fn split_list(s: &str, seps: &[String]) -> Vec<String> {
    let mut parts = vec![s.to_string()];
    for sep in seps.iter().filter(|s| !s.is_empty()) {
        parts = parts
            .iter()
            .flat_map(|p| {
                p.split(sep.as_str())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// One item of a `risk_controls` cell: `RC-1: text` (id and description),
/// a bare id (`RC-1`, `3`), or a description alone.
fn compact_control(item: &str) -> RiskControl {
    let looks_like_id =
        |s: &str| !s.is_empty() && s.len() <= 24 && !s.contains(char::is_whitespace);
    if let Some((id, desc)) = item.split_once(':') {
        if looks_like_id(id.trim()) && !desc.trim().is_empty() {
            return RiskControl {
                id: id.trim().to_string(),
                description: desc.trim().to_string(),
                ..Default::default()
            };
        }
    }
    if looks_like_id(item) {
        RiskControl {
            id: item.to_string(),
            ..Default::default()
        }
    } else {
        RiskControl {
            description: item.to_string(),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(csv: &str, mapping: &str) -> Result<Imported, RiskError> {
        let m = Mapping::parse(mapping, Path::new("m.toml"))?;
        read_table(csv.as_bytes(), Path::new("t.csv"), &m, &RiskPlan::default())
    }

    const CANONICAL: &str = "id,hazard,sequence_of_events,hazardous_situation,harm,severity,probability,risk_controls,residual_severity,residual_probability\n";

    #[test]
    fn canonical_layout_imports_by_header_name() {
        let t = format!(
            "{CANONICAL}H1,Wrong rhythm label,Model misclassifies AF,Clinician trusts label,Delayed treatment,4,Probable,RC-1: Show confidence; RC-2,Critical,2\n"
        );
        let imp = read(&t, "").expect("imports");
        assert_eq!(imp.entries.len(), 1, "{:?}", imp.warnings);
        assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
        let e = &imp.entries[0];
        assert_eq!(
            e.severity, "Critical",
            "level number 4 is the 4th severity level"
        );
        assert_eq!(e.probability, "Probable");
        assert_eq!(e.residual_probability, "Remote");
        assert_eq!(e.controls.len(), 2);
        assert_eq!(
            (
                e.controls[0].id.as_str(),
                e.controls[0].description.as_str()
            ),
            ("RC-1", "Show confidence")
        );
        assert_eq!(
            (
                e.controls[1].id.as_str(),
                e.controls[1].description.as_str()
            ),
            ("RC-2", "")
        );
    }

    #[test]
    fn semicolon_csv_with_bom_and_spaced_headers() {
        let t = "\u{feff}ID;Hazard;Hazardous situation;Harm;Severity;Probability\n7;Crash;\"Lost; data\";Delay;Minor;Remote\n";
        let imp = read(t, "").expect("imports");
        assert_eq!(imp.entries[0].id, "7");
        assert_eq!(imp.entries[0].hazardous_situation, "Lost; data");
    }

    #[test]
    fn unmappable_values_warn_with_row_and_column_and_keep_the_row() {
        let t = format!("{CANONICAL}H1,Crash,,,,Huge,Probable,,,\n,No id,,,,Minor,9,,,\n");
        let imp = read(&t, "").expect("imports");
        assert_eq!(imp.entries.len(), 2, "no row is dropped");
        assert_eq!(imp.entries[0].severity, "Huge", "kept as written");
        let w: Vec<String> = imp.warnings.iter().map(|w| w.to_string()).collect();
        assert!(
            w.iter()
                .any(|w| w.starts_with("row 2, column F \"severity\": severity `Huge`")),
            "{w:?}"
        );
        assert!(
            w.iter()
                .any(|w| w.starts_with("row 3, column G \"probability\": probability `9`")),
            "{w:?}"
        );
        assert!(
            w.iter()
                .any(|w| w.starts_with("row 3, column A \"id\": no id")),
            "{w:?}"
        );
        assert_eq!(imp.entries[1].id, "R-1");
    }

    #[test]
    fn unknown_columns_are_named_once() {
        let t = "id,hazard,RPN\nH1,Crash,40\nH2,Hang,20\n";
        let imp = read(t, "").expect("imports");
        assert_eq!(imp.warnings.len(), 1, "{:?}", imp.warnings);
        assert!(
            imp.warnings[0].location.contains("column C \"RPN\""),
            "{:?}",
            imp.warnings
        );
        assert!(read(t, "ignore = [\"rpn\"]")
            .expect("imports")
            .warnings
            .is_empty());
    }

    #[test]
    fn errors_are_located() {
        let err = read("foo,bar\n1,2\n", "").expect_err("no hazard");
        let s = err.to_string();
        assert!(
            s.starts_with("t.csv: row 1:") && s.contains("`foo`") && s.contains("--mapping"),
            "{s}"
        );
        let err = read("a,b\n", "[columns]\nhazard = \"Problem\"\n").expect_err("missing column");
        assert!(err.to_string().contains("column `Problem`"), "{err}");
        let err = read("a,b\n", "header_row = 4\n").expect_err("header row");
        assert!(err.to_string().contains("row 4"), "{err}");
        let err = read("hazard\n\"open quote\n", "").map(|i| i.entries.len());
        // The csv crate reads an unterminated quote to the end of the file: one entry, nothing lost.
        assert_eq!(err.ok(), Some(1));
    }

    #[test]
    fn mapping_translates_and_joins_columns() {
        let t = "ID,Hazard,P,S,Ext,Int,P,S,Comment\n1,Leak,P4,S3,\"1, 2\",3,P1,S2,note\n";
        let m = r#"
            list_separators = [",", " and "]
            [columns]
            probability = "P#1"
            severity = "S"
            residual_probability = "P#2"
            residual_severity = "S#2"
            risk_controls = ["Ext", "Int"]
            notes = ["Comment"]
            [values.probability]
            P1 = "Improbable"
            P4 = "Occasional"
            [values.severity]
            s2 = "Minor"
            S3 = "Serious"
        "#;
        let imp = read(t, m).expect("imports");
        assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
        let e = &imp.entries[0];
        assert_eq!(
            (e.probability.as_str(), e.severity.as_str()),
            ("Occasional", "Serious")
        );
        assert_eq!(
            (
                e.residual_probability.as_str(),
                e.residual_severity.as_str()
            ),
            ("Improbable", "Minor")
        );
        assert_eq!(
            e.controls.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            ["1", "2", "3"]
        );
        assert_eq!(e.notes, "note");
    }

    #[test]
    fn continuation_rows_add_controls() {
        let t = "id,hazard,harm,control_id,control_type,control_description\nH1,Crash,Delay,C1,protective-measure,Watchdog\nH1,Crash,Delay,C2,Labelling,Warn in IFU\nH2,Hang,Delay,,,\n";
        let imp = read(t, "").expect("imports");
        assert_eq!(imp.entries.len(), 2);
        let c = &imp.entries[0].controls;
        assert_eq!(c.len(), 2);
        assert_eq!(c[1].kind, Some(ControlType::InformationForSafety));
        assert!(imp.entries[1].controls.is_empty());
    }

    #[test]
    fn garbage_never_panics() {
        let m = Mapping::default();
        let plan = RiskPlan::default();
        let mut seed = 0x2545_f491_u32;
        for len in [0usize, 1, 7, 64, 4096] {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    (seed & 0xff) as u8
                })
                .collect();
            for name in ["t.csv", "t.xlsx", "t", "t.ods"] {
                let _ = read_table(&bytes, Path::new(name), &m, &plan);
            }
            let mut zip = b"PK\x03\x04".to_vec();
            zip.extend_from_slice(&bytes);
            let err = read_table(&zip, Path::new("t.xlsx"), &m, &plan).expect_err("not a workbook");
            assert_eq!(err.code(), "risk.workbook");
        }
    }
}
