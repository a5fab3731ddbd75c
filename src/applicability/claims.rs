//! Where the project's text claims conformity with an act: a sentence that
//! names the act and speaks of conformity or compliance, and does not say
//! that the act does not apply. Read in the file's title, the chapters'
//! titles and bodies and the document register's titles, the places a
//! declaration or a claim is written.

use crate::model::TechFile;

/// An act a claim can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    /// The Cyber Resilience Act, (EU) 2024/2847.
    Cra,
    /// The AI Act, (EU) 2024/1689.
    AiAct,
}

/// One sentence that claims conformity with `act`, at a model path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub act: Act,
    pub path: String,
    /// The chapter it stands in, if a chapter's title or body.
    pub chapter: Option<usize>,
    pub sentence: String,
}

/// Every claim of conformity in the project, in model order.
pub fn claims(tf: &TechFile) -> Vec<Claim> {
    let mut places: Vec<(String, Option<usize>, &str)> =
        vec![("document.title".into(), None, &tf.document.title)];
    for (i, c) in tf.chapters.iter().enumerate() {
        places.push((format!("chapters[{i}].title"), Some(i), &c.title));
        places.push((format!("chapters[{i}].body"), Some(i), &c.body));
    }
    for (i, d) in tf.documents.iter().enumerate() {
        places.push((format!("documents[{i}].title"), None, &d.title));
    }
    let mut out = Vec::new();
    for (path, chapter, text) in places {
        for sentence in sentences(text) {
            for act in [Act::Cra, Act::AiAct] {
                if names(sentence, act) && claims_conformity(sentence) && !denies(sentence) {
                    out.push(Claim {
                        act,
                        path: path.clone(),
                        chapter,
                        sentence: sentence.trim().to_string(),
                    });
                }
            }
        }
    }
    out
}

/// Whether `s` names `act`.
pub fn names(s: &str, act: Act) -> bool {
    match act {
        Act::Cra => {
            word(s, "CRA")
                || s.contains("2024/2847")
                || s.to_lowercase().contains("cyber resilience act")
        }
        Act::AiAct => {
            s.contains("AI Act")
                || s.contains("2024/1689")
                || s.to_lowercase().contains("artificial intelligence act")
        }
    }
}

fn claims_conformity(s: &str) -> bool {
    let l = s.to_lowercase();
    [
        "conform",
        "complies",
        "compliant",
        "compliance",
        "declaration",
    ]
    .iter()
    .any(|w| l.contains(w))
}

/// Whether `s` says the act does not apply (or is about its exclusion), or
/// speaks of the future ("will name the AI Act from that date").
fn denies(s: &str) -> bool {
    let l = s.to_lowercase();
    [
        " will ",
        " once ",
        "not apply",
        "n't apply",
        "not applicable",
        "does not cover",
        "excluded",
        "art. 2(2)",
        "article 2(2)",
        "outside the scope",
        "out of scope",
    ]
    .iter()
    .any(|w| l.contains(w))
}

/// `w` as a whole word of `s` (ASCII letters and digits around it end it).
fn word(s: &str, w: &str) -> bool {
    s.match_indices(w).any(|(i, _)| {
        let before = s[..i].chars().next_back();
        let after = s[i + w.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
    })
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Art", "art", "No", "no", "e.g", "i.e", "cf", "Ch", "Sec", "para", "vs", "incl", "approx",
    "Fig", "Rev", "rev", "Ed", "ed", "Vol", "p", "pp",
];

/// The sentences of `text`: split at line ends and at `.`, `!`, `?` or `;`
/// followed by a space, except after an abbreviation or a number.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut start = 0;
        let b = line.as_bytes();
        for i in 0..b.len() {
            let end = matches!(b[i], b'.' | b'!' | b'?' | b';')
                && b.get(i + 1).is_none_or(|c| *c == b' ');
            if !end {
                continue;
            }
            let before = &line[start..i];
            let last = before
                .rsplit(|c: char| c.is_whitespace() || c == '(')
                .next()
                .unwrap_or("");
            if b[i] == b'.'
                && (ABBREVIATIONS.contains(&last) || last.ends_with(|c: char| c.is_ascii_digit()))
            {
                continue;
            }
            out.push(&line[start..=i]);
            start = i + 1;
        }
        if start < line.len() && !line[start..].trim().is_empty() {
            out.push(&line[start..]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_do_not_end_at_article_numbers() {
        let s = sentences("It covers Regulation (EU) 2024/1689 (Art. 47). The CRA does not apply; see Art. 2(2).\nNext line");
        assert_eq!(
            s,
            [
                "It covers Regulation (EU) 2024/1689 (Art. 47).",
                " The CRA does not apply;",
                " see Art. 2(2).",
                "Next line"
            ]
        );
    }

    #[test]
    fn a_claim_names_the_act_and_conformity_and_no_denial() {
        let mut tf = TechFile::empty();
        tf.chapters.push(crate::model::Chapter {
            id: "doc".into(),
            title: "Declaration".into(),
            clauses: vec![],
            body: "The device conforms to the CRA. The CRA does not apply to the device (Art. 2(2)), so no CRA declaration is made. SCRAP conformity is unrelated. We declare conformity with the AI Act.".into(),
        });
        tf.documents.push(crate::model::Document {
            document_id: "DoC-1".into(),
            title: "EU declaration of conformity (MDR, AI Act, CRA)".into(),
            ..Default::default()
        });
        let got: Vec<(Act, &str)> = claims(&tf)
            .iter()
            .map(|c| (c.act, c.path.as_str()))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|(a, p)| {
                (
                    a,
                    if p.starts_with("chapters") {
                        "chapter"
                    } else {
                        "document"
                    },
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (Act::Cra, "chapter"),
                (Act::AiAct, "chapter"),
                (Act::Cra, "document"),
                (Act::AiAct, "document")
            ]
        );
        assert!(word("the CRA.", "CRA") && !word("SCRAP", "CRA") && !word("CRAB", "CRA"));
    }
}
