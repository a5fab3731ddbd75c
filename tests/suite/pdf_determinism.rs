//! The PDF is a pure function of its input: byte-identical across two exports
//! in one process and across processes (the stress document, via the
//! `gen-stress` binary), with no clock or random id in it.

use std::process::Command;

use techfile::pdf::render_with_front;
use techfile::pdf::stress::{stress_front, stress_markdown};

#[test]
fn two_exports_in_one_process_are_byte_identical() {
    let md = stress_markdown(1);
    let front = stress_front();
    let a = render_with_front(&front, &md).expect("render");
    let b = render_with_front(&front, &md).expect("render");
    assert!(a == b, "in-process exports differ");
    // A different date changes the bytes: dates come from the document.
    let mut f2 = front.clone();
    f2.date = "2027-01-01".into();
    let c = render_with_front(&f2, &md).expect("render");
    assert!(a != c);
    let text = String::from_utf8_lossy(&a);
    assert!(
        text.contains("D:20261101000000Z"),
        "CreationDate from the document"
    );
}

#[test]
fn exports_in_two_processes_are_byte_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    let md = dir.path().join("s.md");
    let exe = env!("CARGO_BIN_EXE_gen-stress");
    let st = Command::new(exe)
        .arg("md")
        .arg("1")
        .arg(&md)
        .status()
        .expect("gen-stress md");
    assert!(st.success());
    let mut outs = Vec::new();
    for i in 0..2 {
        let out = dir.path().join(format!("s{i}.pdf"));
        let st = Command::new(exe)
            .arg("pdf")
            .arg(&md)
            .arg(&out)
            .status()
            .expect("gen-stress pdf");
        assert!(st.success());
        outs.push(std::fs::read(&out).expect("read pdf"));
    }
    assert!(outs[0] == outs[1], "cross-process exports differ");
    // And the same bytes as this process makes.
    let here = render_with_front(&stress_front(), &std::fs::read_to_string(&md).expect("md"))
        .expect("render");
    assert!(here == outs[0], "this process and the binary differ");
}
