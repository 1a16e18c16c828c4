# shellcheck shell=bash disable=SC2034  # sourced: the variables are used by the scripts
# Shared by scripts/fuzz-smoke, scripts/fuzz-corpus and scripts/fuzz-seeds
# (sourced, working directory at the repository root).
#
# Where the inputs live:
#   fuzz/seeds/<target>/   committed: a few hundred small inputs, picked by
#                          scripts/fuzz-seeds for the coverage they give
#   $FUZZ_CORPUS/<target>/ the full corpus, never committed, outside the
#                          repository (default ../fuzz-corpus, beside the
#                          checkout like ../shared): scripts/fuzz-corpus
#                          rebuilds it from the seeds, ../shared/corpus and
#                          a fuzz run
# Regression inputs are named tests in tests/fuzz_regressions.rs and
# tests/hostile.rs, not corpus files.

# Every cargo-fuzz target (fuzz/Cargo.toml).
FUZZ_ALL=(dockerfile_parse compose_load lint_file deep_nesting compose_project)
FUZZ_CORPUS=${FUZZ_CORPUS:-../fuzz-corpus}
FUZZ_BIN=fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release
# libFuzzer's options for every run of a target (its time-out comes from
# fuzz_timeout).
FUZZ_OPTS=(-max_len=8192 -rss_limit_mb=2048)

# How many seconds one input of a target may take. deep_nesting builds up
# to 4 MB of text from a few bytes and renders it in every format, with
# the coverage instrumentation: its largest inputs take several seconds
# when nothing is wrong (the CLI lints the same text in a fraction of a
# second), so 10 s would report the machine's load, not dockward.
fuzz_timeout() {
  case $1 in
    deep_nesting) echo 30 ;;
    *) echo 10 ;;
  esac
}

# The dictionary of a target.
fuzz_dict() {
  case $1 in
    compose_load | compose_project) echo fuzz/dict/compose.dict ;;
    *) echo fuzz/dict/dockerfile.dict ;;
  esac
}

# Builds the targets: release with debug assertions (integer overflow in
# span arithmetic panics), no sanitizer (dockward has no unsafe code, and
# runs are 10-20x faster). libFuzzer needs nightly flags; the stable
# toolchain accepts them with RUSTC_BOOTSTRAP=1. Prints the build log only
# when it fails. FUZZ_BUILD=no uses the binaries already in $FUZZ_BIN (to
# pick seeds with an older build: the features only guide the choice).
fuzz_build() {
  local log
  if [ "${FUZZ_BUILD:-}" = no ]; then
    [ -x "$FUZZ_BIN/dockerfile_parse" ] || { echo "fuzz: FUZZ_BUILD=no but nothing is built in $FUZZ_BIN" >&2; return 1; }
    return 0
  fi
  log=$(mktemp)
  if ! RUSTC_BOOTSTRAP=1 cargo fuzz build -O -a -s none >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}
