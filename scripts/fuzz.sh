#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Builds the cargo-fuzz targets in fuzz/ (nightly, AddressSanitizer, debug
# assertions, under `nice -n 19`) and runs each for SECONDS (default 600),
# one after another, one process at a time; then prints per target: runs
# (execs), exec/s, coverage (cov/ft), corpus size and crashes. Exits 1 when
# any target found a crash, timeout or out-of-memory input (in
# fuzz/artifacts/<target>/; minimise with `cargo +nightly fuzz tmin`).
#
# Seeds are copied into fuzz/corpus/<target>/ at run time from the shared
# corpus (../shared/corpus beside the checkout, or $TECHFILE_CORPUS), the
# repository's own fixtures and examples, and fuzz/seeds/<target>/. The
# corpus grows across runs; fuzz/corpus, fuzz/artifacts and fuzz/logs are
# git-ignored. Not part of `make test` (see docs/fuzzing.md).
#
# Env: FUZZ_NO_BUILD=1 skips the build; FUZZ_EXTRA="-flag=..." is passed on.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FUZZ="$ROOT/fuzz"
SECS="${1:-600}"
shift || true
CORPUS_SRC="${TECHFILE_CORPUS:-$ROOT/../shared/corpus}"

ALL_TARGETS=(
  sbom_cyclonedx_json sbom_cyclonedx_xml sbom_spdx_json sbom_spdx_tagvalue sbom_spdx3
  vex_openvex vex_cyclonedx
  risk_csv risk_xlsx
  ai_huggingface ai_cyclonedx_json ai_cyclonedx_xml ai_spdx3 ai_monai
  project_load pdf_markdown chapter_markdown
)
if [ $# -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi

# Largest input per target (bytes) and its dictionary.
max_len() {
  case "$1" in
    sbom_*|vex_cyclonedx) echo 262144 ;;
    vex_openvex|ai_*) echo 131072 ;;
    risk_csv) echo 65536 ;;
    risk_xlsx) echo 262144 ;;
    project_load) echo 262144 ;;
    pdf_markdown) echo 65536 ;;
    chapter_markdown) echo 16384 ;;
  esac
}
dict() {
  case "$1" in
    sbom_cyclonedx_xml|ai_cyclonedx_xml) echo xml ;;
    sbom_spdx_tagvalue) echo tagvalue ;;
    risk_csv) echo csv ;;
    project_load) echo project ;;
    pdf_markdown|chapter_markdown|ai_huggingface) echo markdown ;;
    risk_xlsx) echo "" ;;
    *) echo json ;;
  esac
}

# Shared-corpus SBOMs of one MANIFEST.tsv format (column 5), valid and invalid.
manifest() {
  [ -f "$CORPUS_SRC/sbom/MANIFEST.tsv" ] || return 0
  awk -F'\t' -v f="$1" 'NR > 1 && $5 == f { print $1 }' "$CORPUS_SRC/sbom/MANIFEST.tsv" |
    while read -r p; do echo "$CORPUS_SRC/$p"; done
}
shared() { [ -d "$CORPUS_SRC" ] && find "$CORPUS_SRC/$1" -type f -name "$2" 2>/dev/null; true; }

# The seed files of a target, one path a line.
seed_files() {
  case "$1" in
    sbom_cyclonedx_json)
      manifest cyclonedx-json; shared modelcards/cyclonedx-modelcard '*.json'
      ls examples/ecg-arrhythmia/sbom/*.cdx.json ;;
    sbom_cyclonedx_xml)
      manifest cyclonedx-xml; ls examples/ecg-arrhythmia/sbom/*.cdx.xml tests/fixtures/ai/*.xml ;;
    sbom_spdx_json) manifest spdx-json; ls examples/ecg-arrhythmia/sbom/*.spdx.json ;;
    sbom_spdx_tagvalue) manifest spdx-tagvalue ;;
    sbom_spdx3) manifest spdx3-jsonld; shared modelcards/spdx3-ai '*.json' ;;
    vex_openvex) ls examples/ecg-arrhythmia/sbom/*.openvex.json ;;
    vex_cyclonedx)
      shared sbom/cyclonedx/valid/bomex/VEX '*.json'
      manifest cyclonedx-json | grep -i vulnerab
      ls examples/ecg-arrhythmia/sbom/*.cdx.json ;;
    risk_csv) shared risk '*.csv'; ls examples/ecg-arrhythmia/risks.csv ;;
    risk_xlsx) shared risk '*.xlsx' ;;
    ai_huggingface)
      ls tests/fixtures/ai/*.md tests/fixtures/ai/example/README.md
      shared modelcards 'README.md' ;;
    ai_cyclonedx_json)
      shared modelcards/cyclonedx-modelcard '*.json'; manifest cyclonedx-json | grep -i machine ;;
    ai_cyclonedx_xml) ls tests/fixtures/ai/*.xml ;;
    ai_spdx3) shared modelcards/spdx3-ai '*.json'; manifest spdx3-jsonld | grep -i /ai/ ;;
    ai_monai) shared modelcards/monai 'metadata.json' ;;
    project_load) ls examples/ecg-arrhythmia/techfile.json tests/fixtures/ai/example/*.json tests/fixtures/v1/*.json ;;
    pdf_markdown|chapter_markdown)
      ls README.md docs/*.md tests/fixtures/ai/*.md tests/suite/snapshots/*.snap
      shared modelcards '*.md'; shared risk '*.md' ;;
  esac 2>/dev/null
  [ -d "$FUZZ/seeds/$1" ] && find "$FUZZ/seeds/$1" -type f
  true
}

# Copies the seeds into fuzz/corpus/<target>/ (names from their paths, so a
# re-run overwrites rather than duplicates); builds the composite seeds.
seed() {
  local t="$1" dir="$FUZZ/corpus/$1" f name
  mkdir -p "$dir"
  while read -r f; do
    [ -f "$f" ] || continue
    name="seed-$(echo "${f#"$CORPUS_SRC"/}" | tr '/ ' '__' | tail -c 120)"
    cp -f "$f" "$dir/$name"
  done < <(seed_files "$t" | sort -u)
  case "$t" in
    ai_monai) # metadata.json NUL docs/README.md NUL docs/data_license.txt
      while read -r f; do
        local b; b="$(dirname "$(dirname "$f")")"
        { cat "$f"; printf '\0'; cat "$b/docs/README.md" 2>/dev/null; printf '\0'
          cat "$b/docs/data_license.txt" 2>/dev/null; } > "$dir/seed-bundle-$(basename "$b")"
      done < <(shared modelcards/monai 'metadata.json') ;;
    chapter_markdown) # the example's chapter bodies
      command -v python3 >/dev/null && python3 - "$dir" <<'PY'
import json, sys
tf = json.load(open("examples/ecg-arrhythmia/techfile.json"))
for c in tf.get("chapters", []):
    open(f"{sys.argv[1]}/seed-chapter-{c['id']}", "w").write(c["body"])
PY
      ;;
  esac
  if [ ! -d "$CORPUS_SRC" ]; then
    echo "note: no shared corpus at $CORPUS_SRC; seeding $t from the repository only" >&2
  fi
}

# cargo-fuzz, installed when missing.
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz"
  nice -n 19 cargo install cargo-fuzz --locked || exit 2
fi

if [ -z "${FUZZ_NO_BUILD:-}" ]; then
  echo "==> building the fuzz targets (nightly, ASan, debug assertions)"
  # cargo fuzz builds one target or all of them; --debug-assertions makes
  # an integer overflow a finding instead of a silent wrap.
  build_args=()
  [ ${#TARGETS[@]} -eq 1 ] && build_args=("${TARGETS[0]}")
  nice -n 19 cargo +nightly fuzz build --debug-assertions "${build_args[@]}" || exit 2
fi
BIN_DIR="$FUZZ/target/x86_64-unknown-linux-gnu/release"

mkdir -p "$FUZZ/logs" "$FUZZ/artifacts"
SUMMARY="$FUZZ/logs/summary.tsv"
[ -f "$SUMMARY" ] || printf 'date\ttarget\tseconds\texecs\texec_per_s\tcov\tft\tcorpus\tcrashes\n' > "$SUMMARY"
declare -a ROWS
FOUND=0
for t in "${TARGETS[@]}"; do
  bin="$BIN_DIR/$t"
  if [ ! -x "$bin" ]; then
    echo "error: $bin is not built" >&2
    FOUND=1
    continue
  fi
  seed "$t"
  art="$FUZZ/artifacts/$t"
  work="$FUZZ/logs/$t"
  mkdir -p "$art" "$work"
  rm -f "$work"/fuzz-*.log
  stamp="$work/.start"
  touch "$stamp"
  d="$(dict "$t")"
  dict_flag=()
  [ -n "$d" ] && dict_flag=("-dict=$FUZZ/dict/$d.dict")
  log="$FUZZ/logs/$t.log"
  echo "==> $t: ${SECS}s (log $log, progress $work/fuzz-0.log)"
  # -jobs=1 -workers=1: one fuzzing process; libFuzzer writes its output to
  # fuzz-0.log in the working directory and copies it here when it ends.
  (cd "$work" && nice -n 19 "$bin" \
    -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=10 -max_len="$(max_len "$t")" \
    "${dict_flag[@]}" -artifact_prefix="$art/" -print_final_stats=1 \
    -jobs=1 -workers=1 ${FUZZ_EXTRA:-} "$FUZZ/corpus/$t") > "$log" 2>&1
  execs="$(grep -o 'stat::number_of_executed_units:[[:space:]]*[0-9]*' "$log" | tail -1 | awk '{print $2}')"
  eps="$(grep -o 'stat::average_exec_per_sec:[[:space:]]*[0-9]*' "$log" | tail -1 | awk '{print $2}')"
  last="$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)"
  cov="$(echo "$last" | grep -o 'cov: [0-9]*' | awk '{print $2}')"
  ft="$(echo "$last" | grep -o 'ft: [0-9]*' | awk '{print $2}')"
  corp="$(echo "$last" | grep -o 'corp: [0-9]*/[0-9a-zA-Z]*' | awk '{print $2}')"
  crashes="$(find "$art" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' \
    -o -name 'oom-*' -o -name 'leak-*' \) -newer "$stamp" | wc -l)"
  [ "$crashes" -gt 0 ] && FOUND=1
  row="$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$(date -u +%F)" "$t" "$SECS" \
    "${execs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$crashes")"
  echo "$row" >> "$SUMMARY"
  ROWS+=("$row")
  printf '    execs %s, %s exec/s, cov %s, ft %s, corpus %s, crashes %s\n' \
    "${execs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$crashes"
  if [ "$crashes" -gt 0 ]; then
    find "$art" -maxdepth 1 -type f -newer "$stamp" | sed 's/^/    found: /'
    grep -m1 -E "panicked at|ERROR: (libFuzzer|AddressSanitizer)" "$log" | sed 's/^/    /'
  fi
done

echo
printf '%-20s %10s %8s %7s %8s %12s %7s\n' target execs exec/s cov ft corpus crashes
for r in "${ROWS[@]}"; do
  IFS=$'\t' read -r _ t _ execs eps cov ft corp crashes <<< "$r"
  printf '%-20s %10s %8s %7s %8s %12s %7s\n' "$t" "$execs" "$eps" "$cov" "$ft" "$corp" "$crashes"
done
if [ "$FOUND" -ne 0 ]; then
  echo "fuzz: crashes found (see fuzz/artifacts/); minimise with:"
  echo "  cargo +nightly fuzz tmin -a TARGET fuzz/artifacts/TARGET/crash-..."
  exit 1
fi
echo "fuzz: no crashes"
