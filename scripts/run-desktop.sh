#!/usr/bin/env bash
# `make run`: installs what is missing, builds the UI and the desktop app, and
# opens the bundled example in the app. With no display (no DISPLAY or
# WAYLAND_DISPLAY) it exports the example to out/ as PDF and Markdown with the
# CLI instead, and says so.
#
#   scripts/run-desktop.sh [PROJECT]    open PROJECT instead of the example
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

scripts/install-deps.sh

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  example="examples/ecg-arrhythmia/techfile.json"
  mkdir -p out
  cargo run -q -p techfile -- export "$example" --format pdf -o out/techfile.pdf
  cargo run -q -p techfile -- export "$example" --format md -o out/techfile.md
  echo "No display, so no window: exported the bundled example to out/techfile.pdf and out/techfile.md"
  exit 0
fi

# The app embeds ui/dist at compile time, so the UI is built first.
npm --prefix ui run build
# No project named: the bundled example (the app alone shows its start screen).
if [ $# -eq 0 ]; then
  set -- --example
fi
exec cargo run -p techfile-desktop -- "$@"
