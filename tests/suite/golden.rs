//! Golden Markdown of the bundled example, reviewed in diffs. After an
//! intended change: `INSTA_UPDATE=always cargo test --test suite golden`, then read
//! `git diff tests/suite/snapshots`.

use techfile::render::{self, RenderOptions};

#[test]
fn example_markdown() {
    let tf = techfile::example::example().expect("example parses");
    let md = render::markdown(&tf, &RenderOptions::markdown()).expect("renders");
    insta::assert_snapshot!("example_markdown", md);
}
