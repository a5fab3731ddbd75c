//! The parts registry: the one table of the technical file's parts (core,
//! applicability, sbom, risk, ai, gspr, standards, consistency) that `check`, `render` and the desktop loop over. Each
//! part is a module with the same entry points — `NAME`, `PATHS` (the model
//! paths it owns), `rules::RULES`, `check(tf, links, out)` and `view(tf)` —
//! so adding a part is one module plus one `part!` line below.

use crate::diag::{Finding, Rule};
use crate::links::Links;
use crate::model::TechFile;

/// One part of the technical file.
pub struct Part {
    /// Its name, also the key of its view in the templates' context.
    pub name: &'static str,
    /// The top-level model paths it owns (the prefixes of its fields'
    /// `data-path` in the desktop app and of its findings' paths).
    pub paths: &'static [&'static str],
    /// Its rules, in catalogue order.
    pub rules: &'static [Rule],
    /// Its rules over the model; findings are appended in a stable order.
    pub check: fn(&TechFile, &Links, &mut Vec<Finding>),
    /// The data its templates render, computed from the model.
    pub view: fn(&TechFile) -> serde_json::Value,
}

macro_rules! part {
    ($m:ident) => {
        Part {
            name: crate::$m::NAME,
            paths: crate::$m::PATHS,
            rules: crate::$m::rules::RULES,
            check: crate::$m::check,
            view: crate::$m::view,
        }
    };
}

/// Every part, in the order their findings are reported.
pub const PARTS: &[Part] = &[
    part!(core),
    part!(applicability),
    part!(sbom),
    part!(risk),
    part!(ai),
    part!(gspr),
    part!(standards),
    part!(declaration),
    part!(consistency),
];

/// The part that owns the model path `path` (`risk.entries[3].severity`),
/// if any.
pub fn owner(path: &str) -> Option<&'static Part> {
    let top = path.split(['.', '[']).next().unwrap_or_default();
    PARTS.iter().find(|p| p.paths.contains(&top))
}

/// Every rule of every part: the rule catalogue.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    PARTS.iter().flat_map(|p| p.rules.iter())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn rule_ids_are_unique_and_follow_the_scheme() {
        let mut seen = BTreeSet::new();
        for p in PARTS {
            for r in p.rules {
                assert!(seen.insert(r.id), "rule id {} twice", r.id);
                let (prefix, name) = r.id.split_once('.').expect("part.name");
                assert_eq!(prefix, p.name, "{} is not under its part", r.id);
                assert!(
                    !name.is_empty()
                        && name
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                    "{} is not kebab-case",
                    r.id
                );
                assert!(!r.clause.is_empty() && !r.summary.is_empty(), "{}", r.id);
            }
        }
        assert!(seen.len() > 60, "{} rules", seen.len());
    }

    #[test]
    fn every_model_path_has_one_owner() {
        let mut seen = BTreeSet::new();
        for p in PARTS {
            for path in p.paths {
                assert!(seen.insert(*path), "{path} owned twice");
            }
        }
        assert_eq!(
            owner("risk.entries[3].severity").map(|p| p.name),
            Some("risk")
        );
        assert_eq!(owner("device.trade_name").map(|p| p.name), Some("core"));
        assert_eq!(owner("ai.systems[0]").map(|p| p.name), Some("ai"));
        assert!(owner("nowhere").is_none());
    }

    #[test]
    fn every_finding_of_a_broken_project_cites_a_catalogued_rule() {
        let ids: BTreeSet<&str> = rules().map(|r| r.id).collect();
        let tf = crate::example::example().expect("example");
        let mut broken = tf.clone();
        broken.device.basic_udi_di.clear();
        broken.software_items[0].name = "renamed".into();
        broken.risk.entries[0]
            .links
            .ai_systems
            .push("nobody".into());
        let findings = crate::check::check(&broken);
        assert!(findings.len() >= 3, "{findings:?}");
        for f in findings {
            assert!(ids.contains(f.rule.as_str()), "{} not catalogued", f.rule);
        }
    }
}
