//! Rules over the core model: document control, device identity (MDR Annex
//! II 1.1, Art. 27/31, Art. 52), software items, chapters and the document register.

use std::collections::BTreeMap;

use super::rules;
use crate::diag::{Finding, Rule};
use crate::model::{clauses, TechFile};

pub fn check(tf: &TechFile, out: &mut Vec<Finding>) {
    document(tf, out);
    device(tf, out);
    software_items(tf, out);
    chapters(tf, out);
    documents(tf, out);
}

fn required(out: &mut Vec<Finding>, rule: &Rule, path: &str, value: &str, what: &str) {
    if value.trim().is_empty() {
        out.push(Finding::error(rule, path, format!("{what} is missing")));
    }
}

fn date(out: &mut Vec<Finding>, path: &str, value: &str, required: bool) {
    if value.is_empty() {
        if required {
            out.push(Finding::error(
                &rules::DOC_DATE,
                path,
                "date is missing (expected YYYY-MM-DD)",
            ));
        }
    } else if !crate::date::is_date(value) {
        out.push(Finding::error(
            &rules::DOC_DATE,
            path,
            format!("`{value}` is not a date; expected YYYY-MM-DD"),
        ));
    }
}

fn document(tf: &TechFile, out: &mut Vec<Finding>) {
    let d = &tf.document;
    required(
        out,
        &rules::DOC_ID,
        "document.document_id",
        &d.document_id,
        "document id",
    );
    required(
        out,
        &rules::DOC_TITLE,
        "document.title",
        &d.title,
        "document title",
    );
    required(
        out,
        &rules::DOC_VERSION,
        "document.version",
        &d.version,
        "document version",
    );
    date(out, "document.date", &d.date, true);
    for (i, r) in d.revisions.iter().enumerate() {
        date(out, &format!("document.revisions[{i}].date"), &r.date, true);
        required(
            out,
            &rules::DOC_REVISION,
            &format!("document.revisions[{i}].version"),
            &r.version,
            "revision version",
        );
    }
    if !d.version.is_empty()
        && !d.revisions.is_empty()
        && !d.revisions.iter().any(|r| r.version == d.version)
    {
        out.push(Finding::warning(
            &rules::DOC_REVISION,
            "document.revisions",
            format!(
                "the revision history has no entry for the current version {}",
                d.version
            ),
        ));
    }
    if d.approvals.is_empty() {
        out.push(Finding::warning(
            &rules::DOC_APPROVAL,
            "document.approvals",
            "no approvals recorded for this version",
        ));
    }
    for (i, a) in d.approvals.iter().enumerate() {
        let p = format!("document.approvals[{i}]");
        required(
            out,
            &rules::DOC_APPROVAL,
            &format!("{p}.name"),
            &a.name,
            "approver name",
        );
        required(
            out,
            &rules::DOC_APPROVAL,
            &format!("{p}.role"),
            &a.role,
            "approver role",
        );
        required(
            out,
            &rules::DOC_APPROVAL,
            &format!("{p}.meaning"),
            &a.meaning,
            "meaning of the signature",
        );
        date(out, &format!("{p}.date"), &a.date, true);
    }
}

/// A finding for an identifier `udi` refused: its message, and the
/// corrected identifier where the check characters could be computed.
fn id_problem(rule: &'static Rule, path: &str, what: &str, p: super::udi::IdProblem) -> Finding {
    let mut msg = format!("{what}: {}", p.message);
    if let Some(c) = p.corrected {
        msg.push_str(&format!(" (expected `{c}`)"));
    }
    if p.unverified {
        Finding::warning(rule, path, msg)
    } else {
        Finding::error(rule, path, msg)
    }
}

/// A UDI-DI of a packaging level or variant: GS1 GTIN, HIBCC, IFA or ICCBBA.
fn udi_di(out: &mut Vec<Finding>, path: &str, value: &str) {
    if let Err(p) = super::udi::udi_di(value) {
        out.push(id_problem(&rules::DEV_UDI, path, "UDI-DI", p));
    }
}

fn device(tf: &TechFile, out: &mut Vec<Finding>) {
    let d = &tf.device;
    required(
        out,
        &rules::DEV_NAME,
        "device.trade_name",
        &d.trade_name,
        "trade name (MDR Annex II 1.1(a))",
    );
    required(
        out,
        &rules::DEV_DESCRIPTION,
        "device.description",
        &d.description,
        "general description (MDR Annex II 1.1(a))",
    );
    required(
        out,
        &rules::DEV_MANUFACTURER,
        "device.manufacturer.name",
        &d.manufacturer.name,
        "manufacturer name",
    );
    required(
        out,
        &rules::DEV_MANUFACTURER,
        "device.manufacturer.address",
        &d.manufacturer.address,
        "manufacturer address",
    );
    if d.manufacturer.srn.is_empty() {
        out.push(Finding::error(
            &rules::DEV_SRN,
            "device.manufacturer.srn",
            "manufacturer SRN is missing (MDR Art. 31)",
        ));
    } else if let Err(p) = super::udi::srn(&d.manufacturer.srn) {
        out.push(id_problem(
            &rules::DEV_SRN,
            "device.manufacturer.srn",
            "SRN",
            p,
        ));
    } else if d.manufacturer.srn.trim().get(2..6) != Some("-MF-") {
        out.push(Finding::error(
            &rules::DEV_SRN,
            "device.manufacturer.srn",
            format!(
                "`{}` is not a manufacturer's SRN: the actor type of a manufacturer is MF (CC-MF-000000000)",
                d.manufacturer.srn.trim()
            ),
        ));
    }
    if d.basic_udi_di.is_empty() {
        out.push(Finding::error(
            &rules::DEV_UDI,
            "device.basic_udi_di",
            "Basic UDI-DI is missing (MDR Art. 27, Annex II 1.1(b))",
        ));
    } else {
        if let Err(p) = super::udi::basic_udi_di(&d.basic_udi_di) {
            out.push(id_problem(
                &rules::DEV_UDI,
                "device.basic_udi_di",
                "Basic UDI-DI",
                p,
            ));
        }
    }
    for (i, u) in d.udi_dis.iter().enumerate() {
        udi_di(out, &format!("device.udi_dis[{i}]"), u);
    }
    let mut seen = BTreeMap::new();
    for (i, u) in d.udi_dis.iter().enumerate() {
        if let Some(first) = seen.insert(u.as_str(), i) {
            out.push(Finding::error(
                &rules::DEV_UDI,
                format!("device.udi_dis[{i}]"),
                format!("UDI-DI `{u}` repeats device.udi_dis[{first}]"),
            ));
        }
    }
    for (i, v) in d.variants.iter().enumerate() {
        if !v.udi_di.is_empty() {
            udi_di(out, &format!("device.variants[{i}].udi_di"), &v.udi_di);
        }
        required(
            out,
            &rules::DEV_VARIANT,
            &format!("device.variants[{i}].name"),
            &v.name,
            "variant name",
        );
    }
    match d.risk_class {
        None => out.push(Finding::error(
            &rules::DEV_CLASS,
            "device.risk_class",
            "risk class is missing (MDR Art. 51, Annex VIII)",
        )),
        Some(class) => {
            if d.classification_rule.trim().is_empty() {
                out.push(Finding::error(
                    &rules::DEV_CLASS,
                    "device.classification_rule",
                    "the Annex VIII classification rule applied is missing (MDR Annex II 1.1(f))",
                ));
            }
            match d.conformity_route {
                None => out.push(Finding::error(
                    &rules::DEV_ROUTE,
                    "device.conformity_route",
                    "conformity assessment route is missing (MDR Art. 52)",
                )),
                Some(route) if !route.fits(class) => out.push(Finding::error(
                    &rules::DEV_ROUTE,
                    "device.conformity_route",
                    format!(
                        "route `{}` does not fit class {} (MDR Art. 52 / IVDR Art. 48)",
                        route.as_str(),
                        class.as_str()
                    ),
                )),
                Some(_) => {}
            }
            if class.needs_notified_body() {
                if d.notified_body.is_empty() {
                    out.push(Finding::error(
                        &rules::DEV_NB,
                        "device.notified_body",
                        format!(
                            "class {} needs a notified body; its four-digit number is missing",
                            class.as_str()
                        ),
                    ));
                }
            } else if !d.notified_body.is_empty() {
                out.push(Finding::warning(
                    &rules::DEV_NB,
                    "device.notified_body",
                    format!(
                        "class {} is self-declared; a notified body number is unexpected",
                        class.as_str()
                    ),
                ));
            }
        }
    }
    if !d.notified_body.is_empty() {
        if let Err(p) = super::udi::nb_number(&d.notified_body) {
            out.push(id_problem(
                &rules::DEV_NB,
                "device.notified_body",
                "notified body number",
                p,
            ));
        }
    }
    if d.emdn_code.is_empty() {
        out.push(Finding::warning(
            &rules::DEV_EMDN,
            "device.emdn_code",
            "EMDN code is missing",
        ));
    } else if let Err(p) = super::udi::emdn_code(&d.emdn_code) {
        out.push(id_problem(
            &rules::DEV_EMDN,
            "device.emdn_code",
            "EMDN code",
            p,
        ));
    }
    required(
        out,
        &rules::DEV_PURPOSE,
        "device.intended_purpose",
        &d.intended_purpose,
        "intended purpose (MDR Annex II 1.1(c))",
    );
    required(
        out,
        &rules::DEV_USERS,
        "device.intended_users",
        &d.intended_users,
        "intended users (MDR Annex II 1.1(c))",
    );
    required(
        out,
        &rules::DEV_POPULATION,
        "device.patient_population",
        &d.patient_population,
        "patient population (MDR Annex II 1.1(c))",
    );
    required(
        out,
        &rules::DEV_PRINCIPLE,
        "device.principle_of_operation",
        &d.principle_of_operation,
        "principle of operation (MDR Annex II 1.1(d))",
    );
    if d.indications.is_empty() {
        out.push(Finding::warning(
            &rules::DEV_INDICATIONS,
            "device.indications",
            "no indications stated (MDR Annex II 1.1(c))",
        ));
    }
    if d.warnings.is_empty() {
        out.push(Finding::warning(
            &rules::DEV_WARNINGS,
            "device.warnings",
            "no warnings stated (MDR Annex II 1.1(c))",
        ));
    }
    if d.qualification_rationale.trim().is_empty() {
        out.push(Finding::warning(
            &rules::DEV_QUALIFICATION,
            "device.qualification_rationale",
            "the rationale for qualifying the product as a device is missing (MDR Annex II 1.1(e))",
        ));
    }
}

fn software_items(tf: &TechFile, out: &mut Vec<Finding>) {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, item) in tf.software_items.iter().enumerate() {
        let p = format!("software_items[{i}]");
        required(
            out,
            &rules::SW_ITEM,
            &format!("{p}.name"),
            &item.name,
            "software item name",
        );
        required(
            out,
            &rules::SW_ITEM,
            &format!("{p}.version"),
            &item.version,
            "software item version",
        );
        if item.safety_class.is_none() {
            out.push(Finding::error(
                &rules::SW_CLASS,
                format!("{p}.safety_class"),
                "IEC 62304 software safety class is missing (§4.3)",
            ));
        }
        if !item.name.is_empty() {
            if let Some(first) = seen.insert(item.name.as_str(), i) {
                out.push(Finding::error(
                    &rules::SW_ITEM,
                    format!("{p}.name"),
                    format!(
                        "software item `{}` repeats software_items[{first}]",
                        item.name
                    ),
                ));
            }
        }
    }
}

fn chapters(tf: &TechFile, out: &mut Vec<Finding>) {
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, ch) in tf.chapters.iter().enumerate() {
        let p = format!("chapters[{i}]");
        required(out, &rules::CH_ID, &format!("{p}.id"), &ch.id, "chapter id");
        required(
            out,
            &rules::CH_TITLE,
            &format!("{p}.title"),
            &ch.title,
            "chapter title",
        );
        if !ch.id.is_empty() {
            if let Some(first) = ids.insert(ch.id.as_str(), i) {
                out.push(Finding::error(
                    &rules::CH_ID,
                    format!("{p}.id"),
                    format!("chapter id `{}` repeats chapters[{first}]", ch.id),
                ));
            }
        }
        for (j, c) in ch.clauses.iter().enumerate() {
            if !clauses::is_known(c) {
                out.push(Finding::error(&rules::CH_CLAUSE, format!("{p}.clauses[{j}]"), format!("unknown clause id `{c}`; expected an id of the clause catalogue like MDR-II-3, MDR-II-1.1(a), MDR-I-17.2, AIA-IV-2(b) or CRA-VII-2")));
            }
        }
        if ch.body.trim().is_empty() {
            out.push(Finding::warning(
                &rules::CH_EMPTY,
                format!("{p}.body"),
                format!("chapter `{}` has no text", ch.title),
            ));
        }
        for f in crate::markdown::unclosed_fences(&ch.body) {
            out.push(Finding::of(
                &rules::CHAPTER_MARKDOWN,
                format!("{p}.body"),
                format!(
                    "chapter `{}`: unclosed code fence opened on line {} (`{}`); the rest of the chapter is shown as code until a line `{}` closes it",
                    ch.title,
                    f.line,
                    f.closing(),
                    f.closing()
                ),
            ));
        }
    }
    // Coverage (which required clauses no chapter or part answers) is
    // `coverage::check`: it needs every part's data.
}

fn documents(tf: &TechFile, out: &mut Vec<Finding>) {
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, e) in tf.documents.iter().enumerate() {
        let p = format!("documents[{i}]");
        required(
            out,
            &rules::REG_ID,
            &format!("{p}.document_id"),
            &e.document_id,
            "document id",
        );
        required(
            out,
            &rules::REG_TITLE,
            &format!("{p}.title"),
            &e.title,
            "document title",
        );
        if !e.document_id.is_empty() {
            if let Some(first) = ids.insert(e.document_id.as_str(), i) {
                out.push(Finding::error(
                    &rules::REG_ID,
                    format!("{p}.document_id"),
                    format!("document `{}` repeats documents[{first}]", e.document_id),
                ));
            }
        }
        if e.sha256.is_empty() {
            out.push(Finding::warning(
                &rules::REG_HASH,
                format!("{p}.sha256"),
                "no SHA-256 recorded; the reference cannot be verified",
            ));
        } else if !(e.sha256.len() == 64
            && e.sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
        {
            out.push(Finding::error(
                &rules::REG_HASH,
                format!("{p}.sha256"),
                "not a SHA-256; expected 64 lowercase hex digits",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The findings of one identity field given `set` on the example.
    fn identity(set: impl Fn(&mut crate::model::Device), path: &str) -> Vec<String> {
        let mut tf = crate::example::example().expect("example");
        set(&mut tf.device);
        crate::check::check(&tf)
            .into_iter()
            .filter(|f| f.path == path)
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn basic_udi_di_check_pair_is_computed_and_the_right_one_named() {
        let bad = identity(
            |d| d.basic_udi_di = "4260765ECGCSA01RA".into(),
            "device.basic_udi_di",
        );
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert!(
            bad[0].contains("`NG`") && bad[0].contains("4260765ECGCSA01NG"),
            "{}",
            bad[0]
        );
        assert!(identity(
            |d| d.basic_udi_di = "4260765ECGCSA01NG".into(),
            "device.basic_udi_di"
        )
        .is_empty());
        // HIBCC and IFA forms of a Basic UDI-DI are checked too.
        assert!(identity(
            |d| d.basic_udi_di = "++A999MODELIDENTIFIER11S8".into(),
            "device.basic_udi_di"
        )
        .is_empty());
        assert!(!identity(
            |d| d.basic_udi_di = "++A999MODELIDENTIFIER11S9".into(),
            "device.basic_udi_di"
        )
        .is_empty());
        assert!(identity(
            |d| d.basic_udi_di = "PP12345MAX1612".into(),
            "device.basic_udi_di"
        )
        .is_empty());
    }

    #[test]
    fn udi_dis_srn_nb_and_emdn_are_checked_with_the_expected_form() {
        let p = "device.udi_dis[0]";
        assert!(identity(|d| d.udi_dis = vec!["04006381333931".into()], p).is_empty());
        let bad = identity(|d| d.udi_dis = vec!["04006381333932".into()], p);
        assert!(
            bad.len() == 1 && bad[0].contains("04006381333931"),
            "{bad:?}"
        );
        assert!(identity(|d| d.udi_dis = vec!["+BLUEUNICORN7N".into()], p).is_empty());
        assert!(identity(|d| d.udi_dis = vec!["111234567842".into()], p).is_empty());
        let srn = "device.manufacturer.srn";
        assert!(identity(|d| d.manufacturer.srn = "DE-MF-000012345".into(), srn).is_empty());
        assert_eq!(
            identity(|d| d.manufacturer.srn = "DE-AR-000012345".into(), srn).len(),
            1
        );
        assert_eq!(
            identity(|d| d.manufacturer.srn = "DE€MF-00001234".into(), srn).len(),
            1
        );
        let nb = "device.notified_body";
        assert!(identity(|d| d.notified_body = "0123".into(), nb).is_empty());
        assert!(identity(|d| d.notified_body = "12".into(), nb).len() == 1);
        let emdn = "device.emdn_code";
        assert!(identity(|d| d.emdn_code = "Z12040192".into(), emdn).is_empty());
        assert!(identity(|d| d.emdn_code = "E12".into(), emdn).len() == 1);
    }

    #[test]
    fn empty_file_reports_every_missing_identity_field() {
        let f = crate::check::check(&TechFile::empty());
        for path in [
            "device.trade_name",
            "device.manufacturer.srn",
            "device.basic_udi_di",
            "device.risk_class",
            "document.document_id",
            "document.date",
        ] {
            assert!(
                f.iter().any(|x| x.path == path),
                "no finding at {path}: {f:#?}"
            );
        }
    }

    #[test]
    fn route_must_fit_class() {
        use crate::model::{ConformityRoute, RiskClass};
        let mut tf = TechFile::empty();
        tf.device.risk_class = Some(RiskClass::III);
        tf.device.conformity_route = Some(ConformityRoute::AnnexXiPartA);
        let f = crate::check::check(&tf);
        assert!(
            f.iter()
                .any(|x| x.rule == rules::DEV_ROUTE.id
                    && x.message.contains("does not fit class III")),
            "{f:#?}"
        );
        tf.device.conformity_route = Some(ConformityRoute::AnnexIx);
        let f = crate::check::check(&tf);
        assert!(!f.iter().any(|x| x.rule == rules::DEV_ROUTE.id), "{f:#?}");
    }
}
