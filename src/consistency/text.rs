//! Text against the model: prose that names the device's risk class, trade
//! name or version otherwise than the device data, prose that claims no
//! known exploitable vulnerabilities while the VEX data says otherwise, and
//! chapter references (`[[...]]`) that resolve to nothing. One walk over
//! every prose string of the model (`crate::prose`).

use std::sync::OnceLock;

use regex::Regex;

use super::rules;
use crate::diag::Finding;
use crate::model::{RiskClass, TechFile};
use crate::prose::FieldPath;
use crate::refs::{scan, Resolver};

fn class_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\b[Cc]lass\s+(IIa|IIb|III|Is|Im|Ir|I)\b").unwrap_or_else(|_| unreachable!())
    })
}

fn claim_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(?:no|without|free\s+(?:of|from))\s+(?:any\s+)?known\s+(?:exploitable\s+)?vulnerabilit(?:y|ies)\b",
        )
        .unwrap_or_else(|_| unreachable!())
    })
}

/// Fields whose text may name other classes, names or versions on purpose:
/// the device's history, the revision history, the register's titles.
fn historical(path: &FieldPath) -> bool {
    path.starts_with(&["device", "previous_generations"])
        || path.starts_with(&["device", "trade_name"])
        || path.starts_with(&["document", "revisions"])
        || path.starts_with(&["documents"])
        || path.segs().iter().any(|s| {
            matches!(s, crate::prose::Seg::Field(f) if *f == "lifecycle_changes" || *f == "previous_versions")
        })
}

/// The sentence of `text` (as the claims detector splits sentences) and,
/// in a table row, the cell that holds byte `at`. Asked only where a
/// rule matched, so most strings are never split.
fn sentence_at(text: &str, at: usize) -> &str {
    let base = text.as_ptr() as usize;
    let (start, sent) = crate::applicability::claims::sentences(text)
        .into_iter()
        .map(|x| (x.as_ptr() as usize - base, x))
        .find(|(start, x)| *start <= at && at < start + x.len())
        .unwrap_or((0, text));
    let rel = at - start;
    let from = sent[..rel].rfind('|').map_or(0, |i| i + 1);
    let to = sent[rel..].find('|').map_or(sent.len(), |i| rel + i);
    &sent[from..to]
}

/// Names that begin like the trade name but are names of something else.
fn known_names(tf: &TechFile) -> Vec<String> {
    let mut v: Vec<String> = vec![tf.device.trade_name.trim().to_string()];
    v.push(tf.device.manufacturer.name.trim().to_string());
    v.extend(tf.ai.systems.iter().map(|s| s.name.trim().to_string()));
    v.extend(tf.software_items.iter().map(|s| s.name.trim().to_string()));
    v.extend(tf.device.variants.iter().map(|s| s.name.trim().to_string()));
    v.extend(tf.device.accessories.iter().map(|s| s.trim().to_string()));
    v.extend(
        tf.applicability
            .cra_products
            .iter()
            .map(|p| p.name.trim().to_string()),
    );
    v.retain(|s| !s.is_empty());
    v
}

/// The device's names as prose writes them: the phrase that starts with the
/// trade name's first word and goes on in capitalised words.
fn name_phrases(text: &str, first: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(first).map(|i| from + i) {
        from = i + first.len();
        let before_ok = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if !before_ok {
            continue;
        }
        let mut phrase = first.to_string();
        let mut rest = &text[from..];
        let mut words = 0;
        while words < 4 {
            let Some(r) = rest.strip_prefix(' ') else {
                break;
            };
            let w: String = r
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '+')
                .collect();
            if w.is_empty() || !w.chars().next().is_some_and(|c| c.is_uppercase()) {
                break;
            }
            phrase.push(' ');
            phrase.push_str(&w);
            rest = &r[w.len()..];
            words += 1;
        }
        if words > 0 {
            out.push((i, phrase));
        }
    }
    out
}

/// `a` as a version number (`3.2.1`): its numeric parts.
pub fn version_parts(a: &str) -> Option<Vec<u64>> {
    let a = a.trim().trim_start_matches(['v', 'V']);
    let parts: Option<Vec<u64>> = a.split('.').map(|p| p.parse().ok()).collect();
    parts.filter(|p| !p.is_empty())
}

pub fn check(tf: &TechFile, out: &mut Vec<Finding>) {
    let d = &tf.device;
    let class = d
        .risk_class
        .filter(|c| !matches!(c, RiskClass::A | RiskClass::B | RiskClass::C | RiskClass::D));
    let trade = d.trade_name.trim();
    let words: Vec<&str> = trade.split_whitespace().collect();
    let first = words
        .first()
        .copied()
        .filter(|w| words.len() >= 2 && w.chars().count() >= 4);
    let known = known_names(tf);
    let version = d.version.trim();
    let version_re = (!trade.is_empty() && !version.is_empty())
        .then(|| {
            Regex::new(&format!(
                r"{}\s+(?:version\s+|release\s+|v)?(\d+(?:\.\d+)+)\b",
                regex::escape(trade)
            ))
            .ok()
        })
        .flatten();
    let open: Vec<&str> = tf
        .sbom
        .vulnerabilities
        .iter()
        .filter(|v| v.affects.iter().any(|a| super::open_status(&a.status)))
        .map(|v| v.id.as_str())
        .collect();

    crate::prose::strings(tf, &crate::core::register::not_prose, &mut |path, s| {
        // Cheap substring tests first: most strings name none of these.
        if !open.is_empty() && s.contains("ulnerabilit") {
            if let Some(m) = claim_re().find(s) {
                out.push(Finding::of(
                    &rules::VULNERABILITY_CLAIM,
                    path.to_string(),
                    format!(
                        "claims `{}`, but the VEX data has {} as affected or under investigation",
                        m.as_str(),
                        open.join(", ")
                    ),
                ));
            }
        }
        if historical(path) {
            return;
        }
        if let Some(class) = class.filter(|_| s.contains("lass")) {
            for m in class_re().captures_iter(s) {
                let (Some(all), Some(named)) = (m.get(0), m.get(1)) else {
                    continue;
                };
                let class_one = |c: &str| matches!(c, "I" | "Is" | "Im" | "Ir");
                if named.as_str() == class.as_str()
                    || (class_one(class.as_str()) && class_one(named.as_str()))
                {
                    continue;
                }
                let sent = sentence_at(s, all.start());
                let lower = sent.to_lowercase();
                let about_device = (!trade.is_empty() && sent.contains(trade))
                    || lower.contains("this device")
                    || lower.contains("the device is")
                    || lower.contains("is classified");
                let hypothetical = ["except", "unless", "would", " if ", "otherwise"]
                    .iter()
                    .any(|w| lower.contains(w));
                if about_device && !hypothetical {
                    out.push(Finding::of(
                        &rules::TEXT_CLASS,
                        path.to_string(),
                        format!(
                            "says `{}` of the device; the device data give class {}",
                            all.as_str(),
                            class.as_str()
                        ),
                    ));
                }
            }
        }
        if let Some(first) = first {
            for (_, phrase) in name_phrases(s, first) {
                let ok = known
                    .iter()
                    .any(|k| phrase.starts_with(k.as_str()) || k.starts_with(&phrase));
                if !ok {
                    out.push(Finding::of(
                        &rules::TEXT_NAME,
                        path.to_string(),
                        format!("names the device `{phrase}`; its trade name is `{trade}`"),
                    ));
                }
            }
        }
        if let Some(re) = version_re.as_ref().filter(|_| s.contains(trade)) {
            for m in re.captures_iter(s) {
                let Some(v) = m.get(1) else { continue };
                if v.as_str() != version {
                    out.push(Finding::of(
                        &rules::TEXT_VERSION,
                        path.to_string(),
                        format!(
                            "names `{}`; the release this file documents is {trade} {version} (device.version)",
                            m.get(0).map(|x| x.as_str()).unwrap_or_default()
                        ),
                    ));
                }
            }
        }
    });

    let mut resolver = Resolver::new(tf);
    for (i, c) in tf.chapters.iter().enumerate() {
        for (_, r) in scan(&c.body) {
            let why = match r {
                Err(t) => format!(
                    "`[[{t}]]` is no reference: write a model path (`[[device.trade_name]]`) or `[[doc:ID]]`, `[[risk:ID]]`, `[[metric:ID]]`"
                ),
                Ok(r) => match resolver.resolve(&r) {
                    Ok(_) => continue,
                    Err(e) => format!("reference to nothing: {e}"),
                },
            };
            out.push(Finding::of(
                &rules::REFERENCE,
                format!("chapters[{i}].body"),
                why,
            ));
        }
    }
}
