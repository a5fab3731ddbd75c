#!/usr/bin/env bash
# End-to-end tests of the desktop app: builds the UI and the app, then runs
# every test of src-tauri (unit tests, and the end-to-end modules of
# tests/desktop/, which a plain `cargo test` ignores) under Xvfb with
# TECHFILE_E2E=1 and --include-ignored. Each test starts its own tauri-driver
# (on free ports) and stops it with SIGTERM.
#
#   scripts/e2e.sh                 run the tests
#   scripts/e2e.sh --screenshot    also write docs/screenshot.png
#
# Needs what scripts/install-deps.sh installs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ "${1:-}" = "--screenshot" ]; then
  export TECHFILE_SCREENSHOT="$ROOT/docs/screenshot.png"
  mkdir -p "$ROOT/docs"
fi

for tool in tauri-driver WebKitWebDriver xvfb-run pdftotext; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "e2e: $tool is missing; run scripts/install-deps.sh" >&2
    exit 2
  fi
done

# The app embeds ui/dist at compile time, so the UI is built first.
npm --prefix ui run build

# Build outside the time limit: a clean debug build takes minutes.
cargo test -p techfile-desktop --tests --no-run

# timeout signals its whole process group, so tauri-driver, WebKitWebDriver
# and the app go too if a test hangs.
export TECHFILE_E2E=1
timeout -k 20 "${TECHFILE_E2E_TIMEOUT:-600}" \
  xvfb-run -a -s "-screen 0 1440x900x24" \
  cargo test -p techfile-desktop --tests -- --include-ignored --test-threads=1
