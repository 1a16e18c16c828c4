#!/usr/bin/env bash
# The shell steps of the dockward GitHub Action (action.yml), one
# subcommand per step:
#
#   run.sh install   put dockward on PATH (for the next steps, via GITHUB_PATH)
#   run.sh check     lint; annotations, job summary, step outputs; never fails
#                    the step on findings (so the SARIF upload still runs)
#   run.sh finish    fail the job when `check` found problems at or above
#                    fail-on, or could not run
#
# Inputs come as INPUT_* environment variables (action.yml maps them).
# tests/action.rs runs these steps locally with a simulated GITHUB_* runner.
set -euo pipefail

die() {
  echo "::error title=dockward::$*"
  exit 2
}

output() {
  [ -n "${GITHUB_OUTPUT:-}" ] && printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  return 0
}

add_path() {
  if [ -n "${GITHUB_PATH:-}" ]; then
    printf '%s\n' "$1" >>"$GITHUB_PATH"
  fi
}

install() {
  local version="${INPUT_VERSION:-source}"
  local action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}"
  case "$version" in
    installed)
      command -v dockward >/dev/null || die "version: installed, but no dockward on PATH"
      ;;
    source | "")
      command -v cargo >/dev/null || die "building from source needs cargo (actions-rust-lang/setup-rust-toolchain, or the runner's rustup)"
      local target="${CARGO_TARGET_DIR:-$action_path/target}"
      echo "::group::build dockward from $action_path"
      cargo build --release --locked --bin dockward \
        --manifest-path "$action_path/Cargo.toml" --target-dir "$target"
      echo "::endgroup::"
      add_path "$target/release"
      export PATH="$target/release:$PATH"
      ;;
    *)
      [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+].*)?$ ]] ||
        die "version must be \`source\`, \`installed\` or a release such as 0.1.0, not \`$version\`"
      command -v cargo >/dev/null || die "installing a release needs cargo"
      local root="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/dockward/$version"
      if [ ! -x "$root/bin/dockward" ]; then
        echo "::group::cargo install dockward $version"
        cargo install dockward --version "=$version" --locked --root "$root"
        echo "::endgroup::"
      fi
      add_path "$root/bin"
      export PATH="$root/bin:$PATH"
      ;;
  esac
  dockward --version
}

# Words of a space- or newline-separated input, without glob expansion.
words() {
  local IFS=$' \t\n'
  set -f
  # shellcheck disable=SC2086
  printf '%s\n' $1
  set +f
}

check() {
  command -v dockward >/dev/null || die "dockward is not on PATH: run the install step first"
  local args=(check)
  local temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
  local human="$temp/dockward-report.txt"
  if [ "${INPUT_ANNOTATIONS:-true}" = "true" ]; then
    args+=(--format github)
  else
    # The github format also writes the summary and the step outputs.
    args+=(--format concise --output "github=/dev/null")
  fi
  args+=(--output "human=$human")
  [ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
  [ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
  local sarif="${INPUT_SARIF_FILE:-}"
  if [ "${INPUT_UPLOAD_SARIF:-false}" = "true" ] && [ -z "$sarif" ]; then
    sarif="dockward.sarif"
  fi
  local f
  while IFS= read -r f; do
    [ -n "$f" ] || continue
    case "$f" in
      *=*) ;;
      *) die "formats: expected FORMAT=FILE, got \`$f\`" ;;
    esac
    mkdir -p "$(dirname "${f#*=}")"
    args+=(--output "$f")
  done < <(words "${INPUT_FORMATS:-}")
  if [ -n "$sarif" ]; then
    mkdir -p "$(dirname "$sarif")"
    args+=(--output "sarif=$sarif")
  fi
  local paths=()
  while IFS= read -r f; do
    [ -n "$f" ] && paths+=("$f")
  done < <(words "${INPUT_PATHS:-.}")
  [ ${#paths[@]} -gt 0 ] || paths=(.)

  local summary="${GITHUB_STEP_SUMMARY:-}"
  [ "${INPUT_SUMMARY:-true}" = "true" ] || summary=""
  local code=0
  GITHUB_STEP_SUMMARY="$summary" dockward "${args[@]}" -- "${paths[@]}" || code=$?
  if [ -f "$human" ]; then
    echo "::group::dockward report"
    cat "$human"
    echo "::endgroup::"
  fi
  output exit-code "$code"
  if [ -n "$sarif" ] && [ -f "$sarif" ]; then
    output sarif-file "$sarif"
  else
    output sarif-file ""
  fi
  return 0
}

finish() {
  case "${DOCKWARD_EXIT_CODE:-}" in
    0) echo "dockward: no problems at or above the fail-on level" ;;
    1)
      echo "::error title=dockward::dockward found problems at or above the fail-on level (see the annotations and the job summary)"
      exit 1
      ;;
    *)
      echo "::error title=dockward::dockward could not run (exit code ${DOCKWARD_EXIT_CODE:-none}); see the log of the check step"
      exit 2
      ;;
  esac
}

case "${1:-}" in
  install) install ;;
  check) check ;;
  finish) finish ;;
  *)
    echo "usage: $0 install|check|finish" >&2
    exit 2
    ;;
esac
