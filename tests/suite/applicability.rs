//! Which acts apply: the CRA is kept out of a device's file (CRA Art. 2(2)),
//! claims of conformity before an act's obligations apply are flagged, the
//! regulation agrees with the class, and the file, its cover and its PDF
//! metadata name the acts that apply.

use std::ffi::OsStr;

use techfile::diag::{Finding, Severity};
use techfile::model::applicability::{AiActClass, CraProduct, DeviceRegulation};
use techfile::model::{Chapter, Document, RiskClass, TechFile};

use crate::common::run_cli;

fn findings_of(tf: &TechFile, prefix: &str) -> Vec<Finding> {
    techfile::check::check(tf)
        .into_iter()
        .filter(|f| f.rule.starts_with(prefix))
        .collect()
}

fn chapter(id: &str, clauses: &[&str], body: &str) -> Chapter {
    Chapter {
        id: id.into(),
        title: id.into(),
        clauses: clauses.iter().map(|c| c.to_string()).collect(),
        body: body.into(),
    }
}

/// The example with one more chapter and document.
fn example_with(ch: Chapter, doc_title: &str) -> TechFile {
    let mut tf = techfile::example::example().expect("example");
    tf.chapters.push(ch);
    tf.documents.push(Document {
        document_id: "DOC-X".into(),
        title: doc_title.into(),
        version: "1".into(),
        ..Default::default()
    });
    tf
}

#[test]
fn the_example_states_its_acts_and_checks_clean_of_them() {
    let tf = techfile::example::example().expect("example");
    assert_eq!(tf.applicability.regulation, Some(DeviceRegulation::Mdr));
    assert_eq!(
        tf.applicability.ai_act.classification,
        Some(AiActClass::HighRiskAnnexI)
    );
    assert!(tf.applicability.cra_products.is_empty());
    assert_eq!(findings_of(&tf, "applicability."), []);
    for c in &tf.chapters {
        assert!(
            c.clauses.iter().all(|x| !x.starts_with("CRA-")),
            "{}: {:?}",
            c.id,
            c.clauses
        );
    }
}

#[test]
fn cra_clauses_and_claims_in_a_device_file_are_errors_citing_art_2_2() {
    let n = techfile::example::example()
        .expect("example")
        .chapters
        .len();
    let tf = example_with(
        chapter(
            "cra",
            &["MDR-II-3", "CRA-VII-2"],
            "The device conforms to the Cyber Resilience Act. The CRA does not apply to the device (Art. 2(2)), so it has no CRA declaration.",
        ),
        "EU declaration of conformity (MDR, CRA)",
    );
    let f = findings_of(&tf, "applicability.cra-device");
    let places: Vec<&str> = f.iter().map(|f| f.path.as_str()).collect();
    let docs = tf.documents.len() - 1;
    assert_eq!(
        places,
        [
            format!("chapters[{n}].clauses[1]"),
            format!("chapters[{n}].body"),
            format!("documents[{docs}].title"),
        ],
        "{f:#?}"
    );
    assert!(f
        .iter()
        .all(|f| f.severity == Severity::Error && f.message.contains("CRA Art. 2(2)")));
    assert!(
        f[1].message
            .contains("conforms to the Cyber Resilience Act"),
        "{}",
        f[1].message
    );
}

#[test]
fn a_listed_non_device_product_may_carry_cra_material_named_in_its_claims() {
    let mut tf = example_with(
        chapter(
            "gateway",
            &["CRA-VII-1"],
            "The CardioSense Gateway conforms to the CRA. The device complies with the CRA too.",
        ),
        "Gateway manual",
    );
    tf.document.date = "2028-01-10".into();
    tf.applicability.cra_products.push(CraProduct {
        name: "CardioSense Gateway".into(),
        description: "A network appliance that forwards ECGs; it has no medical purpose, so it is not a device.".into(),
    });
    let f = findings_of(&tf, "applicability.");
    // The tag is allowed now; the claim naming the gateway is; the one about
    // the device is not.
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].message.contains("The device complies with the CRA"),
        "{}",
        f[0].message
    );
    // The same claim in a chapter of the device's file is flagged, though
    // it names the product: the device's file must not cite the CRA.
    let last = tf.chapters.len() - 1;
    tf.chapters[last].clauses = vec!["MDR-II-3".into()];
    tf.chapters[last].body = "The CardioSense Gateway conforms to the CRA.".into();
    let f = findings_of(&tf, "applicability.cra-device");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].path, format!("chapters[{last}].body"));
    assert!(f[0].message.contains("CRA profile"), "{}", f[0].message);
    tf.applicability.cra_products[0].description.clear();
    let f = findings_of(&tf, "applicability.cra-product");
    assert_eq!(f[0].path, "applicability.cra_products[0].description");
}

/// The CRA profile is exported apart: the device's file (Markdown and PDF)
/// neither prints a CRA chapter nor CRA Annex VII in its clause index, and
/// `--part cra-profile` holds the products, their chapters and their clause
/// index, with metadata naming the products and the CRA, not the device.
#[test]
fn the_cra_profile_is_exported_apart_from_the_device_file() {
    let mut tf = example_with(
        chapter(
            "gateway-risk",
            &["CRA-VII-3"],
            "Risk assessment of the gateway against CRA Annex I Part I.",
        ),
        "Gateway manual",
    );
    tf.chapters.last_mut().expect("chapter").title = "Gateway risk assessment".into();
    tf.applicability.cra_products.push(CraProduct {
        name: "CardioSense Gateway".into(),
        description: "A network appliance that forwards ECGs; not a device.".into(),
    });
    let md = |part: Option<&str>| {
        let opts = techfile::export::ExportOptions {
            part: part.map(str::to_string),
            ..Default::default()
        };
        let bytes = techfile::export::export(&tf, techfile::export::ExportFormat::Markdown, &opts)
            .expect("markdown");
        String::from_utf8(bytes).expect("utf-8")
    };
    let device = md(None);
    for absent in [
        "CRA-VII",
        "CRA Annex VII",
        "Gateway risk assessment",
        "Annex I Part I",
    ] {
        assert!(
            !device.contains(absent),
            "the device's file prints {absent:?}"
        );
    }
    // It still says, once, that the CRA does not apply and where the
    // product is documented.
    assert!(device.contains("documented in their own CRA profile: CardioSense Gateway"));
    let profile = md(Some("cra-profile"));
    for present in [
        "# CRA technical documentation (Annex VII)",
        "| CardioSense Gateway | A network appliance that forwards ECGs; not a device. |",
        "## Gateway risk assessment",
        "**CRA Annex VII (technical documentation)**: 1 of 13 required clauses answered",
        "| CRA-VII-3 | Cybersecurity risk assessment (Art. 13) and how Annex I Part I applies | [Gateway risk assessment](#gateway-risk-assessment \"page\") |",
        "does not apply to the device (Art. 2(2))",
    ] {
        assert!(profile.contains(present), "{present:?} missing:\n{profile}");
    }
    // Nothing of the device's file is in the profile.
    for absent in ["MDR-II-", "# Device description", "HAZ-01"] {
        assert!(!profile.contains(absent), "the profile prints {absent:?}");
    }
    // A chapter that mixes the device's clauses with CRA ones stays in the
    // device's file, and is flagged.
    assert_eq!(findings_of(&tf, "applicability.cra-device"), []);
    tf.chapters
        .last_mut()
        .expect("chapter")
        .clauses
        .push("MDR-II-3".into());
    let f = findings_of(&tf, "applicability.cra-device");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].path.ends_with(".clauses[0]") && f[0].message.contains("cra-profile"),
        "{f:#?}"
    );
    tf.chapters.last_mut().expect("chapter").clauses.pop();
    // The profile's PDF: its own header and metadata.
    let opts = techfile::export::ExportOptions {
        part: Some("cra-profile".into()),
        ..Default::default()
    };
    let pdf =
        techfile::export::export(&tf, techfile::export::ExportFormat::Pdf, &opts).expect("pdf");
    let doc = lopdf::Document::load_mem(&pdf).expect("lopdf");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .and_then(|id| doc.get_dictionary(id))
        .expect("Info");
    let text = |k: &[u8]| {
        let bytes = info.get(k).and_then(|o| o.as_str()).expect("text").to_vec();
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).expect("utf-16")
    };
    assert_eq!(
        text(b"Subject"),
        "Technical documentation of CardioSense Gateway"
    );
    assert_eq!(
        text(b"Keywords"),
        "CRA profile, CRA (EU) 2024/2847 Annex VII"
    );
}

#[test]
fn claims_before_the_obligations_apply_are_warnings() {
    let ch = chapter(
        "doc",
        &["AIA-IV-8"],
        "We declare conformity with the AI Act (Art. 47).",
    );
    let mut tf = example_with(ch, "Release notes");
    tf.document.date = "2026-10-15".into();
    let f = findings_of(&tf, "applicability.premature-claim");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].severity == Severity::Warning
            && f[0].message.contains("2027-08-02")
            && f[0].message.contains("Art. 113"),
        "{}",
        f[0].message
    );
    tf.document.date = "2027-08-02".into();
    assert_eq!(findings_of(&tf, "applicability.premature-claim"), []);
    // Through Art. 6(2) the obligations apply a year earlier.
    tf.document.date = "2026-10-15".into();
    tf.applicability.ai_act.classification = Some(AiActClass::HighRiskAnnexIii);
    assert_eq!(findings_of(&tf, "applicability.premature-claim"), []);
    // A CRA product's claim before 11 December 2027.
    let mut tf = example_with(
        chapter("gw", &[], "The Gateway complies with the CRA."),
        "Gateway manual",
    );
    tf.applicability.cra_products.push(CraProduct {
        name: "Gateway".into(),
        description: "Not a device.".into(),
    });
    let f = findings_of(&tf, "applicability.premature-claim");
    assert!(
        f.len() == 1 && f[0].message.contains("2027-12-11"),
        "{f:#?}"
    );
}

#[test]
fn the_regulation_agrees_with_the_class_and_ai_systems_are_classified() {
    let mut tf = techfile::example::example().expect("example");
    tf.device.risk_class = Some(RiskClass::C);
    let f = findings_of(&tf, "applicability.regulation");
    assert!(
        f.len() == 1 && f[0].severity == Severity::Error && f[0].path == "device.risk_class",
        "{f:#?}"
    );
    tf.applicability.regulation = None;
    tf.device.risk_class = Some(RiskClass::IIa);
    let f = findings_of(&tf, "applicability.regulation");
    assert!(
        f.len() == 1 && f[0].path == "applicability.regulation",
        "{f:#?}"
    );
    tf.applicability.ai_act.classification = None;
    let f = findings_of(&tf, "applicability.ai-act");
    assert!(
        f.iter()
            .any(|f| f.path == "applicability.ai_act.classification"),
        "{f:#?}"
    );
    tf.applicability.ai_act.classification = Some(AiActClass::NotHighRisk);
    let f = findings_of(&tf, "applicability.ai-act");
    assert!(f.iter().any(|f| f.message.contains("Art. 6(1)")), "{f:#?}");
}

#[test]
fn the_file_cover_and_pdf_metadata_name_the_acts_that_apply() {
    let dir = tempfile::tempdir().expect("dir");
    let project = dir.path().join("p.techfile.json");
    run_cli([OsStr::new("new"), project.as_os_str(), "--example".as_ref()]).expect_code(0);
    let md = dir.path().join("f.md");
    run_cli([
        OsStr::new("export"),
        project.as_os_str(),
        "--format".as_ref(),
        "md".as_ref(),
        "-o".as_ref(),
        md.as_os_str(),
    ])
    .expect_code(0);
    let md = std::fs::read_to_string(&md).expect("md");
    assert!(md.contains("# Applicable legislation"));
    assert!(md.contains(
        "| Cyber Resilience Act (EU) 2024/2847 | Does not apply to the device (Art. 2(2)"
    ));
    assert!(md.contains("Device cybersecurity: MDR Annex I §17.2, §17.4 and §18.8; MDCG 2019-16 rev. 1; EN IEC 81001-5-1."));
    assert!(
        !md.contains("CRA Annex"),
        "no CRA clause is presented for the device"
    );
    let pdf = dir.path().join("f.pdf");
    run_cli([
        OsStr::new("export"),
        project.as_os_str(),
        "--format".as_ref(),
        "pdf".as_ref(),
        "-o".as_ref(),
        pdf.as_os_str(),
    ])
    .expect_code(0);
    let doc = lopdf::Document::load(&pdf).expect("pdf");
    let keywords = crate::pdf_text::info(&doc)
        .remove(b"Keywords".as_slice())
        .expect("Keywords");
    assert!(
        keywords.contains("MDR Annex II")
            && keywords.contains("AI Act Annex IV")
            && !keywords.contains("CRA"),
        "{keywords}"
    );
    if let Some(pages) = crate::pdf_text::pages_text(&std::fs::read(&pdf).expect("pdf"), false) {
        assert!(
            pages[0].contains("MDR Annex II · MDR Annex III · AI Act Annex IV"),
            "{}",
            pages[0]
        );
        assert!(!pages[0].contains("Cyber Resilience"), "{}", pages[0]);
    }
}

#[test]
fn an_ivdr_file_is_keyed_to_the_ivdr() {
    let mut tf = TechFile::empty();
    tf.applicability.regulation = Some(DeviceRegulation::Ivdr);
    tf.device.risk_class = Some(RiskClass::C);
    assert_eq!(
        techfile::applicability::view::acts(&tf),
        ["IVDR Annex II", "IVDR Annex III"]
    );
    let v = techfile::applicability::view::view(&tf);
    assert!(v["cybersecurity"]
        .as_str()
        .expect("text")
        .starts_with("IVDR Annex I §16"));
    assert!(v["ai_act"].is_null(), "no AI system, no AI Act");
    assert!(findings_of(&tf, "applicability.regulation").is_empty());
}
