//! The AI part against itself and the SBOM: dataset composition that adds
//! up, no test or validation source shared with training, and one model
//! identity (version, file hash) across the AI part and the SBOM/SOUP list.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;

use super::rules;
use crate::diag::Finding;
use crate::model::ai::DatasetPurpose;
use crate::model::TechFile;

fn percent_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(\d+(?:\.\d+)?)\s*%").unwrap_or_else(|_| unreachable!()))
}

pub fn check(tf: &TechFile, out: &mut Vec<Finding>) {
    for (i, sys) in tf.ai.systems.iter().enumerate() {
        let training: HashSet<String> = sys
            .datasets
            .iter()
            .filter(|d| d.purpose == Some(DatasetPurpose::Training))
            .flat_map(|d| d.sources.iter().map(|s| super::normalised(&s.name)))
            .filter(|k| !k.is_empty())
            .collect();
        for (j, d) in sys.datasets.iter().enumerate() {
            let p = format!("ai.systems[{i}].datasets[{j}]");
            // Sources add up to the records.
            if let Some(n) = d.records {
                let counts: Option<Vec<u64>> = d.sources.iter().map(|s| s.records).collect();
                if let Some(counts) = counts.filter(|c| !c.is_empty()) {
                    let sum: u64 = counts.iter().sum();
                    if sum != n {
                        out.push(Finding::of(
                            &rules::DATASET_SUM,
                            format!("{p}.sources"),
                            format!(
                                "`{}`: its sources hold {sum} records, the dataset {n}",
                                d.name.trim()
                            ),
                        ));
                    }
                }
            }
            // Shares of one attribute add up to 100 % (where all are percentages).
            let mut by_attr: BTreeMap<String, (usize, Option<f64>)> = BTreeMap::new();
            for (k, g) in d.demographics.iter().enumerate() {
                let pct = percent_re()
                    .captures(&g.share)
                    .and_then(|c| c.get(1))
                    .and_then(|m| m.as_str().parse::<f64>().ok());
                let e = by_attr
                    .entry(super::normalised(&g.attribute))
                    .or_insert((k, Some(0.0)));
                e.1 = match (e.1, pct) {
                    (Some(a), Some(b)) => Some(a + b),
                    _ => None,
                };
            }
            for (attr, (k, sum)) in by_attr {
                if let Some(sum) = sum {
                    if !(99.0..=101.0).contains(&sum) {
                        out.push(Finding::of(
                            &rules::DATASET_SUM,
                            format!("{p}.demographics[{k}]"),
                            format!(
                                "`{}`: the shares of `{attr}` add up to {} %, not 100 %",
                                d.name.trim(),
                                crate::ai::view::num(sum)
                            ),
                        ));
                    }
                }
            }
            // Test and validation data share no source with training data.
            if d.purpose.is_some_and(|p| p != DatasetPurpose::Training) {
                for (k, s) in d.sources.iter().enumerate() {
                    if training.contains(&super::normalised(&s.name)) {
                        out.push(Finding::of(
                            &rules::TEST_OVERLAP,
                            format!("{p}.sources[{k}].name"),
                            format!(
                                "`{}` draws on `{}`, which a training dataset of `{}` also draws on",
                                d.name.trim(),
                                s.name.trim(),
                                sys.name.trim()
                            ),
                        ));
                    }
                }
            }
        }
        // One model identity.
        let p = format!("ai.systems[{i}]");
        let hash = sys.model_sha256.trim().to_ascii_lowercase();
        let is_sha256 = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
        if !hash.is_empty() && !is_sha256 {
            out.push(Finding::of(
                &rules::MODEL_IDENTITY,
                format!("{p}.model_sha256"),
                "is not a SHA-256 (64 hex digits)",
            ));
        }
        let purl = sys.model_component.trim();
        if purl.is_empty() {
            continue;
        }
        let Some(c) = tf.sbom.components.iter().find(|c| c.purl.trim() == purl) else {
            out.push(Finding::of(
                &rules::MODEL_IDENTITY,
                format!("{p}.model_component"),
                format!("`{purl}` is no component of the SBOM"),
            ));
            continue;
        };
        let (sv, cv) = (sys.version.trim(), c.version.trim());
        if !sv.is_empty() && !cv.is_empty() && sv != cv {
            out.push(Finding::of(
                &rules::MODEL_IDENTITY,
                format!("{p}.version"),
                format!(
                    "`{}` is version {sv}; its model in the SBOM, {}, is version {cv}",
                    sys.name.trim(),
                    c.name.trim()
                ),
            ));
        }
        let sbom_hash = c
            .hashes
            .iter()
            .find(|h| h.alg.trim().eq_ignore_ascii_case("SHA-256"))
            .map(|h| h.value.trim().to_ascii_lowercase());
        if let Some(sh) = sbom_hash {
            if !hash.is_empty() && sh != hash {
                out.push(Finding::of(
                    &rules::MODEL_IDENTITY,
                    format!("{p}.model_sha256"),
                    format!(
                        "the model's SHA-256 is {hash}, the SBOM's {} has {sh}",
                        c.name.trim()
                    ),
                ));
            }
        }
    }
}
