//! The catalogue of clause ids that chapters, findings, checklists and the
//! clause index cite, by sub-item (`MDR-II-1.1(a)`, `MDR-I-23.4(ab)`,
//! `AIA-IV-2(b)`, `AIA-13-3(b)(ii)`, `CRA-VII-2(b)`). The catalogue is data,
//! `src/model/clauses.toml` (its header gives the id scheme), compiled by
//! build.rs into `CLAUSES`. It owns ids, parents, frameworks, titles and
//! whether a clause is required; which clauses a file answers is
//! `coverage`'s business.

use schemars::JsonSchema;
use serde::Serialize;
use ts_rs::TS;

/// The legal text (annex or article) a clause belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema, TS)]
pub enum Framework {
    #[serde(rename = "mdr-annex-ii")]
    MdrAnnexII,
    #[serde(rename = "mdr-annex-iii")]
    MdrAnnexIII,
    #[serde(rename = "mdr-annex-i")]
    MdrAnnexI,
    #[serde(rename = "ivdr-annex-ii")]
    IvdrAnnexII,
    #[serde(rename = "ivdr-annex-iii")]
    IvdrAnnexIII,
    #[serde(rename = "ivdr-annex-i")]
    IvdrAnnexI,
    #[serde(rename = "aia-annex-iv")]
    AiaAnnexIV,
    #[serde(rename = "aia-art-13")]
    AiaArt13,
    #[serde(rename = "cra-annex-vii")]
    CraAnnexVII,
}

impl Framework {
    /// Every framework, in the order the clause index shows them.
    pub const ALL: [Framework; 9] = [
        Framework::MdrAnnexII,
        Framework::MdrAnnexIII,
        Framework::MdrAnnexI,
        Framework::IvdrAnnexII,
        Framework::IvdrAnnexIII,
        Framework::IvdrAnnexI,
        Framework::AiaAnnexIV,
        Framework::AiaArt13,
        Framework::CraAnnexVII,
    ];

    /// The keyword of `clauses.toml` and of `check --format json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Framework::MdrAnnexII => "mdr-annex-ii",
            Framework::MdrAnnexIII => "mdr-annex-iii",
            Framework::MdrAnnexI => "mdr-annex-i",
            Framework::IvdrAnnexII => "ivdr-annex-ii",
            Framework::IvdrAnnexIII => "ivdr-annex-iii",
            Framework::IvdrAnnexI => "ivdr-annex-i",
            Framework::AiaAnnexIV => "aia-annex-iv",
            Framework::AiaArt13 => "aia-art-13",
            Framework::CraAnnexVII => "cra-annex-vii",
        }
    }

    /// Its name as a reader knows it.
    pub fn title(self) -> &'static str {
        match self {
            Framework::MdrAnnexII => "MDR Annex II (technical documentation)",
            Framework::MdrAnnexIII => "MDR Annex III (post-market surveillance)",
            Framework::MdrAnnexI => "MDR Annex I (general safety and performance requirements)",
            Framework::IvdrAnnexII => "IVDR Annex II (technical documentation)",
            Framework::IvdrAnnexIII => "IVDR Annex III (post-market surveillance)",
            Framework::IvdrAnnexI => "IVDR Annex I (general safety and performance requirements)",
            Framework::AiaAnnexIV => "AI Act Annex IV (technical documentation)",
            Framework::AiaArt13 => "AI Act Art. 13(3) (instructions for use)",
            Framework::CraAnnexVII => "CRA Annex VII (technical documentation)",
        }
    }

    /// Whether it lists general safety and performance requirements (a GSPR
    /// checklist answers them) rather than contents of the documentation.
    pub fn is_gspr(self) -> bool {
        matches!(self, Framework::MdrAnnexI | Framework::IvdrAnnexI)
    }
}

/// One citable clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clause {
    pub id: &'static str,
    /// The enclosing clause, `None` at the top of its framework.
    pub parent: Option<&'static str>,
    pub framework: Framework,
    /// A short paraphrase of the legal text.
    pub title: &'static str,
    /// Whether every technical file must answer it when its framework
    /// applies (else: where applicable).
    pub required: bool,
}

// `CLAUSES`: the catalogue is data, `clauses.toml` beside this file.
include!(concat!(env!("OUT_DIR"), "/clauses.rs"));

/// The Annex I requirements a software or connected device cannot set aside
/// (MDR Annex I 14.5, 17.1-17.4, 18.8, 23.4(ab); MDCG 2019-16 rev. 1 on
/// cybersecurity): the GSPR matrix's software rule pack.
pub const SOFTWARE_GSPRS: &[&str] = &[
    "MDR-I-14.5",
    "MDR-I-17.1",
    "MDR-I-17.2",
    "MDR-I-17.3",
    "MDR-I-17.4",
    "MDR-I-18.8",
    "MDR-I-23.4(ab)",
];

/// The clause with this id, if Techfile knows it.
pub fn find(id: &str) -> Option<&'static Clause> {
    // An index built once: coverage asks for every clause's ancestors for
    // every chapter tag, and a linear search made that quadratic.
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static Clause>> =
        std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| CLAUSES.iter().map(|c| (c.id, c)).collect())
        .get(id)
        .copied()
}

/// Whether `id` is a clause id of the catalogue (sub-items included:
/// `MDR-II-1.1(a)`, `AIA-13-3(b)(ii)`).
pub fn is_known(id: &str) -> bool {
    find(id).is_some()
}

/// The direct children of `id`, in catalogue order.
pub fn children(id: &str) -> impl Iterator<Item = &'static Clause> + '_ {
    CLAUSES.iter().filter(move |c| c.parent == Some(id))
}

/// Whether `id` is `ancestor` or lies under it.
pub fn is_within(id: &str, ancestor: &str) -> bool {
    let mut cur = find(id);
    while let Some(c) = cur {
        if c.id == ancestor {
            return true;
        }
        cur = c.parent.and_then(find);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn has(id: &str) {
        assert!(is_known(id), "{id} missing from the catalogue");
    }

    fn range(prefix: &str, letters: &str) {
        for l in letters.chars() {
            has(&format!("{prefix}({l})"));
        }
    }

    #[test]
    fn clauses_ids_are_unique_and_parents_exist_in_their_framework() {
        let mut seen = BTreeSet::new();
        for c in CLAUSES {
            assert!(seen.insert(c.id), "{} twice", c.id);
            if let Some(p) = c.parent {
                let parent = find(p).unwrap_or_else(|| panic!("{}: no parent {p}", c.id));
                assert_eq!(parent.framework, c.framework, "{}", c.id);
                assert!(c.id.starts_with(p), "{} under {p}", c.id);
                assert!(
                    !c.required || parent.required,
                    "{} required under optional {p}",
                    c.id
                );
            }
        }
        for f in Framework::ALL {
            assert!(CLAUSES.iter().any(|c| c.framework == f), "{f:?} empty");
        }
    }

    #[test]
    fn clauses_cover_every_listed_sub_item() {
        range("MDR-II-1.1", "abcdefghijkl");
        range("MDR-II-1.2", "ab");
        range("MDR-II-2", "ab");
        range("MDR-II-3", "abc");
        range("MDR-II-4", "abcd");
        range("MDR-II-5", "ab");
        range("MDR-II-6.1", "abcd");
        range("MDR-II-6.2", "abcdefg");
        range("MDR-III-1.1", "ab");
        has("MDR-III-1.2");
        range("IVDR-II-1.1", "abcdefghijklm");
        range("IVDR-II-1.2", "ab");
        range("IVDR-II-4", "abcd");
        range("IVDR-II-5", "ab");
        range("IVDR-III-1.1", "ab");
        range("AIA-IV-1", "abcdefgh");
        range("AIA-IV-2", "abcdefgh");
        for n in 3..=9 {
            has(&format!("AIA-IV-{n}"));
        }
        range("AIA-13-3", "abcdef");
        for r in ["i", "ii", "iii", "iv", "v", "vi", "vii"] {
            has(&format!("AIA-13-3(b)({r})"));
        }
        for n in 1..=23 {
            has(&format!("MDR-I-{n}"));
        }
        for id in SOFTWARE_GSPRS {
            has(id);
        }
        range("MDR-I-23.4", "abcdefghijklmnopqrstuvwxyz");
        has("MDR-I-23.4(aa)");
        has("MDR-I-23.4(ab)");
        for n in 1..=20 {
            has(&format!("IVDR-I-{n}"));
        }
        for n in 1..=8 {
            has(&format!("CRA-VII-{n}"));
        }
        range("CRA-VII-2", "abc");
    }

    #[test]
    fn clauses_known_means_in_the_catalogue() {
        assert!(is_known("MDR-II-1.1"));
        assert!(is_known("MDR-II-1.1(l)"));
        assert!(!is_known("MDR-II-1.1(z)"));
        assert!(!is_known("AIA-IV-3(a)"));
        assert!(is_within("MDR-II-1.1(a)", "MDR-II-1"));
        assert!(!is_within("MDR-II-1.1(a)", "MDR-II-1.2"));
        assert_eq!(children("MDR-II-6.2").count(), 7);
    }
}
