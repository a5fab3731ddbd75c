//! The requirements of MDR Annex I by number (`requirements.toml`), and the
//! syntax of the requirement ids rows cite: `MDR-I-<n>[.<m>][(<letter>)]`,
//! `IVDR-I-...`. The catalogue is data embedded in the binary; a unit test
//! proves it parses and is well formed.

use std::sync::LazyLock;

use serde::Deserialize;

/// One requirement (or section heading) of MDR Annex I.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// The number as after `MDR-I-`: `17.2`, `3(a)`, `23.4(ab)`.
    pub id: String,
    /// A short paraphrase of the requirement.
    pub title: String,
    /// A section title holding numbered requirements (needs no row).
    #[serde(default)]
    pub heading: bool,
}

impl Requirement {
    /// The row id: `MDR-I-17.2`.
    pub fn row_id(&self) -> String {
        format!("MDR-I-{}", self.id)
    }

    /// Whether the matrix must have a row for it: a numbered requirement,
    /// not a heading and not a lettered sub-item (covered by its parent).
    pub fn needs_row(&self) -> bool {
        !self.heading && !self.id.contains('(')
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    requirements: Vec<Requirement>,
}

static CATALOGUE: LazyLock<Vec<Requirement>> = LazyLock::new(|| {
    toml::from_str::<File>(include_str!("requirements.toml"))
        .map(|f| f.requirements)
        // The file is embedded and proven by `catalogue_is_well_formed`.
        .unwrap_or_default()
});

/// Every requirement of MDR Annex I, in Annex I order.
pub fn mdr() -> &'static [Requirement] {
    &CATALOGUE
}

/// What a row's requirement id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Id<'a> {
    /// A requirement of the MDR catalogue.
    Mdr(&'a Requirement),
    /// A well-formed IVDR Annex I id (this build has no IVDR catalogue).
    Ivdr,
    /// An MDR id of the right form that Annex I does not have.
    UnknownMdr,
    /// Not of the form `MDR-I-<n>[.<m>][(<letter>)]` / `IVDR-I-...`.
    Malformed,
}

/// Looks up a row's requirement id.
pub fn lookup(id: &str) -> Id<'static> {
    if let Some(n) = id.strip_prefix("MDR-I-") {
        if !well_formed(n) {
            return Id::Malformed;
        }
        return mdr()
            .iter()
            .find(|r| r.id == n)
            .map(Id::Mdr)
            .unwrap_or(Id::UnknownMdr);
    }
    if let Some(n) = id.strip_prefix("IVDR-I-") {
        // IVDR Annex I has sections 1 to 20.
        let top = n
            .split(['.', '('])
            .next()
            .and_then(|t| t.parse::<u32>().ok());
        return if well_formed(n) && top.is_some_and(|t| (1..=20).contains(&t)) {
            Id::Ivdr
        } else {
            Id::Malformed
        };
    }
    Id::Malformed
}

/// `<n>[.<m>][(<letters>)]`: numbers without leading zeros, lower-case letters.
fn well_formed(s: &str) -> bool {
    let num = match s.split_once('(') {
        Some((num, rest)) => {
            let letters = rest.strip_suffix(')');
            if !letters.is_some_and(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_lowercase()))
            {
                return false;
            }
            num
        }
        None => s,
    };
    let parts: Vec<&str> = num.split('.').collect();
    parts.len() <= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && !p.starts_with('0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn catalogue_is_well_formed() {
        let all = mdr();
        assert_eq!(all.len(), 97, "requirements.toml parses in full");
        let mut seen = BTreeSet::new();
        for r in all {
            assert!(seen.insert(r.id.as_str()), "{} twice", r.id);
            assert!(well_formed(&r.id), "{}", r.id);
            assert!(!r.title.trim().is_empty(), "{}", r.id);
            assert_eq!(lookup(&r.row_id()), Id::Mdr(r));
        }
        // 1-9 of Chapter I, 10-22 of Chapter II and 23 of Chapter III.
        let tops: BTreeSet<u32> = all
            .iter()
            .filter_map(|r| r.id.split(['.', '(']).next()?.parse().ok())
            .collect();
        assert_eq!(tops, (1..=23).collect());
        assert_eq!(all.iter().filter(|r| r.needs_row()).count(), 73);
        for id in ["14.5", "17.1", "17.2", "17.3", "17.4", "18.8", "23.4(ab)"] {
            assert!(seen.contains(id), "{id}");
        }
    }

    #[test]
    fn ids_are_checked_for_form_and_existence() {
        assert!(matches!(lookup("MDR-I-23.4(ab)"), Id::Mdr(_)));
        assert!(matches!(lookup("MDR-I-3(a)"), Id::Mdr(_)));
        assert_eq!(lookup("MDR-I-17.5"), Id::UnknownMdr);
        assert_eq!(lookup("MDR-I-24"), Id::UnknownMdr);
        assert_eq!(lookup("IVDR-I-16.2"), Id::Ivdr);
        assert_eq!(lookup("IVDR-I-21"), Id::Malformed);
        for bad in [
            "",
            "17.2",
            "MDR-I-",
            "MDR-I-17.02",
            "MDR-I-17.2.1",
            "MDR-I-23.4(AB)",
            "MDR-I-23.4(ab",
            "MDR-I-23.4()",
            "mdr-i-17.2",
            "MDR-II-4",
        ] {
            assert_eq!(lookup(bad), Id::Malformed, "{bad}");
        }
    }
}
