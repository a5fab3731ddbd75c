#!/usr/bin/env bash
# The desktop on the stress project (issue 13.7): generates it with
# gen-stress, then runs the measuring end-to-end tests under Xvfb (open to
# interactive, the windowed inventory, edit to findings; the preview's
# first draw and refresh) and prints their figures. Not part of
# `make test`; needs what scripts/install-deps.sh installs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cargo run --quiet --release --bin gen-stress -- project 1 "$dir/stress.techfile.json"
npm --prefix ui run build
export TECHFILE_E2E=1
export TECHFILE_STRESS_PROJECT="$dir/stress.techfile.json"
export TECHFILE_PREVIEW_STRESS="$dir/stress.techfile.json"
xvfb-run -a -s "-screen 0 1440x900x24" \
  cargo test -p techfile-desktop --test desktop -- --include-ignored --test-threads=1 --nocapture stress 2>&1 |
  grep -E "stress:|^test |test result"
