//! The EU declaration of conformity: one declaration for every Union act
//! that applies (MDR Art. 19(2), IVDR Art. 17(2), AI Act Art. 47(3)), its
//! items filled from the device, the applicability, the standards register,
//! the GSPR matrix and the AI part; only place, date, signatory and
//! certificates are the declaration's own data (`model::Declaration`). It
//! owns the item list (MDR/IVDR Annex IV 1-10 merged with AI Act Annex V
//! 1-8), the rules and the view its template (`declaration.md.hbs`) renders.

pub mod rules;

use serde::Serialize;

use crate::diag::Finding;
use crate::links::Links;
use crate::model::applicability::{AiActClass, DeviceRegulation};
use crate::model::{ConformityRoute, TechFile};

/// The part's name in the registry and the key of its view in the templates.
pub const NAME: &str = "declaration";

/// The model paths this part owns.
pub const PATHS: &[&str] = &["declaration"];

/// One item of the declaration: what it is, the items of the annexes it
/// answers, and its content in Markdown.
#[derive(Debug, Serialize, PartialEq)]
pub struct Item {
    pub label: &'static str,
    pub cites: String,
    pub text: String,
}

/// The declaration as the template renders it.
#[derive(Debug, Serialize)]
pub struct View {
    /// `MDR Art. 19 and Annex IV`, with `AI Act Art. 47 and Annex V` where it applies.
    pub legal_basis: String,
    /// The acts the single declaration covers, by title.
    pub acts: Vec<String>,
    pub number: String,
    pub items: Vec<Item>,
}

fn or_dash(s: &str) -> String {
    let t = s.trim();
    if t.is_empty() {
        "—".to_string()
    } else {
        t.to_string()
    }
}

/// The conformity assessment procedure, as the declaration describes it.
fn procedure(route: Option<ConformityRoute>, reg: &str) -> String {
    match route {
        Some(ConformityRoute::AnnexIx) => format!(
            "{reg} Annex IX: assessment of the quality management system and of the technical documentation"
        ),
        Some(ConformityRoute::AnnexXXi) => format!(
            "{reg} Annex X (type-examination) with Annex XI (product conformity verification)"
        ),
        Some(ConformityRoute::AnnexXiPartA) => format!(
            "{reg} Annexes II and III (technical documentation) with Annex XI Part A (production quality assurance)"
        ),
        Some(ConformityRoute::SelfDeclaration) => {
            format!("{reg} Annexes II and III: the manufacturer's own declaration, no notified body")
        }
        None => "—".to_string(),
    }
}

/// Whether the declaration covers the AI Act: the device has an AI system
/// that is high-risk (AI Act Art. 47(1): a declaration "for each high-risk
/// AI system"; one that is not high-risk has none) and its obligations
/// apply on the declaration's date; else, the date from which they will
/// (when it is later than the declaration).
fn ai_act_declared(tf: &TechFile) -> (bool, Option<crate::date::Date>) {
    if !crate::applicability::ai_act_applies(tf)
        || tf.ai.systems.is_empty()
        || tf.applicability.ai_act.classification == Some(AiActClass::NotHighRisk)
    {
        return (false, None);
    }
    let from = tf
        .applicability
        .ai_act
        .classification
        .and_then(crate::applicability::ai_act_applies_from);
    match (crate::date::parse(tf.declaration.date.trim()), from) {
        (Some(d), Some(from)) if d < from => (false, Some(from)),
        _ => (true, None),
    }
}

/// Why the AI system is high-risk, as the project classifies it: Art. 6(2)
/// for an Annex III use, else Art. 6(1) (a device's safety component; also
/// the default for an unclassified AI system of a device).
fn high_risk_basis(tf: &TechFile, short: &str) -> String {
    match tf.applicability.ai_act.classification {
        Some(AiActClass::HighRiskAnnexIii) => {
            "Art. 6(2): a use listed in Annex III".to_string()
        }
        _ => format!(
            "Art. 6(1): a safety component of the device, which undergoes third-party conformity assessment under the {short}"
        ),
    }
}

/// The declaration of `tf`.
pub fn declaration(tf: &TechFile) -> View {
    let d = &tf.device;
    let m = &d.manufacturer;
    let decl = &tf.declaration;
    let reg = crate::applicability::regulation(tf);
    let (short, act, art, annex_viii) = match reg {
        DeviceRegulation::Mdr => (
            "MDR",
            "Regulation (EU) 2017/745",
            "Art. 19",
            "MDR Annex VIII",
        ),
        DeviceRegulation::Ivdr => (
            "IVDR",
            "Regulation (EU) 2017/746",
            "Art. 17",
            "IVDR Annex VIII",
        ),
    };
    let (ai, ai_from) = ai_act_declared(tf);
    let both = |iv: &str, v: &str| {
        if ai {
            format!("{short} Annex IV {iv}; AI Act Annex V {v}")
        } else {
            format!("{short} Annex IV {iv}")
        }
    };
    let mut items = Vec::new();
    let address = m
        .address
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    items.push(Item {
        label: if ai {
            "Manufacturer and provider"
        } else {
            "Manufacturer"
        },
        cites: both("1", "2"),
        text: format!(
            "{}, {}; SRN {}{}",
            or_dash(&m.name),
            or_dash(&address),
            or_dash(&m.srn),
            if ai {
                ". The manufacturer is also the provider of the AI system."
            } else {
                ""
            }
        ),
    });
    items.push(Item {
        label: "Sole responsibility",
        cites: both("2", "3"),
        text: format!(
            "This EU declaration of conformity is issued under the sole responsibility of the manufacturer{}.",
            if ai { " and provider" } else { "" }
        ),
    });
    items.push(Item {
        label: "Basic UDI-DI",
        cites: format!("{short} Annex IV 3; Annex VI Part C"),
        text: or_dash(&d.basic_udi_di),
    });
    let mut device = or_dash(&d.trade_name);
    if !d.version.trim().is_empty() {
        device.push_str(&format!(", software version {}", d.version.trim()));
    }
    if !d.udi_dis.is_empty() {
        device.push_str(&format!("; UDI-DIs {}", d.udi_dis.join(", ")));
    }
    if !d.variants.is_empty() {
        let v: Vec<&str> = d.variants.iter().map(|v| v.name.trim()).collect();
        device.push_str(&format!("; variants {}", v.join(", ")));
    }
    let purpose = d.intended_purpose.split("\n\n").next().unwrap_or("").trim();
    device.push_str(&format!(". Intended purpose: {}", or_dash(purpose)));
    items.push(Item {
        label: "Device",
        cites: format!("{short} Annex IV 4"),
        text: device,
    });
    if ai {
        let systems: Vec<String> = tf
            .ai
            .systems
            .iter()
            .map(|s| {
                let mut t = or_dash(&s.name);
                if !s.version.trim().is_empty() {
                    t.push_str(&format!(" version {}", s.version.trim()));
                }
                if !s.model_type.trim().is_empty() {
                    t.push_str(&format!(", {}", s.model_type.trim()));
                }
                if !s.model_sha256.trim().is_empty() {
                    t.push_str(&format!("; model file SHA-256 {}", s.model_sha256.trim()));
                }
                t
            })
            .collect();
        items.push(Item {
            label: "AI system",
            cites: "AI Act Annex V 1".into(),
            text: format!(
                "{} (high-risk under AI Act {}).",
                systems.join("; "),
                high_risk_basis(tf, short)
            ),
        });
    }
    let class = d.risk_class.map(|c| c.as_str()).unwrap_or("");
    items.push(Item {
        label: "Risk class",
        cites: format!("{short} Annex IV 5"),
        text: format!(
            "Class {} ({}{annex_viii})",
            or_dash(class),
            if d.classification_rule.trim().is_empty() {
                String::new()
            } else {
                format!(
                    "{}, ",
                    d.classification_rule
                        .split(['(', ';'])
                        .next()
                        .unwrap_or("")
                        .trim()
                )
            }
        ),
    });
    let mut statement =
        format!("The device covered by this declaration is in conformity with {act} ({short})");
    if ai {
        statement.push_str(
            ", and its AI system with Regulation (EU) 2024/1689 (AI Act), Chapter III Section 2",
        );
    }
    statement.push_str(&format!(
        ". This is the single declaration for all Union acts that apply to the device ({short} {art}(2){}).",
        if ai { "; AI Act Art. 47(3)" } else { "" }
    ));
    items.push(Item {
        label: "Statement of conformity",
        cites: both("6", "4"),
        text: statement,
    });
    if ai {
        items.push(Item {
            label: "Personal data",
            cites: "AI Act Annex V 5".into(),
            text: if decl.personal_data {
                "The AI system processes personal data; it complies with Regulations (EU) 2016/679 and (EU) 2018/1725 and Directive (EU) 2016/680.".into()
            } else {
                "The AI system processes no personal data.".into()
            },
        });
    }
    let mut cs: Vec<&str> = Vec::new();
    for r in &tf.gspr.rows {
        let c = r.common_specifications.trim();
        if !c.is_empty() && !cs.contains(&c) {
            cs.push(c);
        }
    }
    let mut specs = if cs.is_empty() {
        format!(
            "Common specifications: none. {}",
            tf.standards.no_common_specification.trim()
        )
        .trim()
        .to_string()
    } else {
        format!("Common specifications: {}.", cs.join("; "))
    };
    let harmonised: Vec<String> = tf
        .standards
        .entries
        .iter()
        .filter(|s| s.harmonised)
        .map(|s| {
            if s.oj_reference.trim().is_empty() {
                s.designation.trim().to_string()
            } else {
                format!("{} ({})", s.designation.trim(), s.oj_reference.trim())
            }
        })
        .collect();
    if !harmonised.is_empty() {
        specs.push_str(&format!(
            " Harmonised standards applied: {}.",
            harmonised.join("; ")
        ));
    }
    items.push(Item {
        label: "Common specifications and harmonised standards",
        cites: both("7", "6"),
        text: specs,
    });
    let nb = if d.notified_body.trim().is_empty() {
        format!(
            "No notified body is involved. Procedure: {}.",
            procedure(d.conformity_route, short)
        )
    } else {
        let certs = if decl.certificates.is_empty() {
            "—".to_string()
        } else {
            decl.certificates.join(", ")
        };
        format!(
            "{}, notified body number {}. Procedure: {}{}. Certificates: {certs}.",
            or_dash(&d.notified_body_name),
            d.notified_body.trim(),
            procedure(d.conformity_route, short),
            if ai {
                "; for the AI system the same procedure (AI Act Art. 43(3))"
            } else {
                ""
            }
        )
    };
    items.push(Item {
        label: "Notified body and conformity assessment",
        cites: both("8", "7"),
        text: nb,
    });
    let mut extra = decl.additional_information.trim().to_string();
    if let Some(from) = ai_from {
        // The AI Act's obligations do not apply yet: the declaration says
        // so instead of declaring a conformity that cannot be declared.
        if !extra.is_empty() {
            extra.push(' ');
        }
        let basis = match tf.applicability.ai_act.classification {
            Some(AiActClass::HighRiskAnnexIii) => "Art. 6(2)",
            _ => "Art. 6(1)",
        };
        extra.push_str(&format!(
            "The device contains an AI system that is high-risk under Regulation (EU) 2024/1689 (AI Act) {basis}; its obligations apply from {from} (Art. 113). This declaration, issued before that date, does not declare conformity with the AI Act; a declaration covering it will be issued by that date (Art. 47(3))."
        ));
    }
    items.push(Item {
        label: "Additional information",
        cites: format!("{short} Annex IV 9"),
        text: if extra.is_empty() {
            "None.".into()
        } else {
            extra
        },
    });
    let behalf = if decl.on_behalf_of.trim().is_empty() {
        m.name.trim()
    } else {
        decl.on_behalf_of.trim()
    };
    items.push(Item {
        label: "Signed",
        cites: both("10", "8"),
        text: format!(
            "Signed for and on behalf of {}. Place and date of issue: {}, {}. {}, {}. Signature: ______________________",
            or_dash(behalf),
            or_dash(&decl.place),
            or_dash(&decl.date),
            or_dash(&decl.signatory),
            or_dash(&decl.function)
        ),
    });
    let mut acts = vec![format!(
        "{act} on {} ({short})",
        match reg {
            DeviceRegulation::Mdr => "medical devices",
            DeviceRegulation::Ivdr => "in vitro diagnostic medical devices",
        }
    )];
    if ai {
        acts.push("Regulation (EU) 2024/1689 laying down harmonised rules on artificial intelligence (AI Act)".into());
    }
    View {
        legal_basis: if ai {
            format!("{short} {art} and Annex IV; AI Act Art. 47 and Annex V")
        } else {
            format!("{short} {art} and Annex IV")
        },
        acts,
        number: decl.number.trim().to_string(),
        items,
    }
}

/// Findings of this part, appended to `out`.
pub fn check(tf: &TechFile, _links: &Links, out: &mut Vec<Finding>) {
    let decl = &tf.declaration;
    for (field, value, what) in [
        ("place", &decl.place, "place of issue"),
        ("date", &decl.date, "date of issue"),
        ("signatory", &decl.signatory, "name of the signatory"),
        ("function", &decl.function, "function of the signatory"),
    ] {
        if value.trim().is_empty() {
            out.push(Finding::of(
                &rules::SIGNATORY,
                format!("declaration.{field}"),
                format!("the EU declaration of conformity needs the {what}"),
            ));
        }
    }
    let date = crate::date::parse(decl.date.trim());
    if !decl.date.trim().is_empty() && date.is_none() {
        out.push(Finding::of(
            &rules::DATE,
            "declaration.date",
            format!("`{}` is not a YYYY-MM-DD date", decl.date.trim()),
        ));
    }
    if let (Some(d), Some(doc)) = (date, crate::date::parse(tf.document.date.trim())) {
        if d < doc {
            out.push(Finding::of(
                &rules::DATE,
                "declaration.date",
                format!(
                    "the declaration is dated {}, before the technical file it rests on ({})",
                    decl.date.trim(),
                    tf.document.date.trim()
                ),
            ));
        }
    }
    let needs_nb = tf
        .device
        .risk_class
        .is_some_and(|c| c.needs_notified_body());
    if needs_nb {
        if tf.device.notified_body_name.trim().is_empty() {
            out.push(Finding::of(
                &rules::NOTIFIED_BODY,
                "device.notified_body_name",
                "the declaration names the notified body: its name is missing",
            ));
        }
        if decl.certificates.iter().all(|c| c.trim().is_empty()) {
            out.push(Finding::of(
                &rules::CERTIFICATES,
                "declaration.certificates",
                "no certificate of the notified body is identified (name it once issued)",
            ));
        }
    }
}

/// The data this part's template renders.
pub fn view(tf: &TechFile) -> serde_json::Value {
    serde_json::to_value(declaration(tf)).unwrap_or_default()
}

#[cfg(test)]
mod tests;
