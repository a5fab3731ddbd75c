#!/usr/bin/env bash
# Installs what building and testing Techfile needs on a fresh Debian 12
# machine, and skips whatever is already there, so it is cheap to run before
# every `make run` / `make test`. Needs root (or sudo) for apt-get.
#
# What and why:
#   - build-essential pkg-config libwebkit2gtk-4.1-dev: the Tauri 2 desktop
#     crate (webkit2gtk, GTK 3) compiles against them.
#   - xvfb xauth webkit2gtk-driver: the end-to-end tests run the real app
#     under Xvfb and drive it through WebKitWebDriver.
#   - poppler-utils, qpdf: pdftotext and qpdf --check, to read and validate exported PDFs in tests.
#   - imagemagick: `import` for screenshots of the running app.
#   - openssl: the referee of the package signatures (`openssl cms -verify`)
#     and the maker of the tests' certificates and PKCS#12 files.
#   - libicu72: ICU, which the SARIF Multitool's .NET runtime loads.
#   - tauri-driver (crates.io): the WebDriver bridge to WebKitWebDriver.
#   - ui/node_modules: `npm ci` from the committed package-lock.json.
#   - scripts/sarif-multitool/node_modules: the SARIF Multitool (npm package
#     @microsoft/sarif-multitool, which brings a self-contained binary per
#     platform: @microsoft/sarif-multitool-linux/Sarif.Multitool), whose
#     `validate` tests/suite/sarif.rs runs on `techfile check --format sarif` output.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

# --- Debian packages --------------------------------------------------------
DEB_PACKAGES=(
  build-essential
  pkg-config
  libwebkit2gtk-4.1-dev
  xvfb
  xauth
  webkit2gtk-driver
  poppler-utils
  qpdf
  imagemagick
  libicu72
  openssl
)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: Debian packages present"
fi

# --- tauri-driver -----------------------------------------------------------
if command -v tauri-driver >/dev/null 2>&1 || [ -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  echo "install-deps: tauri-driver present"
else
  echo "install-deps: cargo install tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi

# --- npm packages: the UI's and the SARIF Multitool ------------------------
# npm ci is skipped when node_modules already matches the lock file (npm
# writes its own copy of the lock as node_modules/.package-lock.json).
npm_ci() { # DIR WHAT
  if [ -f "$1/node_modules/.package-lock.json" ] &&
    [ "$1/node_modules/.package-lock.json" -nt "$1/package-lock.json" ]; then
    echo "install-deps: $2 up to date"
  else
    echo "install-deps: npm ci in ${1#"$ROOT"/}/"
    npm --prefix "$1" ci --no-audit --no-fund
  fi
}
npm_ci "$ROOT/ui" "ui/node_modules"
SARIF_TOOL="$ROOT/scripts/sarif-multitool"
npm_ci "$SARIF_TOOL" "SARIF multitool"
# The package's postinstall only sets the execute bit, and npm may skip
# install scripts it has not been told to allow: set it here.
for bin in "$SARIF_TOOL"/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool; do
  if [ -f "$bin" ] && [ ! -x "$bin" ]; then
    chmod u+x "$bin"
  fi
done
