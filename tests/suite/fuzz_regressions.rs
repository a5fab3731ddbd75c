//! Regression tests of what the fuzz targets (fuzz/fuzz_targets/, see
//! docs/fuzzing.md) found: every file under `tests/fixtures/fuzz/<target>/`
//! is an input that crashed, hung or broke a target's property before its
//! fix. `every_fixture_passes_its_target` runs each through the same library
//! calls as its target (an error is fine, a panic is not, and an imported
//! project must load again); the tests below it say what else is right for
//! each finding.

use std::path::{Path, PathBuf};

use techfile::model::TechFile;
use techfile::pdf::{FrontMatter, PdfOptions};
use techfile::{check, store};

fn fixtures(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn fixture(target: &str, name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target)
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn example() -> TechFile {
    techfile::example::example().expect("example parses")
}

/// What the fuzz targets require of a project an import leaves.
fn reloads(tf: &TechFile) {
    let _ = check::check(tf);
    let text = store::to_string(tf).expect("serialises");
    store::from_str(&text, Path::new("p.techfile.json")).expect("an imported project loads again");
}

/// One input through the library calls of fuzz target `target`.
fn run_target(target: &str, data: &[u8]) {
    let sbom = |file: &str| {
        if let Ok(parsed) = techfile::sbom::import::parse(data, file) {
            let mut tf = example();
            techfile::sbom::merge::apply(&mut tf, vec![parsed], None);
            reloads(&tf);
        }
    };
    let card = |file: &str| {
        let mut tf = example();
        if techfile::ai::import_model_card_bytes(&mut tf, Path::new(file), data).is_ok() {
            reloads(&tf);
        }
    };
    let risk = |file: &str| {
        let mut tf = example();
        let mapping = techfile::risk::Mapping::default();
        if let Ok(imported) =
            techfile::risk::read_table(data, Path::new(file), &mapping, &tf.risk.plan)
        {
            techfile::risk::import::merge(&mut tf, imported);
            reloads(&tf);
        }
    };
    match target {
        "sbom_cyclonedx_json" | "sbom_spdx_json" | "sbom_spdx3" => sbom("fuzz.json"),
        "sbom_cyclonedx_xml" => sbom("fuzz.cdx.xml"),
        "sbom_spdx_tagvalue" => sbom("fuzz.spdx"),
        "vex_openvex" | "vex_cyclonedx" => {
            if let Ok((vulns, mut warnings)) = techfile::sbom::import::parse_vex(data, "vex.json") {
                let mut tf = example();
                techfile::sbom::merge::merge_vulnerabilities(&mut tf, vulns, &mut warnings);
                reloads(&tf);
            }
        }
        "risk_csv" => risk("fuzz.csv"),
        "risk_xlsx" => risk("fuzz.xlsx"),
        "ai_huggingface" => card("README.md"),
        "ai_cyclonedx_json" | "ai_spdx3" | "ai_monai" => card("model.json"),
        "ai_cyclonedx_xml" => card("model.xml"),
        "project_load" => {
            let file = Path::new("p.techfile.json");
            if let Ok(tf) = store::from_bytes(data, file) {
                reloads(&tf);
                let again = store::from_str(&store::to_string(&tf).expect("text"), file);
                assert_eq!(
                    again.ok().as_ref(),
                    Some(&tf),
                    "saving and loading changed it"
                );
            }
        }
        "pdf_markdown" | "chapter_markdown" => {
            let md = String::from_utf8_lossy(data);
            let doc = techfile::pdf::layout(
                &FrontMatter::from_model(&example()),
                &md,
                &PdfOptions::default(),
            )
            .expect("lays out");
            techfile::pdf::emit(&doc, &PdfOptions::default()).expect("emits");
        }
        other => panic!("tests/fixtures/fuzz/{other}: no such fuzz target"),
    }
}

#[test]
fn every_fixture_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut targets: Vec<String> = std::fs::read_dir(&root)
        .expect("tests/fixtures/fuzz")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    targets.sort();
    let mut ran = 0;
    for t in &targets {
        for f in fixtures(t) {
            let data = std::fs::read(&f).expect("read");
            run_target(t, &data);
            ran += 1;
        }
    }
    assert!(ran > 0, "no fixtures under {}", root.display());
}

/// The text items of the laid-out body, each checked to start on its page.
fn laid_out_text(md: &str) -> Vec<String> {
    use techfile::pdf::doc::Item;
    let doc = techfile::pdf::layout(&FrontMatter::default(), md, &PdfOptions::default())
        .expect("lays out");
    let mut out = Vec::new();
    for p in &doc.pages {
        for it in &p.items {
            if let Item::Text { x, text, .. } = it {
                assert!(*x >= 0.0 && *x < p.width, "{text:?} at x = {x}");
                out.push(text.to_string());
            }
        }
    }
    out
}

#[test]
fn deeply_nested_quotes_and_lists_are_laid_out_not_a_stack_overflow() {
    // 3,000 nested quotes and 5,000 nested list items overflowed the stack
    // in pdf::parse (one recursion per level; the layout and the tree's drop
    // recursed the same way). Containers now nest up to MAX_NESTING deep;
    // deeper content continues at that level, its text kept.
    for name in ["deep-quotes.md", "deep-lists.md"] {
        let md = String::from_utf8(fixture("pdf_markdown", name)).expect("UTF-8");
        let blocks = techfile::pdf::parse::parse(&md);
        fn depth(blocks: &[techfile::pdf::parse::Block]) -> usize {
            use techfile::pdf::parse::Block;
            blocks
                .iter()
                .map(|b| match b {
                    Block::Quote(inner) => 1 + depth(inner),
                    Block::List { items, .. } => {
                        1 + items.iter().map(|i| depth(i)).max().unwrap_or(0)
                    }
                    Block::FootnoteDef { blocks, .. } => 1 + depth(blocks),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        let d = depth(&blocks);
        assert!(
            d == techfile::pdf::parse::MAX_NESTING,
            "{name}: nested {d} deep"
        );
        assert!(
            laid_out_text(&md).iter().any(|t| t.contains("deep")),
            "{name}: text lost"
        );
    }
}

#[test]
fn a_wide_header_imports_in_linear_time() {
    // 10,000 unread header columns: each one's warning label copied the
    // whole header row (quadratic: 20,000 columns took minutes).
    let data = fixture("risk_csv", "wide-header.csv");
    let tf = example();
    let start = std::time::Instant::now();
    let imported = techfile::risk::read_table(
        &data,
        Path::new("wide.csv"),
        &techfile::risk::Mapping::default(),
        &tf.risk.plan,
    )
    .expect("imports");
    let took = start.elapsed();
    assert_eq!(imported.entries.len(), 1);
    let unread = imported
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("no field reads this column"))
        .count();
    assert_eq!(unread, 10_000);
    assert!(took.as_secs_f64() < 5.0, "took {took:?}");
}

#[test]
fn deeply_nested_yaml_flow_in_a_model_card_is_refused_before_parsing() {
    // 8,000 nested `[` in a Hugging Face card's front matter: the YAML
    // scanner's work per token grows with the flow depth (quadratic; 16 KB
    // took seconds, 128 KB minutes). Refused past 64 levels, located.
    let data = fixture("ai_huggingface", "deep-flow.md");
    let mut tf = example();
    let start = std::time::Instant::now();
    let err = techfile::ai::import_model_card_bytes(&mut tf, Path::new("README.md"), &data)
        .expect_err("refused");
    let took = start.elapsed();
    let msg = err.to_string();
    assert!(msg.contains("more than 64 deep"), "{msg}");
    assert!(msg.contains(":3:"), "names line 3: {msg}");
    assert!(took.as_secs_f64() < 1.0, "took {took:?}");
    // A card that nests a little is still read.
    let ok = b"---\nlicense: mit\ntags: [[a, {b: [c]}], \"[[[\"]\n---\n# Card\n";
    techfile::ai::import_model_card_bytes(&mut tf, Path::new("README.md"), ok).expect("imports");
}

#[test]
fn text_after_the_project_is_an_error_not_ignored() {
    // A version 1 project followed by a form feed: the version peek (a full
    // parse) failed on the stray byte, so the typed parse read the file as
    // the current version without migrating it and ignored what followed
    // its end; the next save wrote `schema_version: 1` with version 2
    // fields, which then loaded as something else. Now text after the
    // value is an error at its place, and a typed parse of another version
    // is a version error.
    let data = fixture("project_load", "v1-trailing-form-feed.json");
    let err = store::from_bytes(&data, Path::new("p.json")).expect_err("refused");
    let loc = err.location();
    assert!(err.to_string().contains("trailing characters"), "{err}");
    assert_eq!(
        (loc.line, loc.column),
        (9, 2),
        "the form feed after the closing brace: {err}"
    );
    let v2 = "{\"schema_version\": 2, \"document\": {}, \"device\": {}} x";
    assert!(store::from_str(v2, Path::new("p.json")).is_err());
}

#[test]
fn a_tab_after_the_hashes_does_not_lift_a_heading_out_of_its_chapter() {
    // The chapter_markdown target's find: `##\t...` is a heading to
    // CommonMark but was not shifted under its chapter, so it became a
    // chapter-level heading of its own (in the Markdown and the PDF outline).
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};
    let body = String::from_utf8(fixture("chapter_markdown", "nul-before-setext-heading.md"))
        .expect("UTF-8");
    let mut tf = example();
    tf.chapters.clear();
    for (id, body) in [("fuzzed", body.as_str()), ("sentinel", "Sentinel text.")] {
        tf.chapters.push(techfile::model::Chapter {
            id: id.into(),
            title: format!("{id} chapter"),
            clauses: vec!["MDR-II-1".into()],
            body: body.into(),
        });
    }
    let md = techfile::render::markdown(&tf, &techfile::render::RenderOptions::markdown())
        .expect("renders");
    let mut level_two = Vec::new();
    let mut in_h2 = false;
    for ev in Parser::new(&md) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => in_h2 = level <= HeadingLevel::H2,
            Event::Text(t) if in_h2 => level_two.push(t.to_string()),
            Event::End(_) => in_h2 = false,
            _ => {}
        }
    }
    let at = |t: &str| level_two.iter().position(|h| h == t).expect(t);
    let (a, b) = (at("fuzzed chapter"), at("sentinel chapter"));
    assert_eq!(
        b,
        a + 1,
        "headings between the chapters: {:?}",
        &level_two[a..=b]
    );
}
