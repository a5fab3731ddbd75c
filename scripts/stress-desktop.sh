#!/usr/bin/env bash
# The desktop on the stress project (issue 13.7): generates it with
# gen-stress, then runs the measuring end-to-end tests under Xvfb (open to
# interactive, the windowed inventory, edit to findings from outside; the
# edit-to-findings latency measured in the page, tests/desktop/latency_e2e.rs;
# the preview's first draw and refresh) and prints their figures. Not part
# of `make test`; needs what scripts/install-deps.sh installs.
#
#   scripts/stress-desktop.sh            the debug app the tests build
#   scripts/stress-desktop.sh --release  a release build of the app, as shipped
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cargo run --quiet --release --bin gen-stress -- project 1 "$dir/stress.techfile.json"
npm --prefix ui run build
if [ "${1:-}" = "--release" ]; then
  cargo build --release -p techfile-desktop
  export TECHFILE_DESKTOP_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/techfile-desktop"
fi
export TECHFILE_E2E=1
export TECHFILE_STRESS_PROJECT="$dir/stress.techfile.json"
export TECHFILE_PREVIEW_STRESS="$dir/stress.techfile.json"
xvfb-run -a -s "-screen 0 1440x900x24" \
  cargo test -p techfile-desktop --test desktop -- --include-ignored --test-threads=1 --nocapture stress 2>&1 |
  grep -E "stress:|^test |test result"
