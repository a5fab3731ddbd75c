//! Regression tests of issue 16 ("nothing a user's file can do breaks the
//! document, the process or the project"): each input here was accepted
//! silently, lost data or reached the terminal raw before its fix.

use crate::common;
use common::{run_cli, run_cli_within};
use std::ffi::OsStr;

fn bom_with_scores(scores: &[&str]) -> String {
    let ratings: Vec<String> = scores
        .iter()
        .map(|s| format!("{{\"score\": {s}, \"method\": \"CVSSv31\"}}"))
        .collect();
    format!(
        r#"{{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
        "metadata":{{"timestamp":"2026-01-01T00:00:00Z","authors":[{{"name":"A"}}]}},
        "components":[{{"type":"library","bom-ref":"a","name":"a","version":"1","purl":"pkg:npm/a@1"}}],
        "vulnerabilities":[{{"id":"CVE-2026-0001","ratings":[{}],"affects":[{{"ref":"a"}}]}}]}}"#,
        ratings.join(",")
    )
}

#[test]
fn non_numeric_and_out_of_range_scores_are_warnings_naming_the_field() {
    let text = bom_with_scores(&["\"NaN\"", "\"inf\"", "\"7.5abc\"", "12", "\"7.5\"", "9.8"]);
    let parsed = techfile::sbom::import::parse(text.as_bytes(), "bom.json").expect("parses");
    let scores: Vec<Option<f64>> = parsed.vulnerabilities[0]
        .ratings
        .iter()
        .map(|r| r.score)
        .collect();
    assert_eq!(scores, [None, None, None, None, Some(7.5), Some(9.8)]);
    let warned: Vec<&str> = parsed
        .warnings
        .iter()
        .filter(|w| w.rule == "cdx.rating-score")
        .map(|w| w.location.as_str())
        .collect();
    assert_eq!(
        warned,
        [
            "bom.json#/vulnerabilities/0/ratings/0/score",
            "bom.json#/vulnerabilities/0/ratings/1/score",
            "bom.json#/vulnerabilities/0/ratings/2/score",
            "bom.json#/vulnerabilities/0/ratings/3/score",
        ],
        "{:#?}",
        parsed.warnings
    );
}

#[test]
fn an_unknown_item_is_an_error_listing_the_items_and_new_item_creates_one() {
    let (dir, project, before) = example_project_and_bytes();
    let bom = dir.path().join("bom.json");
    std::fs::write(&bom, bom_with_scores(&["5.0"])).expect("write");
    let args = |item: &str, new: bool| {
        let mut a = vec![
            OsStr::new("import").to_owned(),
            "sbom".into(),
            project.clone().into_os_string(),
            bom.clone().into_os_string(),
            "--item".into(),
            item.into(),
        ];
        if new {
            a.push("--new-item".into());
        }
        a
    };
    let run = run_cli(args("ecg-analysis-servce", false));
    run.expect_code(2);
    assert!(
        run.stderr.contains("ecg-analysis-servce") && run.stderr.contains("ecg-analysis-service"),
        "names the mistyped and the existing items: {}",
        run.stderr
    );
    assert!(run.stderr.contains("--new-item"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(&project).expect("read"),
        before,
        "nothing written"
    );
    let run = run_cli(args("gateway", true));
    assert!(run.code.is_some_and(|c| c <= 1), "{}", run.stderr);
    let tf = techfile::store::load(&project).expect("load");
    assert!(tf.software_item("gateway").is_some());
}

#[test]
fn terminal_output_carries_no_control_characters() {
    let dir = tempfile::tempdir().expect("dir");
    let bom = dir.path().join("evil.json");
    let evil = bom_with_scores(&["5.0"]).replace(
        "\"name\":\"a\"",
        "\"name\":\"a\\u001b]52;c;ZWNobyBwd25lZA==\\u0007\\u001b[2J\"",
    );
    std::fs::write(&bom, &evil).expect("write");
    let parsed = techfile::sbom::import::parse(evil.as_bytes(), "evil.json").expect("parses");
    assert!(
        parsed.components[0].name.contains('\u{1b}'),
        "the data keeps what the file says"
    );
    let dir2 = tempfile::tempdir().expect("dir");
    let project = dir2.path().join("p.techfile.json");
    run_cli([OsStr::new("new"), project.as_os_str()]).expect_code(0);
    let run = run_cli([
        OsStr::new("import"),
        "sbom".as_ref(),
        project.as_os_str(),
        bom.as_os_str(),
        "--item".as_ref(),
        "x".as_ref(),
        "--new-item".as_ref(),
    ]);
    let run2 = run_cli([OsStr::new("check"), project.as_os_str()]);
    for out in [&run.stdout, &run.stderr, &run2.stdout, &run2.stderr] {
        assert!(
            !out.chars().any(|c| c.is_control() && c != '\n'),
            "control character reached the terminal: {out:?}"
        );
    }
    assert!(
        run.stdout.contains("added") || run.stdout.contains('\u{fffd}'),
        "{}",
        run.stdout
    );
}

#[test]
fn an_export_never_overwrites_its_project() {
    let (dir, project, before) = example_project_and_bytes();
    for out in [project.clone(), dir.path().join("other.techfile.json")] {
        let run = export_md(&project, &out, &[]);
        run.expect_code(2);
        assert!(
            run.stderr
                .contains("refusing to write an export over a project file"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(std::fs::read(&project).expect("read"), before);
}

#[test]
fn a_cell_at_xfd1048576_is_refused_by_name_not_allocated() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    write_row(ws, 0, 0, &HEADER);
    ws.write_string(1, 0, "H1").expect("cell");
    ws.write_string(1048575, 16383, "far away")
        .expect("far cell");
    let msg = read_risks(&wb.save_to_buffer().expect("xlsx"), "far.xlsx").expect_err("refused");
    assert!(
        msg.contains("far.xlsx") && msg.contains("XFD1048576"),
        "{msg}"
    );
}

#[test]
fn a_sparse_xlsx_reads_like_a_dense_one() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    // The header starts in row 3, column B; row 5 is empty.
    write_row(ws, 2, 1, &HEADER);
    ws.write_string(3, 1, "H1").expect("id");
    ws.write_string(3, 2, "Crash").expect("hazard");
    ws.write_number(5, 1, 7.0).expect("id");
    ws.write_string(5, 2, "Hang").expect("hazard");
    let imp = read_risks(&wb.save_to_buffer().expect("xlsx"), "s.xlsx").expect("imports");
    let got: Vec<(&str, &str)> = imp
        .entries
        .iter()
        .map(|e| (e.id.as_str(), e.hazard.as_str()))
        .collect();
    assert_eq!(got, [("H1", "Crash"), ("7", "Hang")]);
}

/// Every command that reads an input, with `input` in the input's place.
#[cfg(unix)]
fn reading_commands(
    project: &std::path::Path,
    input: &std::path::Path,
) -> Vec<Vec<std::ffi::OsString>> {
    let p = project.as_os_str().to_owned();
    let i = input.as_os_str().to_owned();
    let cmd = |args: &[&OsStr]| args.iter().map(|a| a.to_os_string()).collect::<Vec<_>>();
    vec![
        cmd(&["check".as_ref(), &i]),
        cmd(&["fmt".as_ref(), &i]),
        cmd(&[
            "export".as_ref(),
            &i,
            "--format".as_ref(),
            "md".as_ref(),
            "-o".as_ref(),
            "out.md".as_ref(),
        ]),
        cmd(&["import".as_ref(), "risks".as_ref(), &p, &i]),
        cmd(&[
            "import".as_ref(),
            "risks".as_ref(),
            &p,
            &i,
            "--mapping".as_ref(),
            &i,
        ]),
        cmd(&[
            "import".as_ref(),
            "sbom".as_ref(),
            &p,
            &i,
            "--item".as_ref(),
            "ecg-analysis-service".as_ref(),
        ]),
        cmd(&["import".as_ref(), "vex".as_ref(), &p, &i]),
        cmd(&["import".as_ref(), "model-card".as_ref(), &p, &i]),
        cmd(&["inspect".as_ref(), "sbom".as_ref(), &i]),
    ]
}

#[cfg(unix)]
#[test]
fn a_named_pipe_or_a_device_as_input_is_refused_at_once() {
    let (dir, project, before) = example_project_and_bytes();
    let fifo = dir.path().join("table.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    for (input, what) in [
        (fifo.as_path(), "a named pipe"),
        (std::path::Path::new("/dev/zero"), "a character device"),
        (dir.path(), "a directory"),
    ] {
        for args in reading_commands(&project, input) {
            // Before: the pipe blocked for ever and /dev/zero ate memory.
            let run = run_cli_within(&args, Some(std::time::Duration::from_secs(60)));
            // `inspect` says 1 for an input it rejects, the others 2.
            let code = if args[0] == "inspect" { 1 } else { 2 };
            assert_eq!(run.code, Some(code), "{args:?}: {}", run.stderr);
            let expected = format!(
                "{}: cannot read: not a regular file (it is {what}); inputs are read only from regular files",
                input.display()
            );
            assert!(run.stderr.contains(&expected), "{args:?}: {}", run.stderr);
        }
    }
    assert_eq!(std::fs::read(&project).expect("read"), before);
}

#[test]
fn an_os_error_is_printed_once_and_never_with_a_temporary_path() {
    let dir = tempfile::tempdir().expect("dir");
    let missing = dir.path().join("missing.techfile.json");
    let run = run_cli([OsStr::new("check"), missing.as_os_str()]);
    run.expect_code(2);
    assert_eq!(
        run.stderr.trim_end(),
        format!(
            "error: {}: cannot read: No such file or directory (os error 2)",
            missing.display()
        )
    );
    // The folder is a file: the temporary beside the project cannot be made.
    let file = dir.path().join("plain");
    std::fs::write(&file, b"x").expect("write");
    let target = file.join("p.techfile.json");
    let run = run_cli([OsStr::new("new"), target.as_os_str()]);
    run.expect_code(2);
    assert_eq!(
        run.stderr.trim_end(),
        format!(
            "error: {}: cannot write: cannot create a file in {}: Not a directory (os error 20)",
            target.display(),
            file.display()
        )
    );
    assert!(!run.stderr.contains("tf-tmp"), "{}", run.stderr);
}

#[test]
fn a_project_number_too_small_for_a_float_is_an_error_naming_the_field() {
    let (_dir, project) = example_project();
    let text = std::fs::read_to_string(&project).expect("read");
    // Before: 1e-400 loaded as 0.0, and the next save wrote 0.0.
    for (token, problem) in [
        ("1e-400", "number 1e-400 is too small for a 64-bit float and would be read as 0 (write 0, or a number of at least 2.3e-308)"),
        ("1e400", "number 1e400 is too large for a 64-bit float (at most about 1.8e308)"),
    ] {
        let bad = text.replacen("\"at_least\": 1e-6", &format!("\"at_least\": {token}"), 1);
        assert_ne!(bad, text);
        std::fs::write(&project, &bad).expect("write");
        let line = bad.lines().position(|l| l.contains(token)).expect("line") + 1;
        let column = bad.lines().nth(line - 1).expect("line").find(token).expect("col") + 1;
        let run = run_cli([OsStr::new("check"), project.as_os_str()]);
        run.expect_code(2);
        assert_eq!(
            run.stderr.trim_end(),
            format!(
                "error: {}:{line}:{column} (at `risk.plan.probability[1].at_least`): {problem}",
                project.display()
            )
        );
    }
}

#[test]
fn import_numbers_too_small_or_large_for_a_float_are_named() {
    // VEX score 1e-400 was stored as 0.0 without a word.
    let parsed = techfile::sbom::import::parse(bom_with_scores(&["1e-400"]).as_bytes(), "bom.json")
        .expect("parses");
    let w: Vec<(&str, &str, &str)> = parsed
        .warnings
        .iter()
        .filter(|w| w.rule == "json.number-range")
        .map(|w| (w.rule.as_str(), w.location.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        w,
        [(
            "json.number-range",
            "bom.json#/vulnerabilities/0/ratings/0/score",
            "number 1e-400 is too small for a 64-bit float and would be read as 0 (write 0, or a number of at least 2.3e-308)"
        )]
    );
    // The same through the VEX reader, and as text.
    let (_, warnings) =
        techfile::sbom::import::parse_vex(bom_with_scores(&["1e-400"]).as_bytes(), "vex.json")
            .expect("parses");
    assert!(warnings.iter().any(|w| w.rule == "json.number-range"
        && w.location == "vex.json#/vulnerabilities/0/ratings/0/score"));
    let parsed =
        techfile::sbom::import::parse(bom_with_scores(&["\"1e-400\""]).as_bytes(), "bom.json")
            .expect("parses");
    assert_eq!(parsed.vulnerabilities[0].ratings[0].score, None);
    assert!(parsed.warnings.iter().any(|w| w.rule == "cdx.rating-score"));
    // Too large: an error at the number, naming its field.
    let e = techfile::sbom::import::parse(bom_with_scores(&["1e400"]).as_bytes(), "bom.json")
        .expect_err("refused");
    let text = bom_with_scores(&["1e400"]);
    let line = text
        .lines()
        .position(|l| l.contains("1e400"))
        .expect("line")
        + 1;
    let column = text
        .lines()
        .nth(line - 1)
        .expect("l")
        .find("1e400")
        .expect("c")
        + 1;
    assert_eq!(
        e.to_string(),
        format!("bom.json:{line}:{column}: /vulnerabilities/0/ratings/0/score: number 1e400 is too large for a 64-bit float (at most about 1.8e308)")
    );

    // A model card's metric (a MONAI bundle's metadata.json).
    let card = r#"{"schema": "https://github.com/Project-MONAI/MONAI-extra-test-data/releases/download/0.8.1/meta_schema_20220324.json",
        "version": "0.5.9", "monai_version": "1.4.0", "name": "Spleen CT segmentation",
        "task": "Decathlon spleen segmentation", "eval_metrics": {"mean_dice": 0.961}}"#;
    let tiny = card.replacen("\"mean_dice\": 0.961", "\"mean_dice\": 1e-400", 1);
    assert_ne!(tiny, card);
    let mut tf = techfile::TechFile::empty();
    let report = techfile::ai::import_model_card_bytes(
        &mut tf,
        std::path::Path::new("metadata.json"),
        tiny.as_bytes(),
    )
    .expect("imports");
    assert!(
        report.warnings.iter().any(|w| w.location == "metadata.json"
            && w.message
                .contains("(#/eval_metrics/mean_dice): number 1e-400 is too small")),
        "{:#?}",
        report.warnings
    );
    let huge = card.replacen("\"mean_dice\": 0.961", "\"mean_dice\": 1e400", 1);
    let e = techfile::ai::import_model_card_bytes(
        &mut techfile::TechFile::empty(),
        std::path::Path::new("metadata.json"),
        huge.as_bytes(),
    )
    .expect_err("refused");
    assert!(
        e.to_string().contains("/eval_metrics/mean_dice")
            && e.to_string().contains("number 1e400 is too large"),
        "{e}"
    );

    // A risk table's P1: kept as written, and the check says why it fails.
    let csv = "id,hazard,harm,severity,p1,p2\nH1,Crash,Delay,Serious,1e-400,0.5\n";
    let mut tf = techfile::example::example().expect("example");
    let imported = techfile::risk::read_table(
        csv.as_bytes(),
        std::path::Path::new("risks.csv"),
        &techfile::risk::Mapping::default(),
        &tf.risk.plan,
    )
    .expect("reads");
    assert_eq!(imported.entries[0].p1, "1e-400");
    techfile::risk::import::merge(&mut tf, imported);
    let i = tf
        .risk
        .entries
        .iter()
        .position(|e| e.id == "H1")
        .expect("H1");
    let findings = techfile::check::check(&tf);
    let f = findings
        .iter()
        .find(|f| f.path == format!("risk.entries[{i}].p1"))
        .expect("a finding at P1");
    assert!(
        f.message.ends_with("P1 `1e-400` is not a probability between 0 and 1 (it is too small for a 64-bit float and would compute as 0)"),
        "{}",
        f.message
    );
}

/// A small XLSX risk table on sheet `Risks` (header in row 1, one entry).
fn risk_xlsx(extra_header: Option<&str>) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Risks").expect("name");
    let mut header = HEADER.to_vec();
    header.extend(extra_header);
    write_row(ws, 0, 0, &header);
    write_row(ws, 1, 0, &["H1", "Crash", "Delay", "Serious", "Remote"]);
    wb.save_to_buffer().expect("xlsx")
}

/// The columns of the default risk table mapping.
const HEADER: [&str; 5] = ["id", "hazard", "harm", "severity", "probability"];

/// Writes `cells` into row `row` from column `col` on.
fn write_row(ws: &mut rust_xlsxwriter::Worksheet, row: u32, col: u16, cells: &[&str]) {
    for (c, v) in cells.iter().enumerate() {
        ws.write_string(row, col + c as u16, *v).expect("cell");
    }
}

/// `bytes` (an XLSX) with `member`'s text changed by `edit`.
fn edit_member(bytes: &[u8], member: &str, edit: &dyn Fn(String) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut e = z.by_index(i).expect("entry");
        let name = e.name().expect("name").to_string();
        let mut text = String::new();
        e.read_to_string(&mut text).expect("text");
        if name == member {
            let edited = edit(text.clone());
            assert_ne!(edited, text, "the edit changes {member}");
            text = edited;
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(text.as_bytes()).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

fn read_risks(bytes: &[u8], name: &str) -> Result<techfile::risk::Imported, String> {
    techfile::risk::read_table(
        bytes,
        std::path::Path::new(name),
        &techfile::risk::Mapping::default(),
        &techfile::model::risk::RiskPlan::default(),
    )
    .map_err(|e| e.to_string())
}

#[test]
fn xlsx_errors_name_the_sheet_and_the_cell() {
    let good = risk_xlsx(None);
    assert_eq!(read_risks(&good, "t.xlsx").expect("reads").entries.len(), 1);
    let sheet = "xl/worksheets/sheet1.xml";
    // Before, each of these said "Cannot detect file format" or named no cell.
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            // C2's shared string index points nowhere.
            edit_member(&good, sheet, &|s| s.replace("<c r=\"C2\" t=\"s\"><v>7</v>", "<c r=\"C2\" t=\"s\"><v>999</v>")),
            "t.xlsx: not a readable workbook: sheet `Risks`, cell C2: Cell string index not found in shared strings table",
        ),
        (
            // B2 holds an error value no spreadsheet writes.
            edit_member(&good, sheet, &|s| s.replace("<c r=\"B2\" t=\"s\"><v>6</v>", "<c r=\"B2\" t=\"e\"><v>#WHAT</v>")),
            "t.xlsx: not a readable workbook: sheet `Risks`, cell B2: Unsupported cell error value '#WHAT'",
        ),
        (
            // A cell reference that is no reference.
            edit_member(&good, sheet, &|s| s.replace("r=\"D2\"", "r=\"D!2\"")),
            "t.xlsx: not a readable workbook: sheet `Risks`, cell D!2: Expecting alphanumeric character, got 21",
        ),
        (
            // The shared strings are not well-formed XML.
            edit_member(&good, "xl/sharedStrings.xml", &|s| s.replace("</si>", "")),
            "t.xlsx: not a readable workbook: xl/sharedStrings.xml:2:",
        ),
        (b"id,hazard,harm\nH1,Crash,Delay\n".to_vec(), "t.xlsx: not a readable workbook: the file is text, not a workbook; if it is a CSV table, name it .csv"),
        (b"PK\x03\x04 not really".to_vec(), "t.xlsx: not a readable workbook: the file starts like a ZIP archive (as XLSX and ODS files do) but is not one: "),
        (vec![0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1], "t.xlsx: not a readable workbook: the file starts with the bytes 7F 45 4C 46, as no workbook does (XLSX, XLSM and ODS files are ZIP archives, XLS files OLE files)"),
    ];
    for (bytes, expected) in cases {
        let e = read_risks(&bytes, "t.xlsx").expect_err("refused");
        assert!(e.starts_with(expected), "{e}\nexpected: {expected}");
    }
    // Table errors and warnings name the sheet too.
    let no_hazard = edit_member(&good, "xl/sharedStrings.xml", &|s| {
        s.replace(">hazard<", ">hazzard<")
    });
    let e = read_risks(&no_hazard, "t.xlsx").expect_err("refused");
    assert!(
        e.starts_with("t.xlsx: sheet `Risks`, row 1: no `hazard` column"),
        "{e}"
    );
    let extra = read_risks(&risk_xlsx(Some("remarks")), "t.xlsx").expect("reads");
    let w: Vec<&str> = extra.warnings.iter().map(|w| w.location.as_str()).collect();
    assert_eq!(w, ["sheet `Risks`, row 1, column F \"remarks\""]);
}

#[test]
fn utf16_csv_tables_are_read_and_utf32_is_named() {
    let csv = "id,hazard,harm,severity,probability\nH1,Überhitzung,Verbrennung,Serious,Remote\n";
    let expect = read_risks(csv.as_bytes(), "r.csv").expect("utf-8");
    assert_eq!(expect.entries[0].hazard, "Überhitzung");
    let le: Vec<u8> = csv.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = csv.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let with = |bom: &[u8], body: &[u8]| [bom, body].concat();
    // Before: "no `hazard` column" for each UTF-16 form.
    for (name, bytes) in [
        ("UTF-8 with BOM", with(b"\xEF\xBB\xBF", csv.as_bytes())),
        ("UTF-16 LE with BOM", with(&[0xFF, 0xFE], &le)),
        ("UTF-16 BE with BOM", with(&[0xFE, 0xFF], &be)),
        ("UTF-16 LE", le.clone()),
        ("UTF-16 BE", be.clone()),
    ] {
        let got = read_risks(&bytes, "r.csv").unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got.entries, expect.entries, "{name}");
        assert!(got.warnings.is_empty(), "{name}: {:?}", got.warnings);
    }
    let utf32: Vec<u8> = [0xFF, 0xFE, 0, 0]
        .into_iter()
        .chain(csv.chars().flat_map(|c| (c as u32).to_le_bytes()))
        .collect();
    assert_eq!(
        read_risks(&utf32, "r.csv").expect_err("refused"),
        "r.csv: the file is UTF-32 LE, which Techfile does not read; save it as UTF-8 CSV"
    );
}

#[test]
fn recursive_templates_are_an_error_not_a_stack_overflow() {
    let (dir, project) = example_project();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).expect("mkdir");
    std::fs::write(templates.join("device.md.hbs"), "{{> software}}").expect("write");
    std::fs::write(templates.join("software.md.hbs"), "{{> device}}").expect("write");
    let out = dir.path().join("out.md");
    // Before: "thread 'main' has overflowed its stack", SIGABRT.
    let run = export_md(
        &project,
        &out,
        &["--templates".as_ref(), templates.as_os_str()],
    );
    run.expect_code(2);
    let (d, s) = (
        templates.join("device.md.hbs"),
        templates.join("software.md.hbs"),
    );
    assert_eq!(
        run.stderr.trim_end(),
        format!(
            "error: {}: {}: template error: templates include each other in a cycle: {}, which includes {}, which includes {}; a template may not include itself, directly or through others",
            project.display(),
            d.display(),
            d.display(),
            s.display(),
            d.display()
        )
    );
    assert!(!out.exists());
}

/// `techfile export PROJECT --format md -o OUT EXTRA...`.
fn export_md(project: &std::path::Path, out: &std::path::Path, extra: &[&OsStr]) -> common::Run {
    let mut args = vec![
        OsStr::new("export"),
        project.as_os_str(),
        "--format".as_ref(),
        "md".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    args.extend_from_slice(extra);
    run_cli(args)
}

/// `example_project`, and the project file's bytes before the test runs.
fn example_project_and_bytes() -> (tempfile::TempDir, std::path::PathBuf, Vec<u8>) {
    let (dir, project) = example_project();
    let before = std::fs::read(&project).expect("read");
    (dir, project, before)
}

/// A temporary folder with the example project written by `techfile new`.
fn example_project() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let project = dir.path().join("p.techfile.json");
    run_cli([OsStr::new("new"), project.as_os_str(), "--example".as_ref()]).expect_code(0);
    (dir, project)
}
