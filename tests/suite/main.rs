//! Every integration test of the `techfile` crate, in one test binary.
//!
//! One binary instead of one per file: each integration test binary links the
//! whole library and its dependencies, so thirty of them took minutes of
//! linking and gigabytes of disk (a CI run filled its disk). Each file here
//! is a module; `cargo test -p techfile --test suite <module>::` runs one.

mod common;
mod pdf_text;

mod ai_check;
mod ai_corpus;
mod ai_import;
mod ai_output;
mod applicability;
mod architecture;
mod cli;
mod coverage;
mod fuzz_regressions;
mod generated_types;
mod golden;
mod gspr;
mod hostile_input;
mod hostile_templates;
mod kill_save;
mod markdown_isolation;
mod migration;
mod pdf_a;
mod pdf_determinism;
mod pdf_example;
mod pdf_layout;
mod pdf_render;
mod pdf_stress_project;
mod pdf_tags;
mod pdf_xref;
mod register;
mod release;
mod render;
mod risk_check;
mod risk_corpus;
mod risk_example;
mod risk_export;
mod risk_render;
mod sarif;
mod sbom_cli;
mod sbom_contracts;
mod sbom_corpus;
mod sbom_project;
mod schema;
mod sign;
mod standards;
