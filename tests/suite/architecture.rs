//! The architecture's rules, read from the source (docs/ARCHITECTURE.md
//! draws them): the graph of top-level modules under `src/` has no cycle,
//! the leaves name no other module, the parts never name each other, no
//! library error is a bare `String`, and no PDF engine file exceeds 800 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read src").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The top-level module a file belongs to (`src/risk/view.rs` -> `risk`),
/// `None` for the binaries.
fn module_of(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(SRC).expect("under src");
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    match first.as_str() {
        "bin" | "main.rs" | "lib.rs" => None,
        f => Some(f.trim_end_matches(".rs").to_string()),
    }
}

/// The file's text without its unit tests (`#[cfg(test)] mod tests`) and
/// without comments.
fn code(file: &Path) -> String {
    let text = std::fs::read_to_string(file).expect("read");
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => &text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules `code` names with `crate::x` or `crate::{x, y}`.
fn named(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (i, _) in code.match_indices("crate::") {
        if i > 0 && code[..i].ends_with('$') {
            continue;
        }
        let rest = &code[i + "crate::".len()..];
        if let Some(list) = rest.strip_prefix('{') {
            // Top-level names of the group: split at commas outside braces.
            let mut depth = 0;
            let mut start = 0;
            for (j, c) in list.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.insert(ident(list[start..j].trim()));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.insert(ident(list[start..j].trim()));
                        start = j + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out.retain(|m| !m.is_empty() && m != "self");
    out
}

/// module -> the other top-level modules it names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in rust_files(Path::new(SRC)) {
        let Some(m) = module_of(&f) else { continue };
        if f.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let deps = named(&code(&f));
        let entry = g.entry(m.clone()).or_default();
        entry.extend(deps.into_iter().filter(|d| *d != m));
    }
    g
}

#[test]
fn the_module_graph_has_no_cycle() {
    let g = graph();
    assert!(g.len() > 10, "modules found: {g:?}");
    // The reader finds the edges it should (else an empty graph would pass).
    assert!(
        g["check"].contains("parts") && g["risk"].contains("links"),
        "{g:?}"
    );
    // Depth-first search; a module on the current path seen again is a cycle.
    fn visit(
        m: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(m) {
            return;
        }
        if let Some(at) = path.iter().position(|p| p == m) {
            panic!("module cycle: {} -> {m}", path[at..].join(" -> "));
        }
        path.push(m.to_string());
        for d in g.get(m).into_iter().flatten() {
            visit(d, g, path, done);
        }
        path.pop();
        done.insert(m.to_string());
    }
    let mut done = BTreeSet::new();
    for m in g.keys() {
        visit(m, &g, &mut Vec::new(), &mut done);
    }
}

#[test]
fn leaves_name_no_module_and_parts_not_each_other() {
    let g = graph();
    for leaf in ["diag", "date", "markdown", "util", "prose"] {
        assert_eq!(
            g.get(leaf).cloned().unwrap_or_default(),
            BTreeSet::new(),
            "{leaf} is a leaf"
        );
    }
    let parts = [
        "core",
        "sbom",
        "risk",
        "ai",
        "gspr",
        "standards",
        "declaration",
    ];
    for p in parts {
        for q in parts {
            assert!(
                p == q || !g[p].contains(q),
                "part {p} names part {q}: cross-part lookups go through links"
            );
        }
    }
    // The PDF engine knows nothing of the parts or the checks.
    for m in [
        "check",
        "parts",
        "render",
        "core",
        "sbom",
        "risk",
        "ai",
        "gspr",
        "standards",
    ] {
        assert!(!g["pdf"].contains(m), "pdf names {m}");
    }
}

#[test]
fn the_reader_sees_what_it_should() {
    // The scanner itself: both forms, nested groups, `$crate` skipped.
    let n = named("use crate::{diag::{Finding, Rule}, model::TechFile};\nlet x = crate::links::Links::new();\n$crate::util::x");
    assert_eq!(
        n,
        ["diag", "links", "model"]
            .into_iter()
            .map(String::from)
            .collect()
    );
}

#[test]
fn library_errors_are_typed_not_strings() {
    let mut bad = Vec::new();
    for f in rust_files(Path::new(SRC)) {
        let rel = f.strip_prefix(SRC).expect("under src").to_path_buf();
        if rel.starts_with("cli") || rel.starts_with("bin") {
            continue; // the CLI's argument parsers
        }
        for (i, line) in code(&f).lines().enumerate() {
            let squeezed: String = line.split_whitespace().collect();
            if squeezed.contains(",String>") && squeezed.contains("Result<") {
                bad.push(format!("{}:{}: {}", rel.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(bad.is_empty(), "Result<_, String> in the library: {bad:#?}");
}

#[test]
fn no_pdf_engine_file_exceeds_800_lines() {
    for f in rust_files(&Path::new(SRC).join("pdf")) {
        let n = std::fs::read_to_string(&f).expect("read").lines().count();
        assert!(n <= 800, "{}: {n} lines", f.display());
    }
}
