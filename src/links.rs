//! The cross-part index: which software items, SBOM components (by purl),
//! vulnerabilities, AI systems, risk entries, documents (with their
//! versions) and standards a project holds,
//! built once per check or render so that every link is resolved in constant
//! time (checking links is linear in the project size). Parts ask it instead
//! of calling each other; it depends on the model only.

use std::collections::{HashMap, HashSet};

use crate::model::TechFile;

/// What a link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A software item, by name (IEC 62304 §5.3).
    SoftwareItem,
    /// An SBOM component, by package URL.
    Component,
    /// A vulnerability, by id (CVE, GHSA, ...; compared without ASCII case).
    Vulnerability,
    /// An AI system, by name.
    AiSystem,
    /// A risk entry, by id.
    RiskEntry,
    /// A document of the document register, by document id.
    Document,
    /// A standard of the standards register, by register id.
    Standard,
}

/// The index. Borrowed from the project: build it, use it, drop it.
#[derive(Debug, Default)]
pub struct Links<'a> {
    software_items: HashSet<&'a str>,
    purls: HashSet<&'a str>,
    vulnerabilities: HashSet<String>,
    ai_systems: HashSet<&'a str>,
    risk_entries: HashSet<&'a str>,
    /// Document id -> its version in the register (the first entry of an id).
    documents: HashMap<&'a str, &'a str>,
    standards: HashSet<&'a str>,
    /// Per AI system name (trimmed): how many risk entries link to it.
    risks_per_ai_system: HashMap<&'a str, usize>,
}

impl<'a> Links<'a> {
    pub fn new(tf: &'a TechFile) -> Self {
        let mut risks_per_ai_system: HashMap<&str, usize> = HashMap::new();
        for e in &tf.risk.entries {
            // An entry that names a system twice still counts once for it.
            let named: HashSet<&str> = e.links.ai_systems.iter().map(|a| a.trim()).collect();
            for a in named {
                *risks_per_ai_system.entry(a).or_default() += 1;
            }
        }
        let mut documents: HashMap<&str, &str> = HashMap::new();
        for d in &tf.documents {
            documents
                .entry(d.document_id.as_str())
                .or_insert(d.version.as_str());
        }
        Links {
            software_items: tf.software_items.iter().map(|i| i.name.as_str()).collect(),
            purls: tf
                .sbom
                .components
                .iter()
                .map(|c| c.purl.as_str())
                .filter(|p| !p.is_empty())
                .collect(),
            vulnerabilities: tf
                .sbom
                .vulnerabilities
                .iter()
                .map(|v| v.id.to_ascii_lowercase())
                .collect(),
            ai_systems: tf.ai.systems.iter().map(|s| s.name.as_str()).collect(),
            risk_entries: tf.risk.entries.iter().map(|e| e.id.as_str()).collect(),
            documents,
            standards: tf.standards.entries.iter().map(|s| s.id.as_str()).collect(),
            risks_per_ai_system,
        }
    }

    /// Whether the project holds `id` of kind `target`.
    pub fn exists(&self, target: Target, id: &str) -> bool {
        match target {
            Target::SoftwareItem => self.software_items.contains(id),
            Target::Component => !id.is_empty() && self.purls.contains(id),
            Target::Vulnerability => self.vulnerabilities.contains(&id.to_ascii_lowercase()),
            Target::AiSystem => self.ai_systems.contains(id),
            Target::RiskEntry => self.risk_entries.contains(id),
            Target::Document => self.documents.contains_key(id),
            Target::Standard => self.standards.contains(id),
        }
    }

    /// The register's version of document `id`, if the register holds it.
    pub fn document_version(&self, id: &str) -> Option<&'a str> {
        self.documents.get(id).copied()
    }

    /// How many risk entries link to the AI system `name` (AI Act Art. 9:
    /// the AI part asks whether its systems are in the risk file).
    pub fn risks_linking_ai_system(&self, name: &str) -> usize {
        self.risks_per_ai_system
            .get(name.trim())
            .copied()
            .unwrap_or(0)
    }

    /// Whether the risk file has any entries.
    pub fn has_risk_entries(&self) -> bool {
        !self.risk_entries.is_empty()
    }

    /// Whether the project keeps a document register at all (only then can
    /// a cited document id be checked against it).
    pub fn has_documents(&self) -> bool {
        !self.documents.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_each_kind_of_target() {
        let mut tf = TechFile::empty();
        tf.software_items.push(crate::model::SoftwareItem {
            name: "svc".into(),
            ..Default::default()
        });
        tf.sbom.components.push(crate::model::sbom::Component {
            purl: "pkg:pypi/numpy@2.1.3".into(),
            ..Default::default()
        });
        tf.sbom
            .vulnerabilities
            .push(crate::model::sbom::Vulnerability {
                id: "CVE-2024-1".into(),
                ..Default::default()
            });
        let l = Links::new(&tf);
        assert!(l.exists(Target::SoftwareItem, "svc"));
        assert!(!l.exists(Target::SoftwareItem, "other"));
        assert!(l.exists(Target::Component, "pkg:pypi/numpy@2.1.3"));
        assert!(!l.exists(Target::Component, ""));
        assert!(l.exists(Target::Vulnerability, "cve-2024-1"));
        assert!(!l.exists(Target::AiSystem, "X"));
        assert!(!l.has_risk_entries() && !l.has_documents());
        assert!(!l.exists(Target::Standard, "EN-62304"));
        assert_eq!(l.document_version("RMP-1"), None);
        tf.documents.push(crate::model::Document {
            document_id: "RMP-1".into(),
            version: "3.0".into(),
            ..Default::default()
        });
        tf.standards
            .entries
            .push(crate::model::standards::Standard {
                id: "EN-62304".into(),
                ..Default::default()
            });
        let l = Links::new(&tf);
        assert_eq!(l.document_version("RMP-1"), Some("3.0"));
        assert!(l.exists(Target::Standard, "EN-62304"));
        assert_eq!(l.risks_linking_ai_system("X"), 0);
    }
}
