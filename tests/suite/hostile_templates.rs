//! Regression tests of issue 16 for `--templates DIR`: a template set can
//! neither recurse nor loop without bound (before: the stack overflowed and
//! nested loops ran for ever), and only regular files inside the folder are
//! read (before: a link led anywhere).

use std::path::Path;

use techfile::render::limits::Limits;
use techfile::render::{self, RenderError, RenderOptions};
use techfile::TechFile;

/// A template folder holding `files` (name, text).
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}

fn opts(dir: &Path) -> RenderOptions {
    RenderOptions {
        templates_dir: Some(dir.to_path_buf()),
        ..RenderOptions::markdown()
    }
}

fn render_with(files: &[(&str, &str)]) -> (tempfile::TempDir, Result<String, RenderError>) {
    let dir = folder(files);
    let tf = techfile::example::example().expect("example");
    let r = render::markdown(&tf, &opts(dir.path()));
    (dir, r)
}

/// The error's code and message, with the folder written as `DIR`.
fn failure(dir: &tempfile::TempDir, r: Result<String, RenderError>) -> (&'static str, String) {
    let e = r.expect_err("refused");
    let msg = e
        .to_string()
        .replace(&dir.path().display().to_string(), "DIR");
    (e.code(), msg)
}

#[test]
fn a_partial_that_includes_itself_is_refused_by_name() {
    let (dir, r) = render_with(&[("device.md.hbs", "{{> device}}")]);
    assert_eq!(
        failure(&dir, r),
        (
            "render.template",
            "DIR/device.md.hbs: template error: DIR/device.md.hbs includes itself; a template may not include itself, directly or through others".into()
        )
    );
}

#[test]
fn mutual_partials_are_refused_naming_the_cycle() {
    let (dir, r) = render_with(&[
        ("device.md.hbs", "A {{> software}}"),
        ("software.md.hbs", "B {{#if tf}}{{> documents}}{{/if}}"),
        ("documents.md.hbs", "C {{> device}}"),
    ]);
    assert_eq!(
        failure(&dir, r),
        (
            "render.template",
            "DIR/device.md.hbs: template error: templates include each other in a cycle: DIR/device.md.hbs, which includes DIR/software.md.hbs, which includes DIR/documents.md.hbs, which includes DIR/device.md.hbs; a template may not include itself, directly or through others".into()
        )
    );
}

#[test]
fn a_part_of_itself_and_a_partial_of_an_embedded_template_are_cycles_too() {
    // `{{part}}` renders afresh, so handlebars' own self-include check never saw it.
    let (dir, r) = render_with(&[("sbom.md.hbs", "{{part \"sbom\"}}")]);
    let (code, msg) = failure(&dir, r);
    assert_eq!(code, "render.template");
    assert!(msg.contains("DIR/sbom.md.hbs includes itself"), "{msg}");
    // The embedded technical-file.md.hbs includes device through {{part}}.
    let (dir, r) = render_with(&[("device.md.hbs", "{{part \"technical-file\"}}")]);
    let (_, msg) = failure(&dir, r);
    assert_eq!(
        msg,
        "DIR/device.md.hbs: template error: templates include each other in a cycle: DIR/device.md.hbs, which includes technical-file.md.hbs, which includes DIR/device.md.hbs; a template may not include itself, directly or through others"
    );
}

#[test]
fn inline_partials_cannot_recurse_or_multiply_without_bound() {
    let (dir, r) = render_with(&[(
        "device.md.hbs",
        "{{#*inline \"row\"}}{{> row}}{{/inline}}{{> row}}",
    )]);
    let (_, msg) = failure(&dir, r);
    assert_eq!(
        msg,
        "DIR/device.md.hbs: template error: inline partial `row` of DIR/device.md.hbs includes itself; a template may not include itself, directly or through others"
    );

    // 2^40 expansions of an empty partial: no loop, no output, no end.
    let mut laugh = String::from("{{#*inline \"p0\"}}{{/inline}}");
    for i in 1..=40 {
        laugh.push_str(&format!(
            "{{{{#*inline \"p{i}\"}}}}{{{{> p{j}}}}}{{{{> p{j}}}}}{{{{/inline}}}}",
            j = i - 1
        ));
    }
    laugh.push_str("{{> p15}}");
    let (dir, r) = render_with(&[("device.md.hbs", &laugh)]);
    let (_, msg) = failure(&dir, r);
    assert_eq!(
        msg,
        "DIR/device.md.hbs: template error: DIR/device.md.hbs includes templates 17 deep; at most 16 are allowed"
    );
}

#[test]
fn a_long_chain_of_inline_partials_is_refused_without_overflowing_the_stack() {
    // Rendered, 2,600 nested partials copied the context at each level
    // (a GB of memory) and overflowed the stack.
    let chain = |n: usize| {
        let mut chain = String::new();
        for i in 0..n {
            chain.push_str(&format!(
                "{{{{#*inline \"p{i}\"}}}}{{{{> p{}}}}}{{{{/inline}}}}",
                i + 1
            ));
        }
        chain.push_str(&format!(
            "{{{{#*inline \"p{n}\"}}}}end{{{{/inline}}}}{{{{> p0}}}}"
        ));
        chain
    };
    let (dir, r) = render_with(&[("device.md.hbs", &chain(2_600))]);
    assert_eq!(
        failure(&dir, r),
        (
            "render.template",
            "DIR/device.md.hbs: template error: inline partial `p2584` of DIR/device.md.hbs includes templates 17 deep; at most 16 are allowed".into()
        )
    );
    // Longer ones are refused before handlebars parses them (its time grows
    // with the square of the number of tags).
    let (dir, r) = render_with(&[("device.md.hbs", &chain(3_000))]);
    let (_, msg) = failure(&dir, r);
    assert!(
        msg.ends_with("line 1, column 109787: more than 8000 tags ({{...}}) in one template; split it into partials"),
        "{msg}"
    );
}

#[test]
fn an_exponential_partial_within_the_depth_limit_is_refused_by_its_size() {
    // 15 levels, each twice the one below: 2^15 copies of 2,000 elements.
    let mut laugh = format!(
        "{{{{#*inline \"p0\"}}}}{}{{{{/inline}}}}",
        "{{tf}}".repeat(2000)
    );
    for i in 1..=14 {
        laugh.push_str(&format!(
            "{{{{#*inline \"p{i}\"}}}}{{{{> p{j}}}}}{{{{> p{j}}}}}{{{{/inline}}}}",
            j = i - 1
        ));
    }
    laugh.push_str("{{> p14}}");
    let dir = folder(&[("device.md.hbs", &laugh)]);
    let limits = Limits {
        work: 10_000_000,
        ..Limits::DEFAULT
    };
    let e = render::markdown_within(&TechFile::empty(), &opts(dir.path()), limits)
        .expect_err("refused");
    let e_code = e.code();
    let e = e
        .to_string()
        .replace(&dir.path().display().to_string(), "DIR");
    assert_eq!(e_code, "render.template");
    assert!(
        e.to_string().contains(
            "inline partial `p13` of DIR/device.md.hbs expands, with what it includes, to more than 10000000 template elements"
        ),
        "{e}"
    );
}

#[test]
fn computed_partial_names_and_partial_blocks_are_refused() {
    let (dir, r) = render_with(&[("device.md.hbs", "{{> (lookup tf.device \"trade_name\")}}")]);
    let (_, msg) = failure(&dir, r);
    assert!(
        msg.contains("DIR/device.md.hbs: template error: a partial's name must be written out"),
        "{msg}"
    );
    let (dir, r) = render_with(&[("device.md.hbs", "{{#> software}}x{{/software}}")]);
    let (_, msg) = failure(&dir, r);
    assert!(
        msg.contains("DIR/device.md.hbs: template error: partial blocks ({{#> software}}...{{/software}}) are not supported"),
        "{msg}"
    );
}

#[test]
fn a_computed_part_name_that_recurses_stops_at_the_depth_limit() {
    // The name comes from the data, so only the render can see the cycle.
    let mut tf = techfile::example::example().expect("example");
    tf.device.trade_name = "device".into();
    let dir = folder(&[("device.md.hbs", "x{{part tf.device.trade_name}}")]);
    let e = render::markdown(&tf, &opts(dir.path())).expect_err("stopped");
    assert_eq!(e.code(), "render.limit");
    assert_eq!(
        e.to_string()
            .replace(&dir.path().display().to_string(), "DIR"),
        "DIR/device.md.hbs: render stopped: {{part \"device\"}} nests more than 8 deep (does a template include itself?)"
    );
}

#[test]
fn nested_loops_over_large_lists_stop_at_the_work_limit() {
    let tf = techfile::example::example().expect("example");
    let n = tf.sbom.components.len() as u64;
    assert!(n > 10, "the example has components to loop over");
    let nested = "{{#each sbom.components}}{{#each ../sbom.components}}{{#each ../../sbom.components}}{{name}}{{/each}}{{/each}}{{/each}}";
    let dir = folder(&[("sbom.md.hbs", nested)]);
    // Three deep needs n^3 iterations; two deep n^2 (and the rest of the
    // file a few thousand elements).
    let limits = Limits {
        work: n * n * n / 2,
        ..Limits::DEFAULT
    };
    let e = render::markdown_within(&tf, &opts(dir.path()), limits).expect_err("stopped");
    assert_eq!(e.code(), "render.limit");
    assert_eq!(
        e.to_string()
            .replace(&dir.path().display().to_string(), "DIR"),
        format!("DIR/sbom.md.hbs: render stopped: the templates would render more than {} template elements in one render (nested #each loops over large lists?)", n * n * n / 2)
    );
    // The same loops two deep fit, and render what they should.
    let dir = folder(&[(
        "sbom.md.hbs",
        "{{#each sbom.components}}{{#each ../sbom.components}}.{{/each}}{{/each}}",
    )]);
    let md = render::markdown_within(&tf, &opts(dir.path()), limits).expect("fits");
    let dots = md.chars().filter(|&c| c == '.').count() as u64;
    assert!(dots >= n * n, "{dots} dots for {n} components");
}

#[test]
fn output_is_bounded_in_bytes() {
    let tf = techfile::example::example().expect("example");
    let dir = folder(&[(
        "sbom.md.hbs",
        "{{#each sbom.components}}{{#each ../sbom.components}}{{#each ../../tf.chapters}}{{body}}{{/each}}{{/each}}{{/each}}",
    )]);
    let limits = Limits {
        output_bytes: 1 << 20,
        ..Limits::DEFAULT
    };
    let e = render::markdown_within(&tf, &opts(dir.path()), limits).expect_err("stopped");
    assert_eq!(e.code(), "render.limit");
    assert!(
        e.to_string().ends_with(
            "render stopped: the templates would write more than 1048576 bytes in one render"
        ),
        "{e}"
    );
}

#[test]
fn deeply_nested_blocks_are_refused_before_compiling() {
    let deep = |n: usize| format!("{}x{}", "{{#if tf}}".repeat(n), "{{/if}}".repeat(n));
    let (_, r) = render_with(&[("device.md.hbs", &deep(48))]);
    r.expect("48 deep is fine");
    // 20,000 deep overflowed the stack of the template parser (3,000 that of
    // a test thread).
    let (dir, r) = render_with(&[("device.md.hbs", &format!("\n  {}", deep(3_000)))]);
    assert_eq!(
        failure(&dir, r),
        (
            "render.template",
            "DIR/device.md.hbs: template error: line 2, column 483: blocks nest more than 48 deep"
                .into()
        )
    );
    let parens = format!("{{{{len {}tf{}}}}}", "(len ".repeat(30), ")".repeat(30));
    let (dir, r) = render_with(&[("device.md.hbs", &parens)]);
    let (_, msg) = failure(&dir, r);
    assert!(
        msg.ends_with("line 1, column 1: subexpressions nest more than 24 deep"),
        "{msg}"
    );
}

#[test]
fn the_embedded_templates_render_within_the_limits_with_the_same_output() {
    let tf = techfile::example::example().expect("example");
    let a = render::markdown(&tf, &RenderOptions::markdown()).expect("default limits");
    let tight = Limits {
        work: 40_000,
        output_bytes: 600_000,
        part_depth: 2,
    };
    let b = render::markdown_within(&tf, &RenderOptions::markdown(), tight).expect("tight");
    assert_eq!(a, b);
}

#[cfg(unix)]
#[test]
fn only_regular_files_inside_the_folder_are_read() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("dir");
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "SECRET").expect("write");
    let dir = folder(&[("real.txt", "INSIDE {{len tf.documents}}")]);
    let tf = techfile::example::example().expect("example");

    // A link to a file inside the folder is read.
    symlink("real.txt", dir.path().join("documents.md.hbs")).expect("link");
    let md = render::markdown(&tf, &opts(dir.path())).expect("inside");
    assert!(
        md.contains(&format!("INSIDE {}", tf.documents.len())),
        "{md}"
    );

    // A link that leads out is refused, naming the link and where it leads.
    symlink(&secret, dir.path().join("device.md.hbs")).expect("link");
    let e = render::markdown(&tf, &opts(dir.path())).expect_err("outside");
    assert_eq!(e.code(), "render.template_file");
    let real_secret = std::fs::canonicalize(&secret).expect("canon");
    assert_eq!(
        e.to_string(),
        format!(
            "{}: leads to {}, outside the template folder {}; templates are read only from inside it",
            dir.path().join("device.md.hbs").display(),
            real_secret.display(),
            dir.path().display()
        )
    );
    std::fs::remove_file(dir.path().join("device.md.hbs")).expect("rm");
    // So does `..` through a linked folder.
    symlink(outside.path(), dir.path().join("up")).expect("link");
    symlink("up/secret.txt", dir.path().join("device.md.hbs")).expect("link");
    let e = render::markdown(&tf, &opts(dir.path())).expect_err("outside");
    assert!(e.to_string().contains("outside the template folder"), "{e}");
    std::fs::remove_file(dir.path().join("device.md.hbs")).expect("rm");

    // A named pipe is refused at once (it used to block the render).
    let fifo = dir.path().join("device.md.hbs");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    let e = render::markdown(&tf, &opts(dir.path())).expect_err("fifo");
    assert_eq!(
        e.to_string(),
        format!(
            "{}: cannot read: not a regular file (it is a named pipe); inputs are read only from regular files",
            fifo.display()
        )
    );
    std::fs::remove_file(&fifo).expect("rm");

    // A folder under a template's name, and a template too large.
    std::fs::create_dir(dir.path().join("device.md.hbs")).expect("mkdir");
    let e = render::markdown(&tf, &opts(dir.path())).expect_err("dir");
    assert!(e.to_string().contains("(it is a directory)"), "{e}");
    std::fs::remove_dir(dir.path().join("device.md.hbs")).expect("rm");
    std::fs::write(dir.path().join("device.md.hbs"), vec![b'x'; 300_000]).expect("write");
    let e = render::markdown(&tf, &opts(dir.path())).expect_err("large");
    assert!(
        e.to_string().ends_with(
            "device.md.hbs: file is 300000 bytes; templates over 262144 bytes are refused"
        ),
        "{e}"
    );
}
