//! The prose of a model card's README (Hugging Face card body, MONAI bundle
//! README) split into its top-level sections, each mapped by its title to the
//! Annex IV field it answers. Sections that answer nothing (commands, citation,
//! licence) are reported, not dropped silently.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::append;
use crate::ai::model::AiSystem;

/// (title, body) of each section (see the split rule below); text before the
/// first heading has an empty title. Text before the first heading has
/// an empty title.
pub fn sections(md: &str) -> Vec<(String, String)> {
    let mut heads: Vec<(HeadingLevel, std::ops::Range<usize>, String)> = Vec::new();
    let mut current: Option<(HeadingLevel, std::ops::Range<usize>, String)> = None;
    for (ev, range) in crate::markdown::parser(md).into_offset_iter() {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level, range, String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, title)) = current.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = current.take() {
                    heads.push(h);
                }
            }
            _ => {}
        }
    }
    // Sections are the H1 and H2 headings, and H3 headings whose title maps
    // to another field than their parent's (a card's "Out-of-Scope Use" under
    // "Uses"); other deeper headings stay inside their section.
    let mut parent: Option<&'static str> = None;
    let mut split: Vec<&(HeadingLevel, std::ops::Range<usize>, String)> = Vec::new();
    for h in &heads {
        match h.0 {
            HeadingLevel::H1 | HeadingLevel::H2 => {
                parent = target(&h.2);
                split.push(h);
            }
            HeadingLevel::H3 if target(&h.2).is_some() && target(&h.2) != parent => split.push(h),
            _ => {}
        }
    }
    let mut out = Vec::new();
    let first = split.first().map(|h| h.1.start).unwrap_or(md.len());
    if !md[..first].trim().is_empty() {
        out.push((String::new(), md[..first].trim().to_string()));
    }
    for (i, h) in split.iter().enumerate() {
        let end = split.get(i + 1).map(|n| n.1.start).unwrap_or(md.len());
        let body = md.get(h.1.end..end).unwrap_or("").trim().to_string();
        out.push((h.2.trim().to_string(), body));
    }
    out
}

/// Where a section goes, by its title; `None` for sections that answer no item.
fn target(title: &str) -> Option<&'static str> {
    let t = title.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    Some(if has(&["out-of-scope", "out of scope", "misuse"]) {
        "monitoring.foreseeable_misuse"
    } else if has(&["bias", "risk"]) {
        "monitoring.unintended_outcomes"
    } else if has(&["limitation"]) {
        "monitoring.capabilities_and_limitations"
    } else if has(&["recommendation"]) {
        "deployer.output_interpretation"
    } else if has(&[
        "evaluation",
        "performance",
        "result",
        "testing",
        "metric",
        "validation",
    ]) {
        "development.validation_and_testing"
    } else if has(&["data"]) {
        "development.data_requirements"
    } else if has(&["training"]) {
        "development.methods"
    } else if has(&["input", "output", "format"]) {
        "monitoring.input_data_specification"
    } else if has(&["architecture", "technical specification", "objective"]) {
        "development.system_architecture"
    } else if has(&["compute", "hardware", "environmental"]) {
        "development.compute_resources"
    } else if has(&["software"]) {
        "description.software_versions"
    } else if has(&[
        "intended use",
        "uses",
        "direct use",
        "use case",
        "downstream",
    ]) {
        "description.intended_purpose"
    } else if has(&[
        "overview",
        "description",
        "model details",
        "summary",
        "model card for",
        "about",
    ]) {
        "description.summary"
    } else {
        return None;
    })
}

fn field<'a>(s: &'a mut AiSystem, path: &str) -> Option<&'a mut String> {
    Some(match path {
        "monitoring.foreseeable_misuse" => &mut s.monitoring.foreseeable_misuse,
        "monitoring.unintended_outcomes" => &mut s.monitoring.unintended_outcomes,
        "monitoring.capabilities_and_limitations" => &mut s.monitoring.capabilities_and_limitations,
        "deployer.output_interpretation" => &mut s.deployer.output_interpretation,
        "development.validation_and_testing" => &mut s.development.validation_and_testing,
        "development.data_requirements" => &mut s.development.data_requirements,
        "development.methods" => &mut s.development.methods,
        "monitoring.input_data_specification" => &mut s.monitoring.input_data_specification,
        "development.system_architecture" => &mut s.development.system_architecture,
        "development.compute_resources" => &mut s.development.compute_resources,
        "description.software_versions" => &mut s.description.software_versions,
        "description.intended_purpose" => &mut s.description.intended_purpose,
        "description.summary" => &mut s.description.summary,
        _ => return None,
    })
}

/// Maps the README's sections into `sys`; returns the titles left unmapped.
pub fn apply(sys: &mut AiSystem, md: &str, source: &str, warnings: &mut Vec<String>) {
    let mut unmapped = Vec::new();
    for (title, body) in sections(md) {
        if body.trim().is_empty() {
            continue;
        }
        let dest = if title.is_empty() {
            Some("description.summary")
        } else {
            target(&title)
        };
        match dest.and_then(|d| field(sys, d)) {
            Some(f) => {
                // Keep the card's own section title so the writer sees where the text came from.
                if title.is_empty() {
                    append(f, &body);
                } else {
                    append(f, &format!("# {title}\n\n{body}"));
                }
            }
            None => unmapped.push(title),
        }
    }
    if !unmapped.is_empty() {
        warnings.push(format!(
            "{source}: sections not mapped to any Annex IV item (left for the writer): {}",
            unmapped
                .iter()
                .map(|t| format!("\"{t}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_the_top_level_and_ignores_hashes_in_code() {
        let md = "intro\n\n## Uses\nfor X\n### Direct use\nY\n```\n# not a heading\n```\n## Limitations\nZ\n";
        let s = sections(md);
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(s[1].0, "Uses");
        assert!(s[1].1.contains("# not a heading") && s[1].1.contains("Direct use"));
        assert_eq!(s[2], ("Limitations".to_string(), "Z".to_string()));
    }

    #[test]
    fn sections_land_in_their_fields() {
        let mut sys = AiSystem::default();
        let mut w = Vec::new();
        apply(
            &mut sys,
            "## Out-of-Scope Use\nnot for children\n## Citation\nbib\n",
            "README.md",
            &mut w,
        );
        assert!(sys
            .monitoring
            .foreseeable_misuse
            .contains("not for children"));
        assert!(w.iter().any(|x| x.contains("\"Citation\"")), "{w:?}");
    }
}
