//! The `techfile` command line: a thin shell over the library for CI
//! pipelines and headless use. Each subcommand lives in `cli/`.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of glibc's malloc: see Cargo.toml.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", cli::terminal_safe(&format!("{err:#}")));
            ExitCode::from(2)
        }
    }
}
