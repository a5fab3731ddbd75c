//! Export of the risk table as CSV and XLSX in the full layout of
//! `risk::table` (one row per control, entry columns repeated), which
//! `risk::import` reads back without loss. Cells that a spreadsheet would run
//! as a formula are made inert. Output is deterministic: the same project
//! gives the same bytes (the XLSX creation date is the document date).

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::compute::{self, Risk};
use super::model::{RiskControl, RiskEntry, RiskPlan};
use super::table::{needs_quote, neutralise, Field, LIST_SEPARATOR};
use super::RiskError;
use crate::model::TechFile;

/// A risk as one cell: `Unacceptable (Critical x Probable)`.
pub fn risk_cell(plan: &RiskPlan, r: &Risk) -> String {
    let name = |levels: &[super::model::ScaleLevel], i: Option<usize>| {
        i.and_then(|i| levels.get(i))
            .map(|l| l.name.clone())
            .unwrap_or_else(|| "?".into())
    };
    match r.acceptability {
        Some(a) => format!(
            "{} ({} x {})",
            a.label(),
            name(&plan.severity, r.severity),
            name(&plan.probability, r.probability)
        ),
        None => String::new(),
    }
}

fn cell(plan: &RiskPlan, e: &RiskEntry, c: Option<&RiskControl>, f: Field) -> String {
    let list = |v: &[String]| v.join(LIST_SEPARATOR);
    match f {
        Field::Id => e.id.clone(),
        Field::Category => e.category.clone(),
        Field::Hazard => e.hazard.clone(),
        Field::SequenceOfEvents => e.sequence_of_events.clone(),
        Field::HazardousSituation => e.hazardous_situation.clone(),
        Field::Harm => e.harm.clone(),
        Field::Severity => e.severity.clone(),
        Field::P1 => e.p1.clone(),
        Field::P2 => e.p2.clone(),
        Field::Probability => e.probability.clone(),
        Field::InitialRisk => risk_cell(plan, &compute::initial(plan, e)),
        Field::RiskControls => String::new(),
        Field::ControlId => c.map(|c| c.id.clone()).unwrap_or_default(),
        Field::ControlType => c
            .and_then(|c| c.kind)
            .map(|k| k.as_str().to_string())
            .unwrap_or_default(),
        Field::ControlDescription => c.map(|c| c.description.clone()).unwrap_or_default(),
        Field::ControlImplementation => c.map(|c| c.implementation.clone()).unwrap_or_default(),
        Field::VerificationImplementation => c
            .map(|c| c.verification_implementation.method.clone())
            .unwrap_or_default(),
        Field::ImplementationEvidence => c
            .map(|c| c.verification_implementation.evidence.clone())
            .unwrap_or_default(),
        Field::VerificationEffectiveness => c
            .map(|c| c.verification_effectiveness.method.clone())
            .unwrap_or_default(),
        Field::EffectivenessEvidence => c
            .map(|c| c.verification_effectiveness.evidence.clone())
            .unwrap_or_default(),
        Field::ControlRelease => c.map(|c| c.release.clone()).unwrap_or_default(),
        Field::NewRisks => c.map(|c| list(&c.new_risks)).unwrap_or_default(),
        Field::ResidualSeverity => e.residual_severity.clone(),
        Field::ResidualProbability => e.residual_probability.clone(),
        Field::ResidualRisk => risk_cell(plan, &compute::residual(plan, e)),
        Field::BenefitRisk => e.benefit_risk.clone(),
        Field::SoftwareItems => list(&e.links.software_items),
        Field::Components => list(&e.links.components),
        Field::Vulnerabilities => list(&e.links.vulnerabilities),
        Field::AiSystems => list(&e.links.ai_systems),
        Field::Requirements => list(&e.links.requirements),
        Field::Notes => e.notes.clone(),
    }
}

/// The table as rows of raw cell text (header first), one row per control.
pub fn rows(tf: &TechFile) -> Vec<Vec<String>> {
    let plan = &tf.risk.plan;
    let mut out = vec![Field::export().map(|f| f.name().to_string()).collect()];
    for e in &tf.risk.entries {
        if e.controls.is_empty() {
            out.push(Field::export().map(|f| cell(plan, e, None, f)).collect());
        }
        for c in &e.controls {
            out.push(Field::export().map(|f| cell(plan, e, Some(c), f)).collect());
        }
    }
    out
}

/// The risk table as CSV (UTF-8 with a byte-order mark so spreadsheet
/// programs read it as UTF-8; CRLF line ends; formula cells neutralised).
pub fn export_csv(tf: &TechFile) -> Result<Vec<u8>, RiskError> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows(tf) {
        w.write_record(row.iter().map(|c| neutralise(c)))
            .map_err(|e| RiskError::Export(e.to_string()))?;
    }
    w.into_inner().map_err(|e| RiskError::Export(e.to_string()))
}

fn xlsx_err(e: XlsxError) -> RiskError {
    RiskError::Export(e.to_string())
}

/// The risk table as XLSX: sheet `Risks` (the full layout, header frozen and
/// filtered) and sheet `Plan` (scales and matrix, for readers; import reads
/// the first sheet). Text that would start a formula is written with Excel's
/// quote prefix, so it shows and reads back exactly as written.
pub fn export_xlsx(tf: &TechFile) -> Result<Vec<u8>, RiskError> {
    let mut wb = Workbook::new();
    let date = creation_date(&tf.document.date);
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&date)
            .set_title("Risk table"),
    );
    let head = Format::new().set_bold().set_text_wrap();
    let text = Format::new().set_text_wrap();
    let quoted = Format::new().set_text_wrap().set_quote_prefix();

    let ws = wb.add_worksheet();
    ws.set_name("Risks").map_err(xlsx_err)?;
    let table = rows(tf);
    for (r, row) in table.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let fmt = if r == 0 {
                &head
            } else if needs_quote(v) {
                &quoted
            } else {
                &text
            };
            write(ws, r, c, v, fmt)?;
        }
    }
    for (c, f) in Field::export().enumerate() {
        let width = match f {
            Field::Hazard
            | Field::SequenceOfEvents
            | Field::HazardousSituation
            | Field::Harm
            | Field::ControlDescription
            | Field::BenefitRisk
            | Field::Notes => 36.0,
            Field::InitialRisk | Field::ResidualRisk => 28.0,
            _ => 16.0,
        };
        ws.set_column_width(c as u16, width).map_err(xlsx_err)?;
    }
    ws.set_freeze_panes(1, 1).map_err(xlsx_err)?;
    let last_row = table.len().saturating_sub(1) as u32;
    ws.autofilter(0, 0, last_row, (Field::export().count() - 1) as u16)
        .map_err(xlsx_err)?;

    let plan = &tf.risk.plan;
    let ws = wb.add_worksheet();
    ws.set_name("Plan").map_err(xlsx_err)?;
    let mut r = 0usize;
    for (title, levels) in [
        ("Severity", &plan.severity),
        ("Probability", &plan.probability),
    ] {
        write(ws, r, 0, title, &head)?;
        write(ws, r, 1, "Description", &head)?;
        r += 1;
        for l in levels.iter() {
            write(ws, r, 0, &l.name, &text)?;
            write(ws, r, 1, &l.description, &text)?;
            r += 1;
        }
        r += 1;
    }
    write(ws, r, 0, "Severity \\ Probability", &head)?;
    for (c, p) in plan.probability.iter().enumerate() {
        write(ws, r, c + 1, &p.name, &head)?;
    }
    r += 1;
    for (s, sev) in plan.severity.iter().enumerate().rev() {
        write(ws, r, 0, &sev.name, &head)?;
        for c in 0..plan.probability.len() {
            let v = compute::cell(plan, s, c).map(|a| a.as_str()).unwrap_or("");
            write(ws, r, c + 1, v, &text)?;
        }
        r += 1;
    }
    ws.set_column_width(0, 24.0).map_err(xlsx_err)?;
    ws.set_column_width(1, 48.0).map_err(xlsx_err)?;
    wb.save_to_buffer().map_err(xlsx_err)
}

fn write(ws: &mut Worksheet, r: usize, c: usize, v: &str, fmt: &Format) -> Result<(), RiskError> {
    let (Ok(r), Ok(c)) = (u32::try_from(r), u16::try_from(c)) else {
        return Err(RiskError::Export(format!(
            "cell {r},{c} is beyond a worksheet's size"
        )));
    };
    ws.write_string_with_format(r, c, v, fmt)
        .map_err(xlsx_err)?;
    Ok(())
}

/// The document date (`YYYY-MM-DD`) as the workbook's creation date; a fixed
/// date when there is none, never the clock.
fn creation_date(date: &str) -> ExcelDateTime {
    crate::date::parse(date)
        .and_then(|d| ExcelDateTime::from_ymd(d.year, d.month, d.day).ok())
        .or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).ok())
        .unwrap_or_default()
}
