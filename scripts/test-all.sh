#!/usr/bin/env bash
# `make test`: installs what is missing, then runs, in order: rustfmt check,
# clippy (-D warnings, every crate and target), the Rust tests of the core
# library and CLI, the UI tests (vitest), and the end-to-end desktop tests
# under Xvfb. Stops at the first failing step and names it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

step() { echo; echo "==> $*"; }

# A CI run builds once from nothing: incremental caches would only cost disk.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi

step "install dependencies"
scripts/install-deps.sh

# The desktop crate embeds ui/dist at compile time (clippy checks it too).
step "build the UI"
npm --prefix ui run build

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "Rust tests (core library, CLI, corpus, golden)"
cargo test -p techfile

step "UI type check and tests"
npm --prefix ui run check
npm --prefix ui test

step "end-to-end desktop tests under Xvfb"
scripts/e2e.sh

echo
echo "make test: all steps passed"
